// The classroom tools page (tools.html): progress by chapter, export to a file and import it
// back in a fresh browser, refusal of a file of the wrong shape, reset with confirmation.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { withPage, checkA11y } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import { PROGRESS_KEY, byTestId, savedProgress, open, tocSolvedStar } from './support/app.mjs';

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

/** Opens the tools page with `progress` saved, and waits for the table and the quiz scores. */
async function openTools(page, progress, hash = '#/progress') {
  await page.goto(env.srv.url);
  if (progress) await page.evaluate(([k, v]) => localStorage.setItem(k, v), [PROGRESS_KEY, JSON.stringify(progress)]);
  await page.goto(`${env.srv.url}tools.html${hash}`);
  await byTestId(page, 'progress-table').waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="quiz-score"]')].every((c) => c.textContent.trim()));
}

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
        await checkA11y(page, `tools ${locale} ${colorScheme}`);
      });
    }
  });

  test('the course links to the progress page', async () => {
    await withPage(env.browser, { locale: 'en-US' }, async (page) => {
      await open(page, env.srv, '/');
      await byTestId(page, 'progress-link').click();
      await byTestId(page, 'progress-table').waitFor();
      assert.match(page.url(), /tools\.html#\/progress$/);
    });
  });
});
