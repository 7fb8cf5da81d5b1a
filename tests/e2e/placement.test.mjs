// Chapters 2 and 3, the placement lab (#/virtual-machines, #/containers): both challenges solved
// by mouse drags, by a real finger drag (CDP touch), and by the keyboard alone; refused drops;
// drops off any host; and a burst of drags that must never duplicate or lose a service.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { withPage } from './support/browser.mjs';
import { useSiteAndBrowser } from './support/suite.mjs';
import { byTestId, isPlaying, simSeconds, savedProgress, tabTo, focusedMatches, expectText } from './support/app.mjs';
import {
  SLUGS,
  SERVICE_MIB,
  LAYER_MIB,
  VM_CHAPTER,
  CONTAINER_CHAPTER,
  grouped,
  openLab,
  assertEachOnce,
  waitForPlace,
  hostIds,
  mouseDragService,
  touchDragService,
  touchDragScrolling,
  placeByClicks,
  stepUntilSolved,
  textOf,
} from './support/placement.mjs';

const env = useSiteAndBrowser();

/** What a solved chapter 3 shows: two servers, all seven running, redeploy 16.0 s, saved. */
async function assertContainersSolved(page) {
  assert.equal(await byTestId(page, 'challenge-status').getAttribute('data-state'), 'solved');
  assert.equal(await textOf(page, 'servers'), '2');
  assert.equal(await textOf(page, 'cost'), '$240');
  assert.equal(await textOf(page, 'running'), '7');
  assert.equal(await textOf(page, 'redeploy'), '16.0 s');
  assert.equal(await textOf(page, 'interference'), '0');
  const saved = await savedProgress(page);
  assert.ok(saved?.solved?.includes(CONTAINER_CHAPTER.id), JSON.stringify(saved));
}

/** Chapter 3's minimum: the database alone on bare metal (1), the other six in containers (2). */
async function placeContainersSolution(page, drag) {
  await drag(page, 'database', 'host-1');
  await waitForPlace(page, 'database', 'host-1');
  for (const slug of SLUGS.filter((s) => s !== 'database')) {
    await drag(page, slug, 'host-2');
    await waitForPlace(page, slug, 'host-2');
  }
  await byTestId(page, 'shelf').locator('.empty').waitFor({ state: 'visible' });
  assert.deepEqual(await assertEachOnce(page), {
    'web-app': 'host-2',
    api: 'host-2',
    database: 'host-1',
    cache: 'host-2',
    'batch-job': 'host-2',
    search: 'host-2',
    reports: 'host-2',
  });
}

/** Record the pointerType of every pointerdown the page sees (a read-only capture listener). */
async function recordPointerTypes(page) {
  await page.evaluate(() => {
    window.__e2ePointers = [];
    document.addEventListener('pointerdown', (e) => window.__e2ePointers.push(e.pointerType), true);
  });
}

describe('placement lab: solving the challenges', () => {
  test('index.html#/containers opens the placement lab in place', async () => {
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      const url = `${env.srv.url}index.html#/containers`;
      await page.goto(url);
      await byTestId(page, 'shelf').waitFor();
      assert.equal(page.url(), url, 'no redirect: the chapter is a route of index.html');
      assert.deepEqual(await hostIds(page), [1, 2]);
      assert.equal(await page.locator('[data-testid="host-1"]').getAttribute('data-kind'), 'bare-metal');
      assert.equal(await page.locator('[data-testid="host-2"]').getAttribute('data-kind'), 'container-engine');
    });
  });

  test('chapter 3 solved with mouse drags', async () => {
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await openLab(page, env.srv, CONTAINER_CHAPTER.slug);
      assert.equal(await isPlaying(page), false, 'paused (reduced motion)');
      assert.equal(await byTestId(page, 'challenge-status').getAttribute('data-state'), 'working');
      await recordPointerTypes(page);
      await placeContainersSolution(page, (p, slug, host) => mouseDragService(p, slug, host));
      const types = await page.evaluate(() => window.__e2ePointers);
      assert.equal(types.length, 7, JSON.stringify(types));
      assert.ok(types.every((t) => t === 'mouse'), JSON.stringify(types));
      assert.equal(await simSeconds(page), 0, 'placing took no simulated time');
      const took = await stepUntilSolved(page, { min: 70, max: 100 });
      assert.ok(took >= 60, `solved after ${took} s: the goal must hold 60 s`);
      await assertContainersSolved(page);
    });
  });

  test('chapter 3 solved with a finger (touch drags, 390x844)', async () => {
    const phone = {
      locale: 'ko-KR',
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
      reducedMotion: 'reduce',
    };
    await withPage(env.browser, phone, async (page) => {
      await openLab(page, env.srv, CONTAINER_CHAPTER.slug);
      await recordPointerTypes(page);
      await placeContainersSolution(page, (p, slug, host) => touchDragService(p, slug, host));
      const types = await page.evaluate(() => window.__e2ePointers);
      assert.equal(types.length, 7, `one pointerdown per drag: ${JSON.stringify(types)}`);
      assert.ok(types.every((t) => t === 'touch'), `pointer types: ${JSON.stringify(types)}`);
      await stepUntilSolved(page, { min: 70, max: 100 });
      await assertContainersSolved(page);
    });
  });

  test('a finger drag to a server below the screen scrolls the page there (390x844)', async () => {
    const phone = { locale: 'en-US', viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, reducedMotion: 'reduce' };
    await withPage(env.browser, phone, async (page) => {
      await openLab(page, env.srv, VM_CHAPTER.slug);
      // Fill server 1 so server 2 is out of a finger's reach from the shelf.
      for (const slug of ['web-app', 'reports', 'search']) await placeByClicks(page, slug, 1);
      const gap = await page.evaluate(() => {
        const chip = document.querySelector('[data-testid="service-api"]').getBoundingClientRect();
        const host = document.querySelector('[data-testid="host-2"]').getBoundingClientRect();
        return host.top - chip.bottom;
      });
      assert.ok(gap > 844 - 2 * 64, `server 2 starts ${gap}px below the chip: the drag must scroll`);
      await recordPointerTypes(page);
      const scrolled = await touchDragScrolling(page, 'api', 'host-2');
      assert.ok(scrolled > 0, `the page scrolled during the drag (${scrolled}px)`);
      await waitForPlace(page, 'api', 'host-2');
      assert.deepEqual(await page.evaluate(() => window.__e2ePointers), ['touch']);
      assert.equal(await page.locator('.placement.dragging').count(), 0);
      await assertEachOnce(page);
    });
  });

  test('chapter 2 solved with the keyboard only', async () => {
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await openLab(page, env.srv, VM_CHAPTER.slug);
      assert.deepEqual(await hostIds(page), [1, 2]);
      assert.equal(await byTestId(page, 'host-2').getAttribute('data-kind'), 'hypervisor');
      const mouse = [];
      await page.exposeFunction('__e2eMouseSeen', (t) => mouse.push(t));
      await page.evaluate(() => {
        for (const t of ['mousedown', 'click', 'pointerdown'])
          document.addEventListener(t, (e) => (e.detail > 0 || t === 'pointerdown') && window.__e2eMouseSeen(t), true);
      });
      const kb = page.keyboard;
      const chip = (slug) => `[data-testid="service-${slug}"]`;
      const host = (id) => `[data-testid="host-${id}"]`;

      /** Tab (backwards: the shelf is above the rack) to a chip and press Enter: focus goes to a host. */
      async function select(slug) {
        await tabTo(page, chip(slug), { backwards: true });
        await kb.press('Enter');
        assert.equal(await byTestId(page, `service-${slug}`).getAttribute('aria-pressed'), 'true', `${slug} selected`);
        assert.ok(await focusedMatches(page, '[data-testid="hosts"] > li[data-host]'), 'focus moved to a host card');
        assert.match(await textOf(page, 'selection'), /selected/);
      }
      /** Arrow to host `id` from the focused host card. */
      async function arrowTo(id) {
        const ids = await hostIds(page);
        for (let i = 0; i < 10 && !(await focusedMatches(page, host(id))); i++) {
          const at = await page.evaluate(() => Number(document.activeElement?.dataset?.host));
          await kb.press(ids.indexOf(at) < ids.indexOf(id) ? 'ArrowRight' : 'ArrowLeft');
        }
        assert.ok(await focusedMatches(page, host(id)), `focus on host ${id}`);
        // Roving tabindex: only the focused card is in the Tab order.
        const tabbable = await page.locator('[data-testid="hosts"] > li[tabindex="0"]').count();
        assert.equal(tabbable, 1, 'one host card in the Tab order');
      }
      async function place(slug, id) {
        await select(slug);
        await arrowTo(id);
        await kb.press('Enter');
        await waitForPlace(page, slug, `host-${id}`);
        assert.equal(await byTestId(page, 'selection').isVisible(), false, 'selection cleared after placing');
      }

      // Escape cancels a selection.
      await select('reports');
      await kb.press('Escape');
      await expectText(page, 'selection', '');
      assert.equal(await byTestId(page, 'service-reports').getAttribute('aria-pressed'), 'false');
      await waitForPlace(page, 'reports', 'shelf');

      // A mistake, undone with Delete on the placed chip.
      await place('web-app', 1);
      await tabTo(page, `${host(1)} ${chip('web-app')}`, { backwards: true });
      await kb.press('Delete');
      await waitForPlace(page, 'web-app', 'shelf');

      // And with Delete on a host card while the placed service is selected.
      await place('cache', 1);
      await tabTo(page, `${host(1)} ${chip('cache')}`, { backwards: true });
      await kb.press('Enter');
      assert.equal(await byTestId(page, 'service-cache').getAttribute('aria-pressed'), 'true');
      assert.ok(await focusedMatches(page, '[data-testid="hosts"] > li[data-host]'), 'focus on a host card');
      await kb.press('Delete');
      await waitForPlace(page, 'cache', 'shelf');

      // The model's minimum: database alone on bare metal, five VMs on server 2, reports on a
      // new bare-metal server 3.
      await place('database', 1);
      for (const slug of ['web-app', 'api', 'cache', 'batch-job', 'search']) await place(slug, 2);
      await tabTo(page, '[data-testid="add-host-bare-metal"]', { backwards: true });
      await kb.press('Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid="host-3"]')?.dataset.kind === 'bare-metal');
      assert.deepEqual(await hostIds(page), [1, 2, 3]);
      await select('reports');
      await kb.press('End');
      assert.ok(await focusedMatches(page, host(3)), 'End goes to the last host');
      await kb.press('Enter');
      await waitForPlace(page, 'reports', 'host-3');
      await assertEachOnce(page, 'after the keyboard placement');

      // +1 s by keyboard until solved: VMs boot 30 s, search warms up 15 s, the goal holds 60 s.
      await tabTo(page, '[data-testid="step-second"]', { backwards: true });
      const status = byTestId(page, 'challenge-status');
      let seconds = 0;
      for (; seconds < 140 && (await status.getAttribute('data-state')) !== 'solved'; seconds += 10) {
        for (let i = 0; i < 10; i++) await kb.press('Enter');
        await page.waitForFunction(
          (s) => Number.parseFloat(document.querySelector('[data-testid="sim-time"]').textContent) >= s - 1e-9,
          seconds + 10,
        );
      }
      assert.equal(await status.getAttribute('data-state'), 'solved', await page.locator('[data-testid="challenge"]').innerText());
      assert.ok(seconds >= 100, `solved after ${seconds} s; boot 45 s + hold 60 s`);
      assert.equal(await textOf(page, 'servers'), '3');
      assert.equal(await textOf(page, 'cost'), '$360');
      assert.equal(await textOf(page, 'running'), '7');
      assert.equal(await textOf(page, 'interference'), '0');
      const saved = await savedProgress(page);
      assert.ok(saved?.solved?.includes(VM_CHAPTER.id), JSON.stringify(saved));
      assert.deepEqual(mouse, [], 'no mouse or pointer event reached the page');
    });
  });
});

describe('placement lab: refusals and drops', () => {
  test('a refused drop says why and leaves the service where it was; a drop off any host shelves it', async () => {
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await openLab(page, env.srv, VM_CHAPTER.slug);
      const message = byTestId(page, 'placement-message');
      assert.equal(await message.getAttribute('aria-live'), 'polite');
      assert.equal(await textOf(page, 'placement-message'), '');

      for (const slug of ['database', 'search', 'cache']) {
        await mouseDragService(page, slug, 'host-2');
        await waitForPlace(page, slug, 'host-2');
      }
      // 1,024 hypervisor + 3 x 1,280 guest OS + 6,144 + 3,072 + 2,048 = 16,128 of 16,384 MiB.
      await expectText(page, 'host-memory-2', 'Memory 16,128 MiB / 16,384 MiB (layers 4,864 MiB)');

      // From the shelf: refused, stays on the shelf.
      await mouseDragService(page, 'web-app', 'host-2');
      await page.waitForFunction(() => document.querySelector('[data-testid="placement-message"]').textContent.trim() !== '');
      const refusal = await textOf(page, 'placement-message');
      assert.match(refusal, /1,792 MiB/, refusal);
      assert.match(refusal, /256 MiB/, refusal);
      await waitForPlace(page, 'web-app', 'shelf');
      await expectText(page, 'host-memory-2', 'Memory 16,128 MiB / 16,384 MiB (layers 4,864 MiB)');

      // From another host: refused, stays on that host.
      await mouseDragService(page, 'web-app', 'host-1');
      await waitForPlace(page, 'web-app', 'host-1');
      assert.equal(await textOf(page, 'placement-message'), '', 'a good placement clears the message');
      await mouseDragService(page, 'web-app', 'host-2');
      await page.waitForFunction(() => /1,792 MiB/.test(document.querySelector('[data-testid="placement-message"]').textContent));
      await waitForPlace(page, 'web-app', 'host-1');
      await expectText(page, 'host-memory-1', 'Memory 1,024 MiB / 16,384 MiB (layers 512 MiB)');

      // Dropped outside any host (on the rack totals): back to the shelf.
      await mouseDragService(page, 'cache', 'rack-totals');
      await waitForPlace(page, 'cache', 'shelf');
      await expectText(page, 'host-memory-2', 'Memory 12,800 MiB / 16,384 MiB (layers 3,584 MiB)');
      // Dropped on the shelf itself: back to the shelf too.
      await mouseDragService(page, 'web-app', 'shelf');
      await waitForPlace(page, 'web-app', 'shelf');
      await expectText(page, 'host-memory-1', 'Memory 512 MiB / 16,384 MiB (layers 512 MiB)');
      // A shelf service dropped off any host (on the message line) says so and stays on the shelf.
      await mouseDragService(page, 'reports', 'placement-message');
      await page.waitForFunction(() => /Not over a server/.test(document.querySelector('[data-testid="placement-message"]').textContent));
      await waitForPlace(page, 'reports', 'shelf');
      // Now web-app fits on server 2.
      await mouseDragService(page, 'web-app', 'host-2');
      await waitForPlace(page, 'web-app', 'host-2');
      assert.equal(await textOf(page, 'placement-message'), '');
      await assertEachOnce(page);
    });
  });

  test('rapid drags back and forth never duplicate or lose a service', async () => {
    await withPage(env.browser, { locale: 'en-US', reducedMotion: 'reduce' }, async (page) => {
      await openLab(page, env.srv, CONTAINER_CHAPTER.slug);
      // A fixed pseudo-random tour (LCG) over the services and [host 1, host 2, shelf], with
      // no waiting between drags; everything fits anywhere in chapter 3, so none is refused.
      let x = 12345;
      const next = (n) => {
        x = (x * 1103515245 + 12345) % 2147483648;
        return Math.floor((x / 2147483648) * n);
      };
      const targets = ['host-1', 'host-2', 'shelf'];
      const slugs = ['web-app', 'api', 'cache', 'search'];
      const expected = Object.fromEntries(SLUGS.map((s) => [s, 'shelf']));
      for (let i = 0; i < 36; i++) {
        const slug = slugs[next(slugs.length)];
        const target = targets[next(targets.length)];
        await mouseDragService(page, slug, target, { steps: 3 });
        expected[slug] = target;
      }
      await page.waitForFunction(
        (want) =>
          Object.entries(want).every(([s, p]) => {
            const els = document.querySelectorAll(`[data-testid="service-${s}"]`);
            if (els.length !== 1) return false;
            const h = els[0].closest('[data-host]');
            return (h ? `host-${h.dataset.host}` : 'shelf') === p;
          }),
        expected,
        { timeout: 3000 },
      ).catch(() => {});
      assert.deepEqual(await assertEachOnce(page, 'after 36 rapid drags'), expected);
      assert.equal(await textOf(page, 'placement-message'), '', 'nothing was refused');

      // The model agrees with the chips: each host's reserved memory is its layer plus what is on it.
      for (const [id, kind] of [[1, 'bare-metal'], [2, 'container-engine']]) {
        const on = SLUGS.filter((s) => expected[s] === `host-${id}`);
        const layer = LAYER_MIB[kind].base + LAYER_MIB[kind].perService * on.length;
        const used = layer + on.reduce((m, s) => m + SERVICE_MIB[s], 0);
        await expectText(page, `host-memory-${id}`, `Memory ${grouped(used)} MiB / 16,384 MiB (layers ${grouped(layer)} MiB)`);
        assert.equal(await byTestId(page, `host-${id}`).locator('ul.units > li.unit').count(), on.length);
      }
      assert.equal(await page.locator('[data-testid="shelf"] ul.chips > li').count(), SLUGS.filter((s) => expected[s] === 'shelf').length);
      // No chip is left lifted and no drag ghost is left on screen.
      assert.equal(await page.locator('.chip.lifted').count(), 0);
      assert.equal(await page.locator('.drag-ghost').isVisible(), false);
      assert.equal(await page.locator('.placement.dragging').count(), 0);

      // Then all to the shelf and back onto one host, again without waiting.
      for (const s of SLUGS) await mouseDragService(page, s, 'host-2', { steps: 2 });
      for (const s of SLUGS) await waitForPlace(page, s, 'host-2');
      for (const s of ['api', 'search', 'web-app']) await mouseDragService(page, s, 'shelf', { steps: 2 });
      for (const s of ['api', 'search', 'web-app']) await waitForPlace(page, s, 'shelf');
      const final = await assertEachOnce(page, 'after the second burst');
      assert.equal(Object.values(final).filter((p) => p === 'host-2').length, 4);
    });
  });
});
