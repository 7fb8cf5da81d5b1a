// The glossary (`#/glossary`): opened by a deep link in Korean and in English, it lists every
// term of content/glossary.json with both languages side by side (each cell marked with its
// language), passes axe, and each term's chapter link opens that chapter in the same document,
// by mouse or keyboard. A file that cannot be read says so, and retry loads it.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { withPage, checkA11y } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import { repoRoot } from './support/site.mjs';
import { byTestId, open, markDocument, assertSameDocument, tabTo, focusedMatches } from './support/app.mjs';

const env = useSiteAndBrowser();

const GLOSSARY = JSON.parse(readFileSync(path.join(repoRoot, 'content', 'glossary.json'), 'utf8'));
const HYPERVISOR = GLOSSARY.terms.find((t) => t.id === 'hypervisor');
const HEADING = { ko: '용어집', en: 'Glossary' };

/** Open `#/glossary` and wait for its table. */
async function openGlossary(page) {
  await open(page, env.srv, '/glossary');
  await byTestId(page, 'glossary-table').waitFor();
}

for (const [lang, locale] of [
  ['ko', 'ko-KR'],
  ['en', 'en-US'],
]) {
  const other = lang === 'ko' ? 'en' : 'ko';
  describe(`glossary (${lang})`, () => {
    test('a deep link shows every term in both languages and passes axe', async () => {
      await withPage(env.browser, { locale, reducedMotion: 'reduce' }, async (page) => {
        await openGlossary(page);
        assert.equal((await page.locator('main h1').textContent()).trim(), HEADING[lang]);
        assert.match(await page.title(), new RegExp(`^${HEADING[lang]} · `));
        assert.equal(await byTestId(page, 'glossary-link').getAttribute('aria-current'), 'page');

        const rows = page.locator('[data-testid="glossary-table"] tbody tr');
        assert.equal(await rows.count(), GLOSSARY.terms.length, 'one row per term');
        const headers = await page.locator('[data-testid="glossary-table"] thead th').evaluateAll((ths) =>
          ths.map((th) => th.getAttribute('lang')),
        );
        assert.deepEqual(headers, [lang, other, null], "the learner's language first");

        const row = page.locator(`tr[data-term="${HYPERVISOR.id}"]`);
        assert.equal(await row.locator(`th[scope="row"][lang="${lang}"] dfn`).textContent(), HYPERVISOR[lang].term);
        assert.equal(await row.locator(`td[lang="${other}"] dfn`).textContent(), HYPERVISOR[other].term);
        assert.equal(await row.locator(`td[lang="${other}"] .definition`).textContent(), HYPERVISOR[other].definition);
        assert.equal(await row.locator('a').getAttribute('href'), `#/${HYPERVISOR.chapter}`);

        // Sorted by the learner's language.
        const terms = await rows.locator('th dfn').allTextContents();
        const sorted = [...terms].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
        assert.deepEqual(terms, sorted);

        await checkA11y(page, `glossary (${lang})`);
      });
    });
  });
}

describe('a glossary that cannot be read', () => {
  test('a malformed file shows a message in the learner\'s language, and retry loads the real one', async () => {
    await withPage(env.browser, { locale: 'ko-KR', reducedMotion: 'reduce' }, async (page) => {
      const damaged = (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"terms": 3}' });
      await page.route('**/content/glossary.json', damaged);
      await open(page, env.srv, '/glossary');
      const failed = byTestId(page, 'glossary-failed');
      await failed.waitFor();
      assert.equal(await failed.getAttribute('role'), 'alert');
      assert.match(await failed.textContent(), /용어집을 불러오지 못했어요/);
      await checkA11y(page, 'glossary failed (ko)');

      await page.unroute('**/content/glossary.json', damaged);
      await failed.getByRole('button').click();
      await byTestId(page, 'glossary-table').waitFor();
      assert.equal(await failed.count(), 0);
    });
  });
});

describe('glossary links', () => {
  test("a term's chapter link opens that chapter without reloading the page", async () => {
    await withPage(env.browser, { locale: 'ko-KR', reducedMotion: 'reduce' }, async (page) => {
      await openGlossary(page);
      await markDocument(page);
      await page.locator(`tr[data-term="${HYPERVISOR.id}"] a`).click();
      await page.locator(`main article[data-chapter="${HYPERVISOR.chapter}"]`).waitFor();
      assert.equal(await page.evaluate(() => location.hash), `#/${HYPERVISOR.chapter}`);
      await assertSameDocument(page, 'glossary -> chapter');

      await page.goBack();
      await byTestId(page, 'glossary-table').waitFor();
      await assertSameDocument(page, 'back to the glossary');
    });
  });

  test('the glossary and its chapter links are reachable by keyboard alone', async () => {
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await open(page, env.srv, '/');
      await markDocument(page);
      await tabTo(page, '[data-testid="glossary-link"]');
      await page.keyboard.press('Enter');
      await byTestId(page, 'glossary-table').waitFor();

      await tabTo(page, '[data-testid="glossary-table"] tbody tr:first-child a');
      const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
      await page.keyboard.press('Enter');
      await page.locator(`main article[data-chapter="${href.slice(2)}"]`).waitFor();
      assert.ok(!(await focusedMatches(page, '[data-testid="glossary-table"] a')), 'focus left the glossary');
      await assertSameDocument(page, 'keyboard: home -> glossary -> chapter');
    });
  });
});
