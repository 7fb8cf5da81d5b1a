// Keyboard shortcuts of the interactive region (Space play/pause, "." step, "r" reset), which
// work only while focus is inside the region and never while typing in a field; and chapter 0
// solved with the keyboard alone.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { withPage } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import {
  WHY_CHALLENGE_ID,
  byTestId,
  openChapter,
  isPlaying,
  expectText,
  expectPlaying,
  settleFrames,
  tabTo,
  focusedMatches,
  waitForSolved,
  savedProgress,
  speedLabel,
} from './support/app.mjs';

const env = useSiteAndBrowser();

const PAUSED = { locale: 'en-US', reducedMotion: 'reduce' };

const simTime = async (page) => (await byTestId(page, 'sim-time').textContent()).trim();

/** Chapter 1, paused at 0.00 s, with focus on the interactive region itself. */
async function focusedRegion(page) {
  await openChapter(page, env.srv, 'servers');
  await expectText(page, 'sim-time', '0.00 s');
  await byTestId(page, 'interactive').focus();
  assert.ok(await focusedMatches(page, '[data-testid="interactive"]'));
}

describe('interactive shortcuts', () => {
  test('"." steps 10 ms', async () => {
    await withPage(env.browser, PAUSED, async (page) => {
      await focusedRegion(page);
      await page.keyboard.press('.');
      await expectText(page, 'sim-time', '0.01 s');
      await page.keyboard.press('.');
      await expectText(page, 'sim-time', '0.02 s');
      assert.equal(await isPlaying(page), false);
    });
  });

  test('"r" resets to 0.00 s', async () => {
    await withPage(env.browser, PAUSED, async (page) => {
      await focusedRegion(page);
      await page.keyboard.press('.');
      await expectText(page, 'sim-time', '0.01 s');
      await page.keyboard.press('r');
      await expectText(page, 'sim-time', '0.00 s');
      // "R" (with Shift) too.
      await page.keyboard.press('.');
      await expectText(page, 'sim-time', '0.01 s');
      await page.keyboard.press('Shift+R');
      await expectText(page, 'sim-time', '0.00 s');
    });
  });

  test('"." and "r" typed in the users box are text, not shortcuts', async () => {
    await withPage(env.browser, PAUSED, async (page) => {
      await focusedRegion(page);
      await page.keyboard.press('.');
      await expectText(page, 'sim-time', '0.01 s');
      await tabTo(page, '[data-testid="users-input"]');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('1.r r.');
      assert.equal(await byTestId(page, 'users-input').inputValue(), '1.r r.', 'the keys went into the box');
      await settleFrames(page);
      assert.equal(await simTime(page), '0.01 s', 'no step, no reset');
      assert.equal(await isPlaying(page), false, 'Space in the box did not play');
    });
  });

  test('Space toggles play and pause (aria-pressed)', async () => {
    await withPage(env.browser, PAUSED, async (page) => {
      await focusedRegion(page);
      const play = byTestId(page, 'play');
      assert.equal(await play.getAttribute('aria-pressed'), 'false');
      await page.keyboard.press(' ');
      await expectPlaying(page, true);
      await page.waitForFunction(
        () => Number.parseFloat(document.querySelector('[data-testid="sim-time"]').textContent) > 0.2,
      );
      await page.keyboard.press(' ');
      await expectPlaying(page, false);
      const stopped = await simTime(page);
      await page.waitForTimeout(300);
      assert.equal(await simTime(page), stopped, 'paused: time stands still');
    });
  });

  test('Space on a player button presses that button only', async () => {
    await withPage(env.browser, PAUSED, async (page) => {
      await focusedRegion(page);
      await tabTo(page, '[data-testid="step"]');
      await page.keyboard.press(' ');
      await expectText(page, 'sim-time', '0.01 s');
      await settleFrames(page);
      assert.equal(await isPlaying(page), false, 'and the shortcut did not also toggle play');
    });
  });

  test('shortcuts do nothing while focus is outside the region', async () => {
    await withPage(env.browser, PAUSED, async (page) => {
      await openChapter(page, env.srv, 'servers');
      await page.locator('#main').focus();
      for (const key of ['.', ' ', 'r']) await page.keyboard.press(key);
      await expectText(page, 'sim-time', '0.00 s');
      assert.equal(await isPlaying(page), false);
    });
  });
});

describe('chapter 0 by keyboard', () => {
  test('move all three services to the server with the keyboard and solve the challenge', async () => {
    await withPage(env.browser, PAUSED, async (page) => {
      await openChapter(page, env.srv, 'why');
      const onLaptop = page.locator('section[data-place="laptop"] li.service');
      const onServer = page.locator('section[data-place="server"] li.service');
      assert.equal(await onLaptop.count(), 3);
      assert.equal(await onServer.count(), 0);

      for (let moved = 1; moved <= 3; moved++) {
        await tabTo(page, 'section[data-place="laptop"] li.service button');
        await page.keyboard.press('Enter');
        await page.waitForFunction((n) => document.querySelectorAll('section[data-place="server"] li.service').length === n, moved);
      }
      assert.equal(await onLaptop.count(), 0);
      assert.deepEqual(
        await onServer.evaluateAll((lis) => lis.map((li) => li.dataset.service).sort()),
        ['ChatBot', 'Database', 'WebShop'],
      );

      await tabTo(page, '[data-testid="speed"]', { backwards: true });
      await page.keyboard.type('4');
      assert.equal(await speedLabel(page), '4×');
      await tabTo(page, '[data-testid="interactive"]', { backwards: true });
      await page.keyboard.press(' ');
      await expectPlaying(page, true);
      await waitForSolved(page, 30_000);
      assert.equal(await byTestId(page, 'exposed').textContent(), '0');
      assert.ok((await savedProgress(page)).solved.includes(WHY_CHALLENGE_ID));
    });
  });
});
