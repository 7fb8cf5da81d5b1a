// Helpers that know Server Lab's DOM (data-testid hooks, routes, saved progress), shared by the
// end-to-end test files. Everything here drives the page the way a learner would: clicks,
// taps or keys; the page's own state is only ever read, never written, except where a test
// deliberately plants saved progress.

import assert from 'node:assert/strict';

export const PROGRESS_KEY = 'server-lab:progress';

/** Chapter slugs in course order; the first four are written. */
export const CHAPTERS = ['why', 'servers', 'virtual-machines', 'containers', 'network', 'load-balancing', 'clusters', 'ssh', 'fleets'];

/** A chapter link's href: a plain fragment, since every chapter is a route of the one page. */
export const chapterHref = (slug) => `#/${slug}`;

/** The chapter 1 challenge: 1,000 requests/s; the model's cheapest farm is 6 servers ($360). */
export const SERVERS_CHALLENGE = { id: 'servers/lowest-cost', rps: 1000, servers: 6, cost: 360 };
export const WHY_CHALLENGE_ID = 'why/move-out';

/** Interface strings the tests look for, per language (from src/i18n/*.rs). */
export const TEXT = {
  ko: {
    contents: '차례',
    home: '서버 환경 실험실',
    servers: '서버',
    why: '왜 서버가 필요할까요',
    notFound: '페이지를 찾을 수 없어요',
    moveToServer: '서버로 옮기기',
  },
  en: {
    contents: 'Contents',
    home: 'Server Lab',
    servers: 'The server',
    why: 'Why servers at all',
    notFound: 'Page not found',
    moveToServer: 'Move to server',
  },
};

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** The URL of a route (`'/servers'`, `'/'`, `'/nope'`) on the test server. */
export function routeUrl(srv, route = '/') {
  return `${srv.url}#${route}`;
}

/** Wait until the wasm app has replaced the static intro with its shell (contents + main). */
export async function waitForApp(page) {
  await page.locator('nav.toc .toc-list a').first().waitFor({ state: 'visible' });
  await page.locator('#main').waitFor({ state: 'attached' });
  assert.equal(await page.locator('.static-intro').count(), 0, 'the static intro is still there');
}

/** Open a route and wait for the app shell. */
export async function open(page, srv, route = '/') {
  await page.goto(routeUrl(srv, route));
  await waitForApp(page);
}

/**
 * Open the progress page (`#/progress`), with `progress` (an object) planted as saved progress
 * first when given, and wait for its table and every chapter's quiz score.
 */
export async function openProgress(page, srv, progress = null) {
  await open(page, srv, '/progress');
  if (progress) await plantProgressAndReload(page, JSON.stringify(progress));
  await waitForProgressPage(page);
}

/** Wait until the progress page shows its table with every chapter's quiz score filled in. */
export async function waitForProgressPage(page) {
  await byTestId(page, 'progress-table').waitFor();
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid="quiz-score"]')];
    return cells.length > 0 && cells.every((c) => c.textContent.trim());
  });
}

// ---- One page, one document --------------------------------------------------------------------

/**
 * Mark the current document, so that assertSameDocument can later tell that moving between
 * routes never reloaded it (a reload starts a new document without the mark).
 */
export async function markDocument(page) {
  await page.evaluate(() => {
    window.__e2eMarker = 1;
  });
}

/** The wasm files this document loaded itself (the service worker's precaching is not the page's). */
export function wasmLoaded(page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname.split('/').pop())
      .filter((f) => f.endsWith('.wasm')),
  );
}

/**
 * Assert the document marked by markDocument is still the one shown (no reload, no other page),
 * that it was navigated to once, and that it loaded exactly one wasm file: the learner's app.
 */
export async function assertSameDocument(page, where = '') {
  const state = await page.evaluate(() => ({
    marker: window.__e2eMarker,
    navigations: performance.getEntriesByType('navigation').length,
  }));
  assert.equal(state.marker, 1, `${where}: the page was reloaded (or another page opened)`);
  assert.equal(state.navigations, 1, `${where}: navigation entries`);
  const wasm = await wasmLoaded(page);
  assert.equal(wasm.length, 1, `${where}: exactly one wasm file loaded: ${wasm}`);
  assert.ok(!wasm[0].includes('teacher'), `${where}: the learner's wasm, not the teacher's: ${wasm}`);
}

/**
 * Wait for the chapter prose (fetched from content/<slug>.<lang>.json) to be in the page:
 * the quiz questions only render once it has arrived, and the loading note is gone.
 */
export async function waitForProse(page) {
  await byTestId(page, 'quiz-question').first().waitFor({ state: 'visible' });
  // The loading note is removed or hidden once the text is in.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('main p.loading')].every((p) => p.hidden || p.getClientRects().length === 0),
  );
  // The challenge title ends with the prose's own title, empty while loading.
  await page.waitForFunction(() => {
    const h = document.querySelector('#challenge-title-1');
    return h && /[:：]\s*\S/.test(h.textContent);
  });
}

/** Open a written chapter and wait for its prose. */
export async function openChapter(page, srv, slug, query = '') {
  await open(page, srv, `/${slug}${query}`);
  await byTestId(page, 'interactive').waitFor({ state: 'visible' });
  await waitForProse(page);
}

/** The integer written in an element, ignoring units and digit grouping ("$1,080" -> 1080). */
export async function numberIn(locator) {
  const text = (await locator.textContent()) ?? '';
  const digits = text.replace(/[^\d]/g, '');
  assert.ok(digits.length > 0, `no number in ${JSON.stringify(text)}`);
  return Number(digits);
}

export async function serverCount(page) {
  return byTestId(page, 'servers').locator('li.server-card').count();
}

export async function usersValue(page) {
  return byTestId(page, 'users-input').inputValue();
}

/** Type `value` in the users box and press its Apply button (mouse). */
export async function setUsersByMouse(page, value) {
  const input = byTestId(page, 'users-input');
  await input.click();
  await input.fill(String(value));
  await page.locator('form.users-exact button[type=submit]').click();
}

/** Click add-server (or tap it) until there are `n` servers. */
export async function addServersUntil(page, n, { tap = false } = {}) {
  const button = byTestId(page, 'add-server');
  for (let i = 0; i < 50 && (await serverCount(page)) < n; i++) {
    const before = await serverCount(page);
    if (tap) await button.tap();
    else await button.click();
    await page.waitForFunction(
      (b) => document.querySelectorAll('[data-testid="servers"] li.server-card').length > b,
      before,
    );
  }
  assert.equal(await serverCount(page), n);
}

/** Choose a speed by its label (`'4×'`) in the player's select with the mouse. */
export async function setSpeed(page, label) {
  await byTestId(page, 'speed').selectOption({ label });
  assert.equal(await speedLabel(page), label);
}

/** The label of the selected speed ("1×", "4×"). */
export async function speedLabel(page) {
  return (await byTestId(page, 'speed').locator('option:checked').textContent()).trim();
}

export async function isPlaying(page) {
  return (await byTestId(page, 'play').getAttribute('aria-pressed')) === 'true';
}

/** Simulated seconds shown by the player ("12.34 s" -> 12.34). */
export async function simSeconds(page) {
  const text = await byTestId(page, 'sim-time').textContent();
  return Number.parseFloat(text);
}

/** Click +1 s `n` times (each is exactly 100 steps of 10 ms) and wait for the clock to show it. */
export async function stepSeconds(page, n) {
  const start = await simSeconds(page);
  for (let i = 0; i < n; i++) await byTestId(page, 'step-second').click();
  await page.waitForFunction(
    (want) => Number.parseFloat(document.querySelector('[data-testid="sim-time"]').textContent) >= want - 1e-9,
    start + n,
  );
}

/** Chapter 0 solved: its three services moved to the server with the buttons, then 11 s held. */
export async function solveWhyByStepping(page) {
  for (let i = 0; i < 3; i++) {
    await page.locator('[data-place="laptop"] li.service button').first().click();
  }
  await page.locator('[data-place="laptop"] li.service').waitFor({ state: 'detached' });
  await stepSeconds(page, 11);
  await waitForSolved(page, 5_000);
}

/** Wait until the challenge on the page reports solved. */
export async function waitForSolved(page, timeout = 60_000) {
  await page.locator('[data-testid="challenge-status"][data-state="solved"]').waitFor({ state: 'attached', timeout });
}

/**
 * Chapter 1's challenge with the mouse only: 1,000 users/s through the text box, six servers,
 * play at 4x until solved. Expects the page to show chapter 1 with its prose loaded.
 */
export async function solveServersByMouse(page) {
  await setUsersByMouse(page, SERVERS_CHALLENGE.rps);
  assert.equal(await usersValue(page), String(SERVERS_CHALLENGE.rps));
  await addServersUntil(page, SERVERS_CHALLENGE.servers);
  await setSpeed(page, '4×');
  if (!(await isPlaying(page))) await byTestId(page, 'play').click();
  await expectPlaying(page, true);
  await waitForSolved(page);
}

/**
 * Chapter 1's challenge, quickly and deterministically: with the player paused (reducedMotion
 * 'reduce'), set 1,000 users/s and six servers, then click +1 s until solved. For tests that
 * need a solved challenge but are about something else (saved progress, accessibility).
 */
export async function solveServersByStepping(page) {
  assert.equal(await isPlaying(page), false, 'player should start paused (reducedMotion: reduce)');
  await setUsersByMouse(page, SERVERS_CHALLENGE.rps);
  await addServersUntil(page, SERVERS_CHALLENGE.servers);
  // The goal holds for 30 simulated seconds; the first second has no measurement yet.
  await stepSeconds(page, 30);
  const status = byTestId(page, 'challenge-status');
  for (let i = 0; i < 10 && (await status.getAttribute('data-state')) !== 'solved'; i++) {
    await stepSeconds(page, 1);
  }
  assert.equal(await status.getAttribute('data-state'), 'solved');
}

// ---- Keyboard only ---------------------------------------------------------------------------

/** Whether the focused element matches `selector`. */
export function focusedMatches(page, selector) {
  return page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);
}

/**
 * Press Tab (or Shift+Tab) until the focused element matches `selector`. Only the keyboard
 * moves focus; the page is merely asked where focus is.
 */
export async function tabTo(page, selector, { backwards = false, max = 120 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await focusedMatches(page, selector)) return i;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  if (await focusedMatches(page, selector)) return max;
  const where = await page.evaluate(() => document.activeElement?.outerHTML?.slice(0, 200));
  assert.fail(`could not Tab to ${selector} in ${max} presses; focus is on ${where}`);
}

/**
 * Chapter 1's challenge with the keyboard only: Tab to the users box, type, Enter; Tab to
 * add-server and press Enter five times; Tab to the speed select and pick 4x by typing; go back
 * to the interactive region and press Space to play. Expects the player to start paused
 * (reducedMotion 'reduce') with the prose loaded.
 */
export async function solveServersByKeyboard(page) {
  const kb = page.keyboard;
  await tabTo(page, '[data-testid="users-input"]');
  await kb.press('ControlOrMeta+a');
  await kb.type(String(SERVERS_CHALLENGE.rps));
  await kb.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('.deploy-strip .users')?.textContent.includes('1,000'),
  );
  await tabTo(page, '[data-testid="add-server"]');
  for (let i = 1; i < SERVERS_CHALLENGE.servers; i++) await kb.press('Enter');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="servers"] li.server-card').length === n,
    SERVERS_CHALLENGE.servers,
  );
  await tabTo(page, '[data-testid="speed"]', { backwards: true });
  // Typing an option's first character selects it on a closed select and fires "change".
  await kb.type('4');
  assert.equal(await speedLabel(page), '4×', 'speed select is at 4x');
  await tabTo(page, '[data-testid="interactive"]', { backwards: true });
  assert.equal(await isPlaying(page), false, 'player should start paused');
  await kb.press(' ');
  await expectPlaying(page, true);
  await waitForSolved(page);
}

// ---- Saved progress --------------------------------------------------------------------------

/** The saved progress, parsed. */
export async function savedProgress(page) {
  const raw = await page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY);
  return raw === null ? null : JSON.parse(raw);
}

/**
 * Plant `raw` as saved progress before the app starts on the next navigation: the origin must
 * be open already (any page of the site), then reload so the app reads it at start-up.
 */
export async function plantProgressAndReload(page, raw) {
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [PROGRESS_KEY, raw]);
  await page.reload();
  await waitForApp(page);
}

/** The "solved" star in the contents entry for `slug`. */
export function tocSolvedStar(page, slug) {
  return page.locator(`nav.toc a[href="#/${slug}"] .tag.solved:visible`);
}

// ---- Waiting for the page to catch up ----------------------------------------------------------

/** Let pending reactive updates and two animation frames run (before asserting "nothing changed"). */
export async function settleFrames(page) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))),
  );
}

/** Wait (briefly) until the trimmed text of `[data-testid=id]` is `want`, then assert it. */
export async function expectText(page, id, want, timeout = 2000) {
  await page
    .waitForFunction(
      ([i, w]) => document.querySelector(`[data-testid="${i}"]`)?.textContent.trim() === w,
      [id, want],
      { timeout },
    )
    .catch(() => {});
  assert.equal((await byTestId(page, id).textContent()).trim(), want, `[data-testid=${id}]`);
}

/** Wait (briefly) until the player's aria-pressed says `playing`, then assert it. */
export async function expectPlaying(page, playing, timeout = 2000) {
  await page
    .waitForFunction(
      (p) => document.querySelector('[data-testid="play"]')?.getAttribute('aria-pressed') === String(p),
      playing,
      { timeout },
    )
    .catch(() => {});
  assert.equal(await isPlaying(page), playing, `player playing=${playing}`);
}

// ---- Quiz ----------------------------------------------------------------------------------------

/** Pick choice `choice` (0-based) of quiz question `n` by its label, press Check, wait for feedback. */
export async function answerQuestion(page, n, choice) {
  const q = byTestId(page, 'quiz-question').nth(n);
  const radio = q.locator('input[type=radio]').nth(choice);
  // A click can land elsewhere if the live lab above moves the page in the instant between
  // Playwright's aim and the press; a learner would see the choice unmarked and click again.
  for (let attempt = 0; attempt < 3 && !(await radio.isChecked()); attempt++) {
    await q.locator('.choice label').nth(choice).click();
    await page.waitForFunction((r) => r.checked, await radio.elementHandle(), { timeout: 2000 }).catch(() => {});
  }
  assert.ok(await radio.isChecked(), `choice ${choice} of question ${n} is marked`);
  await q.locator('[data-testid="check-answer"]').click();
  await q.locator('[data-testid="quiz-feedback"]').waitFor();
}

// ---- Slider --------------------------------------------------------------------------------------

/**
 * Drag the users slider with the mouse: press on the track at `from` (0..1 of its width), move
 * to `to` in a few steps, release. Returns the slider's value seen just before release.
 */
export async function dragUsersSlider(page, from, to) {
  const slider = byTestId(page, 'users-slider');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to, y, { steps: 6 });
  // Let a few animation frames pass mid-drag, as a human hand would.
  await page.waitForTimeout(200);
  const midDrag = Number(await slider.inputValue());
  await page.mouse.up();
  return midDrag;
}
