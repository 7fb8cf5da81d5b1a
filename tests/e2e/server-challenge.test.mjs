// Chapter 1's challenge ("fast enough, as cheaply as possible"), solved with the mouse and with
// the keyboard alone; the users box refusing bad values; progress kept after solving.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { withPage } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import {
  SERVERS_CHALLENGE,
  byTestId,
  openChapter,
  waitForApp,
  waitForProse,
  numberIn,
  serverCount,
  usersValue,
  setUsersByMouse,
  solveServersByMouse,
  solveServersByKeyboard,
  solveServersByStepping,
  savedProgress,
  tocSolvedStar,
  dragUsersSlider,
  expectPlaying,
  tabTo,
  speedLabel,
} from './support/app.mjs';

const env = useSiteAndBrowser();

/** What a solved chapter 1 must show: the right farm, the cheapest cost, solved state. */
async function assertSolvedFarm(page) {
  const status = byTestId(page, 'challenge-status');
  assert.equal(await status.getAttribute('data-state'), 'solved');
  assert.match(await status.innerText(), /★/);
  assert.equal(await serverCount(page), SERVERS_CHALLENGE.servers);
  assert.equal(await numberIn(byTestId(page, 'cost')), SERVERS_CHALLENGE.cost);
  assert.ok((await numberIn(byTestId(page, 'p95'))) < 150, 'p95 under the 150 ms target');
  // Every condition in the card is ticked.
  const conditions = page.locator('[data-testid="challenge"] ul.conditions li');
  assert.equal(await conditions.count(), 3);
  assert.equal(await page.locator('[data-testid="challenge"] ul.conditions li.holds').count(), 3);
  const saved = await savedProgress(page);
  assert.ok(saved.solved.includes(SERVERS_CHALLENGE.id), JSON.stringify(saved));
}

/** The model's users rate as shown in the diagram ("사용자 100/s" -> 100). */
const shownUsers = (page) => numberIn(page.locator('.deploy-strip .users'));

describe('chapter 1 challenge', () => {
  test('solved with the mouse: users box + Apply, add servers, play at 4x', async () => {
    await withPage(env.browser, { locale: 'ko-KR' }, async (page) => {
      await openChapter(page, env.srv, 'servers');
      assert.equal(await byTestId(page, 'challenge-status').getAttribute('data-state'), 'working');
      await solveServersByMouse(page);
      await assertSolvedFarm(page);
      assert.equal(await speedLabel(page), '4×');
    });
  });

  test('solved with the keyboard only (no mouse at all)', async () => {
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await openChapter(page, env.srv, 'servers');
      // Hide the mouse: any accidental mouse use in the helper would be a test bug.
      const clicks = [];
      await page.exposeFunction('__e2eMouseSeen', (t) => clicks.push(t));
      await page.evaluate(() => {
        for (const t of ['mousedown', 'click'])
          document.addEventListener(t, (e) => e.detail > 0 && window.__e2eMouseSeen(t), true);
      });
      await solveServersByKeyboard(page);
      await assertSolvedFarm(page);
      assert.deepEqual(clicks, [], 'no mouse event reached the page');
    });
  });

  test('dragging the users slider sets the rate (paused)', async () => {
    await withPage(env.browser, { locale: 'ko-KR', reducedMotion: 'reduce' }, async (page) => {
      await openChapter(page, env.srv, 'servers');
      const midDrag = await dragUsersSlider(page, 0.3, 0.5);
      assert.ok(midDrag > 1000, `the thumb follows the pointer (value ${midDrag})`);
      await page.waitForFunction((v) => document.querySelector('.deploy-strip .users').textContent.replace(/,/g, '').includes(`${v}/s`), midDrag);
      assert.equal(await byTestId(page, 'users-slider').inputValue(), String(midDrag));
      assert.equal(await usersValue(page), String(midDrag), 'the text box follows the slider');
      assert.equal((await byTestId(page, 'input-error').textContent()).trim(), '');
    });
  });

  // Regression: the slider is only rewritten when the rate changes, not on every step.
  test(
    'dragging the users slider while the simulation plays sets the rate',
    async () => {
      await withPage(env.browser, { locale: 'ko-KR' }, async (page) => {
        await openChapter(page, env.srv, 'servers');
        await expectPlaying(page, true);
        const midDrag = await dragUsersSlider(page, 0.3, 0.5);
        assert.ok(midDrag > 1000, `the thumb follows the pointer mid-drag (value ${midDrag})`);
        await page.waitForTimeout(300);
        assert.ok((await shownUsers(page)) > 1000, 'the model took the dragged rate');
      });
    },
  );

  // Regression: what the learner types is not overwritten while the simulation plays.
  test(
    'typing in the users box while the simulation plays keeps what was typed',
    async () => {
      await withPage(env.browser, { locale: 'en-US' }, async (page) => {
        await openChapter(page, env.srv, 'servers');
        await expectPlaying(page, true);
        await tabTo(page, '[data-testid="users-input"]');
        await page.keyboard.press('ControlOrMeta+a');
        await page.keyboard.type('1000', { delay: 120 });
        await page.waitForTimeout(200);
        assert.equal(await usersValue(page), '1000', 'the box shows what was typed');
      });
    },
  );

  for (const [typed, why, inEnglish] of [
    ['abc', /0 이상의 정수를 입력해 주세요/, /whole number, 0 or more/],
    ['-5', /0 이상의 정수를 입력해 주세요/, /whole number, 0 or more/],
    ['0', /1에서 5,000 사이여야 해요/, /between 1 and 5,000/],
    ['99999', /1에서 5,000 사이여야 해요/, /between 1 and 5,000/],
  ]) {
    test(`typing "${typed}" shows an error and leaves the rate unchanged`, async () => {
      await withPage(env.browser, { locale: 'ko-KR', reducedMotion: 'reduce' }, async (page) => {
        await openChapter(page, env.srv, 'servers');
        const error = byTestId(page, 'input-error');
        assert.equal((await error.textContent()).trim(), '');
        assert.equal(await shownUsers(page), 100);

        await setUsersByMouse(page, typed);
        await page.waitForFunction(() => document.querySelector('[data-testid="input-error"]').textContent.trim() !== '');
        assert.match(await error.textContent(), why);
        assert.equal(await error.getAttribute('aria-live'), 'polite');
        assert.equal(await shownUsers(page), 100, 'the model rate is unchanged');
        assert.equal(await byTestId(page, 'users-slider').inputValue(), '100', 'the slider is unchanged');
        assert.equal(await page.locator('[data-testid="events"] li:not(.empty)').count(), 0, 'no rate-change event');
        // Switching language rewords the message, and back.
        await byTestId(page, 'lang-toggle').click();
        await page.waitForFunction(() => document.documentElement.lang === 'en');
        assert.match(await error.textContent(), inEnglish);
        await byTestId(page, 'lang-toggle').click();
        await page.waitForFunction(() => document.documentElement.lang === 'ko');
        assert.match(await error.textContent(), why);

        // A good value afterwards is taken and clears the message.
        await setUsersByMouse(page, 250);
        await page.waitForFunction(() => document.querySelector('[data-testid="input-error"]').textContent.trim() === '');
        assert.equal(await shownUsers(page), 250);
      });
    });
  }

  test('after solving, a reload keeps the chapter visited and the challenge solved', async () => {
    await withPage(env.browser, { locale: 'ko-KR', reducedMotion: 'reduce' }, async (page) => {
      await openChapter(page, env.srv, 'servers');
      assert.equal(await tocSolvedStar(page, 'servers').count(), 0, 'no star before solving');
      await solveServersByStepping(page);
      await tocSolvedStar(page, 'servers').waitFor();

      await page.reload();
      await waitForApp(page);
      await waitForProse(page);
      const star = tocSolvedStar(page, 'servers');
      await star.waitFor();
      assert.match(await star.textContent(), /★\s*도전 완료/);
      assert.equal(await tocSolvedStar(page, 'why').count(), 0, 'only the solved chapter has a star');
      // The chapter remembers, though the run itself starts afresh.
      await page.locator('[data-testid="challenge"] .solved-before').waitFor();
      assert.equal(await byTestId(page, 'challenge-status').getAttribute('data-state'), 'working');

      const saved = await savedProgress(page);
      assert.equal(saved.version, 1);
      assert.ok(saved.visited.includes('servers'), JSON.stringify(saved));
      assert.ok(saved.solved.includes(SERVERS_CHALLENGE.id), JSON.stringify(saved));

      // The home page marks the chapter as read.
      await page.goto(`${env.srv.url}#/`);
      await page.locator('main .cards li.card').nth(1).locator('.tag.visited').waitFor();
      assert.equal(await page.locator('main .cards li.card').nth(0).locator('.tag.visited:visible').count(), 0);
    });
  });
});
