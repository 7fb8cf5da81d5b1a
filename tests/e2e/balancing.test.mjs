// Chapter 5, the load-balancing lab (#/load-balancing): changing the algorithm changes what each
// server is handed (round robin swamps the slow server 3; least connections spares it), seen in
// compare mode with the same requests; the challenge (the /api p95 held through static spikes
// with the slow server kept) solved by mouse and by keyboard alone; a bad number refused with a
// message; axe in both languages and themes; the lab on a touch phone.
//
// Every test runs with reduced motion, so the player starts paused and time moves only through
// +1 s (step-second), which is exactly 100 steps of 10 ms.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { withPage, checkA11y } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import {
  byTestId,
  openChapter,
  numberIn,
  stepSeconds,
  savedProgress,
  tabTo,
  tocSolvedStar,
  waitForSolved,
} from './support/app.mjs';
import { sideScroll } from './support/placement.mjs';

const env = useSiteAndBrowser();

const CHALLENGE_ID = 'load-balancing/spike-and-slow-server';
/** Indexes of the selects' options (src/sim/balance.rs `Algorithm::ALL`, `Pool::ALL`). */
const LEAST_CONNECTIONS = '2';
const POOL = { all: '0', api: '1', files: '2' };
/** Server pools in a server's row: API, files. */
const SERVER_POOL = { api: '0', files: '1' };

const PAUSED = (lang) => ({ locale: lang === 'ko' ? 'ko-KR' : 'en-US', reducedMotion: 'reduce' });

const served = (page, table, id) => numberIn(byTestId(page, `${table}-served-${id}`));
const errors = (page, table, id) => numberIn(byTestId(page, `${table}-errors-${id}`));

/** Click +1 s until the challenge reports solved (at most `max` times). */
async function stepUntilSolved(page, max = 90) {
  const status = byTestId(page, 'challenge-status');
  for (let i = 0; i < max; i++) {
    if ((await status.getAttribute('data-state')) === 'solved') return i;
    await stepSeconds(page, 1);
  }
  await waitForSolved(page, 2_000);
  return max;
}

describe('load-balancing lab: algorithms', () => {
  test('round robin swamps the slow server; in compare mode least connections, fed the same requests, spares it', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openChapter(page, env.srv, 'load-balancing');
      await stepSeconds(page, 20);
      assert.ok((await errors(page, 'lb', 3)) > 0, 'server 3 times out under round robin');
      const fast = await served(page, 'lb', 1);
      assert.ok((await served(page, 'lb', 3)) < fast / 2, 'server 3 answers far fewer than server 1');
      await byTestId(page, 'lb-compare').check();
      await byTestId(page, 'lb-algorithm-b').waitFor();
      assert.equal(await byTestId(page, 'lb-algorithm-b').inputValue(), LEAST_CONNECTIONS);
      await byTestId(page, 'lb-table-b').waitFor();
      // B starts as a copy of A, server 3's queue too: let that drain, then compare.
      await stepSeconds(page, 10);
      const [errorsA, errorsB] = [await errors(page, 'lb', 3), await errors(page, 'lb-b', 3)];
      await stepSeconds(page, 10);
      // A kept timing out on server 3; B, fed the same requests, did not.
      assert.ok((await errors(page, 'lb', 3)) - errorsA > 20, 'A still times out');
      assert.ok((await errors(page, 'lb-b', 3)) - errorsB < 5, 'B no longer times out');
      assert.ok((await numberIn(byTestId(page, 'lb-b-p95'))) < (await numberIn(byTestId(page, 'lb-p95'))));
      // Switching A to least connections changes A's counts too.
      await byTestId(page, 'lb-algorithm-a').selectOption(LEAST_CONNECTIONS);
      await stepSeconds(page, 10);
      const errorsThen = await errors(page, 'lb', 3);
      await stepSeconds(page, 10);
      assert.ok((await errors(page, 'lb', 3)) - errorsThen < 5, 'A no longer times out either');
    });
  });
});

describe('load-balancing lab: the challenge', () => {
  test('solved by mouse: least connections, a files pool, the rules, and a spike of 1,500/s or more', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openChapter(page, env.srv, 'load-balancing');
      await byTestId(page, 'lb-algorithm-a').selectOption(LEAST_CONNECTIONS);
      await byTestId(page, 'lb-pool-4').selectOption(SERVER_POOL.files);
      await byTestId(page, 'lb-route-api').selectOption(POOL.api);
      await byTestId(page, 'lb-route-static').selectOption(POOL.files);
      // The spike slider's thumb, dragged about a third of the way along (0 to 5,000).
      await byTestId(page, 'lb-spike').scrollIntoViewIfNeeded();
      const box = await byTestId(page, 'lb-spike').boundingBox();
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + 3, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.36, y, { steps: 8 });
      await page.mouse.up();
      const spike = await numberIn(byTestId(page, 'lb-spike-value'));
      assert.ok(spike >= 1500 && spike <= 2500, `spike ${spike}/s`);
      const clicks = await stepUntilSolved(page);
      assert.ok(clicks >= 30, `held for 30 s before solving (${clicks} s)`);
      assert.ok((await numberIn(byTestId(page, 'lb-api-p95'))) <= 200);
      const progress = await savedProgress(page);
      assert.ok(progress.solved.includes(CHALLENGE_ID), 'the solve is saved');
      assert.equal(await tocSolvedStar(page, 'load-balancing').count(), 1);
      // The model's own best, searched for while the learner worked (tests/balance_search.rs).
      assert.match(await byTestId(page, 'optimum-search').innerText(), /best, to aim for: \/api p95 response time 109 ms/);
    });
  });

  test('solved with the keyboard alone', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openChapter(page, env.srv, 'load-balancing');
      const kb = page.keyboard;
      await tabTo(page, '[data-testid="lb-spike"]');
      for (let i = 0; i < 15; i++) await kb.press('ArrowRight');
      assert.equal(await numberIn(byTestId(page, 'lb-spike-value')), 1500);
      await tabTo(page, '[data-testid="lb-algorithm-a"]');
      await kb.type('Least');
      assert.equal(await byTestId(page, 'lb-algorithm-a').inputValue(), LEAST_CONNECTIONS);
      await tabTo(page, '[data-testid="lb-route-api"]');
      await kb.type('API');
      await tabTo(page, '[data-testid="lb-route-static"]');
      await kb.type('Files');
      await tabTo(page, '[data-testid="lb-pool-4"]');
      await kb.type('Files');
      assert.equal(await byTestId(page, 'lb-route-api').inputValue(), POOL.api);
      assert.equal(await byTestId(page, 'lb-route-static').inputValue(), POOL.files);
      assert.equal(await byTestId(page, 'lb-pool-4').inputValue(), SERVER_POOL.files);
      await tabTo(page, '[data-testid="step-second"]', { backwards: true });
      const status = byTestId(page, 'challenge-status');
      for (let i = 0; i < 90 && (await status.getAttribute('data-state')) !== 'solved'; i++) {
        await kb.press('Enter');
        await page.waitForTimeout(20);
      }
      await waitForSolved(page, 5_000);
    });
  });

  test('round robin through the spike, everything in one pool, is not solved', async () => {
    await withPage(env.browser, PAUSED('ko'), async (page) => {
      await openChapter(page, env.srv, 'load-balancing');
      await byTestId(page, 'lb-spike').fill('1500');
      await stepSeconds(page, 40);
      assert.equal(await byTestId(page, 'challenge-status').getAttribute('data-state'), 'working');
      assert.ok((await numberIn(byTestId(page, 'lb-api-p95'))) > 200);
      const best = byTestId(page, 'optimum-search');
      await assert.doesNotReject(best.getByText('모델이 찾은 최고 기록').waitFor({ timeout: 30_000 }));
      assert.match(await best.innerText(), /\/api p95 응답 시간 109 ms/);
    });
  });
});

describe('load-balancing lab: bad input and access', () => {
  test('a rate out of range is refused in the learner\'s language, and nothing changes', async () => {
    await withPage(env.browser, PAUSED('ko'), async (page) => {
      await openChapter(page, env.srv, 'load-balancing');
      const input = byTestId(page, 'lb-rate-input');
      for (const bad of ['0', '999999', '-5']) {
        await input.fill(bad);
        await input.press('Enter');
        const message = byTestId(page, 'lb-message');
        await message.filter({ hasText: /\S/ }).waitFor();
        assert.match(await message.textContent(), /[가-힣]/, `a Korean message for ${bad}`);
      }
      assert.equal(await byTestId(page, 'lb-rate').inputValue(), '500');
    });
  });

  for (const lang of ['ko', 'en']) {
    for (const colorScheme of ['light', 'dark']) {
      test(`axe finds nothing in ${lang}, ${colorScheme}, compare mode on`, async () => {
        await withPage(env.browser, { ...PAUSED(lang), colorScheme }, async (page) => {
          await openChapter(page, env.srv, 'load-balancing');
          await byTestId(page, 'lb-compare').check();
          await byTestId(page, 'lb-table-b').waitFor();
          await stepSeconds(page, 3);
          await checkA11y(page, `load-balancing ${lang} ${colorScheme}`);
        });
      });
    }
  }

  test('switching the theme while paused repaints the picture in the new colours', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openChapter(page, env.srv, 'load-balancing');
      await stepSeconds(page, 2);
      const picture = () => page.locator('canvas.request-canvas').evaluate((c) => c.toDataURL());
      const light = await picture();
      await byTestId(page, 'theme-toggle').click();
      await page.waitForFunction((before) => document.querySelector('canvas.request-canvas').toDataURL() !== before, light);
      await byTestId(page, 'theme-toggle').click();
      await page.waitForFunction((before) => document.querySelector('canvas.request-canvas').toDataURL() === before, light);
    });
  });

  test('on a touch phone: no sideways scroll, and tapping a server slow shows it in the table', async () => {
    await withPage(
      env.browser,
      { ...PAUSED('ko'), viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true },
      async (page) => {
        await openChapter(page, env.srv, 'load-balancing');
        const noSideScroll = async () => {
          const { scrollWidth, clientWidth, widest } = await sideScroll(page);
          assert.ok(scrollWidth <= clientWidth, `the page scrolls sideways: ${JSON.stringify(widest)}`);
        };
        await noSideScroll();
        const speed = byTestId(page, 'lb-speed-2');
        await speed.tap();
        await page.waitForFunction(() => document.querySelector('[data-testid="lb-speed-2"]')?.getAttribute('aria-pressed') === 'true');
        await stepSeconds(page, 20);
        assert.ok((await errors(page, 'lb', 2)) > 0, 'two slow servers under round robin: server 2 times out too');
        await noSideScroll();
      },
    );
  });
});
