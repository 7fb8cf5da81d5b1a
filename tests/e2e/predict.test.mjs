// Predict, then try: each lab opens with a question the learner answers first (keyboard or
// mouse), or skips; once locked in, the guess stays beside the lab's own figures, and after the
// lab has run where the question is about, the card says whether it was right. The guess is kept
// across a reload. Chapter 1 in both languages, chapters 0, 3 and 7 briefly.

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
  waitForApp,
  waitForProse,
  setUsersByMouse,
  stepSeconds,
  simSeconds,
  savedProgress,
  tabTo,
  focusedMatches,
} from './support/app.mjs';
import { placeByClicks } from './support/placement.mjs';

const env = useSiteAndBrowser();

/** The prediction in the prose the site serves. */
const prediction = (slug, lang) =>
  JSON.parse(readFileSync(path.join(distDir, 'content', `${slug}.${lang}.json`), 'utf8')).predict;

const PAUSED = (lang) => ({ locale: lang === 'ko' ? 'ko-KR' : 'en-US', reducedMotion: 'reduce' });

const card = (page) => byTestId(page, 'predict');

/** The integer milliseconds in a figure ("123 ms" -> 123), or null when not measured yet. */
async function figureMs(page, n) {
  const text = (await card(page).locator('[data-testid="prediction-figure"]').nth(n).textContent()).trim();
  const m = text.match(/^(\d[\d,]*) ms$/);
  return m ? Number(m[1].replace(/,/g, '')) : null;
}

/** Assert the card comes before the lab's player and its figures in the page. */
async function assertAskedBeforeTheLab(page) {
  const order = await page.evaluate(() => {
    const predict = document.querySelector('[data-testid="predict"]');
    const play = document.querySelector('[data-testid="play"]');
    const interactive = document.querySelector('[data-testid="interactive"]');
    return {
      inside: interactive.contains(predict),
      before: Boolean(predict.compareDocumentPosition(play) & Node.DOCUMENT_POSITION_FOLLOWING),
    };
  });
  assert.deepEqual(order, { inside: true, before: true }, 'the question opens the lab, before its controls');
}

/** Chapter 1 to the point the question is about: 6 s at 100 requests/s, then 36 s at 180. */
async function tryChapterOne(page) {
  await stepSeconds(page, 6);
  await setUsersByMouse(page, 180);
  await stepSeconds(page, 36);
}

describe('chapter 1 prediction', () => {
  for (const lang of ['ko', 'en']) {
    test(`${lang}: asked before the lab, answered by keyboard, shown beside the result, kept after a reload`, async () => {
      const p = prediction('servers', lang);
      await withPage(env.browser, PAUSED(lang), async (page) => {
        await openChapter(page, env.srv, 'servers');
        await assertAskedBeforeTheLab(page);
        assert.equal((await card(page).locator('legend').textContent()).trim(), p.prompt);
        assert.equal(await card(page).locator('.choice:visible input[type=radio]').count(), p.choices.length);
        await checkA11y(page, `servers ${lang}: the question`);

        // Keyboard only: Tab to the first choice, arrow down to the right one, Tab to "lock in".
        await tabTo(page, '[data-testid="predict"] input[type=radio]');
        for (let i = 0; i < p.correct; i++) await page.keyboard.press('ArrowDown');
        assert.ok(await card(page).locator('input[type=radio]').nth(p.correct).isChecked());
        await tabTo(page, '[data-testid="lock-prediction"]');
        await page.keyboard.press('Enter');

        const shown = byTestId(page, 'prediction');
        await shown.waitFor();
        assert.ok(await focusedMatches(page, '[data-testid="predict"]'), 'focus stays on the card, not lost with the button');
        assert.ok((await shown.textContent()).includes(p.choices[p.correct]), 'the guess stays in view');
        assert.equal(await card(page).locator('[role="status"] [data-testid="prediction"]').count(), 1, 'announced politely');
        assert.equal(await byTestId(page, 'prediction-verdict').isVisible(), false, 'no verdict before trying');
        assert.equal(await figureMs(page, 0), null, 'nothing measured before the lab runs');

        await tryChapterOne(page);
        const verdict = byTestId(page, 'prediction-verdict');
        await verdict.waitFor();
        assert.equal(await verdict.getAttribute('data-correct'), 'true');
        assert.ok((await verdict.textContent()).includes(p.explanation));
        const [half, full] = [await figureMs(page, 0), await figureMs(page, 1)];
        assert.ok(half > 0 && full >= 1.4 * half, `p95 ${half} ms at 50 %, ${full} ms at 90 %`);
        assert.ok((await shown.textContent()).includes(p.choices[p.correct]), 'the guess beside the result');
        await checkA11y(page, `servers ${lang}: the verdict`);

        const saved = await savedProgress(page);
        assert.deepEqual(saved.predictions, { [p.id]: { choice: p.correct, tried: true } });

        await page.reload();
        await waitForApp(page);
        await waitForProse(page);
        await byTestId(page, 'prediction-verdict').waitFor();
        assert.ok((await byTestId(page, 'prediction').textContent()).includes(p.choices[p.correct]));
        assert.equal(await byTestId(page, 'prediction-verdict').getAttribute('data-correct'), 'true');
        assert.equal(await card(page).locator('fieldset').isVisible(), false, 'not asked again');
      });
    });
  }

  test('en: a wrong guess by mouse is shown beside the result with the right answer', async () => {
    const p = prediction('servers', 'en');
    const wrong = p.correct === 0 ? 1 : 0;
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openChapter(page, env.srv, 'servers');
      await card(page).locator('.choice label').nth(wrong).click();
      await byTestId(page, 'lock-prediction').click();
      await byTestId(page, 'prediction').waitFor();
      await tryChapterOne(page);
      const verdict = byTestId(page, 'prediction-verdict');
      await verdict.waitFor();
      assert.equal(await verdict.getAttribute('data-correct'), 'false');
      const text = await verdict.textContent();
      assert.match(text, /✗\s*Not what the lab shows\./);
      assert.ok(text.includes(p.choices[p.correct]) && text.includes(p.explanation), text);
      assert.ok((await byTestId(page, 'prediction').textContent()).includes(p.choices[wrong]));
    });
  });

  test('en: the question never blocks the lab; skipping it, or locking in nothing, is fine', async () => {
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openChapter(page, env.srv, 'servers');
      await byTestId(page, 'lock-prediction').click();
      await card(page).locator('.nudge', { hasText: 'Pick an answer first.' }).waitFor();
      // The lab runs while the question is open.
      await stepSeconds(page, 2);
      await byTestId(page, 'skip-prediction').click();
      await card(page).locator('fieldset').waitFor({ state: 'hidden' });
      await stepSeconds(page, 1);
      assert.ok((await simSeconds(page)) >= 3);
      await card(page).getByRole('button', { name: 'Answer the question after all' }).click();
      await card(page).locator('fieldset').waitFor({ state: 'visible' });
      assert.equal((await savedProgress(page))?.predictions?.['servers/predict'], undefined, 'nothing saved');
    });
  });
});

describe('chapter 0 prediction', () => {
  test('en: closing the lid answers it', async () => {
    const p = prediction('why', 'en');
    await withPage(env.browser, PAUSED('en'), async (page) => {
      await openChapter(page, env.srv, 'why');
      await assertAskedBeforeTheLab(page);
      await card(page).locator('.choice label').nth(p.correct).click();
      await byTestId(page, 'lock-prediction').click();
      await byTestId(page, 'prediction').waitFor();
      await stepSeconds(page, 3);
      await byTestId(page, 'lid').click();
      await stepSeconds(page, 3);
      const verdict = byTestId(page, 'prediction-verdict');
      await verdict.waitFor();
      assert.equal(await verdict.getAttribute('data-correct'), 'true');
      const figures = await card(page).locator('[data-testid="prediction-figure"]').allTextContents();
      assert.equal(figures[1].trim(), '0 %', `nothing answered with the lid shut: ${figures}`);
    });
  });
});

describe('chapter 3 prediction', () => {
  test('ko: a kernel panic under two containers answers it', async () => {
    const p = prediction('containers', 'ko');
    await withPage(env.browser, PAUSED('ko'), async (page) => {
      await openChapter(page, env.srv, 'containers');
      await assertAskedBeforeTheLab(page);
      await card(page).locator('.choice label').nth(p.correct).click();
      await byTestId(page, 'lock-prediction').click();
      await byTestId(page, 'prediction').waitFor();
      // Host 2 is the container engine server the chapter starts with.
      await placeByClicks(page, 'web-app', 2);
      await placeByClicks(page, 'cache', 2);
      await stepSeconds(page, 5);
      assert.equal(await byTestId(page, 'prediction-verdict').isVisible(), false);
      await byTestId(page, 'panic-2').click();
      const verdict = byTestId(page, 'prediction-verdict');
      await verdict.waitFor();
      assert.equal(await verdict.getAttribute('data-correct'), 'true');
      const figures = await card(page).locator('[data-testid="prediction-figure"]').allTextContents();
      assert.deepEqual(figures.map((f) => f.trim()), ['2', '0']);
      await checkA11y(page, 'containers ko: the verdict');
      assert.deepEqual((await savedProgress(page)).predictions, { [p.id]: { choice: p.correct, tried: true } });
    });
  });
});

describe('chapter 7 prediction', () => {
  test('ko: ssh to a closed port 22 answers it, with the 10 s ssh waited', async () => {
    const p = prediction('ssh', 'ko');
    await withPage(env.browser, PAUSED('ko'), async (page) => {
      await openChapter(page, env.srv, 'ssh');
      await assertAskedBeforeTheLab(page);
      const wrong = (p.correct + 1) % p.choices.length;
      await card(page).locator('.choice label').nth(wrong).click();
      await byTestId(page, 'lock-prediction').click();
      await byTestId(page, 'prediction').waitFor();
      // An ssh with port 22 open is not what the question asks about.
      const input = byTestId(page, 'terminal-input');
      await input.fill('ssh deploy@203.0.113.10');
      await input.press('Enter');
      await input.fill('no');
      await input.press('Enter');
      assert.equal(await byTestId(page, 'prediction-verdict').isVisible(), false, 'not tried yet');
      await byTestId(page, 'ssh-port-22').click();
      await input.fill('ssh deploy@203.0.113.10');
      await input.press('Enter');
      const verdict = byTestId(page, 'prediction-verdict');
      await verdict.waitFor();
      assert.equal(await verdict.getAttribute('data-correct'), 'false');
      assert.equal(await figureMs(page, 0), 10000);
      assert.deepEqual((await savedProgress(page)).predictions[p.id], { choice: wrong, tried: true });
    });
  });
});
