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
import { byTestId, open, openChapter, stepSeconds, waitForSolved, WHY_CHALLENGE_ID, savedProgress } from './support/app.mjs';

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
  test('opens from file:// and a challenge can be solved', async () => {
    assert.ok(existsSync(bundleFile), `${bundleFile} is missing: run node scripts/bundle.mjs after a release build`);
    await withPage(browser, PAUSED_KO, async (page) => {
      await page.goto(`${pathToFileURL(bundleFile).href}#/why`);
      await byTestId(page, 'quiz-question').first().waitFor();
      await solveWhyByStepping(page);
      await page.locator('nav.toc a[href="#/servers"]').click();
      await page.locator('main article[data-chapter="servers"]').waitFor();
      await byTestId(page, 'quiz-question').first().waitFor();
      assert.equal(await page.evaluate(() => location.protocol), 'file:');
    });
  });
});
