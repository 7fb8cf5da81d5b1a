// The placement lab's figures, failures, accessibility and layout: the numbers on screen after
// the scripted placement equal what the native model test pinned (tests/fixtures/
// placement_script.json); a memory leak and a kernel panic take down what they should;
// axe finds nothing in either language and colour scheme, even mid-drag; and screenshots at
// desktop and phone widths are written to test-results/placement/ for a human to look at.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { withPage, checkA11y } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import { fixture, repoRoot } from './support/site.mjs';
import { byTestId, isPlaying, simSeconds, stepSeconds, expectText } from './support/app.mjs';
import {
  SLUGS,
  VM_CHAPTER,
  CONTAINER_CHAPTER,
  grouped,
  openLab,
  assertEachOnce,
  waitForPlace,
  mouseDragService,
  placeByClicks,
  textOf,
  eventTexts,
  sideScroll,
} from './support/placement.mjs';

const script = fixture('placement_script');
const env = useSiteAndBrowser();

const SHOTS = path.join(repoRoot, 'test-results', 'placement');

/** One decimal, as the page writes cores ("2869" millicores -> "2.9"). */
const tenths = (milli) => (Math.round(milli / 100) / 10).toFixed(1);

describe('placement script fixture', () => {
  test(`${script.chapter}: ${script.placements.length} placements, ${script.seconds} s: figures match the model`, async () => {
    assert.equal(script.seed, 2026, 'the fixture was made with the default seed, which the page uses');
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await openLab(page, env.srv, script.chapter);
      assert.equal(await isPlaying(page), false, 'paused at step 0');
      for (const [slug, host] of script.placements) await placeByClicks(page, slug, host);
      assert.equal(await simSeconds(page), 0, 'placing took no simulated time');
      await assertEachOnce(page);

      await stepSeconds(page, script.seconds);
      assert.equal(await textOf(page, 'sim-time'), `${script.seconds.toFixed(2)} s`);

      const want = {
        servers: String(script.servers),
        cost: `$${grouped(script.cost_per_month)}`,
        running: String(script.running),
        'rack-cpu': `${script.rack_cpu_percent} %`,
        'memory-used': `${grouped(script.memory_used_mib)} MiB`,
        overhead: `${grouped(script.overhead_mib)} MiB`,
        'idle-memory': `${grouped(script.idle_memory_mib)} MiB`,
        redeploy: `${(script.redeploy_tenths / 10).toFixed(1)} s`,
        interference: String(script.interference),
      };
      assert.equal(want.cost, '$240');
      assert.equal(want.redeploy, '16.0 s');
      const seen = {};
      for (const id of Object.keys(want)) seen[id] = await textOf(page, id);
      assert.deepEqual(seen, want, 'rack totals on screen');

      for (const [id, used, layers, cpuMilli] of script.hosts) {
        assert.equal(
          await textOf(page, `host-memory-${id}`),
          `Memory ${grouped(used)} MiB / 16,384 MiB (layers ${grouped(layers)} MiB)`,
          `host ${id} memory`,
        );
        assert.equal(await textOf(page, `host-cpu-${id}`), `CPU ${tenths(cpuMilli)} / 8 cores`, `host ${id} CPU`);
        assert.equal(
          await textOf(page, `host-idle-${id}`),
          `idle: ${tenths(8000 - cpuMilli)} cores · ${grouped(16384 - used)} MiB`,
          `host ${id} idle`,
        );
      }
    });
  });
});

describe('placement lab: memory leaks and kernel panics', () => {
  test('a leak on a shared OS ends one victim, in a limited container only the leaker; a kernel panic stops every container until the reboot', async () => {
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await openLab(page, env.srv, CONTAINER_CHAPTER.slug);
      // Bare metal (1): cache and web app share one OS. Container engine (2): API, batch job, reports.
      await placeByClicks(page, 'cache', 1);
      await placeByClicks(page, 'web-app', 1);
      for (const slug of ['api', 'batch-job', 'reports']) await placeByClicks(page, slug, 2);
      await stepSeconds(page, 6);
      await expectText(page, 'running', '5');
      for (const slug of ['cache', 'web-app', 'api', 'batch-job', 'reports']) {
        assert.match(await textOf(page, `status-${slug}`), /^running/, `${slug} running`);
      }

      // A leak on bare metal fills the server: the OOM killer ends one process, the
      // largest (here the leaking cache itself, grown into all the free memory), not every neighbour.
      await byTestId(page, 'leak-cache').click();
      await page.waitForFunction(() => /Server 1 ran out of memory/.test(document.querySelector('[data-testid="events"]').textContent));
      const oom = (await eventTexts(page)).find((t) => t.includes('Server 1 ran out of memory'));
      assert.match(oom, /Cache leaked it all, and the OOM killer ended Cache itself/, oom);
      assert.match(oom, /1 other service slowed while memory ran short/, oom);
      assert.match(await textOf(page, 'status-cache'), /^starting/);
      assert.match(await textOf(page, 'status-web-app'), /^running/, 'one victim, not every neighbour');
      assert.equal(await byTestId(page, 'leak-cache').isDisabled(), true, 'nothing to leak while starting');

      // In a container with limits: only the leaker is ended.
      await byTestId(page, 'leak-api').click();
      await page.waitForFunction(() => /API leaked memory up to its own limit/.test(document.querySelector('[data-testid="events"]').textContent));
      assert.match(await textOf(page, 'status-api'), /^starting/);
      assert.match(await textOf(page, 'status-batch-job'), /^running/);
      assert.match(await textOf(page, 'status-reports'), /^running/);

      // With the engine's limits off (Docker's default), a leak fills the whole server again.
      const limits = byTestId(page, 'limits-2');
      assert.equal(await limits.isChecked(), true, 'the lab starts containers with limits');
      assert.equal(await byTestId(page, 'limits-1').count(), 0, 'bare metal has no container limits');
      await limits.uncheck();
      await page.waitForFunction(() => /Server 2: container limits off/.test(document.querySelector('[data-testid="events"]').textContent));
      await byTestId(page, 'leak-batch-job').click();
      await page.waitForFunction(() => /Server 2 ran out of memory/.test(document.querySelector('[data-testid="events"]').textContent));
      assert.match(await textOf(page, 'status-batch-job'), /^starting/);

      await stepSeconds(page, 5);
      await expectText(page, 'running', '5');

      // Kernel panic on the container engine: all three containers stop at once.
      const rebooting = byTestId(page, 'host-2').locator('.rebooting');
      assert.equal(await rebooting.isVisible(), false);
      await byTestId(page, 'panic-2').click();
      await page.waitForFunction(() => /Kernel panic on server 2/.test(document.querySelector('[data-testid="events"]').textContent));
      const panic = (await eventTexts(page)).find((t) => t.includes('Kernel panic on server 2'));
      assert.match(panic, /3 running services on it stopped/, panic);
      await rebooting.waitFor({ state: 'visible' });
      for (const slug of ['api', 'batch-job', 'reports']) {
        assert.match(await textOf(page, `status-${slug}`), /waiting for its host/, `${slug} waits for the reboot`);
      }
      await stepSeconds(page, 1);
      await expectText(page, 'running', '2', 3000);
      assert.match(await textOf(page, 'status-cache'), /^running/, 'the other server is not affected');

      // Back after the 30 s reboot plus each container's start.
      // The panic was at 11 s: the host is back at 41 s, its containers up by 46 s.
      await stepSeconds(page, 28);
      assert.equal(await rebooting.isVisible(), true, 'still rebooting 29 s after the panic');
      assert.match(await textOf(page, 'status-reports'), /waiting for its host/);
      await stepSeconds(page, 7);
      await page.waitForFunction(() => /Server 2 rebooted/.test(document.querySelector('[data-testid="events"]').textContent));
      assert.equal(await rebooting.isVisible(), false);
      await expectText(page, 'running', '5');
    });
  });
});

describe('placement lab: accessibility', () => {
  const cases = [
    { locale: 'ko-KR', colorScheme: 'light', chapter: CONTAINER_CHAPTER.slug },
    { locale: 'ko-KR', colorScheme: 'dark', chapter: VM_CHAPTER.slug },
    { locale: 'en-US', colorScheme: 'light', chapter: VM_CHAPTER.slug },
    { locale: 'en-US', colorScheme: 'dark', chapter: CONTAINER_CHAPTER.slug },
  ];
  for (const c of cases) {
    test(`axe: ${c.chapter}, ${c.locale}, ${c.colorScheme}: after mount and with services placed`, async () => {
      await withPage(env.browser, { locale: c.locale, colorScheme: c.colorScheme, reducedMotion: 'reduce' }, async (page) => {
        await openLab(page, env.srv, c.chapter);
        const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
        assert.equal(dark, c.colorScheme === 'dark');
        const label = `${c.chapter} ${c.locale} ${c.colorScheme}`;
        await checkA11y(page, `${label}, after mount`);

        // Placed services in every state: running, starting, refused (a library clash on bare
        // metal), plus a selection with its "Place here" buttons and a refusal message.
        await placeByClicks(page, 'web-app', 1);
        await placeByClicks(page, 'reports', 1);
        await placeByClicks(page, 'cache', 2);
        await placeByClicks(page, 'search', 2);
        await stepSeconds(page, 3);
        assert.equal(await page.locator('[data-testid="host-1"] li.unit[data-state="refused"]').count(), 1, 'reports refused');
        await byTestId(page, 'service-database').click();
        await byTestId(page, 'place-here-1').waitFor({ state: 'visible' });
        await byTestId(page, 'add-host-bare-metal').click();
        await byTestId(page, 'host-3').waitFor();
        await checkA11y(page, `${label}, services placed, one selected`);
      });
    });
  }

  test('axe: a drag in progress (pointer down, over a host, not released)', async () => {
    await withPage(env.browser, { locale: 'ko-KR', reducedMotion: 'reduce' }, async (page) => {
      await openLab(page, env.srv, CONTAINER_CHAPTER.slug);
      await mouseDragService(page, 'api', 'host-2', { release: false });
      await page.locator('.placement.dragging').waitFor();
      await page.locator('[data-testid="host-2"].drop-target').waitFor();
      await page.locator('.drag-ghost').waitFor({ state: 'visible' });
      assert.match(await page.locator('[data-testid="service-api"]').getAttribute('class'), /lifted/);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'ko-desktop-mid-drag.png') });
      await checkA11y(page, 'containers ko, mid-drag');
      await page.mouse.up();
      await waitForPlace(page, 'api', 'host-2');
      assert.equal(await page.locator('.placement.dragging').count(), 0);
      assert.equal(await page.locator('.drag-ghost').isVisible(), false);
    });
  });
});

describe('placement lab: screenshots', () => {
  const sizes = [
    { name: 'desktop', viewport: { width: 1280, height: 900 } },
    { name: 'phone', viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true },
  ];
  for (const lang of ['ko', 'en']) {
    for (const size of sizes) {
      test(`screenshots: ${lang}, ${size.name} (${size.viewport.width}x${size.viewport.height})`, async () => {
        mkdirSync(SHOTS, { recursive: true });
        const { name, ...context } = size;
        await withPage(env.browser, { ...context, locale: lang === 'ko' ? 'ko-KR' : 'en-US', reducedMotion: 'reduce' }, async (page) => {
          const base = path.join(SHOTS, `${lang}-${name}`);
          const narrow = size.viewport.width <= 390;
          const noSideScroll = async (where) => {
            if (!narrow) return;
            const s = await sideScroll(page);
            assert.ok(s.scrollWidth <= 390, `${where}: scrollWidth ${s.scrollWidth} > 390; widest ${JSON.stringify(s.widest)}`);
          };

          // Chapter 3: database alone, four containers, one service selected.
          await openLab(page, env.srv, CONTAINER_CHAPTER.slug);
          await noSideScroll('containers after mount');
          await placeByClicks(page, 'database', 1);
          for (const slug of ['web-app', 'api', 'cache', 'reports']) await placeByClicks(page, slug, 2);
          await stepSeconds(page, 3);
          await byTestId(page, 'service-search').click();
          await byTestId(page, 'place-here-2').waitFor({ state: 'visible' });
          await noSideScroll('containers with services placed');
          await page.locator('.placement').screenshot({ path: `${base}-containers-lab.png` });
          await page.screenshot({ path: `${base}-containers-page.png`, fullPage: true });

          // Chapter 2: VMs on the hypervisor (starting, guest OS bands), a refusal message, and a
          // library clash on bare metal.
          await openLab(page, env.srv, VM_CHAPTER.slug);
          for (const slug of ['database', 'search', 'cache']) await placeByClicks(page, slug, 2);
          await placeByClicks(page, 'web-app', 1);
          await placeByClicks(page, 'reports', 1);
          await stepSeconds(page, 2);
          await byTestId(page, 'service-api').click();
          await byTestId(page, 'place-here-2').click();
          await page.waitForFunction(() => document.querySelector('[data-testid="placement-message"]').textContent.trim() !== '');
          await noSideScroll('virtual machines with a refusal');
          await page.locator('.placement').screenshot({ path: `${base}-vms-lab.png` });
          await page.screenshot({ path: `${base}-vms-viewport.png` });
          assert.deepEqual(Object.keys(await assertEachOnce(page)), SLUGS);
        });
      });
    }
  }
});
