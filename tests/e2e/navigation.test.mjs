// Getting around: home, contents, pager, the progress page, deep links, reloads, bad addresses,
// language and theme. Every chapter and the progress page are routes of one page (index.html):
// moving between them never reloads it.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { withPage } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import {
  CHAPTERS,
  TEXT,
  chapterHref,
  byTestId,
  open,
  openChapter,
  markDocument,
  assertSameDocument,
  waitForApp,
  waitForProgressPage,
  waitForProse,
  numberIn,
  stepSeconds,
} from './support/app.mjs';

const env = useSiteAndBrowser();

const KO = { locale: 'ko-KR' };
const EN = { locale: 'en-US' };

const h1 = (page) => page.locator('main h1');

/** Waits until the page's heading reads `text` (a route change renders a moment after it). */
async function expectHeading(page, text) {
  await page.waitForFunction((want) => document.querySelector('main h1')?.textContent.trim() === want, text);
  assert.equal((await h1(page).textContent()).trim(), text);
}
const tocLinks = (page) => page.locator('nav.toc .toc-list a');
const htmlAttr = (page, name) => page.evaluate((n) => document.documentElement.getAttribute(n), name);
const hash = (page) => page.evaluate(() => location.hash);

/** The contents lists every chapter, in order, under its heading, each a plain fragment. */
async function assertContents(page, lang = 'ko') {
  assert.equal((await page.locator('#toc-title').textContent()).trim(), TEXT[lang].contents);
  const hrefs = await tocLinks(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, CHAPTERS.map(chapterHref));
}

async function assertChapterOne(page, lang = 'ko') {
  await expectHeading(page, TEXT[lang].servers);
  await byTestId(page, 'interactive').waitFor();
  assert.equal(await byTestId(page, 'not-found').count(), 0);
}

async function assertNotFound(page, lang = 'ko') {
  await byTestId(page, 'not-found').waitFor();
  await expectHeading(page, TEXT[lang].notFound);
  await assertContents(page, lang);
  assert.equal(await byTestId(page, 'interactive').count(), 0);
}

describe('routes', () => {
  test('home shows the course and the contents', async () => {
    await withPage(env.browser, KO, async (page) => {
      await open(page, env.srv, '/');
      await expectHeading(page, TEXT.ko.home);
      assert.equal(await page.locator('main .cards li.card').count(), CHAPTERS.length);
      const cards = await page.locator('main .cards li.card a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(cards, CHAPTERS.map(chapterHref), 'home cards link by plain fragments');
      await assertContents(page);
      assert.equal(await page.title(), TEXT.ko.home);
      // No chapter is current on the home page.
      assert.equal(await page.locator('nav.toc a[aria-current="page"]').count(), 0);
    });
  });

  test('the contents link opens chapter 1, marks it current and moves focus to the content', async () => {
    await withPage(env.browser, KO, async (page) => {
      await open(page, env.srv, '/');
      await page.locator('nav[aria-labelledby="toc-title"]').getByRole('link', { name: /^1\s*서버$/ }).click();
      await page.waitForFunction(() => location.hash === '#/servers');
      await assertChapterOne(page);
      assert.equal(await page.locator('nav.toc a[aria-current="page"]').getAttribute('href'), '#/servers');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
      assert.match(await page.title(), /^서버 · 서버 환경 실험실$/);
    });
  });

  test('the header links to the progress page, a route of the same page', async () => {
    await withPage(env.browser, { ...KO, reducedMotion: 'reduce' }, async (page) => {
      await openChapter(page, env.srv, 'containers');
      await markDocument(page);
      const link = byTestId(page, 'progress-link');
      assert.equal(await link.getAttribute('href'), '#/progress');
      assert.equal(await link.getAttribute('aria-current'), null, 'not current on a chapter');
      await link.click();
      await page.waitForFunction(() => location.hash === '#/progress');
      await waitForProgressPage(page);
      await expectHeading(page, '학습 기록');
      assert.equal(await link.getAttribute('aria-current'), 'page');
      assert.equal(await page.locator('nav.toc a[aria-current="page"]').count(), 0, 'no chapter is current');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
      assert.equal(await page.title(), '학습 기록 · 서버 환경 실험실');
      // The chapters it lists are plain fragments too; one leads back into the course.
      const rows = await page.locator('[data-testid="progress-table"] th[scope="row"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(rows.length > 0 && rows.every((h) => /^#\/[a-z-]+$/.test(h)), JSON.stringify(rows));
      await page.locator('[data-testid="progress-table"] a[href="#/servers"]').click();
      await page.waitForFunction(() => location.hash === '#/servers');
      await assertChapterOne(page);
      assert.equal(await link.getAttribute('aria-current'), null, 'not current once left');
      assert.match(await page.title(), /^서버 · 서버 환경 실험실$/);
      await assertSameDocument(page, 'chapter 3 -> progress -> chapter 1');
    });
  });

  // Paused (reduced motion) so this test is about the pager; leaving a chapter whose
  // simulation is playing has its own test below.
  test('the pager moves to the next and previous chapters', async () => {
    await withPage(env.browser, { ...KO, reducedMotion: 'reduce' }, async (page) => {
      await openChapter(page, env.srv, 'why');
      await markDocument(page);
      const pathname = await page.evaluate(() => location.pathname);
      assert.equal(await page.locator('nav.pager a.prev').count(), 0, 'chapter 0 has no previous chapter');
      assert.equal(await page.locator('nav.pager a.next').getAttribute('href'), '#/servers');
      await page.locator('nav.pager a.next').click();
      await page.waitForFunction(() => location.hash === '#/servers');
      await assertChapterOne(page);
      await waitForProse(page);

      // Chapter 2, the placement lab, is a route of the same page, and its pager leads back.
      assert.equal(await page.locator('nav.pager a.next').getAttribute('href'), '#/virtual-machines');
      await page.locator('nav.pager a.next').click();
      await page.waitForFunction(() => location.hash === '#/virtual-machines');
      await expectHeading(page, '가상 머신');
      await byTestId(page, 'shelf').waitFor();
      assert.equal(await page.evaluate(() => location.pathname), pathname, 'still the same page');
      assert.equal(await page.locator('nav.pager a.prev').getAttribute('href'), '#/servers');

      await page.locator('nav.pager a.prev').click();
      await page.waitForFunction(() => location.hash === '#/servers');
      await assertChapterOne(page);
      assert.equal(await page.evaluate(() => location.pathname), pathname, 'still the same page');
      await page.locator('nav.pager a.prev').click();
      await page.waitForFunction(() => location.hash === '#/why');
      await expectHeading(page, TEXT.ko.why);
      await assertSameDocument(page, 'after the pager went 0 -> 1 -> 2 -> 1 -> 0');
    });
  });

  // Regression: the pending animation frame must be cancelled before its closure is dropped.
  test(
    'leaving a chapter while its simulation plays raises no error',
    async () => {
      await withPage(env.browser, KO, async (page) => {
        await openChapter(page, env.srv, 'why');
        assert.equal(await byTestId(page, 'play').getAttribute('aria-pressed'), 'true', 'playing at 1x');
        await page.locator('nav.pager a.next').click();
        await page.waitForFunction(() => location.hash === '#/servers');
        await assertChapterOne(page);
        // And from chapter 1 (also playing) back home by the site name.
        await page.locator('header a.brand').click();
        await page.waitForFunction(() => location.hash === '#/');
        await page.locator('main .cards').waitFor();
        await page.waitForTimeout(200);
      });
    },
  );

  test('a deep link opens chapter 1 directly and survives a reload', async () => {
    await withPage(env.browser, KO, async (page) => {
      await openChapter(page, env.srv, 'servers');
      await assertChapterOne(page);
      await page.reload();
      await waitForApp(page);
      await waitForProse(page);
      assert.equal(await hash(page), '#/servers');
      await assertChapterOne(page);
    });
  });

  test('an unknown route shows not-found with the contents still there', async () => {
    await withPage(env.browser, KO, async (page) => {
      await open(page, env.srv, '/nope');
      await assertNotFound(page);
      // The way out works.
      await page.locator('[data-testid="not-found"] a[href="#/"]').click();
      await page.waitForFunction(() => location.hash === '#/');
      await expectHeading(page, TEXT.ko.home);
    });
  });

  test('a malformed seed shows not-found', async () => {
    await withPage(env.browser, KO, async (page) => {
      await open(page, env.srv, '/servers?seed=x');
      await assertNotFound(page);
    });
  });

  test('a chapter not written yet shows a "coming soon" page', async () => {
    await withPage(env.browser, KO, async (page) => {
      await open(page, env.srv, '/fleets');
      await page.locator('main article.chapter.coming').waitFor();
      await expectHeading(page, '도커, 쿠버네티스, GKE');
      assert.equal((await page.locator('main .eyebrow').textContent()).trim(), '8장');
      assert.ok((await page.locator('main p.note').textContent()).trim().length > 0);
      assert.equal(await byTestId(page, 'interactive').count(), 0);
      assert.equal(await byTestId(page, 'not-found').count(), 0);
      assert.equal(await page.locator('nav.toc a[aria-current="page"]').getAttribute('href'), '#/fleets');
      // Its pager links back to chapter 7; it is the last chapter.
      assert.equal(await page.locator('nav.pager a.prev').getAttribute('href'), '#/ssh');
      assert.equal(await page.locator('nav.pager a.next').count(), 0);
    });
  });

  test('a seed in the link is used: same seed, same run; another seed, another run', async () => {
    const createdAfter3s = async (query) => {
      let created;
      await withPage(env.browser, { ...KO, reducedMotion: 'reduce' }, async (page) => {
        await openChapter(page, env.srv, 'servers', query);
        await assertChapterOne(page);
        await stepSeconds(page, 3);
        created = await numberIn(byTestId(page, 'created'));
      });
      return created;
    };
    const seven = await createdAfter3s('?seed=7');
    assert.equal(await createdAfter3s('?seed=7'), seven, 'seed 7 twice gives the same run');
    assert.notEqual(await createdAfter3s(''), seven, 'the default seed gives another run');
  });
});

describe('language', () => {
  test('the toggle switches to English, and the choice survives a reload', async () => {
    await withPage(env.browser, KO, async (page) => {
      await openChapter(page, env.srv, 'servers');
      assert.equal(await htmlAttr(page, 'lang'), 'ko');
      const koQuestion = (await byTestId(page, 'quiz-question').first().locator('legend').textContent()).trim();

      const toggle = byTestId(page, 'lang-toggle');
      assert.equal((await toggle.textContent()).trim(), 'English');
      assert.equal(await toggle.getAttribute('lang'), 'en');
      await toggle.click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await expectHeading(page, TEXT.en.servers);
      assert.equal((await page.locator('#toc-title').textContent()).trim(), TEXT.en.contents);
      assert.equal((await toggle.textContent()).trim(), '한국어');
      // The prose is fetched again in English.
      await page.waitForFunction(
        (ko) => {
          const legend = document.querySelector('[data-testid="quiz-question"] legend');
          return legend && legend.textContent.trim() !== ko && /^1\. [A-Z]/.test(legend.textContent.trim());
        },
        koQuestion,
      );

      await page.reload();
      await waitForApp(page);
      assert.equal(await htmlAttr(page, 'lang'), 'en');
      await expectHeading(page, TEXT.en.servers);
      await waitForProse(page);
      assert.match((await byTestId(page, 'quiz-question').first().locator('legend').textContent()).trim(), /^1\. [A-Z]/);
    });
  });

  test('the lab numbers its steps to try, in the learner\'s language; a lone step is not numbered', async () => {
    await withPage(env.browser, KO, async (page) => {
      await openChapter(page, env.srv, 'clusters');
      const list = page.locator('.try-steps');
      const steps = list.locator('li');
      const texts = async () => (await steps.allTextContents()).map((t) => t.trim());
      const ko = await texts();
      assert.ok(ko.length >= 3 && ko.every((t) => /[가-힣]/.test(t)), JSON.stringify(ko));
      const listStyle = () => list.evaluate((ol) => getComputedStyle(ol).listStyleType);
      assert.equal(await listStyle(), 'decimal');

      await byTestId(page, 'lang-toggle').click();
      await page.waitForFunction(() =>
        /^Press Play/.test(document.querySelector('.try-steps li')?.textContent ?? ''),
      );
      const en = await texts();
      assert.equal(en.length, ko.length, 'the same steps in both languages');
      assert.ok(en.every((t) => !/[가-힣]/.test(t)), JSON.stringify(en));

      await openChapter(page, env.srv, 'why');
      assert.equal(await steps.count(), 1);
      assert.equal(await listStyle(), 'none');
    });
  });

  // Regression: a late answer for the language the learner left must not replace the new one.
  test(
    'switching language while the prose is loading shows the prose in the new language',
    async () => {
      await withPage(env.browser, KO, async (page) => {
        // A slow network for the Korean text only.
        await page.route('**/content/servers.ko.json', async (route) => {
          await new Promise((r) => setTimeout(r, 1500));
          await route.continue();
        });
        await open(page, env.srv, '/servers');
        await byTestId(page, 'lang-toggle').click();
        await page.waitForFunction(() => document.documentElement.lang === 'en');
        await waitForProse(page);
        await page.waitForTimeout(2000); // the Korean answer arrives meanwhile
        const legend = (await byTestId(page, 'quiz-question').first().locator('legend').textContent()).trim();
        assert.match(legend, /^1\. [A-Z]/, `quiz question in English, got ${JSON.stringify(legend)}`);
        assert.match(await page.locator('#challenge-title-1').textContent(), /^Challenge: [A-Z]/);
      });
    },
  );

  test('a browser set to en-US starts in English', async () => {
    await withPage(env.browser, EN, async (page) => {
      await open(page, env.srv, '/');
      assert.equal(await htmlAttr(page, 'lang'), 'en');
      await expectHeading(page, TEXT.en.home);
      await assertContents(page, 'en');
    });
  });

  test('a browser set to ko-KR starts in Korean', async () => {
    await withPage(env.browser, KO, async (page) => {
      await open(page, env.srv, '/');
      assert.equal(await htmlAttr(page, 'lang'), 'ko');
      await expectHeading(page, TEXT.ko.home);
      await assertContents(page, 'ko');
    });
  });
});

describe('theme', () => {
  test('the toggle flips light to dark, and the choice survives a reload', async () => {
    await withPage(env.browser, { ...KO, colorScheme: 'light' }, async (page) => {
      await open(page, env.srv, '/');
      const toggle = byTestId(page, 'theme-toggle');
      assert.equal(await htmlAttr(page, 'data-theme'), 'light');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

      await toggle.click();
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.notEqual(darkBg, lightBg, 'the page colours change with the theme');

      await page.reload();
      await waitForApp(page);
      assert.equal(await htmlAttr(page, 'data-theme'), 'dark');
      assert.equal(await byTestId(page, 'theme-toggle').getAttribute('aria-pressed'), 'true');

      await byTestId(page, 'theme-toggle').click();
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    });
  });

  test('a browser that prefers dark starts dark', async () => {
    await withPage(env.browser, { ...KO, colorScheme: 'dark' }, async (page) => {
      await open(page, env.srv, '/');
      assert.equal(await htmlAttr(page, 'data-theme'), 'dark');
      assert.equal(await byTestId(page, 'theme-toggle').getAttribute('aria-pressed'), 'true');
    });
  });
});
