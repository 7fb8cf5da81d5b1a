// Presentation mode for a projector: a teacher presses "Present" and the chapter shows one
// section at a time, larger, with the navigation hidden; Page Down / Page Up (and the arrows
// outside the interactive) move between sections; Escape leaves. Checked with the keyboard
// alone, in both languages, on both course pages, and with axe while presenting.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { withPage, checkA11y } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import { byTestId, openChapter, focusedMatches, tabTo } from './support/app.mjs';

const env = useSiteAndBrowser();

/** `[shown, total]` from the status line ("Part 2 of 9" / "9개 중 2번째 부분"). */
async function part(page) {
  const status = byTestId(page, 'present-status');
  await status.waitFor({ state: 'visible' });
  const text = (await status.textContent()).trim();
  const en = /^Part (\d+) of (\d+)$/.exec(text);
  const ko = /^(\d+)개 중 (\d+)번째 부분$/.exec(text);
  assert.ok(en || ko, `status says ${JSON.stringify(text)}`);
  return en ? [Number(en[1]), Number(en[2])] : [Number(ko[2]), Number(ko[1])];
}

async function expectPart(page, n) {
  await page.waitForFunction(
    (n) => new RegExp(`^(Part ${n} of|\\d+개 중 ${n}번째)`).test(document.querySelector('[data-testid="present-status"]')?.textContent ?? ''),
    n,
  );
}

/** Press the header's toggle with the keyboard only. */
async function togglePresenting(page) {
  await tabTo(page, '[data-testid="present-toggle"]');
  await page.keyboard.press('Enter');
}

describe('presentation mode', () => {
  test('keyboard only: one section at a time, Page Down/Up and arrows, Escape leaves', async () => {
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await openChapter(page, env.srv, 'servers');
      const toggle = byTestId(page, 'present-toggle');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      await togglePresenting(page);
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      const [first, total] = await part(page);
      assert.equal(first, 1);
      assert.ok(total >= 6, `a chapter has several sections, got ${total}`);

      // Section 1 is the title block: the heading shows, the interactive and the chrome do not.
      assert.ok(await page.locator('article.chapter h1').isVisible());
      assert.equal(await page.locator('.interactive').isVisible(), false);
      assert.equal(await page.locator('nav.toc').isVisible(), false, 'the contents are hidden');
      assert.equal(await page.locator('.pager').isVisible(), false);
      assert.ok(await toggle.isVisible(), 'the way out stays');
      const rootSize = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
      assert.ok(rootSize > 16, `larger type: ${rootSize}px`);

      await page.keyboard.press('PageDown');
      await expectPart(page, 2);
      assert.ok(await page.locator('article.chapter h2').first().isVisible());
      assert.equal(await page.locator('article.chapter h1').isVisible(), false);
      await page.keyboard.press('ArrowRight');
      await expectPart(page, 3);
      await page.keyboard.press('ArrowLeft');
      await expectPart(page, 2);
      await page.keyboard.press('PageUp');
      await expectPart(page, 1);
      await page.keyboard.press('PageUp');
      await expectPart(page, 1);

      // Walk to the interactive: it is a section of its own, shown enlarged.
      let guard = 0;
      while (!(await page.locator('.interactive').isVisible()) && guard++ < total) await page.keyboard.press('PageDown');
      const [atInteractive] = await part(page);
      assert.equal(await page.locator('article.chapter > h2').filter({ visible: true }).count(), 0);
      // Inside the interactive the arrows belong to its controls; Page Down still moves on.
      await page.locator('[data-testid="users-slider"]').focus();
      await page.keyboard.press('ArrowRight');
      assert.equal((await part(page))[0], atInteractive, 'the arrow moved the slider, not the slide');
      await page.keyboard.press('PageDown');
      await expectPart(page, atInteractive + 1);

      await checkA11y(page, 'presentation mode (en)');

      // Escape leaves (focus is on the new section's heading, outside the interactive), and
      // everything is back.
      assert.equal(await focusedMatches(page, '.interactive *'), false);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.documentElement.hasAttribute('data-presenting'));
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      assert.ok(await page.locator('nav.toc').isVisible());
      assert.ok(await page.locator('.interactive').isVisible());
      assert.equal(await page.locator('[data-present-off]').count(), 0);
    });
  });

  test('the placement lab presents too, in Korean, and axe finds nothing', async () => {
    await withPage(env.browser, { locale: 'ko-KR', reducedMotion: 'reduce', colorScheme: 'dark' }, async (page) => {
      await openChapter(page, env.srv, 'containers');
      assert.match(page.url(), /\/server-lab\/#\/containers$/, 'the chapter is a route of the course page');
      await togglePresenting(page);
      const [first] = await part(page);
      assert.equal(first, 1);
      assert.match(await byTestId(page, 'present-status').textContent(), /개 중 1번째 부분/);
      let guard = 0;
      while (!(await byTestId(page, 'shelf').isVisible()) && guard++ < 20) await page.keyboard.press('PageDown');
      assert.ok(await byTestId(page, 'shelf').isVisible(), 'the placement lab is one of the sections');
      await checkA11y(page, 'presentation mode (ko, dark, lab)');
    });
  });
});
