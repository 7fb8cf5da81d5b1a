// Helpers for the placement lab (chapters 2 and 3, #/virtual-machines and #/containers): open
// it, find where every service is, and move services the way a learner would: a mouse drag, a
// finger drag (CDP touch), or a click on a chip and then on "Place here". The page is only read,
// never written.

import assert from 'node:assert/strict';

import { touchDrag } from './browser.mjs';
import { byTestId, open, waitForProse, stepSeconds } from './app.mjs';

/** Service slugs in shelf order (data-testid `service-<slug>`). */
export const SLUGS = ['web-app', 'api', 'database', 'cache', 'batch-job', 'search', 'reports'];

/** Memory per service in MiB and per host kind (layer base, per service), from src/sim/host/catalog.rs. */
export const SERVICE_MIB = {
  'web-app': 512,
  api: 1024,
  database: 6144,
  cache: 2048,
  'batch-job': 1024,
  search: 3072,
  reports: 512,
};
export const LAYER_MIB = {
  'bare-metal': { base: 512, perService: 0 },
  hypervisor: { base: 1024, perService: 1280 },
  'hosted-hypervisor': { base: 2560, perService: 1280 },
  'container-engine': { base: 768, perService: 16 },
};
export const SERVER_MIB = 16384;

export const VM_CHAPTER = { slug: 'virtual-machines', id: 'virtual-machines/fewest-servers', servers: 3 };
export const CONTAINER_CHAPTER = { slug: 'containers', id: 'containers/fast-redeploy', servers: 2 };

/** "15104" -> "15,104" (the page groups thousands with commas in both languages). */
export const grouped = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Open placement chapter `slug` and wait for the app, the lab and the prose. */
export async function openLab(page, srv, slug) {
  await open(page, srv, `/${slug}`);
  await byTestId(page, 'interactive').waitFor({ state: 'visible' });
  await byTestId(page, 'shelf').waitFor({ state: 'visible' });
  await waitForProse(page);
}

/**
 * Where every service's chip is: `{slug: ['shelf' | 'host-<id>' | 'elsewhere', ...]}`, one
 * entry per chip found (so a duplicated service shows two entries and a lost one none).
 */
export function chipPlaces(page) {
  return page.evaluate((slugs) => {
    const out = {};
    for (const s of slugs) {
      out[s] = [...document.querySelectorAll(`[data-testid="service-${s}"]`)].map((e) => {
        const host = e.closest('[data-host]');
        if (host) return `host-${host.dataset.host}`;
        if (e.closest('[data-testid="shelf"]')) return 'shelf';
        return 'elsewhere';
      });
    }
    return out;
  }, SLUGS);
}

/** Assert every service appears exactly once, on the shelf or on a host; return slug -> place. */
export async function assertEachOnce(page, where = '') {
  const places = await chipPlaces(page);
  for (const s of SLUGS) {
    assert.equal(places[s].length, 1, `${where}: service ${s} appears ${places[s].length} times: ${JSON.stringify(places)}`);
    assert.notEqual(places[s][0], 'elsewhere', `${where}: service ${s} is neither on the shelf nor on a host`);
  }
  return Object.fromEntries(SLUGS.map((s) => [s, places[s][0]]));
}

/** Wait until service `slug` is (only) at `place` ('shelf' or 'host-<id>'), then assert it. */
export async function waitForPlace(page, slug, place, timeout = 3000) {
  await page
    .waitForFunction(
      ([s, p]) => {
        const els = [...document.querySelectorAll(`[data-testid="service-${s}"]`)];
        if (els.length !== 1) return false;
        const host = els[0].closest('[data-host]');
        const at = host ? `host-${host.dataset.host}` : els[0].closest('[data-testid="shelf"]') ? 'shelf' : 'elsewhere';
        return at === p;
      },
      [slug, place],
      { timeout },
    )
    .catch(() => {});
  const places = await chipPlaces(page);
  assert.deepEqual(places[slug], [place], `service ${slug} should be at ${place}; all: ${JSON.stringify(places)}`);
}

/** The host ids in the rack, in order. */
export function hostIds(page) {
  return page.evaluate(() => [...document.querySelectorAll('[data-testid="hosts"] > li[data-host]')].map((h) => Number(h.dataset.host)));
}

const SAFE_EDGE = 64; // keep pointers away from the window's edges, where a drag scrolls the page

/**
 * Scroll the window so both elements are on screen (the pair centred when it fits), and
 * return viewport points to press at and release at: the centre of `fromSel`, and a point
 * inside `toSel` away from the window's edges (where the lab scrolls during a drag).
 * `toSel` may also be `{x, y}` in viewport pixels, used as is.
 */
export async function dragPoints(page, fromSel, toSel) {
  const res = await page.evaluate(
    ([fromSel, toSel]) => {
      const a = document.querySelector(fromSel);
      const b = typeof toSel === 'string' ? document.querySelector(toSel) : null;
      if (!a) return { error: `no element ${fromSel}` };
      if (typeof toSel === 'string' && !b) return { error: `no element ${toSel}` };
      const h = window.innerHeight;
      if (b) {
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        const aMid = ra.top + ra.height / 2 + window.scrollY;
        // Aim at a point of b near a, so tall hosts need not fit whole.
        const bTop = rb.top + window.scrollY;
        const bBottom = rb.bottom + window.scrollY;
        const m = Math.min(16, rb.height / 2);
        const bAim = Math.max(bTop + m, Math.min(bBottom - m, aMid));
        const lo = Math.min(aMid, bAim);
        const hi = Math.max(aMid, bAim);
        window.scrollTo(0, Math.max(0, (lo + hi) / 2 - h / 2));
        const ra2 = a.getBoundingClientRect();
        const rb2 = b.getBoundingClientRect();
        const from = { x: ra2.left + ra2.width / 2, y: ra2.top + ra2.height / 2 };
        const to = { x: rb2.left + Math.min(rb2.width / 2, 40), y: bAim - window.scrollY };
        return { from, to };
      }
      a.scrollIntoView({ block: 'center' });
      const ra2 = a.getBoundingClientRect();
      return { from: { x: ra2.left + ra2.width / 2, y: ra2.top + ra2.height / 2 }, to: toSel };
    },
    [fromSel, toSel],
  );
  assert.ok(!res.error, res.error);
  const h = await page.evaluate(() => window.innerHeight);
  for (const [name, p] of [['start', res.from], ['end', res.to]]) {
    assert.ok(
      p.y >= SAFE_EDGE && p.y <= h - SAFE_EDGE,
      `drag ${name} point ${JSON.stringify(p)} (${fromSel} -> ${JSON.stringify(toSel)}) is off screen or near its edge (height ${h})`,
    );
  }
  return res;
}

const sel = (testid) => `[data-testid="${testid}"]`;

/**
 * Drag service `slug` with the mouse onto `target` (a data-testid such as 'host-2' or 'shelf',
 * or a viewport point). With `release: false` the button stays down (a drag in progress).
 */
export async function mouseDragService(page, slug, target, { steps = 8, release = true } = {}) {
  const { from, to } = await dragPoints(page, sel(`service-${slug}`), typeof target === 'string' ? sel(target) : target);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps });
  if (release) await page.mouse.up();
  return { from, to };
}

/** Drag service `slug` onto `target` with a finger (CDP touch events; see touchDrag). */
export async function touchDragService(page, slug, target, { steps = 10 } = {}) {
  const { from, to } = await dragPoints(page, sel(`service-${slug}`), typeof target === 'string' ? sel(target) : target);
  await touchDrag(page, from, to, steps);
  return { from, to };
}

/** Click a chip to select it, then that host's "Place here" button; wait for it to land. */
export async function placeByClicks(page, slug, host) {
  await byTestId(page, `service-${slug}`).click();
  await page.waitForFunction((s) => document.querySelector(`[data-testid="service-${s}"]`)?.getAttribute('aria-pressed') === 'true', slug);
  await byTestId(page, `place-here-${host}`).click();
  await waitForPlace(page, slug, `host-${host}`);
}

/** The trimmed text of `[data-testid=id]`. */
export async function textOf(page, id) {
  return ((await byTestId(page, id).textContent()) ?? '').trim();
}

/**
 * With the player paused, press +1 s until the challenge reports solved: first `min` seconds at
 * once, then one at a time up to `max` in all. Returns the simulated seconds it took.
 */
export async function stepUntilSolved(page, { min, max }) {
  const status = byTestId(page, 'challenge-status');
  await stepSeconds(page, min);
  let n = min;
  while (n < max && (await status.getAttribute('data-state')) !== 'solved') {
    await stepSeconds(page, 1);
    n += 1;
  }
  const held = await page.locator('[data-testid="challenge"]').innerText();
  assert.equal(await status.getAttribute('data-state'), 'solved', `not solved after ${n} s:\n${held}`);
  return n;
}

/** Texts of the events in the feed, oldest or newest first as the page lists them. */
export function eventTexts(page) {
  return page.locator('[data-testid="events"] li:not(.empty)').allTextContents();
}

/** Whether the page scrolls sideways at its width; the widest offender, for the message. */
export async function sideScroll(page) {
  return page.evaluate(() => {
    const el = document.documentElement;
    let widest = null;
    for (const e of document.body.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.right > el.clientWidth + 0.5 && (!widest || r.right > widest.right)) {
        widest = { right: Math.round(r.right), tag: e.tagName, cls: String(e.className), testid: e.dataset?.testid };
      }
    }
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, widest };
  });
}

/**
 * A finger drag to a host that is off screen: press on the chip, carry it to the window's edge
 * (where the lab scrolls the page a little on every move, since a finger carrying a service
 * cannot scroll), wiggle there until the host is in reach, then move onto it and lift.
 * CDP touch events, so the page sees pointerType "touch". Returns how far the page scrolled.
 */
export async function touchDragScrolling(page, slug, targetTestId, { maxMoves = 600 } = {}) {
  const chipSel = sel(`service-${slug}`);
  const targetSel = sel(targetTestId);
  await page.evaluate((s) => document.querySelector(s).scrollIntoView({ block: 'center' }), chipSel);
  const h = await page.evaluate(() => window.innerHeight);
  const box = await page.locator(chipSel).boundingBox();
  const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const rect = () => page.evaluate((s) => {
    const r = document.querySelector(s).getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, scrollY: window.scrollY };
  }, targetSel);
  const startScroll = (await rect()).scrollY;
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, p) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: p ? [{ x: p.x, y: p.y, id: 1, radiusX: 1, radiusY: 1, force: 1 }] : [],
    });
  const line = async (a, b, steps) => {
    for (let i = 1; i <= steps; i++) {
      await touch('touchMove', { x: a.x + ((b.x - a.x) * i) / steps, y: a.y + ((b.y - a.y) * i) / steps });
    }
  };
  try {
    await touch('touchStart', from);
    const first = await rect();
    const down = first.top > h / 2;
    const edge = { x: from.x, y: down ? h - 20 : 20 };
    await line(from, edge, 10);
    let r = await rect();
    const inReach = (q) => (down ? q.top + 48 < h - SAFE_EDGE : q.bottom - 48 > SAFE_EDGE);
    // The finger rests at the edge: the lab keeps scrolling by itself until it moves away.
    for (let i = 0; i < maxMoves && !inReach(r); i++) {
      await page.waitForTimeout(50);
      r = await rect();
    }
    r = await rect();
    assert.ok(inReach(r), `${targetTestId} never came into reach while dragging at the edge: ${JSON.stringify(r)}`);
    const to = { x: r.left + 40, y: down ? r.top + 40 : r.bottom - 40 };
    await line(edge, to, 6);
    await touch('touchEnd');
    return (await rect()).scrollY - startScroll;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
