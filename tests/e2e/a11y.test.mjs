// axe-core (WCAG 2.0-2.2 A/AA) on every kind of page (the glossary too), after the app has mounted and the prose
// has arrived, in both languages and both themes, in the states learners reach: quiz answered
// (right and wrong feedback), chapter 1's challenge solved, an input error, chapter 4 with a
// request traced and its messages shown, chapter 5 in compare mode with a refusal, a notice, a
// phone.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { withPage, checkA11y } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import {
  byTestId,
  open,
  openChapter,
  waitForApp,
  waitForProse,
  answerQuestion,
  solveServersByStepping,
  setUsersByMouse,
  stepSeconds,
  plantProgressAndReload,
} from './support/app.mjs';

const env = useSiteAndBrowser();

/** Move to a route inside the running app (a hash change, as a link would). */
async function go(page, route) {
  await page.evaluate((r) => {
    location.hash = r;
  }, route);
  await page.waitForFunction((r) => location.hash === `#${r}`, route);
  // The new page renders a moment after the hash changes: wait for it, not for the old one.
  const slug = route.slice(1);
  await page.waitForFunction(
    (s) =>
      !s ||
      document.querySelector(`main article[data-chapter="${s}"]`) ||
      document.querySelector(`main article[data-testid="${s}"]`) ||
      document.querySelector('[data-testid="not-found"]'),
    slug,
  );
}

/** Answer the first question wrongly and the second rightly, so both feedback styles show. */
async function answerTwo(page) {
  const questions = byTestId(page, 'quiz-question');
  for (const [n, wantRight] of [
    [0, false],
    [1, true],
  ]) {
    // Try choices until the feedback has the wanted verdict (the tests need not know answers).
    const count = await questions.nth(n).locator('input[type=radio]').count();
    for (let c = 0; c < count; c++) {
      await answerQuestion(page, n, c);
      const right = await questions.nth(n).locator('[data-testid="quiz-feedback"]').getAttribute('data-correct');
      if (right === String(wantRight)) break;
    }
  }
}

/**
 * Chapter 4 in the states a learner sees most: a request from the phone traced hop by hop (a
 * timeout), a malformed record address refused with its message, a port refused, and the address
 * box answering.
 */
async function showNetworkStates(page) {
  await byTestId(page, 'request-send').click();
  await byTestId(page, 'trace-outcome').waitFor();
  await byTestId(page, 'record-address').fill('192.168.0.300');
  await byTestId(page, 'record-save').click();
  await byTestId(page, 'home-database-port').fill('22');
  await byTestId(page, 'home-database-start').click();
  await byTestId(page, 'address-box').fill('10.0.0.0/8');
  await page.waitForFunction(() =>
    ['record-message', 'home-message', 'address-verdict'].every(
      (id) => document.querySelector(`[data-testid="${id}"]`).textContent.trim() !== '',
    ),
  );
}

/**
 * Chapter 5 with everything its lab can show: compare mode on (balancer B's select, table and
 * figures), a spike set, a slow server made fast, and a weight refused with its message.
 */
async function showBalancingStates(page) {
  await byTestId(page, 'lb-compare').check();
  await byTestId(page, 'lb-table-b').waitFor();
  await byTestId(page, 'lb-spike').fill('1500');
  await byTestId(page, 'lb-spike').dispatchEvent('change');
  await byTestId(page, 'lb-speed-3').click();
  await byTestId(page, 'lb-weight-2').fill('11');
  await byTestId(page, 'lb-weight-2').press('Enter');
  await stepSeconds(page, 2);
  await page.waitForFunction(() => document.querySelector('[data-testid="lb-table-message"]').textContent.trim() !== '');
}

for (const lang of ['ko', 'en']) {
  for (const theme of ['light', 'dark']) {
    const options = {
      locale: lang === 'ko' ? 'ko-KR' : 'en-US',
      colorScheme: theme,
      reducedMotion: 'reduce',
    };
    describe(`${lang}, ${theme} theme`, () => {
      test('home, chapters 0 and 1 (quiz answered, challenge solved), chapters 4 and 5, coming soon, not-found and the glossary', async () => {
        await withPage(env.browser, options, async (page) => {
          const label = (what) => `${what} (${lang}, ${theme})`;
          await open(page, env.srv, '/');
          assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
          assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
          await checkA11y(page, label('home'));

          await go(page, '/why');
          await waitForProse(page);
          await answerTwo(page);
          await checkA11y(page, label('chapter 0, quiz answered'));

          await go(page, '/servers');
          await waitForProse(page);
          await answerTwo(page);
          await solveServersByStepping(page);
          await checkA11y(page, label('chapter 1, quiz answered, challenge solved'));

          await setUsersByMouse(page, 'abc');
          await page.waitForFunction(() => document.querySelector('[data-testid="input-error"]').textContent.trim() !== '');
          await checkA11y(page, label('chapter 1, input error shown'));

          await go(page, '/network');
          await waitForProse(page);
          await showNetworkStates(page);
          await checkA11y(page, label('chapter 4, a request traced, a record error, the address box filled'));

          await go(page, '/load-balancing');
          await waitForProse(page);
          await showBalancingStates(page);
          await checkA11y(page, label('chapter 5, compare mode on, a spike set, a weight refused'));

          await go(page, '/fleets');
          await page.locator('main article.chapter.coming').waitFor();
          await checkA11y(page, label('coming soon'));

          await go(page, '/nope');
          await byTestId(page, 'not-found').waitFor();
          await checkA11y(page, label('not found'));

          await go(page, '/glossary');
          await byTestId(page, 'glossary-table').waitFor();
          await checkA11y(page, label('glossary'));
        });
      });
    });
  }
}

describe('other states', () => {
  test('the damaged-progress notice', async () => {
    await withPage(env.browser, { locale: 'ko-KR' }, async (page) => {
      await open(page, env.srv, '/');
      await plantProgressAndReload(page, '{not json');
      await byTestId(page, 'notice').locator('.notice').waitFor();
      await checkA11y(page, 'home with notice (ko)');
    });
  });

  test('chapter 1 on a 390x844 touch phone', async () => {
    const phone = { locale: 'ko-KR', viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
    await withPage(env.browser, phone, async (page) => {
      await openChapter(page, env.srv, 'servers');
      await checkA11y(page, 'chapter 1 on a phone (ko)');
      await page.reload();
      await waitForApp(page);
      await waitForProse(page);
      await byTestId(page, 'lang-toggle').tap();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await waitForProse(page);
      await checkA11y(page, 'chapter 1 on a phone (en)');
    });
  });
});
