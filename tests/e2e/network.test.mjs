// Chapter 4, the network lab (#/network): the challenge (publish the site from home, then move it
// to the rented server without stranding users) solved by mouse and by keyboard alone; a switch
// made too early; malformed addresses, names and ports answered with a message and nothing saved;
// a stale DNS answer seen in the phone's browser cache after a record change; the prediction;
// "address already in use"; and the lab on a touch phone.
//
// Every test runs with reduced motion, so the player starts paused and time only moves through
// +1 s (step-second) and the skip buttons (skip-1, skip-10: +1 and +10 simulated minutes).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { withPage, checkA11y } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import { distDir } from './support/site.mjs';
import {
  byTestId,
  openChapter,
  isPlaying,
  simSeconds,
  stepSeconds,
  savedProgress,
  tabTo,
  focusedMatches,
  settleFrames,
  tocSolvedStar,
} from './support/app.mjs';
import { sideScroll } from './support/placement.mjs';

const env = useSiteAndBrowser();

const CHALLENGE_ID = 'network/publish-then-move';
/** The home router's public address, the home server's private one, the rented server's. */
const HOME_PUBLIC = '198.51.100.7';
const HOME_PRIVATE = '192.168.0.10';
const RENTED = '203.0.113.10';

const PAUSED = (lang) => ({ locale: lang === 'ko' ? 'ko-KR' : 'en-US', reducedMotion: 'reduce' });

/** Strings of the lab the tests look for (from src/i18n/net.rs). */
const NET = {
  ko: {
    yes: '예',
    no: '아니요',
    partTooLarge: '4번째 숫자(300)가 255보다 커요.',
    notAPort: '포트는 1부터 65535까지의 정수예요.',
    inUse: '이미 쓰는 주소',
    private: '사설 주소',
    loopback: '루프백',
    documentation: '문서용',
    twoDoubleColons: '::는 한 번만 쓸 수 있어요.',
    notRoutable: '인터넷은 사설 주소로 가는 패킷을 나르지 않아요',
    nameServers: '네임 서버(루트, com, example.com)',
    browserCache: '브라우저 캐시',
    moved: '옛 주소로 갈 수 있어요',
  },
  en: {
    yes: 'yes',
    no: 'no',
    partTooLarge: 'Number 4 (300) is above 255.',
    notAPort: 'A port is a whole number from 1 to 65535.',
    inUse: 'Address already in use',
    private: 'Private',
    loopback: 'Loopback',
    documentation: 'Documentation',
    twoDoubleColons: ':: may appear only once',
    notRoutable: 'the internet does not carry private addresses',
    nameServers: 'the name servers (root, com, example.com)',
    browserCache: "the browser's cache",
    moved: 'users may be sent to the old address',
  },
};

/** The prediction in the prose the site serves. */
const prediction = (lang) =>
  JSON.parse(readFileSync(path.join(distDir, 'content', `network.${lang}.json`), 'utf8')).predict;

const textOf = async (page, id) => ((await byTestId(page, id).textContent()) ?? '').trim();

/** Wait (briefly) until `[data-testid=id]`'s text satisfies `test` (a RegExp or a string it includes). */
async function waitForText(page, id, want, timeout = 5_000) {
  const [source, flags, plain] = want instanceof RegExp ? [want.source, want.flags, null] : [null, null, want];
  await page
    .waitForFunction(
      ([i, s, f, p]) => {
        const text = document.querySelector(`[data-testid="${i}"]`)?.textContent ?? '';
        return p !== null ? text.includes(p) : new RegExp(s, f).test(text);
      },
      [id, source, flags, plain],
      { timeout },
    )
    .catch(() => {});
  const text = await textOf(page, id);
  if (want instanceof RegExp) assert.match(text, want, `[data-testid=${id}]`);
  else assert.ok(text.includes(want), `[data-testid=${id}] ${JSON.stringify(text)} lacks ${JSON.stringify(want)}`);
  return text;
}

/** The A record line the zone shows. */
const recordLine = (address, ttl) => `example.com. ${ttl} IN A ${address}`;

/** Simulated seconds of a clock ("59:03" or "1:02:05") as the move advice writes it. */
function clockSeconds(text) {
  const m = text.match(/(\d+(?::\d\d){1,2})/);
  assert.ok(m, `no clock in ${JSON.stringify(text)}`);
  return m[1].split(':').reduce((s, part) => s * 60 + Number(part), 0);
}

/** The simulated time from which the move advice says a switch is safe, or null if none yet. */
async function safeFrom(page) {
  const advice = await textOf(page, 'move-advice');
  return /\d:\d\d/.test(advice) ? clockSeconds(advice) : null;
}

/** Replace a text field's content with the mouse and the keyboard's typing (fill). */
async function setField(page, id, value) {
  const field = byTestId(page, id);
  await field.click();
  await field.fill(String(value));
}

/** Save the record by mouse, and wait for the zone to show it. */
async function saveRecordByMouse(page, address, ttl) {
  await setField(page, 'record-address', address);
  await setField(page, 'record-ttl', ttl);
  await byTestId(page, 'record-save').click();
  await waitForText(page, 'zone-records', recordLine(address, ttl));
  assert.equal(await textOf(page, 'record-message'), '', 'no message for a good record');
}

/** Click a skip button once and wait for the clock to move by its minutes. */
async function skip(page, minutes, { key = false } = {}) {
  const before = await simSeconds(page);
  if (key) await page.keyboard.press('Enter');
  else await byTestId(page, `skip-${minutes}`).click();
  await page.waitForFunction(
    (want) => Number.parseFloat(document.querySelector('[data-testid="sim-time"]').textContent) >= want - 1e-6,
    before + minutes * 60,
  );
}

/** Click +1 s until the challenge reports solved (at most `max` times); returns the clicks. */
async function stepUntilSolved(page, max) {
  const status = byTestId(page, 'challenge-status');
  for (let i = 0; i <= max; i++) {
    if ((await status.getAttribute('data-state')) === 'solved') return i;
    await stepSeconds(page, 1);
  }
  assert.equal(await status.getAttribute('data-state'), 'solved', `not solved after ${max} more seconds`);
}

/** The old-window figure in seconds ("3,540 s" -> 3540), or null while not measured. */
async function oldWindowSeconds(page) {
  const text = await textOf(page, 'old-window');
  const m = text.match(/^([\d,]+) s$/);
  return m ? Number(m[1].replace(/,/g, '')) : null;
}

/** Publish by mouse: record to the public address, web on 80, firewall 80 open, forward 80 → 80. */
async function publishByMouse(page) {
  await saveRecordByMouse(page, HOME_PUBLIC, 3600);
  await setField(page, 'home-web-port', 80);
  await byTestId(page, 'home-web-start').click();
  await waitForText(page, 'home-web-state', ':80');
  await byTestId(page, 'home-firewall-80').check();
  assert.equal(await byTestId(page, 'home-firewall-80').isChecked(), true);
  assert.equal(await byTestId(page, 'forward-public').inputValue(), '80', 'public port 80 by default');
  assert.equal(await byTestId(page, 'forward-inside').inputValue(), '80', 'inside port 80 by default');
  await byTestId(page, 'forward-add').click();
  await waitForText(page, 'forwards', `${HOME_PUBLIC}:80 → ${HOME_PRIVATE}:80`);
}

/** Open chapter 4 paused, with nothing sent, moved or measured yet. */
async function openNetwork(page) {
  await openChapter(page, env.srv, 'network');
  assert.equal(await isPlaying(page), false, 'the player starts paused (reduced motion)');
  assert.equal(await textOf(page, 'zone-records'), `${recordLine(HOME_PRIVATE, 3600)}\nwww.example.com. 3600 IN CNAME example.com.`);
  assert.equal(await byTestId(page, 'challenge-status').getAttribute('data-state'), 'working');
}

describe('network lab: the challenge', () => {
  test('ko: published and moved by mouse, the move waited out, solved and saved', async () => {
    const t = NET.ko;
    await withPage(env.browser, PAUSED('ko'), async (page) => {
      await openNetwork(page);
      await stepSeconds(page, 2);
      assert.equal(await textOf(page, 'site-reachable'), t.no, 'broken on purpose at the start');

      await publishByMouse(page);
      await stepSeconds(page, 3);
      await waitForText(page, 'site-reachable', t.yes);
      assert.equal(await textOf(page, 'site-reachable'), t.yes);
      // With a TTL of an hour no moment is safe for a move.
      assert.equal(await safeFrom(page), null, await textOf(page, 'move-advice'));

      // Lower the TTL (same address): the advice now names a moment, an hour minus a minute on.
      const lowered = await simSeconds(page);
      await saveRecordByMouse(page, HOME_PUBLIC, 60);
      const safe = await safeFrom(page);
      assert.ok(safe !== null, await textOf(page, 'move-advice'));
      assert.ok(Math.abs(safe - (lowered + 3600 - 60)) <= 1, `safe from ${safe} s, TTL lowered at ${lowered} s`);

      for (let i = 0; i < 5; i++) await skip(page, 10);
      let ones = 0;
      while ((await simSeconds(page)) < safe) {
        assert.ok(++ones <= 15, 'at most 15 one-minute skips after 50 minutes');
        await skip(page, 1);
      }
      assert.ok((await simSeconds(page)) >= 59 * 60, 'close to an hour skipped');
      assert.equal(await textOf(page, 'site-reachable'), t.yes, 'still published after the skip');
      assert.equal(await oldWindowSeconds(page), null, 'nothing moved yet');

      await saveRecordByMouse(page, RENTED, 60);
      await stepSeconds(page, 10);
      await stepUntilSolved(page, 5);
      const window = await oldWindowSeconds(page);
      assert.ok(window !== null && window <= 60, `old window ${await textOf(page, 'old-window')}`);
      assert.equal(await textOf(page, 'site-reachable'), t.yes, 'reachable at the new address');
      assert.ok((await byTestId(page, 'challenge-status').locator('p.solved').isVisible()), 'the solved note shows');
      const saved = await savedProgress(page);
      assert.ok(saved?.solved?.includes(CHALLENGE_ID), JSON.stringify(saved));
      await tocSolvedStar(page, 'network').waitFor();
    });
  });

  test('en: switching before the safe moment strands users for about an hour, and is not solved', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openNetwork(page);
      await publishByMouse(page);
      await stepSeconds(page, 3);
      await waitForText(page, 'site-reachable', NET.en.yes);
      await saveRecordByMouse(page, HOME_PUBLIC, 60);
      // Ten minutes is far from the hour the old TTL may keep 198.51.100.7 in caches.
      await skip(page, 10);
      const safe = await safeFrom(page);
      assert.ok(safe > (await simSeconds(page)), `the safe moment ${safe} s is still ahead`);
      await saveRecordByMouse(page, RENTED, 60);
      await waitForText(page, 'move-advice', NET.en.moved);
      await stepSeconds(page, 12);
      const window = await oldWindowSeconds(page);
      assert.ok(window > 60, `old window ${window} s should be above 60`);
      // The hour of TTL 3600 from when it was lowered, less the ten minutes and few seconds since.
      assert.ok(window > 2900 && window <= 3600, `old window ${window} s`);
      assert.equal(await textOf(page, 'site-reachable'), NET.en.yes, 'the new address works');
      assert.equal(await byTestId(page, 'challenge-status').getAttribute('data-state'), 'working');
      assert.ok(!((await savedProgress(page))?.solved ?? []).includes(CHALLENGE_ID));
    });
  });

  test('en: the same by keyboard alone (Tab, typing, Space and Enter)', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      const kb = page.keyboard;
      await openNetwork(page);
      const replaceTyped = async (value) => {
        await kb.press('ControlOrMeta+a');
        await kb.type(String(value));
      };

      // The record form submits with Enter from its address box.
      await tabTo(page, '[data-testid="record-address"]');
      await replaceTyped(HOME_PUBLIC);
      await kb.press('Enter');
      await waitForText(page, 'zone-records', recordLine(HOME_PUBLIC, 3600));
      assert.ok(await focusedMatches(page, '[data-testid="record-address"]'), 'focus stays in the form');

      await tabTo(page, '[data-testid="home-web-port"]');
      await replaceTyped(80);
      await tabTo(page, '[data-testid="home-web-start"]');
      await kb.press('Space');
      await waitForText(page, 'home-web-state', ':80');

      await tabTo(page, '[data-testid="home-firewall-80"]');
      await kb.press('Space');
      await page.waitForFunction(() => document.querySelector('[data-testid="home-firewall-80"]').checked);

      // The forward form submits with Enter, with its defaults (80 → 80).
      await tabTo(page, '[data-testid="forward-public"]');
      await kb.press('Enter');
      await waitForText(page, 'forwards', `${HOME_PUBLIC}:80 → ${HOME_PRIVATE}:80`);

      await tabTo(page, '[data-testid="step-second"]', { backwards: true });
      for (let i = 0; i < 3; i++) await kb.press('Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid="sim-time"]').textContent.startsWith('3.00'));
      await waitForText(page, 'site-reachable', NET.en.yes);
      assert.equal(await textOf(page, 'site-reachable'), NET.en.yes);

      // Lower the TTL: the record form submits with Enter from the TTL box too.
      await tabTo(page, '[data-testid="record-ttl"]');
      await replaceTyped(60);
      await kb.press('Enter');
      await waitForText(page, 'zone-records', recordLine(HOME_PUBLIC, 60));
      const safe = await safeFrom(page);
      assert.ok(safe !== null, await textOf(page, 'move-advice'));

      await tabTo(page, '[data-testid="skip-10"]', { backwards: true });
      for (let i = 0; i < 5; i++) await skip(page, 10, { key: true });
      await tabTo(page, '[data-testid="skip-1"]', { backwards: true });
      for (let i = 0; (await simSeconds(page)) < safe; i++) {
        assert.ok(i < 15, 'at most 15 one-minute skips after 50 minutes');
        await skip(page, 1, { key: true });
      }

      await tabTo(page, '[data-testid="record-address"]');
      await replaceTyped(RENTED);
      await kb.press('Enter');
      await waitForText(page, 'zone-records', recordLine(RENTED, 60));

      await tabTo(page, '[data-testid="step-second"]', { backwards: true });
      const start = await simSeconds(page);
      const status = byTestId(page, 'challenge-status');
      for (let i = 0; i < 16 && (await status.getAttribute('data-state')) !== 'solved'; i++) {
        const want = start + i + 1;
        await kb.press('Enter');
        await page.waitForFunction(
          (w) => Number.parseFloat(document.querySelector('[data-testid="sim-time"]').textContent) >= w - 1e-6,
          want,
        );
      }
      assert.equal(await status.getAttribute('data-state'), 'solved');
      assert.ok((await simSeconds(page)) - start >= 10, 'held for at least 10 simulated seconds');
      const window = await oldWindowSeconds(page);
      assert.ok(window !== null && window <= 60, `old window ${window}`);
      assert.ok((await savedProgress(page))?.solved?.includes(CHALLENGE_ID));
    });
  });
});

describe('network lab: what is typed', () => {
  for (const lang of ['ko', 'en']) {
    test(`${lang}: a malformed record address shows its message and saves nothing`, async () => {
      const t = NET[lang];
      await withPage(env.browser, PAUSED(lang), async (page) => {
        await openNetwork(page);
        const zone = await textOf(page, 'zone-records');
        await setField(page, 'record-address', '192.168.0.300');
        await byTestId(page, 'record-save').click();
        await waitForText(page, 'record-message', t.partTooLarge);
        await settleFrames(page);
        assert.equal(await textOf(page, 'zone-records'), zone, 'the zone is unchanged');
        // The message is reworded when the learner switches language, and back.
        const other = lang === 'ko' ? 'en' : 'ko';
        await byTestId(page, 'lang-toggle').click();
        await waitForText(page, 'record-message', NET[other].partTooLarge);
        await byTestId(page, 'lang-toggle').click();
        await waitForText(page, 'record-message', t.partTooLarge);
        assert.equal(await byTestId(page, 'record-address').inputValue(), '192.168.0.300', 'what was typed stays to fix');
        // A bad TTL is refused the same way.
        await setField(page, 'record-address', HOME_PUBLIC);
        await setField(page, 'record-ttl', '-5');
        await byTestId(page, 'record-save').click();
        await waitForText(page, 'record-message', lang === 'ko' ? 'TTL은 0부터 604,800까지' : 'from 0 to 604,800');
        assert.equal(await textOf(page, 'zone-records'), zone, 'the zone is unchanged');
        // Then a good one clears the message.
        await saveRecordByMouse(page, HOME_PUBLIC, 3600);
        // Nothing was moved by the refused tries.
        await stepSeconds(page, 1);
        assert.equal(await oldWindowSeconds(page), null);
      });
    });
  }

  test('en: the address box classifies addresses and networks, and explains malformed ones', async () => {
    const t = NET.en;
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openNetwork(page);
      const cases = [
        ['10.0.0.0/8', /^10\.0\.0\.0\/8 · IPv4 · Private/],
        ['::1', /^::1 · IPv6 · Loopback/],
        ['2001:db8::1', /^2001:db8::1 · IPv6 · Documentation/],
        ['198.51.100.7', /IPv4 · Documentation/],
        ['1::2::3', new RegExp(t.twoDoubleColons.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
        // 10 KB pasted: the box keeps its first 300 characters, and says that is far too long.
        ['x'.repeat(10_240), /^300 characters is far too long for an address \(IPv6 needs at most 39\)\.$/],
        ['😀', /Character 1 \(😀\) has no place in an address\./],
        // An invisible character is named by its code point.
        ['1.2.3.\u0007', /Character 7 \(U\+0007\) has no place in an address\./],
        ['1.2.3.\u00a04', /Character 7 \(U\+00A0\) has no place in an address\./],
        ['1.2.3', /this has 3\./],
      ];
      const box = byTestId(page, 'address-box');
      for (const [typed, want] of cases) {
        await box.fill(typed);
        const text = await waitForText(page, 'address-verdict', want);
        assert.ok(text.length < 300, `a short message for ${typed.slice(0, 20)}: ${text.length} characters`);
      }
      // A garbage mix, as if pasted: some message, never an error in the console (the guards).
      await box.fill(`${'\u0000\u202e<script>'.repeat(200)}👍🏽`);
      assert.ok((await textOf(page, 'address-verdict')).length > 0);
      await box.fill('');
      await page.waitForFunction(() => document.querySelector('[data-testid="address-verdict"]').textContent === '');
    });
  });

  test('ko: the address box in Korean', async () => {
    const t = NET.ko;
    await withPage(env.browser, PAUSED('ko'), async (page) => {
      await openNetwork(page);
      const box = byTestId(page, 'address-box');
      for (const [typed, want] of [
        ['10.0.0.0/8', t.private],
        ['::1', t.loopback],
        ['2001:db8::1', t.documentation],
        ['1::2::3', t.twoDoubleColons],
        ['192.168.0.300', '4번째 숫자(300)가 255보다 커요.'],
      ]) {
        await box.fill(typed);
        await waitForText(page, 'address-verdict', want);
      }
    });
  });

  for (const lang of ['ko', 'en']) {
    test(`${lang}: bad ports are refused with a message; a port in use says "address already in use"`, async () => {
      const t = NET[lang];
      await withPage(env.browser, PAUSED(lang), async (page) => {
        await openNetwork(page);
        for (const port of ['abc', '70000', '0', '', '8o']) {
          await setField(page, 'home-web-port', port);
          await byTestId(page, 'home-web-start').click();
          await waitForText(page, 'home-message', t.notAPort);
          assert.equal(await textOf(page, 'home-web-state'), ':8080', `web still on 8080 after ${JSON.stringify(port)}`);
        }
        // A good port clears the message.
        await setField(page, 'home-web-port', 8081);
        await byTestId(page, 'home-web-start').click();
        await waitForText(page, 'home-web-state', ':8081');
        assert.equal(await textOf(page, 'home-message'), '');

        // postgres onto sshd's port 22.
        await setField(page, 'home-database-port', 22);
        await byTestId(page, 'home-database-start').click();
        const message = await waitForText(page, 'home-message', t.inUse);
        assert.ok(message.includes('22') && message.includes('sshd'), message);
        assert.equal(await textOf(page, 'home-database-state'), ':5432', 'the database stays where it was');
        assert.equal(await textOf(page, 'home-ssh-state'), ':22');

        // A bad forwarding port, and the same public port twice.
        await setField(page, 'forward-public', '65536');
        await byTestId(page, 'forward-add').click();
        await waitForText(page, 'router-message', t.notAPort);
        assert.equal(await byTestId(page, 'forwards').locator('li').count(), 0);
      });
    });
  }
});

describe('network lab: DNS caches and requests', () => {
  test('en: after a record change the phone keeps the stale answer until its TTL runs out', async () => {
    const t = NET.en;
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openNetwork(page);
      assert.equal(await byTestId(page, 'request-to').inputValue(), 'example.com');
      assert.equal(await byTestId(page, 'request-port').inputValue(), '80');
      assert.equal(await textOf(page, 'cache-phone-browser'), 'empty');

      await byTestId(page, 'request-send').click();
      await waitForText(page, 'trace-outcome', `Timed out after 10 s: ${t.notRoutable}`);
      const first = await textOf(page, 'trace');
      assert.ok(first.includes('ns.example.com'), 'the first lookup walks to the name servers');
      assert.ok(first.includes(`→ ${HOME_PRIVATE}:80`), first);
      await waitForText(page, 'cache-phone-browser', /example\.com → A 192\.168\.0\.10 \(3,600 s left\)/);

      await stepSeconds(page, 5);
      await saveRecordByMouse(page, HOME_PUBLIC, 3600);
      await byTestId(page, 'request-send').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="trace"]').textContent.includes('Browser cache'));
      const second = await textOf(page, 'trace');
      assert.ok(second.includes('From its cache, 3,595 s left'), second);
      assert.ok(!second.includes('ns.example.com'), 'nobody else was asked');
      assert.ok(second.includes(`→ ${HOME_PRIVATE}:80`), `still sent to the old address: ${second}`);
      assert.ok(!second.includes(HOME_PUBLIC), second);
      assert.match(await textOf(page, 'trace-outcome'), new RegExp(t.notRoutable));
      const cache = await textOf(page, 'cache-phone-browser');
      assert.match(cache, /^example\.com → A 192\.168\.0\.10 \(3,595 s left\)$/, cache);

      // Past the TTL (an hour and a minute on), the next request asks again and gets the new answer.
      for (let i = 0; i < 6; i++) await skip(page, 10);
      await skip(page, 1);
      await waitForText(page, 'cache-phone-browser', 'empty');
      await byTestId(page, 'request-send').click();
      await waitForText(page, 'trace', `→ ${HOME_PUBLIC}:80`);
      const third = await textOf(page, 'trace');
      assert.ok(third.includes('ns.example.com'), third);
      assert.ok(!third.includes(`→ ${HOME_PRIVATE}:80`), third);
      // Not published yet: the router has no forwarding rule for 80.
      await waitForText(page, 'trace-outcome', 'the router has no forwarding rule for port 80');
      await waitForText(page, 'cache-phone-browser', /A 198\.51\.100\.7 \(3,600 s left\)/);
    });
  });

  test('ko: the prediction, answered by mouse, is settled by two requests from the phone', async () => {
    const t = NET.ko;
    const p = prediction('ko');
    await withPage(env.browser, PAUSED('ko'), async (page) => {
      await openNetwork(page);
      const card = byTestId(page, 'predict');
      assert.equal((await card.locator('legend').textContent()).trim(), p.prompt);
      assert.ok(p.choices[p.correct].includes('브라우저'), 'the right answer is the browser cache');
      await card.locator('.choice label').nth(p.correct).click();
      await byTestId(page, 'lock-prediction').click();
      await byTestId(page, 'prediction').waitFor();
      assert.equal(await byTestId(page, 'prediction-verdict').isVisible(), false, 'no verdict before trying');

      await byTestId(page, 'request-send').click();
      await byTestId(page, 'trace-outcome').waitFor();
      await stepSeconds(page, 2);
      await byTestId(page, 'request-send').click();
      await stepSeconds(page, 1);
      const verdict = byTestId(page, 'prediction-verdict');
      await verdict.waitFor();
      assert.equal(await verdict.getAttribute('data-correct'), 'true');
      assert.ok((await verdict.textContent()).includes(p.explanation));
      const figures = await card.locator('[data-testid="prediction-figure"]').allTextContents();
      assert.deepEqual(figures.map((f) => f.trim()), [t.nameServers, t.browserCache]);
      assert.deepEqual((await savedProgress(page)).predictions, { [p.id]: { choice: p.correct, tried: true } });
      await checkA11y(page, 'network ko: the prediction verdict');
    });
  });

  test('en: each request tells how it ended (connected, refused, firewall, no such name), bad targets send nothing', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openNetwork(page);
      // The laptop inside, straight to the home server: its firewall drops 8080 (no answer, a
      // timeout) until 8080 is let in; port 80, let in, has nobody listening (refused at once).
      await byTestId(page, 'request-from').selectOption('laptop');
      await setField(page, 'request-to', HOME_PRIVATE);
      await setField(page, 'request-port', '8080');
      await byTestId(page, 'request-send').click();
      await waitForText(page, 'trace-outcome', 'Timed out after 10 s: the firewall drops port 8080');
      await byTestId(page, 'home-firewall-8080').check();
      await byTestId(page, 'request-send').click();
      await waitForText(page, 'trace-outcome', 'Connected to web (site)');
      await byTestId(page, 'home-firewall-80').check();
      await setField(page, 'request-port', '80');
      await byTestId(page, 'request-send').click();
      await waitForText(page, 'trace-outcome', 'Connection refused: nothing listens on port 80');
      // The kind select sets the port: the SSH client goes to 22, where sshd answers.
      await byTestId(page, 'request-kind').selectOption({ index: 2 });
      assert.equal(await byTestId(page, 'request-port').inputValue(), '22');
      await byTestId(page, 'request-send').click();
      await waitForText(page, 'trace-outcome', 'Connected to sshd (SSH)');
      // The phone to a name that does not exist.
      await byTestId(page, 'request-from').selectOption('phone');
      await setField(page, 'request-to', 'shop.example.com');
      await byTestId(page, 'request-send').click();
      await waitForText(page, 'trace-outcome', 'The name did not resolve to an address');
      await waitForText(page, 'trace', 'NXDOMAIN');
      // Typed nonsense: a message, no request.
      const before = await textOf(page, 'trace');
      for (const [to, want] of [
        ['10.0.0.999', 'Number 4 (999) is above 255.'],
        ['::1', 'IPv4 only'],
        ['nope.test', 'only example.com'],
        ['bad name!', 'cannot be in a host name'],
      ]) {
        await setField(page, 'request-to', to);
        await byTestId(page, 'request-send').click();
        await waitForText(page, 'request-message', want);
      }
      assert.equal(await textOf(page, 'trace'), before, 'no request was sent');
    });
  });
});

// ---- A touch phone ---------------------------------------------------------------------------

const WIDTH = 390;
const PHONE = (locale) => ({
  locale,
  viewport: { width: WIDTH, height: 844 },
  hasTouch: true,
  isMobile: true,
  reducedMotion: 'reduce',
});

/** No element makes the page wider than the phone (as touch.test.mjs checks). */
async function assertNoSideScroll(page, where) {
  const { scrollWidth, widest } = await sideScroll(page);
  assert.ok(scrollWidth <= WIDTH, `${where}: scrollWidth ${scrollWidth} > ${WIDTH}; widest: ${JSON.stringify(widest)}`);
}

describe('network lab on a 390x844 touch phone', () => {
  for (const lang of ['ko', 'en']) {
    test(`${lang}: taps send requests, save the record and start services; nothing scrolls sideways`, async () => {
      await withPage(env.browser, PHONE(lang === 'ko' ? 'ko-KR' : 'en-US'), async (page) => {
        await openNetwork(page);
        await page.evaluate(() => {
          window.__e2ePointers = [];
          document.addEventListener('pointerdown', (e) => window.__e2ePointers.push(e.pointerType), true);
        });
        await assertNoSideScroll(page, 'network, at the start');

        // The request form by tap: to www.example.com (a CNAME), then send.
        await byTestId(page, 'request-to').tap();
        await byTestId(page, 'request-to').fill('www.example.com');
        await byTestId(page, 'request-send').tap();
        await byTestId(page, 'trace-outcome').waitFor();
        await waitForText(page, 'trace', 'CNAME example.com');
        await waitForText(page, 'trace-outcome', NET[lang].notRoutable);
        await assertNoSideScroll(page, 'network, with a trace');

        // The record by tap: a bad address first (a long message), then the right one.
        await byTestId(page, 'record-address').tap();
        await byTestId(page, 'record-address').fill('192.168.0.300');
        await byTestId(page, 'record-save').tap();
        await waitForText(page, 'record-message', NET[lang].partTooLarge);
        await byTestId(page, 'record-address').fill(HOME_PUBLIC);
        await byTestId(page, 'record-save').tap();
        await waitForText(page, 'zone-records', recordLine(HOME_PUBLIC, 3600));

        await byTestId(page, 'home-web-port').tap();
        await byTestId(page, 'home-web-port').fill('80');
        await byTestId(page, 'home-web-start').tap();
        await waitForText(page, 'home-web-state', ':80');
        await byTestId(page, 'home-firewall-80').tap();
        await page.waitForFunction(() => document.querySelector('[data-testid="home-firewall-80"]').checked);
        await byTestId(page, 'forward-add').tap();
        await waitForText(page, 'forwards', `${HOME_PUBLIC}:80 → ${HOME_PRIVATE}:80`);
        await byTestId(page, 'step-second').tap();
        await waitForText(page, 'site-reachable', NET[lang].yes);

        // From the phone to the published site by its address (the phone's cache still holds
        // the private one for the name): the trace is long.
        await byTestId(page, 'request-to').fill(HOME_PUBLIC);
        await byTestId(page, 'request-send').tap();
        await waitForText(page, 'trace-outcome', lang === 'ko' ? '연결됐어요' : 'Connected to web');
        await byTestId(page, 'address-box').tap();
        await byTestId(page, 'address-box').fill('x'.repeat(10_240));
        await waitForText(page, 'address-verdict', lang === 'ko' ? '300자는' : '300 characters');
        await assertNoSideScroll(page, 'network, busy');

        const types = await page.evaluate(() => window.__e2ePointers);
        assert.ok(types.length >= 10, JSON.stringify(types));
        assert.ok(types.every((t) => t === 'touch'), JSON.stringify(types));
      });
    });
  }
});
