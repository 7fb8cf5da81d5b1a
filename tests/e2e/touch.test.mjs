// A 390x844 touch phone: taps work on the controls (and arrive as pointerType "touch"), and
// no page scrolls sideways.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { withPage } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import { byTestId, open, openChapter, serverCount, waitForProse, expectText } from './support/app.mjs';

const env = useSiteAndBrowser();

const WIDTH = 390;
const phone = (locale = 'ko-KR') => ({
  locale,
  viewport: { width: WIDTH, height: 844 },
  hasTouch: true,
  isMobile: true,
  reducedMotion: 'reduce',
});

/** Record the pointerType of every pointerdown the page receives (read-only listener). */
async function recordPointers(page) {
  await page.evaluate(() => {
    window.__e2ePointers = [];
    document.addEventListener('pointerdown', (e) => window.__e2ePointers.push(e.pointerType), true);
  });
}
const pointers = (page) => page.evaluate(() => window.__e2ePointers);

async function assertNoSideScroll(page, where) {
  const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
    const el = document.documentElement;
    // The widest element, to make a failure easy to chase.
    let widest = null;
    for (const e of document.body.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.right > el.clientWidth + 0.5 && (!widest || r.right > widest.right)) {
        widest = { right: Math.round(r.right), tag: e.tagName, cls: e.className, testid: e.dataset?.testid };
      }
    }
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, widest };
  });
  assert.ok(
    scrollWidth <= WIDTH,
    `${where}: scrollWidth ${scrollWidth} > ${WIDTH} (clientWidth ${clientWidth}); widest: ${JSON.stringify(widest)}`,
  );
}

describe('touch phone', () => {
  test('tapping add-server adds a server (pointerType touch)', async () => {
    await withPage(env.browser, phone(), async (page) => {
      await openChapter(page, env.srv, 'servers');
      await recordPointers(page);
      assert.equal(await serverCount(page), 1);
      await byTestId(page, 'add-server').tap();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="servers"] li.server-card').length === 2);
      await byTestId(page, 'remove-server').tap();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="servers"] li.server-card').length === 1);
      await byTestId(page, 'step-second').tap();
      await expectText(page, 'sim-time', '1.00 s');
      const types = await pointers(page);
      assert.equal(types.length, 3, JSON.stringify(types));
      assert.ok(types.every((t) => t === 'touch'), JSON.stringify(types));
    });
  });

  test('tapping the service buttons moves all three services to the server', async () => {
    await withPage(env.browser, phone('en-US'), async (page) => {
      await openChapter(page, env.srv, 'why');
      await recordPointers(page);
      for (let moved = 1; moved <= 3; moved++) {
        await page.locator('section[data-place="laptop"] li.service button').first().tap();
        await page.waitForFunction(
          (n) => document.querySelectorAll('section[data-place="server"] li.service').length === n,
          moved,
        );
      }
      assert.equal(await page.locator('section[data-place="laptop"] li.service').count(), 0);
      // And back again with a tap.
      await page.locator('section[data-place="server"] li.service button').first().tap();
      await page.waitForFunction(() => document.querySelectorAll('section[data-place="laptop"] li.service').length === 1);
      // The lid toggles with a tap too.
      const lid = byTestId(page, 'lid');
      assert.equal(await lid.getAttribute('aria-pressed'), 'false');
      await lid.tap();
      await page.waitForFunction(() => document.querySelector('[data-testid="lid"]').getAttribute('aria-pressed') === 'true');
      const types = await pointers(page);
      assert.equal(types.length, 5, JSON.stringify(types));
      assert.ok(types.every((t) => t === 'touch'), JSON.stringify(types));
    });
  });

  for (const locale of ['ko-KR', 'en-US']) {
    test(`no horizontal scroll on any page (${locale})`, async () => {
      await withPage(env.browser, phone(locale), async (page) => {
        await open(page, env.srv, '/');
        await assertNoSideScroll(page, 'home');
        // Chapter 4 (the network lab, wide tables and a diagram) before chapter 1, whose lab comes next.
        for (const slug of ['why', 'network', 'servers']) {
          await page.locator(`nav.toc a[href="#/${slug}"]`).tap();
          await page.locator(`main article[data-chapter="${slug}"]`).waitFor();
          await waitForProse(page);
          await assertNoSideScroll(page, slug);
        }
        // Chapter 1 at its busiest: many servers and big numbers.
        for (let i = 0; i < 11; i++) await byTestId(page, 'add-server').tap();
        await byTestId(page, 'users-slider').fill('5000');
        for (let i = 0; i < 5; i++) await byTestId(page, 'step-second').tap();
        await assertNoSideScroll(page, 'servers, 12 servers at 5,000/s');
        await page.goto(`${env.srv.url}#/nope`);
        await byTestId(page, 'not-found').waitFor();
        await assertNoSideScroll(page, 'not found');
        await page.goto(`${env.srv.url}#/fleets`);
        await page.locator('main article.chapter.coming').waitFor();
        await assertNoSideScroll(page, 'coming soon');
      });
    });
  }
});
