// The learner's progress page (#/progress, a route of the course's one page): progress by
// chapter, export to a file and import it back in a fresh browser, refusal of a file of the
// wrong shape, reset with confirmation; and one saved progress for the whole app, kept while the
// learner moves between chapters and the progress page.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { withPage, checkA11y } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import {
  byTestId,
  savedProgress,
  open,
  openChapter,
  openProgress,
  tocSolvedStar,
  markDocument,
  assertSameDocument,
  answerQuestion,
  solveWhyByStepping,
  waitForProse,
  waitForProgressPage,
  WHY_CHALLENGE_ID,
} from './support/app.mjs';

const env = useSiteAndBrowser();
let scratch;
before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'server-lab-progress-'));
});
after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const SAVED = {
  version: 1,
  visited: ['servers', 'why'],
  solved: ['servers/lowest-cost'],
  quiz: { 'servers/q1': 0, 'servers/q2': 1, 'why/q1': 1 },
};

/** Opens the progress page with `progress` saved, and waits for the table and the quiz scores. */
const openTools = (page, progress) => openProgress(page, env.srv, progress);

const row = (page, slug) => page.locator(`tr[data-chapter="${slug}"]`);

describe('progress page', () => {
  test('shows read, solved and quiz scores computed from the chapters\' answers', async () => {
    await withPage(env.browser, { locale: 'en-US' }, async (page) => {
      await openTools(page, SAVED);
      const servers = await row(page, 'servers').textContent();
      assert.match(servers, /✔ Yes.*✔ Yes/s, 'chapter 1 read and solved');
      assert.match(await row(page, 'why').locator('td').nth(1).textContent(), /No/, 'chapter 0 not solved');
      // servers/q1 correct answer is not 0 in the shipped content; the score comes from the files.
      assert.match(await row(page, 'servers').getByTestId('quiz-score').textContent(), /^2 of 4 answered, [0-2] right$/);
    });
  });

  test('export, then import into a fresh browser, carries the progress over', async () => {
    const file = path.join(scratch, 'exported.json');
    await withPage(env.browser, { locale: 'ko-KR' }, async (page) => {
      await openTools(page, SAVED);
      const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'export').click()]);
      assert.equal(download.suggestedFilename(), 'server-lab-progress.json');
      await download.saveAs(file);
    });
    await withPage(env.browser, { locale: 'ko-KR' }, async (page) => {
      await openTools(page, null);
      await byTestId(page, 'import').setInputFiles(file);
      await byTestId(page, 'import-preview').waitFor({ state: 'visible' });
      assert.match(await byTestId(page, 'import-preview').textContent(), /읽은 장 2개, 해결한 도전 과제 1개, 퀴즈 답 3개/);
      await byTestId(page, 'import-replace').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="tool-message"]').textContent.includes('가져왔어요'));
      assert.deepEqual(await savedProgress(page), SAVED);
      await open(page, env.srv, '/');
      await tocSolvedStar(page, 'servers').waitFor();
    });
  });

  test('a file of the wrong shape is refused with a reason and nothing changes', async () => {
    const wrong = path.join(scratch, 'scenario.json');
    writeFileSync(wrong, JSON.stringify({ name: 'a teacher scenario', goal: { kind: 'all', goals: [] } }));
    const damaged = path.join(scratch, 'damaged.json');
    writeFileSync(damaged, JSON.stringify({ ...SAVED, visited: ['why', 42] }));
    await withPage(env.browser, { locale: 'en-US' }, async (page) => {
      await openTools(page, SAVED);
      for (const [file, reason] of [
        [wrong, /not a Server Lab progress file/],
        [damaged, /damaged/],
      ]) {
        await byTestId(page, 'import').setInputFiles(file);
        await page.waitForFunction(() => document.querySelector('[data-testid="tool-message"]').textContent.length > 0);
        assert.match(await byTestId(page, 'tool-message').textContent(), reason);
        assert.match(await byTestId(page, 'tool-message').textContent(), /unchanged/);
        assert.equal(await byTestId(page, 'import-preview').isVisible(), false);
        assert.deepEqual(await savedProgress(page), SAVED);
      }
    });
  });

  test('reset asks first, and erases only when confirmed', async () => {
    await withPage(env.browser, { locale: 'en-US' }, async (page) => {
      await openTools(page, SAVED);
      await byTestId(page, 'reset-progress').click();
      await byTestId(page, 'reset-confirm').waitFor({ state: 'visible' });
      await page.getByRole('button', { name: 'Cancel' }).last().click();
      assert.deepEqual(await savedProgress(page), SAVED);
      await byTestId(page, 'reset-progress').click();
      await byTestId(page, 'reset-confirm').click();
      const after = await savedProgress(page);
      assert.deepEqual(after, { version: 1, visited: [], solved: [], quiz: {} });
      assert.match(await row(page, 'servers').textContent(), /No.*No/s);
    });
  });

  test('has no accessibility violations in either language or theme', async () => {
    for (const [locale, colorScheme] of [['ko-KR', 'light'], ['en-US', 'dark']]) {
      await withPage(env.browser, { locale, colorScheme }, async (page) => {
        await openTools(page, SAVED);
        await byTestId(page, 'reset-progress').click();
        await checkA11y(page, `progress page ${locale} ${colorScheme}`);
      });
    }
  });

  test('the course links to the progress page, a route of the same page', async () => {
    await withPage(env.browser, { locale: 'en-US' }, async (page) => {
      await open(page, env.srv, '/');
      await markDocument(page);
      await byTestId(page, 'progress-link').click();
      await byTestId(page, 'progress-table').waitFor();
      assert.equal(page.url(), `${env.srv.url}#/progress`);
      assert.equal(await byTestId(page, 'progress-link').getAttribute('aria-current'), 'page');
      await assertSameDocument(page, 'home -> progress');
    });
  });
});

/** Follows the contents link to chapter `slug` and waits for its prose. */
async function goToChapter(page, slug) {
  await page.locator(`nav.toc a[href="#/${slug}"]`).click();
  await page.waitForFunction((s) => location.hash === `#/${s}`, slug);
  await page.locator(`main article[data-chapter="${slug}"]`).waitFor();
  await byTestId(page, 'interactive').waitFor();
  await waitForProse(page);
}

/** Follows the header's progress link and waits for the table. */
async function goToProgress(page) {
  await byTestId(page, 'progress-link').click();
  await page.waitForFunction(() => location.hash === '#/progress');
  await waitForProgressPage(page);
}

const sorted = (list) => [...list].sort();

describe('one saved progress for the whole app', () => {
  test('an import on the progress page is kept when the learner then opens chapters', async () => {
    const file = path.join(scratch, 'to-import.json');
    writeFileSync(file, JSON.stringify(SAVED));
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      // Some progress of the learner's own first, in this very page.
      await openChapter(page, env.srv, 'containers');
      await markDocument(page);
      assert.deepEqual((await savedProgress(page)).visited, ['containers']);

      await goToProgress(page);
      await byTestId(page, 'import').setInputFiles(file);
      await byTestId(page, 'import-preview').waitFor({ state: 'visible' });
      await byTestId(page, 'import-replace').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="tool-message"]').textContent.includes('imported'));
      assert.deepEqual(await savedProgress(page), SAVED);
      await tocSolvedStar(page, 'servers').waitFor();

      // A chapter not in the file: visiting it adds to the imported progress, replaces nothing.
      await goToChapter(page, 'virtual-machines');
      await page.waitForFunction(() => JSON.parse(localStorage.getItem('server-lab:progress')).visited.includes('virtual-machines'));
      let saved = await savedProgress(page);
      assert.deepEqual(sorted(saved.visited), sorted([...SAVED.visited, 'virtual-machines']), 'the visit is added, the import kept');
      assert.deepEqual(saved.solved, SAVED.solved);
      assert.deepEqual(saved.quiz, SAVED.quiz);

      // A chapter in the file shows the imported answers, and a new answer keeps the others.
      await goToChapter(page, 'servers');
      const feedback = byTestId(page, 'quiz-question').nth(0).locator('[data-testid="quiz-feedback"]');
      await feedback.waitFor();
      assert.ok(await byTestId(page, 'quiz-question').nth(0).locator('input[type=radio]').nth(SAVED.quiz['servers/q1']).isChecked());
      await answerQuestion(page, 2, 0);
      await page.waitForFunction(() => Object.keys(JSON.parse(localStorage.getItem('server-lab:progress')).quiz).length === 4);
      saved = await savedProgress(page);
      assert.deepEqual(saved.solved, SAVED.solved);
      for (const [id, choice] of Object.entries(SAVED.quiz)) assert.equal(saved.quiz[id], choice, id);
      assert.ok(!saved.visited.includes('containers'), 'what the import replaced does not come back');

      // And the progress page shows all of it.
      await goToProgress(page);
      assert.match(await row(page, 'servers').textContent(), /✔ Yes.*✔ Yes/s);
      assert.match(await row(page, 'virtual-machines').locator('td').nth(0).textContent(), /Yes/);
      assert.match(await row(page, 'containers').locator('td').nth(0).textContent(), /No/);
      await assertSameDocument(page, 'containers -> progress (import) -> 2 -> 1 -> progress');
    });
  });

  test('saved progress survives moving chapter 0 -> 3 -> progress -> 1 without a reload', async () => {
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await openChapter(page, env.srv, 'why');
      await markDocument(page);
      await answerQuestion(page, 0, 0);
      await solveWhyByStepping(page);
      await page.waitForFunction((id) => localStorage.getItem('server-lab:progress').includes(id), WHY_CHALLENGE_ID);

      await goToChapter(page, 'containers');
      await byTestId(page, 'shelf').waitFor();
      await answerQuestion(page, 0, 0);
      await page.waitForFunction(() => Object.keys(JSON.parse(localStorage.getItem('server-lab:progress')).quiz).length === 2);
      let saved = await savedProgress(page);
      assert.deepEqual(saved.solved, [WHY_CHALLENGE_ID]);
      assert.deepEqual(sorted(saved.visited), ['containers', 'why']);
      const answered = Object.keys(saved.quiz);
      assert.ok(answered.some((id) => id.startsWith('why/')) && answered.some((id) => id.startsWith('containers/')), answered.join());

      await goToProgress(page);
      assert.match(await row(page, 'why').textContent(), /✔ Yes.*✔ Yes/s, 'chapter 0 read and solved');
      assert.match(await row(page, 'containers').locator('td').nth(0).textContent(), /Yes/, 'chapter 3 read');
      assert.match(await row(page, 'containers').getByTestId('quiz-score').textContent(), /^1 of \d+ answered, [01] right$/);
      assert.match(await row(page, 'why').getByTestId('quiz-score').textContent(), /^1 of \d+ answered, [01] right$/);
      assert.match(await row(page, 'servers').locator('td').nth(0).textContent(), /No/);

      await goToChapter(page, 'servers');
      await tocSolvedStar(page, 'why').waitFor();
      saved = await savedProgress(page);
      assert.deepEqual(saved.solved, [WHY_CHALLENGE_ID]);
      assert.deepEqual(sorted(saved.visited), ['containers', 'servers', 'why']);
      assert.deepEqual(Object.keys(saved.quiz).sort(), answered.sort());

      // Back in chapter 0, its answer is still shown.
      await goToChapter(page, 'why');
      await byTestId(page, 'quiz-question').nth(0).locator('[data-testid="quiz-feedback"]').waitFor();
      assert.ok(await byTestId(page, 'quiz-question').nth(0).locator('input[type=radio]').nth(0).isChecked());
      await assertSameDocument(page, '0 -> 3 -> progress -> 1 -> 0');
    });
  });
});
