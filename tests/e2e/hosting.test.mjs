// Hosting and classroom use: any GitHub Pages sub-path with deep-link reloads, offline after
// one visit (service worker), a new deploy offered as a reload, and the single-file bundle
// opened from file:// with no server at all.

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
  stepSeconds,
  waitForApp,
  waitForProse,
  waitForSolved,
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

/** Moves chapter 0's three services to the server with the buttons and holds 11 s. */
async function solveWhyByStepping(page) {
  for (let i = 0; i < 3; i++) {
    await page.locator('[data-place="laptop"] li.service button').first().click();
  }
  await page.locator('[data-place="laptop"] li.service').waitFor({ state: 'detached' });
  await stepSeconds(page, 11);
  await waitForSolved(page, 5_000);
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

/** The wasm files the page itself loaded (the service worker's precaching is not the page's). */
const wasmLoaded = (page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname.split('/').pop())
      .filter((f) => f.endsWith('.wasm')),
  );

describe('GitHub Pages sub-path: the lab page', () => {
  let srv;
  before(async () => {
    srv = await startSite({ base: '/some-other-repo/' });
  });
  after(async () => {
    await srv?.close();
  });

  test('a deep link to lab.html#/containers loads the lab and survives a reload', async () => {
    await withPage(browser, PAUSED_KO, async (page) => {
      await page.goto(`${srv.url}lab.html#/containers`);
      await waitForApp(page);
      await waitForLabChapter(page, 'containers');
      await page.reload();
      await waitForApp(page);
      await waitForLabChapter(page, 'containers');
      assert.match(page.url(), /\/some-other-repo\/lab\.html#\/containers$/);
      const wasm = await wasmLoaded(page);
      assert.ok(wasm.length > 0 && wasm.every((f) => f.startsWith('server-lab-lab-')), `only the lab's wasm: ${wasm}`);
      assert.ok(srv.requests.every((r) => r.path.startsWith('/some-other-repo/')), 'every asset under the sub-path');
      assert.ok(srv.requests.every((r) => r.status < 400), 'no asset missing');
    });
  });

  test('the contents lead from chapter 1 to chapter 2 on lab.html, and the pager back', async () => {
    await withPage(browser, PAUSED_KO, async (page) => {
      await openChapter(page, srv, 'servers');
      const toChapter2 = page.locator('nav[aria-labelledby="toc-title"]').getByRole('link', { name: /^2\s*가상 머신$/ });
      assert.equal(await toChapter2.getAttribute('href'), 'lab.html#/virtual-machines');
      await toChapter2.click();
      await page.waitForURL(/\/some-other-repo\/lab\.html#\/virtual-machines$/);
      await waitForApp(page);
      await waitForLabChapter(page, 'virtual-machines');
      // On the lab page its own chapters are plain fragments and the course's point back.
      const hrefs = await page.locator('nav.toc .toc-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(hrefs, CHAPTERS.map((slug) => chapterHref(slug, 'lab.html')));
      assert.equal(await page.locator('nav.toc a[aria-current="page"]').getAttribute('href'), '#/virtual-machines');

      const back = page.locator('nav.pager a.prev');
      assert.equal(await back.getAttribute('href'), 'index.html#/servers');
      await back.click();
      await page.waitForURL(/\/some-other-repo\/index\.html#\/servers$/);
      await waitForApp(page);
      await page.locator('main article[data-chapter="servers"]').waitFor();
      await byTestId(page, 'interactive').waitFor();
      await waitForProse(page);
      assert.equal(await page.locator('nav.toc a[aria-current="page"]').getAttribute('href'), '#/servers');
      assert.ok(srv.requests.every((r) => r.status < 400), 'no asset missing');
    });
  });

  test("a chapter opened on the other page's address moves to its own page", async () => {
    await withPage(browser, PAUSED_KO, async (page) => {
      await page.goto(`${srv.url}#/containers`);
      await page.waitForURL(/\/some-other-repo\/lab\.html#\/containers$/);
      await waitForApp(page);
      await waitForLabChapter(page, 'containers');
      await page.goto(`${srv.url}lab.html#/servers?seed=7`);
      await page.waitForURL(/\/some-other-repo\/index\.html#\/servers\?seed=7$/);
      await waitForApp(page);
      await byTestId(page, 'interactive').waitFor();
      assert.equal(await page.locator('main article[data-chapter="servers"]').count(), 1);
    });
  });
});

describe('offline', () => {
  test('after one visit every chapter works with the server stopped', async () => {
    let srv = await startSite();
    const port = srv.port;
    try {
      await withPage(browser, PAUSED_KO, async (page) => {
        await open(page, srv, '/');
        await waitForServiceWorker(page);
        await srv.close();
        srv = null;
        await page.reload();
        await page.locator('nav.toc .toc-list a').first().waitFor();
        await page.goto(`http://127.0.0.1:${port}/server-lab/#/why`);
        await byTestId(page, 'quiz-question').first().waitFor();
        await solveWhyByStepping(page);
        await page.locator('nav.pager a.next').click();
        await page.locator('main article[data-chapter="servers"]').waitFor();
        await byTestId(page, 'quiz-question').first().waitFor();
        await byTestId(page, 'step-second').click();
        await page.waitForFunction(() => document.querySelector('[data-testid="sim-time"]').textContent.startsWith('1.00'));
        assert.ok((await savedProgress(page)).solved.includes(WHY_CHALLENGE_ID));
        // Chapters 2 and 3 are on the lab page, never visited online: precached all the same.
        await page.locator('nav.pager a.next').click();
        await page.waitForURL(/\/server-lab\/lab\.html#\/virtual-machines$/);
        await waitForApp(page);
        await waitForLabChapter(page, 'virtual-machines');
        await page.locator('nav.pager a.next').click();
        await page.waitForFunction(() => location.hash === '#/containers');
        await waitForLabChapter(page, 'containers');
        await page.reload();
        await waitForApp(page);
        await waitForLabChapter(page, 'containers');
        // And back to the course page.
        await page.locator('nav.toc a[href="index.html#/servers"]').click();
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

  test('runs chapter 3 (the placement lab) from file:// and goes back to chapter 1', async () => {
    assert.ok(existsSync(bundleFile), `${bundleFile} is missing: run node scripts/bundle.mjs after a release build`);
    await withPage(browser, PAUSED_KO, async (page) => {
      await page.goto(pathToFileURL(bundleFile).href);
      await waitForApp(page);
      await page.locator('main .cards').waitFor();
      await page.locator('nav.toc a[href="#/why"]').click();
      await page.locator('main article[data-chapter="why"]').waitFor();
      await waitForProse(page);

      // A chapter of the lab page: the loader starts the lab's wasm on the reload.
      // (No waitForApp here: the URL does not change, and the old page would answer it.)
      await page.locator('nav.toc a[href="#/containers"]').click();
      await waitForLabChapter(page, 'containers');
      await assertPlainLinks(page);
      assert.equal(await page.locator('nav.pager a.prev').getAttribute('href'), '#/virtual-machines');
      assert.equal(await page.locator('nav.pager a.next').getAttribute('href'), '#/network');
      // Chapter 2 is on the same page: no reload needed, but it must work too.
      await page.locator('nav.pager a.prev').click();
      await waitForLabChapter(page, 'virtual-machines');

      // Back to the course's wasm.
      await page.locator('nav.pager a.prev').click();
      await page.locator('main article[data-chapter="servers"]').waitFor();
      await byTestId(page, 'interactive').waitFor();
      await waitForProse(page);
      assert.equal(await page.evaluate(() => location.hash), '#/servers');
      assert.equal(await page.evaluate(() => location.protocol), 'file:');
      const visited = (await savedProgress(page)).visited;
      for (const slug of ['why', 'containers', 'virtual-machines', 'servers']) assert.ok(visited.includes(slug), `${slug} visited`);
    });
  });

  test('a link straight to a lab chapter opens it from file://', async () => {
    await withPage(browser, PAUSED_KO, async (page) => {
      await page.goto(`${pathToFileURL(bundleFile).href}#/virtual-machines?seed=7`);
      await waitForApp(page);
      await waitForLabChapter(page, 'virtual-machines');
      assert.equal(await page.evaluate(() => location.hash), '#/virtual-machines?seed=7');
    });
  });
});
