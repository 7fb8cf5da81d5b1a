// Hosting and classroom use: any GitHub Pages sub-path with deep-link reloads, one page and one
// wasm for the whole course (moving between chapters never reloads), offline after one visit
// (service worker), a new deploy offered as a reload, and the single-file bundle opened from
// file:// with no server at all.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { launch, withPage } from './support/browser.mjs';
import { distDir, repoRoot, startSite } from './support/site.mjs';
import {
  byTestId,
  CHAPTERS,
  chapterHref,
  open,
  openChapter,
  solveWhyByStepping,
  waitForApp,
  waitForProse,
  waitForProgressPage,
  markDocument,
  assertSameDocument,
  wasmLoaded,
  WHY_CHALLENGE_ID,
  savedProgress,
} from './support/app.mjs';

const bundleFile = process.env.BUNDLE_FILE ?? path.join(repoRoot, 'dist-bundle', 'server-lab.html');
const PAUSED_KO = { locale: 'ko-KR', reducedMotion: 'reduce' };

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Waits until the service worker controls the page (it claims clients on activation). */
async function waitForServiceWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 20_000 });
}

describe('GitHub Pages sub-path', () => {
  test('a deep link under another sub-path loads and survives a reload', async () => {
    const srv = await startSite({ base: '/some-other-repo/' });
    try {
      await withPage(browser, PAUSED_KO, async (page) => {
        await openChapter(page, srv, 'servers');
        await page.reload();
        await byTestId(page, 'interactive').waitFor();
        assert.match(page.url(), /\/some-other-repo\/#\/servers$/);
        assert.ok(srv.requests.every((r) => r.path.startsWith('/some-other-repo/')), 'every asset under the sub-path');
        assert.ok(srv.requests.every((r) => r.status < 400), 'no asset missing');
      });
    } finally {
      await srv.close();
    }
  });
});

/** Waits for chapter `slug` of the placement lab (chapters 2-3): its shelf and its prose. */
async function waitForLabChapter(page, slug) {
  await page.locator(`main article[data-chapter="${slug}"]`).waitFor();
  await byTestId(page, 'shelf').waitFor();
  await waitForProse(page);
}

/** Waits for a chapter with a simulation (0 or 1): its interactive part and its prose. */
async function waitForChapter(page, slug) {
  await page.locator(`main article[data-chapter="${slug}"]`).waitFor();
  await byTestId(page, 'interactive').waitFor();
  await waitForProse(page);
}

/** The teacher's figures for chapter 3: all 7 running, the three zeros, redeploy < 20 s, held 30 s. */
const CONTAINERS_GOAL = '7,0,0,0,20,30';

describe('GitHub Pages sub-path: one page for the whole course', () => {
  let srv;
  before(async () => {
    srv = await startSite({ base: '/some-other-repo/' });
  });
  after(async () => {
    await srv?.close();
  });

  test('a deep link to #/containers loads the placement lab and survives a reload', async () => {
    await withPage(browser, PAUSED_KO, async (page) => {
      await page.goto(`${srv.url}#/containers`);
      await waitForApp(page);
      await waitForLabChapter(page, 'containers');
      await page.reload();
      await waitForApp(page);
      await waitForLabChapter(page, 'containers');
      assert.match(page.url(), /\/some-other-repo\/#\/containers$/);
      const wasm = await wasmLoaded(page);
      assert.equal(wasm.length, 1, `one wasm: ${wasm}`);
      assert.ok(!wasm[0].includes('teacher'), `the learner's wasm, not the teacher's: ${wasm}`);
      assert.ok(srv.requests.every((r) => r.path.startsWith('/some-other-repo/')), 'every asset under the sub-path');
      assert.ok(srv.requests.every((r) => r.status < 400), 'no asset missing');
      assert.ok(!srv.requests.some((r) => /teacher/.test(r.path)), "no learner's page asks for the teacher's files");
    });
  });

  test('one wasm: chapters 1 -> 2 -> 3 -> progress -> 0 load nothing more and never reload', async () => {
    await withPage(browser, PAUSED_KO, async (page) => {
      await openChapter(page, srv, 'servers');
      await markDocument(page);
      assert.equal((await wasmLoaded(page)).length, 1);
      // What the page itself fetched (the service worker's precaching runs beside it).
      const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      const before = await fetched();

      // The contents lead to chapter 2 by a plain fragment.
      const toChapter2 = page.locator('nav[aria-labelledby="toc-title"]').getByRole('link', { name: /^2\s*가상 머신$/ });
      assert.equal(await toChapter2.getAttribute('href'), '#/virtual-machines');
      await toChapter2.click();
      await page.waitForURL(/\/some-other-repo\/#\/virtual-machines$/);
      await waitForLabChapter(page, 'virtual-machines');
      const hrefs = await page.locator('nav.toc .toc-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(hrefs, CHAPTERS.map(chapterHref));
      assert.equal(await page.locator('nav.toc a[aria-current="page"]').getAttribute('href'), '#/virtual-machines');

      // The pager on to chapter 3, the header to the progress page, the contents to chapter 0.
      assert.equal(await page.locator('nav.pager a.next').getAttribute('href'), '#/containers');
      await page.locator('nav.pager a.next').click();
      await page.waitForURL(/\/some-other-repo\/#\/containers$/);
      await waitForLabChapter(page, 'containers');
      await byTestId(page, 'progress-link').click();
      await page.waitForURL(/\/some-other-repo\/#\/progress$/);
      await waitForProgressPage(page);
      await page.locator('nav.toc a[href="#/why"]').click();
      await page.waitForURL(/\/some-other-repo\/#\/why$/);
      await waitForChapter(page, 'why');

      await assertSameDocument(page, '1 -> 2 -> 3 -> progress -> 0');
      const later = (await fetched()).slice(before.length);
      assert.deepEqual(later.filter((p) => /\.(wasm|js|html)$|\/$/.test(p)), [], `no page, script or wasm fetched again: ${later}`);
      assert.ok(srv.requests.every((r) => r.status < 400), 'no asset missing');
    });
  });

  test('the pager leads from chapter 2 back to chapter 1 within the page', async () => {
    await withPage(browser, PAUSED_KO, async (page) => {
      await page.goto(`${srv.url}#/virtual-machines`);
      await waitForApp(page);
      await waitForLabChapter(page, 'virtual-machines');
      await markDocument(page);
      const back = page.locator('nav.pager a.prev');
      assert.equal(await back.getAttribute('href'), '#/servers');
      await back.click();
      await page.waitForURL(/\/some-other-repo\/#\/servers$/);
      await waitForChapter(page, 'servers');
      assert.equal(await page.locator('nav.toc a[aria-current="page"]').getAttribute('href'), '#/servers');
      await assertSameDocument(page, '2 -> 1');
    });
  });

  test("a deep link with a teacher's figures opens chapter 3 directly with the teacher's note", async () => {
    await withPage(browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      const url = `${srv.url}index.html#/containers?seed=7&goal=${CONTAINERS_GOAL}`;
      await page.goto(url);
      await waitForApp(page);
      await waitForLabChapter(page, 'containers');
      assert.equal(page.url(), url, 'no redirect');
      assert.match(await byTestId(page, 'teacher-note').textContent(), /A teacher set this challenge's figures/);
      assert.match(await byTestId(page, 'challenge').textContent(), /20\.0 s/);
      // And the same with a plain fragment, from another route of the running page.
      await markDocument(page);
      await page.locator('nav.toc a[href="#/servers"]').click();
      await waitForChapter(page, 'servers');
      assert.equal(await byTestId(page, 'teacher-note').count(), 0, "chapter 1 has no teacher's figures");
      await page.evaluate((g) => {
        location.hash = `#/virtual-machines?seed=3&goal=${g}`;
      }, '7,0,0,45');
      await waitForLabChapter(page, 'virtual-machines');
      assert.match(await byTestId(page, 'teacher-note').textContent(), /A teacher set this challenge's figures/);
      await assertSameDocument(page, "3 (teacher's) -> 1 -> 2 (teacher's)");
    });
  });
});

describe('offline', () => {
  test('after one visit every chapter and the progress page work with the server stopped', async () => {
    let srv = await startSite();
    const port = srv.port;
    try {
      await withPage(browser, PAUSED_KO, async (page) => {
        await open(page, srv, '/');
        await waitForServiceWorker(page);
        // The learner's files are precached; the teacher's page and its wasm are not.
        const cached = await page.evaluate(async () => {
          const names = [];
          for (const key of await caches.keys()) {
            for (const req of await (await caches.open(key)).keys()) names.push(new URL(req.url).pathname.split('/').pop());
          }
          return names;
        });
        assert.ok(cached.some((f) => /^server-lab-[0-9a-f]+_bg\.wasm$/.test(f)), `the learner's wasm is precached: ${cached}`);
        assert.ok(cached.includes('containers.ko.json') && cached.includes('virtual-machines.en.json'), `every chapter's prose: ${cached}`);
        assert.deepEqual(cached.filter((f) => /teacher/.test(f)), [], "the teacher's files are not precached");

        await srv.close();
        srv = null;
        await page.reload();
        await page.locator('nav.toc .toc-list a').first().waitFor();
        await page.goto(`http://127.0.0.1:${port}/server-lab/#/why`);
        await byTestId(page, 'quiz-question').first().waitFor();
        await markDocument(page);
        await solveWhyByStepping(page);
        await page.locator('nav.pager a.next').click();
        await page.locator('main article[data-chapter="servers"]').waitFor();
        await byTestId(page, 'quiz-question').first().waitFor();
        await byTestId(page, 'step-second').click();
        await page.waitForFunction(() => document.querySelector('[data-testid="sim-time"]').textContent.startsWith('1.00'));
        assert.ok((await savedProgress(page)).solved.includes(WHY_CHALLENGE_ID));
        // Chapters 2 and 3, never opened online: precached all the same.
        await page.locator('nav.pager a.next').click();
        await page.waitForFunction(() => location.hash === '#/virtual-machines');
        await waitForLabChapter(page, 'virtual-machines');
        await page.locator('nav.pager a.next').click();
        await page.waitForFunction(() => location.hash === '#/containers');
        await waitForLabChapter(page, 'containers');
        // The progress page, with every chapter's quiz score (all the prose, in the cache).
        await byTestId(page, 'progress-link').click();
        await page.waitForFunction(() => location.hash === '#/progress');
        await waitForProgressPage(page);
        assert.match(await page.locator('tr[data-chapter="why"]').textContent(), /✔ 예.*✔ 예/s, 'chapter 0 read and solved');
        // Every other chapter, from the contents (those not written yet show "coming").
        for (const slug of CHAPTERS) {
          await page.locator(`nav.toc a[href="#/${slug}"]`).click();
          await page.waitForFunction((s) => location.hash === `#/${s}`, slug);
          const article = page.locator(`main article[data-chapter="${slug}"]`);
          await article.waitFor();
          if (await article.evaluate((a) => a.classList.contains('coming'))) continue;
          await waitForProse(page);
        }
        await assertSameDocument(page, 'offline, every route');
        // A reload offline, on chapter 3 and on the progress page.
        await page.goto(`http://127.0.0.1:${port}/server-lab/#/containers`);
        await page.reload();
        await waitForApp(page);
        await waitForLabChapter(page, 'containers');
        await page.goto(`http://127.0.0.1:${port}/server-lab/#/progress`);
        await page.reload();
        await waitForApp(page);
        await waitForProgressPage(page);
        // And back to chapter 1 by the table's link.
        await page.locator('[data-testid="progress-table"] a[href="#/servers"]').click();
        await page.locator('main article[data-chapter="servers"]').waitFor();
        await waitForProse(page);
      });
    } finally {
      await srv?.close();
    }
  });

  test('a new deploy is offered as a reload, and taking it loads the new version', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'server-lab-deploy-'));
    cpSync(distDir, root, { recursive: true });
    const srv = await startSite({ root });
    try {
      await withPage(browser, PAUSED_KO, async (page) => {
        await open(page, srv, '/');
        await waitForServiceWorker(page);
        const swPath = path.join(root, 'sw.js');
        writeFileSync(swPath, readFileSync(swPath, 'utf8').replace(/(VERSION\s*=\s*["'])([^"']+)/, '$1$2-next'));
        await page.reload();
        const banner = page.locator('#update-banner');
        await banner.waitFor({ timeout: 20_000 });
        assert.match(await banner.textContent(), /새 버전/);
        await Promise.all([page.waitForEvent('load'), banner.getByRole('button').click()]);
        await page.waitForFunction(async () => (await caches.keys()).some((k) => k.endsWith('-next')));
        assert.equal(await page.locator('#update-banner').count(), 0);
      });
    } finally {
      await srv.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('single-file classroom bundle', () => {
  /** Every chapter link in the bundle is a plain fragment: every page is this one document. */
  async function assertPlainLinks(page) {
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-single-file')), true);
    const hrefs = await page.locator('nav.toc .toc-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, CHAPTERS.map((slug) => `#/${slug}`));
  }

  test('opens from file:// and a challenge can be solved', async () => {
    assert.ok(existsSync(bundleFile), `${bundleFile} is missing: run node scripts/bundle.mjs after a release build`);
    await withPage(browser, PAUSED_KO, async (page) => {
      await page.goto(`${pathToFileURL(bundleFile).href}#/why`);
      await byTestId(page, 'quiz-question').first().waitFor();
      await assertPlainLinks(page);
      await solveWhyByStepping(page);
      await page.locator('nav.toc a[href="#/servers"]').click();
      await page.locator('main article[data-chapter="servers"]').waitFor();
      await byTestId(page, 'quiz-question').first().waitFor();
      assert.equal(await page.evaluate(() => location.protocol), 'file:');
    });
  });

  test('runs chapter 3 (the placement lab) and the progress page from file:// and goes back to chapter 1', async () => {
    assert.ok(existsSync(bundleFile), `${bundleFile} is missing: run node scripts/bundle.mjs after a release build`);
    await withPage(browser, PAUSED_KO, async (page) => {
      await page.goto(pathToFileURL(bundleFile).href);
      await waitForApp(page);
      await page.locator('main .cards').waitFor();
      await markDocument(page);
      await page.locator('nav.toc a[href="#/why"]').click();
      await page.locator('main article[data-chapter="why"]').waitFor();
      await waitForProse(page);

      await page.locator('nav.toc a[href="#/containers"]').click();
      await waitForLabChapter(page, 'containers');
      await assertPlainLinks(page);
      assert.equal(await page.locator('nav.pager a.prev').getAttribute('href'), '#/virtual-machines');
      assert.equal(await page.locator('nav.pager a.next').getAttribute('href'), '#/network');
      await page.locator('nav.pager a.prev').click();
      await waitForLabChapter(page, 'virtual-machines');

      await page.locator('nav.pager a.prev').click();
      await page.locator('main article[data-chapter="servers"]').waitFor();
      await byTestId(page, 'interactive').waitFor();
      await waitForProse(page);
      assert.equal(await page.evaluate(() => location.hash), '#/servers');

      // The progress page is in the bundle too, with every chapter's quiz score.
      assert.equal(await byTestId(page, 'progress-link').getAttribute('href'), '#/progress');
      await byTestId(page, 'progress-link').click();
      await waitForProgressPage(page);
      assert.equal(await page.evaluate(() => location.hash), '#/progress');
      assert.equal(await page.evaluate(() => location.protocol), 'file:');
      assert.equal(await page.evaluate(() => window.__e2eMarker), 1, 'never reloaded');
      const visited = (await savedProgress(page)).visited;
      for (const slug of ['why', 'containers', 'virtual-machines', 'servers']) assert.ok(visited.includes(slug), `${slug} visited`);
      for (const slug of ['why', 'servers', 'virtual-machines', 'containers']) {
        assert.match(await page.locator(`tr[data-chapter="${slug}"] td`).first().textContent(), /예/, `${slug} read`);
      }
    });
  });

  test('a link straight to chapter 2 with a seed opens it from file://', async () => {
    await withPage(browser, PAUSED_KO, async (page) => {
      await page.goto(`${pathToFileURL(bundleFile).href}#/virtual-machines?seed=7`);
      await waitForApp(page);
      await waitForLabChapter(page, 'virtual-machines');
      assert.equal(await page.evaluate(() => location.hash), '#/virtual-machines?seed=7');
    });
  });
});
