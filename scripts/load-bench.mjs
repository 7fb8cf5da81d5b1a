#!/usr/bin/env node
// How soon a chapter works for a learner on a slow phone, cold (first visit) and warm (HTTP cache
// and service worker filled), measured the way GitHub Pages serves the site.
//
// Usage: node scripts/load-bench.mjs [DIR=dist] [--smoke] [--chapters why,servers,...]
//                                    [--runs N=1] [--lang ko|en] [--json]
//                                    [--no-server-throttle] [--timeout SECONDS=120]
//
// Per chapter, in its own browser context (own HTTP cache, storage and service worker):
//   cold: open /server-lab/index.html#/<chapter>; wait for navigator.serviceWorker.ready;
//   warm: about:blank, then the same deep link again in the same context.
// Each load reports, in ms from its navigation start (performance.now() in the page):
//   FCP          first-contentful-paint (the static intro, before the wasm runs);
//   wasm         responseEnd of the .wasm resource-timing entry (its source: net = network,
//                cache = HTTP cache, sw = the service worker answered);
//   interactive  a probe polls every 50 ms for [data-testid="interactive"] and its player's
//                [data-testid="play"] button, clicks it, and records when the button's
//                aria-pressed or label changes: the chapter answers a learner's click.
// Targets (flagged with "!", never failing): FCP <= 1000 ms; interactive <= 3000 ms cold and
// <= 1000 ms warm.
//
// The profile (full run): Chrome's network emulation on the page (CDP
// Network.emulateNetworkConditions: 150 ms latency, 200,000 B/s down, 93,750 B/s up), 4x CPU
// slowdown (Emulation.setCPUThrottlingRate), a 390x844 touch phone viewport. The server itself
// (tests/e2e/support/pages-server.mjs) speaks HTTP/2 over TLS like Pages (a throwaway
// certificate Chromium is told to trust; over HTTP/1.1 Chrome's six connections per host would
// queue the page's dozen files), sends gzip with Pages' headers (Cache-Control: max-age=600,
// ETag, Last-Modified), and also holds each response 150 ms (the first on a connection 300 ms
// more, for the TCP and TLS handshakes) and sends at 200,000 B/s over one shared link, because
// the page's emulation does not reach the service worker's own fetches (its precache, and its
// network-first fetches on later loads). The page's own requests before a service worker
// controls it therefore pass both: cold figures are pessimistic by about one latency per round
// trip; --no-server-throttle shows the other bound. No context.route: Playwright's request
// interception turns the HTTP cache off.
// The figures are only as quiet as the machine: run it with nothing else compiling.
//
// --smoke: one chapter (the first of --chapters, default servers), cold and warm, no throttling;
// exits 1 unless every stage was reached. Without --smoke the exit code is 0 whatever the
// figures, and 1 only when a stage was not reached (something broke).
// --runs N: every chapter N times (each pair in a fresh context); the table shows medians.
// --json: the table goes to stderr and the full results to stdout as JSON.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, launch } from '../tests/e2e/support/browser.mjs';
import { servePagesLike, PAGES_PHONE_PROFILE } from '../tests/e2e/support/pages-server.mjs';

const DEFAULT_CHAPTERS = ['why', 'servers', 'virtual-machines', 'containers', 'network'];
const SMOKE_CHAPTER = 'servers';
const PAGE = 'index.html';
const TARGETS = { fcp: 1000, coldInteractive: 3000, warmInteractive: 1000 };
const NETWORK = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 };
const CPU_RATE = 4;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const PROBE_MS = 50;
// A click that changed nothing within this long is repeated (the handler was not ready).
const RECLICK_MS = 2000;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function usage(message) {
  console.error(
    `load-bench: ${message}\nUsage: node scripts/load-bench.mjs [DIR] [--smoke] [--chapters a,b] ` +
      '[--runs N] [--lang ko|en] [--json] [--no-server-throttle] [--timeout SECONDS]',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { dir: path.join(repoRoot, 'dist'), smoke: false, chapters: null, lang: 'ko', json: false, serverThrottle: true, timeoutS: 120, runs: 1 };
  const value = (arg, i) => (arg.includes('=') ? [arg.slice(arg.indexOf('=') + 1), i] : [argv[i + 1], i + 1]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let v;
    if (arg === '--smoke') opts.smoke = true;
    else if (arg === '--json') opts.json = true;
    else if (arg === '--no-server-throttle') opts.serverThrottle = false;
    else if (arg === '--chapters' || arg.startsWith('--chapters=')) {
      [v, i] = value(arg, i);
      opts.chapters = (v ?? '').split(',').map((s) => s.trim().replace(/^#?\/?/, '')).filter(Boolean);
      if (!opts.chapters.length) usage('--chapters needs a comma-separated list of slugs');
    } else if (arg === '--lang' || arg.startsWith('--lang=')) {
      [v, i] = value(arg, i);
      if (v !== 'ko' && v !== 'en') usage(`--lang must be ko or en, not ${v}`);
      opts.lang = v;
    } else if (arg === '--timeout' || arg.startsWith('--timeout=')) {
      [v, i] = value(arg, i);
      opts.timeoutS = Number(v);
      if (!(opts.timeoutS > 0)) usage(`bad --timeout: ${v}`);
    } else if (arg === '--runs' || arg.startsWith('--runs=')) {
      [v, i] = value(arg, i);
      opts.runs = Number(v);
      if (!Number.isInteger(opts.runs) || opts.runs < 1) usage(`bad --runs: ${v}`);
    } else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else opts.dir = path.resolve(arg);
  }
  if (opts.smoke) {
    opts.chapters = [opts.chapters?.[0] ?? SMOKE_CHAPTER];
    opts.runs = 1;
  }
  opts.chapters ??= DEFAULT_CHAPTERS;
  return opts;
}

// ---- In the page ------------------------------------------------------------------------------

// Installed before the page's own scripts (addInitScript is exempt from the CSP). Everything is
// timed with performance.now(), i.e. from this document's navigation start.
function probe({ everyMs, reclickMs }) {
  if (window.top !== window) return;
  const b = (window.__bench = { marks: {}, clicks: 0, replaced: 0, done: false });
  const now = () => performance.now();
  for (const fn of ['instantiateStreaming', 'instantiate']) {
    const orig = WebAssembly[fn];
    if (typeof orig !== 'function') continue;
    WebAssembly[fn] = function (...args) {
      b.marks.wasmInstantiateStart ??= now();
      return orig.apply(this, args).then((r) => {
        b.marks.wasmInstantiated ??= now();
        return r;
      });
    };
  }
  const SEL = '[data-testid="interactive"] [data-testid="play"]';
  const state = (el) => `${el.getAttribute('aria-pressed')}|${el.textContent.trim()}`;
  let button = null;
  let before = null;
  let clickedAt = 0;
  let observer = null;
  const finish = (el) => {
    b.marks.interactive = now();
    b.before = before;
    b.after = state(el);
    b.done = true;
    observer?.disconnect();
    clearInterval(timer);
  };
  const click = (el) => {
    if (button !== el) {
      observer?.disconnect();
      if (button) b.replaced += 1;
      button = el;
      before = state(el);
      observer = new MutationObserver(() => {
        if (!b.done && button && state(button) !== before) finish(button);
      });
      observer.observe(el, { attributes: true, childList: true, characterData: true, subtree: true });
    }
    b.clicks += 1;
    clickedAt = now();
    b.marks.clicked ??= clickedAt;
    el.click();
  };
  const tick = () => {
    if (b.done) return;
    const el = document.querySelector(SEL);
    if (!el) return;
    b.marks.interactiveFound ??= now();
    if (el !== button) click(el); // first sight, or the player was rendered anew
    else if (state(el) !== before) finish(el);
    else if (now() - clickedAt > reclickMs) click(el);
  };
  const timer = setInterval(tick, everyMs);
}

/** What the page knows about its load, read once the probe is done. */
function collect() {
  const ms = (v) => (Number.isFinite(v) && v > 0 ? v : null);
  const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
  const wasmEntries = performance
    .getEntriesByType('resource')
    .filter((e) => /\.wasm(\?|$)/.test(new URL(e.name).pathname))
    .map((e) => ({
      name: new URL(e.name).pathname.split('/').pop(),
      initiatorType: e.initiatorType,
      workerStart: e.workerStart,
      startTime: e.startTime,
      responseEnd: e.responseEnd,
      transferSize: e.transferSize,
      encodedBodySize: e.encodedBodySize,
      decodedBodySize: e.decodedBodySize,
    }));
  const arrived = wasmEntries.filter((e) => ms(e.responseEnd)).sort((a, b) => a.responseEnd - b.responseEnd)[0];
  let wasm = null;
  if (arrived) {
    const source = arrived.workerStart > 0 ? 'sw' : arrived.transferSize === 0 && arrived.decodedBodySize > 0 ? 'cache' : 'net';
    wasm = { ms: arrived.responseEnd, source, via: 'resource timing' };
  } else if (window.__bench?.marks.wasmInstantiated) {
    // No usable entry (e.g. an opaque timing from the worker): the instantiation bounds it.
    wasm = { ms: window.__bench.marks.wasmInstantiated, source: navigator.serviceWorker?.controller ? 'sw' : '?', via: 'instantiated' };
  }
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    fcp,
    wasm,
    wasmEntries,
    marks: window.__bench?.marks ?? {},
    clicks: window.__bench?.clicks ?? 0,
    replaced: window.__bench?.replaced ?? 0,
    change: window.__bench ? [window.__bench.before, window.__bench.after] : null,
    controlled: Boolean(navigator.serviceWorker?.controller),
    navigation: nav && {
      responseEnd: nav.responseEnd,
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      transferSize: nav.transferSize,
      fromWorker: nav.workerStart > 0,
    },
    transferred: performance.getEntriesByType('resource').reduce((s, e) => s + (e.transferSize || 0), nav?.transferSize ?? 0),
  };
}

// ---- Driving a load ---------------------------------------------------------------------------

async function throttle(cdp, on) {
  if (!on) return;
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
}

async function measureLoad(page, url, timeoutMs) {
  const started = Date.now();
  // The page's requests still open, to say what a load that never finished was waiting for.
  const pending = new Set();
  const onRequest = (r) => pending.add(r);
  const onDone = (r) => pending.delete(r);
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  let error = null;
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    await page.waitForFunction(() => window.__bench?.done === true, null, { timeout: Math.max(1000, timeoutMs - (Date.now() - started)), polling: 250 });
  } catch (err) {
    const waiting = [...pending].map((r) => new URL(r.url()).pathname.split('/').pop() || '/');
    error = `interactive not reached: ${err.message.split('\n')[0]}; requests still open: ${waiting.join(', ') || 'none'}`;
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
  }
  // FCP may be reported a frame after it happened.
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 5000, polling: 100 }).catch(() => {});
  const result = await page.evaluate(collect);
  return { ...result, interactive: result.marks.interactive ?? null, error, wallMs: Date.now() - started };
}

async function benchChapter(browser, srv, chapter, opts) {
  const throttled = !opts.smoke;
  const timeoutMs = opts.timeoutS * 1000;
  const context = await browser.newContext({ ...PHONE, locale: opts.lang === 'ko' ? 'ko-KR' : 'en-US', serviceWorkers: 'allow' });
  const problems = [];
  context.on('weberror', (e) => problems.push(`pageerror: ${e.error()?.message ?? e.error()}`));
  context.on('console', (m) => m.type() === 'error' && problems.push(`console.error: ${m.text()}`));
  context.on('request', (r) => {
    const u = new URL(r.url());
    if (/^https?:$/.test(u.protocol) && u.origin !== srv.origin) problems.push(`external request: ${r.url()}`);
  });
  await context.addInitScript(probe, { everyMs: PROBE_MS, reclickMs: RECLICK_MS });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const url = `${srv.url}${PAGE}#/${chapter}`;
  const out = { chapter, url, cold: null, warm: null, swReadyMs: null, problems, server: [] };
  const firstRequest = srv.requests.length;
  try {
    await throttle(cdp, throttled);
    out.cold = await measureLoad(page, url, timeoutMs);
    const swWaitMs = out.cold.error ? 5000 : timeoutMs;
    out.swReadyMs = await page
      .evaluate(
        (ms) =>
          Promise.race([
            navigator.serviceWorker.ready.then(() => performance.now()),
            new Promise((r) => setTimeout(() => r(null), ms)),
          ]),
        swWaitMs,
      )
      .catch(() => null);
    await page.goto('about:blank');
    await throttle(cdp, throttled); // the page may have a new renderer: set it again
    out.warm = await measureLoad(page, url, timeoutMs);
  } finally {
    await cdp.detach().catch(() => {});
    await context.close();
    // What the server sent for this pair of loads (times relative to the first request).
    const sent = srv.requests.slice(firstRequest);
    const t0 = sent[0]?.at ?? 0;
    out.server = sent.map((r) => ({ ...r, path: r.path.slice(srv.base.length - 1), at: r.at - t0, referer: r.referer.replace(srv.url, '') }));
  }
  return out;
}

async function warmUp(browser, srv, chapter) {
  const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(`${srv.url}${PAGE}#/${chapter}`, { waitUntil: 'load', timeout: 60_000 });
    await page.locator('[data-testid="interactive"]').waitFor({ timeout: 30_000 });
  } catch {
    // Only a warm-up: the measured loads report what is wrong.
  } finally {
    await context.close();
  }
}

// ---- Report -----------------------------------------------------------------------------------

const STAGES = [
  ['cold', 'fcp'],
  ['cold', 'wasm'],
  ['cold', 'interactive'],
  ['warm', 'fcp'],
  ['warm', 'wasm'],
  ['warm', 'interactive'],
];

function valueOf(load, stage) {
  if (!load) return null;
  return stage === 'wasm' ? load.wasm?.ms ?? null : load[stage];
}

function target(phase, stage) {
  if (stage === 'fcp') return TARGETS.fcp;
  if (stage === 'interactive') return phase === 'cold' ? TARGETS.coldInteractive : TARGETS.warmInteractive;
  return null;
}

function missingStages(r) {
  const missing = STAGES.filter(([phase, stage]) => valueOf(r[phase], stage) === null).map(([p, s]) => `${p} ${s}`);
  if (r.swReadyMs === null) missing.push('service worker ready');
  return missing;
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

/** Per chapter: each stage's median over the runs, or null when any run missed it. */
function summarize(results) {
  const chapters = [...new Set(results.map((r) => r.chapter))];
  return chapters.map((chapter) => {
    const runs = results.filter((r) => r.chapter === chapter);
    const stage = (phase, name) => {
      const values = runs.map((r) => valueOf(r[phase], name));
      return values.includes(null) ? null : Math.round(median(values));
    };
    const phase = (p) => {
      const sources = [...new Set(runs.map((r) => r[p]?.wasm?.source).filter(Boolean))];
      return {
        fcp: stage(p, 'fcp'),
        wasm: stage(p, 'wasm') === null ? null : { ms: stage(p, 'wasm'), source: sources.join('/') },
        interactive: stage(p, 'interactive'),
        transferred: runs.every((r) => r[p]) ? Math.round(median(runs.map((r) => r[p].transferred))) : null,
      };
    };
    const ready = runs.map((r) => r.swReadyMs);
    return { chapter, runs: runs.length, cold: phase('cold'), warm: phase('warm'), swReadyMs: ready.includes(null) ? null : Math.round(median(ready)) };
  });
}

function printTable(results, summary, opts, srv, log) {
  const cell = (r, phase, stage) => {
    const v = valueOf(r[phase], stage);
    if (v === null) return '—';
    const t = target(phase, stage);
    const src = stage === 'wasm' ? ` ${r[phase].wasm.source}` : '';
    return `${Math.round(v)}${src}${t !== null && v > t ? ' !' : ''}`;
  };
  const header = ['chapter', 'cold FCP', 'cold wasm', 'cold interactive', 'warm FCP', 'warm wasm', 'warm interactive'];
  const rows = summary.map((r) => [r.chapter, ...STAGES.map(([p, s]) => cell(r, p, s))]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const fmt = (row) => row.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  const of = opts.runs > 1 ? `, median of ${opts.runs} runs` : '';
  log('');
  log(
    opts.smoke
      ? `Load benchmark (smoke: no throttling, ${srv.http2 ? 'HTTP/2' : 'HTTP/1.1'}), ms from navigation start:`
      : `Load benchmark, ms from navigation start${of}: page ${NETWORK.latency} ms / ${NETWORK.downloadThroughput} B/s down / ` +
          `${NETWORK.uploadThroughput} B/s up, CPU ${CPU_RATE}x, 390x844 touch; server ` +
          (opts.serverThrottle ? `${PAGES_PHONE_PROFILE.latencyMs} ms + ${PAGES_PHONE_PROFILE.bytesPerSecond} B/s` : 'unthrottled') +
          `, ${srv.http2 ? 'HTTP/2' : 'HTTP/1.1'}, gzip, max-age=600.`,
  );
  log(fmt(header));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) log(fmt(row));
  log(
    `wasm source: net = network, cache = HTTP cache, sw = service worker. "!" = over target ` +
      `(FCP ${TARGETS.fcp}, interactive ${TARGETS.coldInteractive} cold / ${TARGETS.warmInteractive} warm).`,
  );
  for (const r of summary) {
    const notes = [];
    if (r.swReadyMs !== null) notes.push(`service worker ready at ${r.swReadyMs} ms (cold)`);
    for (const p of ['cold', 'warm']) if (r[p].transferred !== null) notes.push(`${p} load transferred ${r[p].transferred} B`);
    if (notes.length) log(`  ${r.chapter}: ${notes.join('; ')}`);
  }
  if (!opts.smoke) {
    // Emulation that silently did nothing would make every figure look good.
    const fast = results.filter((r) => r.cold?.wasmEntries.some((e) => e.responseEnd - e.startTime < (1000 * e.encodedBodySize) / NETWORK.downloadThroughput * 0.9));
    if (fast.length) log(`  WARNING: the wasm arrived faster than ${NETWORK.downloadThroughput} B/s allows (${fast.map((r) => r.chapter).join(', ')}): is the throttling in effect?`);
  }
  for (const r of results) {
    const extras = [];
    const tag = opts.runs > 1 ? `${r.chapter} run ${r.run}` : r.chapter;
    for (const phase of ['cold', 'warm']) {
      const l = r[phase];
      if (!l) continue;
      if (l.clicks > 1 || l.replaced) extras.push(`${phase}: ${l.clicks} clicks, player rendered anew ${l.replaced}x`);
      if (l.error) extras.push(`${phase}: ${l.error}`);
    }
    if (r.swReadyMs === null) extras.push('service worker never ready');
    if (extras.length) log(`  ${tag}: ${extras.join('; ')}`);
    for (const p of [...new Set(r.problems)].slice(0, 10)) log(`  ${tag}: ${p}`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(opts.dir, PAGE))) usage(`no ${PAGE} in ${opts.dir}: build the site first (scripts/build.sh)`);
  const log = opts.json ? (s) => console.error(s) : (s) => console.log(s);
  const started = Date.now();
  const throttle = !opts.smoke && opts.serverThrottle ? PAGES_PHONE_PROFILE : null;
  let srv;
  try {
    srv = await servePagesLike({ root: opts.dir, http2: true, throttle });
  } catch (err) {
    // No openssl: HTTP/1.1, where Chrome's six connections per host queue the page's files.
    log(`load-bench: WARNING: no HTTP/2 (${err.message.split('\n')[0]}); serving HTTP/1.1, so cold figures are pessimistic.`);
    srv = await servePagesLike({ root: opts.dir, throttle });
  }
  const browser = await launch({ args: [...CHROMIUM_ARGS, ...(srv.spki ? [`--ignore-certificate-errors-spki-list=${srv.spki}`] : [])] });
  const results = [];
  try {
    // A fresh browser's first page pays for starting its processes; a throwaway load (its own
    // context, so no cache or worker carries over) keeps that out of the first chapter's figures.
    await warmUp(browser, srv, opts.chapters[0]);
    for (let run = 1; run <= opts.runs; run++) {
      for (const chapter of opts.chapters) {
        log(`load-bench: ${chapter}${opts.runs > 1 ? ` (run ${run} of ${opts.runs})` : ''} ...`);
        results.push({ run, ...(await benchChapter(browser, srv, chapter, opts)) });
      }
    }
  } finally {
    await browser.close();
    await srv.close();
  }
  const summary = summarize(results);
  printTable(results, summary, opts, srv, log);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`(${results.length} load pair(s) in ${seconds} s)`);

  const broken = results.map((r) => [r.chapter, r.run, missingStages(r)]).filter(([, , m]) => m.length);
  for (const [chapter, run, missing] of broken) {
    console.error(`load-bench: ${chapter}${opts.runs > 1 ? ` run ${run}` : ''}: not reached: ${missing.join(', ')}`);
  }
  if (opts.json) {
    const profile = opts.smoke
      ? null
      : { page: { ...NETWORK, cpuRate: CPU_RATE, ...PHONE }, server: opts.serverThrottle ? PAGES_PHONE_PROFILE : null };
    const http = srv.http2 ? 'HTTP/2' : 'HTTP/1.1';
    console.log(JSON.stringify({ smoke: opts.smoke, runs: opts.runs, http, profile, targets: TARGETS, seconds: Number(seconds), summary, results }, null, 2));
  }
  if (broken.length) {
    console.error(`load-bench: FAILED: ${broken.length} load pair(s) did not reach every stage.`);
    process.exitCode = 1;
  } else if (opts.smoke) {
    log('load-bench: smoke ok: every stage reached, cold and warm.');
  }
}

main().catch((err) => {
  console.error(`load-bench: ${err.stack || err}`);
  process.exit(1);
});
