// The numbers on screen come from the model: replay the script in tests/fixtures/
// servers_script.json through the page (users box, add-server, +1 s) and compare what the page
// shows with the figures the native Rust test pinned for the same run. A UI that rounds
// differently, drops a step, or shows a made-up figure fails here.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { withPage } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import { fixture } from './support/site.mjs';
import {
  byTestId,
  openChapter,
  setUsersByMouse,
  addServersUntil,
  stepSeconds,
  simSeconds,
  isPlaying,
  serverCount,
} from './support/app.mjs';

const script = fixture('servers_script');

const env = useSiteAndBrowser();

/** The whole number in a figure that must look like `pattern` (e.g. "304 ms", "$1,080"). */
async function figure(page, testid, pattern) {
  const text = (await byTestId(page, testid).textContent()).trim();
  const m = pattern.exec(text);
  assert.ok(m, `[data-testid=${testid}] shows ${JSON.stringify(text)}, not ${pattern}`);
  return Number(m[1].replace(/,/g, ''));
}

const MS = /^(\d[\d,]*) ms$/;
const DOLLARS = /^\$(\d[\d,]*)$/;
const PER_SECOND = /^(\d[\d,]*)\/s$/;

describe('servers script fixture', () => {
  test(`rps ${script.rps}, ${script.servers} servers, ${script.seconds} s: p95 and cost match the model`, async () => {
    // The fixture was made with the default seed, which is what #/servers uses.
    assert.equal(script.seed, 2026);
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await openChapter(page, env.srv, 'servers');
      assert.equal(await isPlaying(page), false, 'paused at step 0');
      assert.equal(await simSeconds(page), 0);

      await setUsersByMouse(page, script.rps);
      await page.waitForFunction(
        (rps) => document.querySelector('.deploy-strip .users').textContent.replace(/,/g, '').includes(`${rps}/s`),
        script.rps,
      );
      await addServersUntil(page, script.servers);
      assert.equal(await simSeconds(page), 0, 'setting up took no simulated time');

      await stepSeconds(page, script.seconds);
      assert.equal((await byTestId(page, 'sim-time').textContent()).trim(), `${script.seconds.toFixed(2)} s`);
      assert.equal(await serverCount(page), script.servers);

      assert.equal(await figure(page, 'p95', MS), script.p95_ms, 'p95 on screen');
      assert.equal(await figure(page, 'cost', DOLLARS), script.cost_per_month, 'monthly cost on screen');
      assert.equal(await figure(page, 'p50', MS), script.p50_ms, 'p50 on screen');
      assert.equal(await figure(page, 'throughput', PER_SECOND), script.throughput_rps, 'throughput on screen');
    });
  });
});
