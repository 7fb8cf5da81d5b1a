// The quiz (wrong and right answers, both explained, kept across reloads) and saved progress
// that is corrupt, from an unknown version, or half damaged: the learner gets a notice in the
// page's language and a page that works.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { withPage } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import { distDir } from './support/site.mjs';
import {
  PROGRESS_KEY,
  CHAPTERS,
  byTestId,
  open,
  openChapter,
  waitForApp,
  waitForProse,
  plantProgressAndReload,
  savedProgress,
  expectText,
  answerQuestion,
} from './support/app.mjs';

const env = useSiteAndBrowser();

/** The chapter prose the site serves, to know each question's answer and explanation. */
function prose(slug, lang) {
  return JSON.parse(readFileSync(path.join(distDir, 'content', `${slug}.${lang}.json`), 'utf8'));
}

const NOTICES = {
  ko: {
    unreadable: '저장된 학습 기록을 읽을 수 없어서 처음 상태로 시작했어요.',
    unknownVersion: '다른 버전에서 저장된 학습 기록이라 처음 상태로 시작했어요.',
    partlyKept: '저장된 학습 기록 중 일부가 손상되어 그 부분만 지웠어요. 나머지는 그대로예요.',
  },
  en: {
    unreadable: 'Your saved progress could not be read, so you are starting fresh.',
    unknownVersion: 'Your saved progress came from a different version, so you are starting fresh.',
    partlyKept: 'Part of your saved progress was damaged and has been removed. The rest is kept.',
  },
};

const question = (page, n) => byTestId(page, 'quiz-question').nth(n);

const answer = answerQuestion;

/** A wrong choice for a question. */
const wrongChoice = (q) => (q.correct === 0 ? 1 : 0);

async function assertFeedback(page, n, { correct, explanation }) {
  const feedback = question(page, n).locator('[data-testid="quiz-feedback"]');
  assert.equal(await feedback.getAttribute('data-correct'), String(correct));
  const text = await feedback.textContent();
  assert.ok(text.includes(explanation), `feedback explains: ${text}`);
  assert.match(text, correct ? /✔/ : /✗/);
}

describe('quiz', () => {
  test('a wrong answer says so and explains', async () => {
    const q = prose('servers', 'ko').quiz[0];
    await withPage(env.browser, { locale: 'ko-KR' }, async (page) => {
      await openChapter(page, env.srv, 'servers');
      assert.equal(await question(page, 0).locator('[data-testid="quiz-feedback"]').count(), 0);
      await answer(page, 0, wrongChoice(q));
      await assertFeedback(page, 0, { correct: false, explanation: q.explanation });
      assert.match(await question(page, 0).locator('[data-testid="quiz-feedback"]').textContent(), /✗\s*아니에요\./);
    });
  });

  test('a right answer says so and explains', async () => {
    const q = prose('servers', 'en').quiz[1];
    await withPage(env.browser, { locale: 'en-US' }, async (page) => {
      await openChapter(page, env.srv, 'servers');
      await answer(page, 1, q.correct);
      await assertFeedback(page, 1, { correct: true, explanation: q.explanation });
      assert.match(await question(page, 1).locator('[data-testid="quiz-feedback"]').textContent(), /✔\s*Correct\./);
    });
  });

  test('checking without choosing asks for a choice first', async () => {
    await withPage(env.browser, { locale: 'en-US' }, async (page) => {
      await openChapter(page, env.srv, 'why');
      await question(page, 0).locator('[data-testid="check-answer"]').click();
      await question(page, 0).locator('.nudge').waitFor();
      assert.equal(await question(page, 0).locator('[data-testid="quiz-feedback"]').count(), 0);
    });
  });

  test('answers and their feedback are still shown after a reload', async () => {
    const quiz = prose('why', 'ko').quiz;
    await withPage(env.browser, { locale: 'ko-KR' }, async (page) => {
      await openChapter(page, env.srv, 'why');
      await answer(page, 0, wrongChoice(quiz[0]));
      await answer(page, 2, quiz[2].correct);

      await page.reload();
      await waitForApp(page);
      await waitForProse(page);
      await question(page, 2).locator('[data-testid="quiz-feedback"]').waitFor();
      await assertFeedback(page, 0, { correct: false, explanation: quiz[0].explanation });
      await assertFeedback(page, 2, { correct: true, explanation: quiz[2].explanation });
      assert.equal(await question(page, 1).locator('[data-testid="quiz-feedback"]').count(), 0, 'unanswered stays so');
      // The chosen radio buttons are checked again.
      assert.ok(await question(page, 0).locator('input[type=radio]').nth(wrongChoice(quiz[0])).isChecked());
      assert.ok(await question(page, 2).locator('input[type=radio]').nth(quiz[2].correct).isChecked());

      const saved = await savedProgress(page);
      assert.deepEqual(saved.quiz, { [quiz[0].id]: wrongChoice(quiz[0]), [quiz[2].id]: quiz[2].correct });
    });
  });
});

/** The page still works: contents, a chapter that loads its prose and runs its simulation. */
async function assertPageWorks(page) {
  assert.equal(await page.locator('nav.toc .toc-list a').count(), CHAPTERS.length);
  await page.locator('nav.toc a[href="#/servers"]').click();
  await page.locator('main article[data-chapter="servers"]').waitFor();
  await byTestId(page, 'interactive').waitFor();
  await waitForProse(page);
  await byTestId(page, 'step-second').click();
  await expectText(page, 'sim-time', '1.00 s');
}

const notice = (page) => byTestId(page, 'notice');

function assertIncludes(text, part) {
  assert.ok(text.includes(part), `${JSON.stringify(text)} should include ${JSON.stringify(part)}`);
}

describe('damaged saved progress', () => {
  test('unreadable JSON: a notice in Korean, a fresh start, a working page', async () => {
    await withPage(env.browser, { locale: 'ko-KR', reducedMotion: 'reduce' }, async (page) => {
      await open(page, env.srv, '/');
      assert.equal((await notice(page).textContent()).trim(), '', 'no notice for a fresh visitor');
      await plantProgressAndReload(page, '{not json');
      await notice(page).locator('.notice').waitFor();
      assertIncludes(await notice(page).textContent(), NOTICES.ko.unreadable);
      assert.equal(await notice(page).getAttribute('role'), 'status');

      await assertPageWorks(page);
      const saved = await savedProgress(page);
      assert.equal(saved.version, 1);
      assert.deepEqual(saved.visited, ['servers']);
      // The unreadable data was kept aside, not destroyed.
      const backup = await page.evaluate((k) => localStorage.getItem(`${k}:unreadable`), PROGRESS_KEY);
      assert.equal(backup, '{not json');

      // Dismiss works.
      await notice(page).getByRole('button').click();
      await notice(page).locator('.notice').waitFor({ state: 'detached' });
    });
  });

  test('an unknown version: a notice in English, a fresh start, a working page', async () => {
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await open(page, env.srv, '/');
      await plantProgressAndReload(page, '{"version":99,"visited":["why"],"solved":["why/move-out"]}');
      await notice(page).locator('.notice').waitFor();
      assertIncludes(await notice(page).textContent(), NOTICES.en.unknownVersion);
      assert.equal(await page.locator('main .cards .tag.visited:visible').count(), 0, 'nothing from version 99 is used');
      await assertPageWorks(page);
      assert.equal((await savedProgress(page)).version, 1);
    });
  });

  test('the notice follows the language toggle', async () => {
    await withPage(env.browser, { locale: 'ko-KR' }, async (page) => {
      await open(page, env.srv, '/');
      await plantProgressAndReload(page, '{"version":99}');
      await notice(page).locator('.notice').waitFor();
      assertIncludes(await notice(page).textContent(), NOTICES.ko.unknownVersion);
      await byTestId(page, 'lang-toggle').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      assertIncludes(await notice(page).textContent(), NOTICES.en.unknownVersion);
    });
  });

  test('half-damaged progress keeps the valid parts', async () => {
    const raw = JSON.stringify({
      version: 1,
      visited: ['why', 7, '<script>'],
      solved: ['servers/lowest-cost', null],
      quiz: { 'why/q1': 1, 'why/q2': 9 },
    });
    await withPage(env.browser, { locale: 'ko-KR', reducedMotion: 'reduce' }, async (page) => {
      await open(page, env.srv, '/');
      await plantProgressAndReload(page, raw);
      await notice(page).locator('.notice').waitFor();
      assertIncludes(await notice(page).textContent(), NOTICES.ko.partlyKept);
      // Kept: chapter 0 read, chapter 1 solved.
      await page.locator('main .cards li.card').nth(0).locator('.tag.visited').waitFor();
      await page.locator('nav.toc a[href="#/servers"] .tag.solved').waitFor();
      // Kept: the valid quiz answer, shown with its feedback.
      await page.locator('nav.toc a[href="#/why"]').click();
      await page.locator('main article[data-chapter="why"]').waitFor();
      await waitForProse(page);
      const feedback = question(page, 0).locator('[data-testid="quiz-feedback"]');
      await feedback.waitFor();
      assert.equal(await feedback.getAttribute('data-correct'), String(prose('why', 'ko').quiz[0].correct === 1));
      assert.equal(await question(page, 1).locator('[data-testid="quiz-feedback"]').count(), 0, 'the damaged answer is gone');

      const saved = await savedProgress(page);
      assert.deepEqual(saved.visited, ['why']);
      assert.deepEqual(saved.solved, ['servers/lowest-cost']);
      assert.deepEqual(saved.quiz, { 'why/q1': 1 });
    });
  });
});
