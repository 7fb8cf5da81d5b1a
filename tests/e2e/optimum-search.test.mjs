// A teacher's link never freezes the page: a heavy goal's optimum is searched for in slices
// while the chapter answers (player, controls), and figures no search could meet, or that would
// take too long to search, are refused with the reason in the learner's language.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { withPage } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import { byTestId, openChapter, simSeconds, stepSeconds, isPlaying } from './support/app.mjs';

const env = useSiteAndBrowser();
const KO = { locale: 'ko-KR', reducedMotion: 'reduce' };
const EN = { locale: 'en-US', reducedMotion: 'reduce' };

describe('the optimum of a heavy teacher goal', () => {
  test('is worked out while the player and the controls keep answering', async () => {
    await withPage(env.browser, EN, async (page, { context }) => {
      // A slow phone: the search (2.5 s natively) then takes long enough to act meanwhile.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await openChapter(page, env.srv, 'servers', '?seed=7&goal=5000,150,190');
      const search = byTestId(page, 'optimum-search');
      await assert.doesNotReject(search.getByText('working out the best setup').waitFor());
      assert.match(await byTestId(page, 'teacher-note').innerText(), /A teacher set this challenge's figures/);
      // The conditions on the optimum wait for it.
      assert.match(await byTestId(page, 'challenge').locator('.conditions').innerText(), /…/);

      await stepSeconds(page, 2);
      assert.equal(await simSeconds(page), 2);
      await byTestId(page, 'play').click();
      assert.equal(await isPlaying(page), true);
      await byTestId(page, 'add-server').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="servers"] li.server-card').length > 0);
      assert.match(await search.innerText(), /working out the best setup/, 'all that while the search went on');

      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await page.waitForFunction(() => document.querySelector('[data-testid="optimum-search"]').textContent === '', null, {
        timeout: 90_000,
      });
      // 28 servers at $60 a month, as natively.
      assert.match(await byTestId(page, 'challenge').locator('.conditions').innerText(), /\$1,680/);
    });
  });
});

describe('a teacher\'s /api figure below the model\'s best in chapter 5', () => {
  test('is searched, then said to be out of reach, in the learner\'s language', async () => {
    await withPage(env.browser, KO, async (page) => {
      // 50 ms, where the best of every algorithm and pool split is 109 ms (tests/balance_search.rs).
      await openChapter(page, env.srv, 'load-balancing', '?goal=50,1500,1,500,4,30');
      assert.match(await byTestId(page, 'teacher-note').innerText(), /선생님/);
      const search = byTestId(page, 'optimum-search');
      await assert.doesNotReject(search.getByText('이룰 수 없어요').waitFor({ timeout: 60_000 }));
      assert.match(await byTestId(page, 'challenge').locator('.conditions').innerText(), /≤ 50 ms/);
    });
  });
});

describe('figures that cannot make a challenge', () => {
  const refusals = [
    ['servers', '?seed=7&goal=5000,1,600', EN, /could mean simulating up to [\d,]+ requests/],
    ['servers', '?goal=1000,0,30', EN, /never goes below 0/],
    ['why', '?goal=101,15,0,3', EN, /never goes above 100/],
    ['containers', '?goal=9,0,0,0,10,60', KO, /커질 수 없어서 이룰 수 없는 목표예요/],
  ];
  for (const [slug, query, options, reason] of refusals) {
    test(`${slug}${query} keeps the usual challenge and says why`, async () => {
      await withPage(env.browser, options, async (page) => {
        await openChapter(page, env.srv, slug, query);
        const note = await byTestId(page, 'teacher-note').innerText();
        assert.match(note, reason);
        assert.equal(await byTestId(page, 'optimum-search').innerText(), '', 'the built-in optimum is found');
      });
    });
  }
});
