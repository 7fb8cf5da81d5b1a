// Teachers' challenges end to end: a teacher makes a version of chapter 0's challenge (seed and
// goal figures) on the teacher page and downloads it as a file; a learner in another browser
// opens the file on the progress page, follows its link, solves the challenge and exports a
// result file; the teacher imports it and sees the solve (time, figures) in the class table and
// its CSV. Also: a link whose figures do not fit, and challenge files that are refused.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { withPage, checkA11y } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import {
  byTestId,
  savedProgress,
  stepSeconds,
  open,
  openProgress,
  markDocument,
  assertSameDocument,
  waitForProse,
  waitForProgressPage,
  waitForSolved,
  WHY_CHALLENGE_ID,
} from './support/app.mjs';

const env = useSiteAndBrowser();
let scratch;
before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'server-lab-teacher-challenge-'));
});
after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const PAUSED = { locale: 'en-US', reducedMotion: 'reduce' };
/** The teacher's link (from teacher.html) and the learner's (a route of the course's own page). */
const LINK = 'index.html#/why?seed=7&goal=99,15,0,3';
const FRAGMENT = '#/why?seed=7&goal=99,15,0,3';
const KEY = 'why/move-out/s7/g99-15-0-3';
const SOLVE = /^why\/move-out\/s7\/g99-15-0-3\/t(\d+)-(\d+)\/f(\d+)-(\d+)-0$/;
const DESCRIBED =
  /0\. Why servers at all \(seed 7, goal 99, 15, 0, held 3 s\): solved in \d+ s simulated, \d+ s real; reached Requests answered \d+ %, Build time \d+\.0 s, Laptop services open to the internet 0/;

/** Text of `[data-testid=id]` once it is not empty. */
async function textOnce(page, id) {
  await page.waitForFunction((i) => document.querySelector(`[data-testid="${i}"]`)?.textContent.trim(), id);
  return (await byTestId(page, id).textContent()).trim();
}

describe("a teacher's challenge", () => {
  test('made by a teacher, solved by a learner from the file, seen in the class table and CSV', async () => {
    const challengeFile = path.join(scratch, 'challenge.json');
    // The teacher: chapter 0 (the default), seed 7, the built-in figures, a 3 s hold.
    await withPage(env.browser, { locale: 'en-US' }, async (page) => {
      await page.goto(`${env.srv.url}teacher.html`);
      await byTestId(page, 'make-challenge').waitFor();
      assert.deepEqual(
        await byTestId(page, 'goal-value').evaluateAll((inputs) => inputs.map((i) => i.value)),
        ['99', '15', '0'],
        "chapter 0's built-in figures to start from",
      );
      await page.getByLabel('Requests answered ≥').waitFor();
      await page.getByLabel('Build time <').waitFor();

      // Chapter 1 has two figures; back to chapter 0 restores its three.
      await byTestId(page, 'make-chapter').selectOption('servers');
      assert.equal(await byTestId(page, 'goal-value').count(), 2);
      assert.equal(await byTestId(page, 'make-hold').inputValue(), '30');
      await byTestId(page, 'make-chapter').selectOption('why');
      assert.equal(await byTestId(page, 'goal-value').count(), 3);

      await byTestId(page, 'make-seed').fill('7');
      await byTestId(page, 'make-hold').fill('0');
      await byTestId(page, 'make-submit').click();
      assert.match(await textOnce(page, 'challenge-error'), /the hold 1 to 600 seconds/);
      assert.equal(await byTestId(page, 'challenge-link').isVisible(), false);
      await byTestId(page, 'make-seed').fill('seven');
      await byTestId(page, 'make-hold').fill('3');
      await byTestId(page, 'make-submit').click();
      assert.match(await textOnce(page, 'challenge-error'), /seed must be a whole number/);

      await byTestId(page, 'make-seed').fill('7');
      await byTestId(page, 'make-hold').press('Enter');
      await byTestId(page, 'challenge-link').waitFor({ state: 'visible' });
      assert.equal((await byTestId(page, 'challenge-error').textContent()).trim(), '');
      assert.equal((await byTestId(page, 'challenge-url').textContent()).trim(), LINK);
      assert.equal(await byTestId(page, 'challenge-link').getAttribute('href'), LINK);
      assert.match(await byTestId(page, 'challenge-link').textContent(), /Open the challenge: 0\. Why servers at all/);
      await checkA11y(page, 'teacher page with a challenge made');

      const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'challenge-download').click()]);
      assert.equal(download.suggestedFilename(), 'server-lab-challenge.json');
      await download.saveAs(challengeFile);
    });
    assert.deepEqual(JSON.parse(readFileSync(challengeFile, 'utf8')), {
      kind: 'server-lab-challenge',
      version: 1,
      chapter: 'why',
      seed: 7,
      goal: '99,15,0,3',
    });

    // The learner, in a fresh browser: open the file, follow the link, solve by the buttons.
    const resultFile = path.join(scratch, 'result.json');
    await withPage(env.browser, PAUSED, async (page) => {
      await openProgress(page, env.srv);
      await markDocument(page);
      assert.match(await byTestId(page, 'teacher-solves').locator('..').textContent(), /None yet\./);
      await byTestId(page, 'challenge-file').setInputFiles(challengeFile);
      await byTestId(page, 'challenge-link').waitFor({ state: 'visible' });
      assert.equal(await byTestId(page, 'challenge-download').count(), 0, 'the learner gets no download button');
      assert.equal(await byTestId(page, 'challenge-link').getAttribute('href'), FRAGMENT);
      assert.equal((await byTestId(page, 'challenge-url').textContent()).trim(), FRAGMENT);
      await byTestId(page, 'challenge-link').click();
      await page.waitForURL((url) => url.href === `${env.srv.url}${FRAGMENT}`);
      await byTestId(page, 'interactive').waitFor({ state: 'visible' });
      await waitForProse(page);
      assert.match(await byTestId(page, 'teacher-note').textContent(), /A teacher set this challenge's figures/);
      assert.match(await byTestId(page, 'challenge').textContent(), /\(< 15\.0 s\)/);

      for (let moved = 1; moved <= 3; moved++) {
        await page.locator('section[data-place="laptop"] li.service button').first().click();
        await page.waitForFunction((n) => document.querySelectorAll('section[data-place="server"] li.service').length === n, moved);
      }
      await stepSeconds(page, 4);
      const status = byTestId(page, 'challenge-status');
      for (let i = 0; i < 5 && (await status.getAttribute('data-state')) !== 'solved'; i++) await stepSeconds(page, 1);
      await waitForSolved(page, 5_000);
      await page.waitForFunction((key) => localStorage.getItem('server-lab:progress')?.includes(key), KEY);
      const solved = (await savedProgress(page)).solved;
      assert.equal(solved.length, 1, JSON.stringify(solved));
      assert.match(solved[0], SOLVE);
      assert.ok(!solved.includes(WHY_CHALLENGE_ID), "the teacher's version is not the built-in challenge");

      await byTestId(page, 'progress-link').click();
      await page.waitForFunction(() => location.hash === '#/progress');
      await waitForProgressPage(page);
      assert.match(await textOnce(page, 'teacher-solves'), DESCRIBED);
      assert.match(await page.locator('tr[data-chapter="why"]').textContent(), /No/, 'the built-in challenge is not solved');
      await checkA11y(page, "progress page with a teacher's challenge solved");
      await assertSameDocument(page, "progress -> the teacher's challenge -> progress");
      await byTestId(page, 'learner-name').fill('Kim');
      const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'result-export').click()]);
      await download.saveAs(resultFile);
    });
    const result = JSON.parse(readFileSync(resultFile, 'utf8'));
    assert.deepEqual(result.solved, []);
    assert.equal(result.teacher.length, 1);
    const [, sim, wall, success, build] = result.teacher[0].match(SOLVE).map(Number);
    assert.ok(sim >= 3 && sim <= 12, `simulated seconds ${sim}`);
    assert.ok(wall < 600, `real seconds ${wall}`);
    assert.ok(success >= 99 && build < 15, `figures ${success}, ${build}`);

    // The teacher imports it with an older result file (no teacher list).
    const older = path.join(scratch, 'older.json');
    writeFileSync(
      older,
      JSON.stringify({ kind: 'server-lab-result', version: 1, learner: 'Lee', chapters_read: 1, solved: ['why/move-out'], quiz_right: 1, quiz_answered: 1, quiz_total: 7 }),
    );
    await withPage(env.browser, { locale: 'en-US' }, async (page) => {
      await page.goto(`${env.srv.url}teacher.html`);
      await byTestId(page, 'class-import').setInputFiles([resultFile, older]);
      await page.waitForFunction(() => document.querySelector('[data-testid="class-report"]').textContent.includes('Added 2'));
      const kimRow = page.locator('[data-testid="class-table"] tbody tr', { hasText: 'Kim' });
      assert.match(await kimRow.textContent(), DESCRIBED);
      assert.match(await kimRow.textContent(), new RegExp(`solved in ${sim} s simulated, ${wall} s real`));

      await page.getByRole('button', { name: "Sort by Teacher's challenges" }).click();
      assert.deepEqual(await page.locator('[data-testid="class-table"] tbody th').allTextContents(), ['Lee', 'Kim']);
      await page.getByRole('button', { name: "Sort by Teacher's challenges" }).click();
      assert.deepEqual(await page.locator('[data-testid="class-table"] tbody th').allTextContents(), ['Kim', 'Lee']);

      const [csv] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'class-csv').click()]);
      const saved = path.join(scratch, 'class.csv');
      await csv.saveAs(saved);
      const lines = readFileSync(saved, 'utf8').trim().split('\r\n');
      assert.equal(lines[0], "Name,Read,Challenges solved,Challenge,Quiz right,Quiz,Teacher's challenges,Teacher's challenge solves");
      assert.match(lines[1], /^Kim,1,0,,0,\d+,1,"0\. Why servers at all \(seed 7, goal 99, 15, 0, held 3 s\): solved in/);
      assert.match(lines[1], DESCRIBED);
      assert.equal(lines[2], 'Lee,1,1,why/move-out,1,7,0,');
      await checkA11y(page, "class table with a teacher's challenge");
    });
  });

  test('a link whose figures do not fit shows the built-in challenge and says so', async () => {
    await withPage(env.browser, PAUSED, async (page) => {
      await page.goto(`${env.srv.url}index.html#/why?goal=1,2`);
      await byTestId(page, 'interactive').waitFor({ state: 'visible' });
      await waitForProse(page);
      assert.match(
        await byTestId(page, 'teacher-note').textContent(),
        /cannot make a challenge, so this is the usual one\. The number of figures does not fit this chapter's challenge\./,
      );
      const challenge = await byTestId(page, 'challenge').textContent();
      assert.match(challenge, /\(≥ 99 %\)/);
      assert.match(challenge, /\(< 15\.0 s\)/);
    });
  });

  test('challenge files that are not right are refused with a reason, and nothing changes', async () => {
    const files = [
      ['notjson.json', 'hello', /not a Server Lab challenge file/],
      ['result.json', JSON.stringify({ kind: 'server-lab-result', version: 1 }), /not a Server Lab challenge file/],
      ['newer.json', JSON.stringify({ kind: 'server-lab-challenge', version: 2, chapter: 'why', seed: 7, goal: '99,15,0,3' }), /another version/],
      ['chapter.json', JSON.stringify({ kind: 'server-lab-challenge', version: 1, chapter: 'fleets', seed: 7, goal: '1,3' }), /no challenge yet/],
      // Chapter 4 has a challenge now (two figures and a hold), so its file is read, and its figures checked.
      ['network.json', JSON.stringify({ kind: 'server-lab-challenge', version: 1, chapter: 'network', seed: 7, goal: '1,3' }), /number of figures does not fit/],
      ['figures.json', JSON.stringify({ kind: 'server-lab-challenge', version: 1, chapter: 'why', seed: 7, goal: '1,2' }), /number of figures does not fit/],
      ['hold.json', JSON.stringify({ kind: 'server-lab-challenge', version: 1, chapter: 'why', seed: 7, goal: '99,15,0,0' }), /whole number/],
    ].map(([name, body, why]) => {
      const file = path.join(scratch, name);
      writeFileSync(file, body);
      return [file, why];
    });
    await withPage(env.browser, { locale: 'en-US' }, async (page) => {
      await openProgress(page, env.srv);
      const before = await savedProgress(page);
      for (const [file, why] of files) {
        await byTestId(page, 'challenge-file').setInputFiles(file);
        assert.match(await textOnce(page, 'challenge-error'), why, file);
        assert.equal(await byTestId(page, 'challenge-link').isVisible(), false, file);
      }
      assert.deepEqual(await savedProgress(page), before);
      await checkA11y(page, 'progress page with a refused challenge file');
    });
    await withPage(env.browser, { locale: 'ko-KR' }, async (page) => {
      await open(page, env.srv, '/progress');
      await byTestId(page, 'challenge-file').setInputFiles(files[0][0]);
      assert.match(await textOnce(page, 'challenge-error'), /도전 과제 파일이 아니에요/);
    });
  });
});
