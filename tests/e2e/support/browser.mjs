// Browser helpers for end-to-end tests: Debian's Chromium driven by playwright-core.
//
// Playwright cannot download its own browsers on our machines, so we always point it at the
// system Chromium. Every page gets GUARDS: console errors, uncaught exceptions, requests to
// any host other than the local test server, and CSP violations are collected in `problems`
// and fail the test at the end (assertClean / withPage). The site promises "no third-party
// requests" and a strict CSP (DESIGN.md); the guards make every test check that for free.

import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Flags from TOOLCHAIN.md: keep headless Chromium quiet and offline (no update checks, sync,
// QUIC probes) so the only network traffic is the page's own.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

// Schemes that never leave the machine.
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome:', 'chrome-extension:', 'file:']);

export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Launch headless Chromium. Extra playwright launch options may be passed and win. */
export function launch(options = {}) {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/** True for URLs that would leave the machine (anything but the local test server). */
export function isExternalUrl(url) {
  const u = url instanceof URL ? url : new URL(url);
  if (LOCAL_SCHEMES.has(u.protocol)) return false;
  return !LOCAL_HOSTS.has(u.hostname);
}

function locationText(loc) {
  return loc?.url ? ` (${loc.url}:${loc.lineNumber ?? 0})` : '';
}

// Runs in the page before any of its own scripts (addInitScript is exempt from the page's CSP),
// forwarding each violation to Node through the exposed binding.
function cspReporterInitScript() {
  document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      globalThis.__e2eReportCsp?.({
        directive: e.effectiveDirective || e.violatedDirective,
        blockedURI: e.blockedURI,
        sourceFile: e.sourceFile,
        line: e.lineNumber,
        sample: e.sample,
      });
    },
    true,
  );
}

function makeRecorder(problems, allow) {
  return (text) => {
    if (allow.some((re) => re.test(text))) return;
    problems.push(text);
  };
}

async function attachGuards(context, record) {
  context.on('console', (msg) => {
    if (msg.type() === 'error') record(`console.error: ${msg.text()}${locationText(msg.location())}`);
  });
  context.on('weberror', (err) => {
    const e = err.error();
    record(`pageerror: ${e?.stack || e?.message || String(e)}`);
  });
  // Abort, rather than merely observe, so a test never depends on the outside network and a
  // forgotten CDN link fails loudly here instead of silently working on a developer's machine.
  await context.route(isExternalUrl, (route, request) => {
    record(`external request blocked: ${request.method()} ${request.url()}`);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(isExternalUrl, (ws) => {
    record(`external websocket blocked: ${ws.url()}`);
    return ws.close();
  });
  await context.exposeBinding('__e2eReportCsp', (_source, v) => {
    const where = v.sourceFile ? ` at ${v.sourceFile}:${v.line}` : '';
    const sample = v.sample ? ` sample=${JSON.stringify(v.sample)}` : '';
    record(`securitypolicyviolation: ${v.directive} blocked ${v.blockedURI || '(inline)'}${where}${sample}`);
  });
  await context.addInitScript(cspReporterInitScript);
}

/**
 * Create a fresh context (own storage, own service workers) and page with guards attached.
 * @param {import('playwright-core').Browser} browser
 * @param {object} [options] any browser.newContext option, e.g. locale ('ko-KR' | 'en-US'),
 *   colorScheme ('light' | 'dark'), reducedMotion ('reduce' | 'no-preference'),
 *   viewport ({width, height}), hasTouch, isMobile, offline, serviceWorkers; plus
 *   `allowProblems`: RegExp[] for problems a test provokes on purpose (kept out of `problems`).
 * @returns {Promise<{context, page, problems: string[]}>}
 */
export async function newPage(browser, options = {}) {
  const { allowProblems = [], ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  const problems = [];
  await attachGuards(context, makeRecorder(problems, allowProblems));
  const page = await context.newPage();
  return { context, page, problems };
}

/**
 * Let guard reports that are still in flight reach Node: console messages and binding calls
 * arrive asynchronously, and one round-trip through the page orders us after them.
 */
export async function settle(page) {
  if (page.isClosed()) return;
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0))).catch(() => {});
}

/** Throw an Error listing every problem, if there is any. */
export function assertClean(problems) {
  if (problems.length === 0) return;
  const list = problems.map((p, i) => `  ${i + 1}. ${p}`).join('\n');
  throw new Error(`Browser guards reported ${problems.length} problem(s):\n${list}`);
}

/**
 * Run `body(page, {context, problems})` in a fresh guarded page, then settle and assertClean,
 * and always close the context. If the body itself fails, the guard problems are appended to
 * its error message, since they often explain the failure (e.g. a wasm panic).
 */
export async function withPage(browser, options, body) {
  const { context, page, problems } = await newPage(browser, options);
  try {
    try {
      await body(page, { context, problems });
    } catch (err) {
      await settle(page);
      if (problems.length && err instanceof Error) {
        err.message += `\nGuard problems also seen:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
      }
      throw err;
    }
    await settle(page);
    assertClean(problems);
  } finally {
    await context.close();
  }
}

function summarizeViolation(v) {
  const nodes = v.nodes.map((n) => {
    const target = n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(', ');
    return `      - ${target}`;
  });
  // axe's summary is "Fix any of the following:\n  reason\n  reason"; keep the reasons apart.
  const lines = (v.nodes[0]?.failureSummary ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines.length ? `${lines[0]} ${lines.slice(1).join('; ')}`.trim() : '';
  return [
    `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.nodes.length} node(s))`,
    ...nodes.slice(0, 10),
    nodes.length > 10 ? `      ... and ${nodes.length - 10} more` : null,
    first ? `      first failure: ${first}` : null,
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Run axe-core (WCAG 2.0/2.1/2.2 A and AA) on the page; throw a readable summary if any rule
 * fails. `options.include` / `options.exclude` (CSS selectors) and `options.disableRules`
 * (rule ids) narrow it, which should be rare and commented where used.
 * @returns {Promise<object>} the axe results, when clean
 */
export async function checkA11y(page, label = page.url(), options = {}) {
  let builder = new AxeBuilder({ page }).withTags(A11Y_TAGS);
  for (const sel of [options.include ?? []].flat()) builder = builder.include(sel);
  for (const sel of [options.exclude ?? []].flat()) builder = builder.exclude(sel);
  if (options.disableRules) builder = builder.disableRules(options.disableRules);
  const results = await builder.analyze();
  if (results.violations.length > 0) {
    const summary = results.violations.map(summarizeViolation).join('\n');
    throw new Error(`Accessibility violations in ${label}:\n${summary}`);
  }
  return results;
}

/**
 * A real touch drag: touchStart at `from`, `steps` touchMoves along the straight line, touchEnd.
 * page.mouse only produces pointerType "mouse" even with hasTouch, so go through CDP, which
 * makes Chromium emit pointerdown/pointermove/pointerup with pointerType "touch".
 * Points are CSS pixels relative to the viewport. The target needs `touch-action: none`
 * (as any draggable should), or Chromium may turn the gesture into a scroll (pointercancel).
 */
export async function touchDrag(page, from, to, steps = 10) {
  const cdp = await page.context().newCDPSession(page);
  const point = (p) => [{ x: p.x, y: p.y, id: 1, radiusX: 1, radiusY: 1, force: 1 }];
  try {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(from) });
    const n = Math.max(1, Math.round(steps));
    for (let i = 1; i <= n; i++) {
      const t = i / n;
      const p = { x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t };
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(p) });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  } finally {
    await cdp.detach().catch(() => {});
  }
}
