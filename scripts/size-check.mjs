#!/usr/bin/env node
// Size ceilings for the built site, and where the learner's wasm goes.
//
// Usage: node scripts/size-check.mjs [DIR=dist] [--cargo-wasm PATH] [--top N=15]
//                                    [--no-breakdown | --breakdown-required]
//
// 1. Prints raw and brotli (quality 11, roughly what GitHub Pages' CDN sends) sizes of every
//    .wasm/.js/.css/.html file under DIR, and which page loads each.
// 2. A page's load is the page itself plus every top-level .css/.js/.wasm it references (links,
//    scripts and the loader's imports); the service worker (sw.js) is left out, since it is
//    fetched after the page is up, and so is anything a page loads later on its own (present.js).
//    Every page in CEILING_KB must exist and stay under its ceiling, or the check fails (exit 1).
// 3. Breakdown of the learner's wasm by crate and its largest functions, from twiggy run on the
//    cargo output (target/wasm32-unknown-unknown/release/<bin>.wasm, names kept) put through the
//    shipped file's steps with its names kept: wasm-bindgen, then `wasm-opt -Os -g` (npm binaryen
//    132; never Debian's wasm-opt, which breaks the wasm). Without wasm-bindgen it measures the
//    cargo output before wasm-bindgen (larger than shipped) and says so.
//    Missing twiggy, wasm-opt or cargo wasm only skips the breakdown, with a note, unless
//    --breakdown-required is given (then it exits 1).
// Exits 1 when a page's load exceeds its ceiling (or a page is missing), 2 on bad input.
// The last stdout line is always `first-load-brotli-bytes: N` (the learner page's load).

import { readFileSync, readdirSync, statSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

// Brotli ceilings per page, in KB (1 KB = 1024 B): each is the load measured right after the
// one-app merge plus 10 KB (docs/decisions.md, "Budget as a learner waits"). Issue 10 raised the
// learner's to 238.4 KB: its load grew from 220.2 to 237.9 KB (the glossary page, the prediction
// card, memory leaks and container limits). Issue 11 raised it to 305.0 KB: chapter 4 took the
// load from 238.1 to 304.3 KB (in raw wasm: Leptos' view code +53 KB, server_lab +46 KB, core
// +43 KB, alloc +24 KB, strings and data +18 KB), and the teacher's to 129.5 KB (128.8: the
// events and metrics it can name); both keep about 0.7 KB for build-to-build variation (0.6 KB
// seen between two builds of nearly the same code). Issue 12 raised them to 338.0 and 150.0 KB:
// chapter 5 (the balancer, the DNS edge, compare mode, the request canvas, the lab's controls
// and table) took the learner's load from 304.1 to 337.3 KB and the teacher's from 128.8 to
// 149.2 KB (the traffic model, its events and metrics, which the teacher's page links in); its
// balance search and its review fixes then took them to 340.9 and 162.7 KB (the teacher's page
// runs the search too, and the search sets candidates up by actions, so `World::apply` for every
// model is linked in); wasm-opt -Os in place of -Oz brought them to 339.9 and 162.5 KB, and the
// search set up by a teacher's farm figures to 340.3 and 163.0 KB. A chapter issue raises the
// learner's by what its note measures; the whole course's cap is 350 KB. The model's maps and
// queues as Vecs instead of B-trees took them to 327.9 and 150.4 KB; issue 13's cluster model
// (failing servers, health checks, the database, before its view) to 342.4 and 164.3 KB; its
// view, challenge and search (with progress kept in sorted Vecs and each page's stylesheets
// joined into one) to 348.9 and 165.5 KB. Leptos' type-erased components (`erase_components`, the
// learner's page only) took the learner's to 314.7 KB; issue 14's chapter 7 (the terminal, the
// SSH model over chapter 4's network, its view) to 345.9-346.0 and the teacher's to 168.7-168.9 KB;
// chapter 8's Docker model, not yet mounted, links its hints and figure names: 347.1 KB; issue
// 13's full disks, cut links, health-check rings and failover timeline: 349.7 and 169.9 KB;
// its second challenge (+1.3 KB), paid for by error messages that no longer carry serde_json's
// wording and a balance search that counts its splits' server kinds instead of sorting them
// (one sort fewer): 349.4 and 169.7 KB. The learner's ceiling is now the course's cap itself.
const CEILING_KB = { 'index.html': 350.0, 'teacher.html': 170.5 };
// The learner's page: its load is the `first-load-brotli-bytes` line, its wasm is broken down.
const LEARNER_PAGE = 'index.html';

const MEASURED = new Set(['.wasm', '.js', '.css', '.html']);
const LOAD_ASSETS = new Set(['.wasm', '.js', '.css']);
const SERVICE_WORKER = 'sw.js';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WASM_OPT = path.join(REPO_ROOT, 'node_modules', '.bin', 'wasm-opt');
const WASM_OPT_VERSION = '132';

function usage(message) {
  console.error(
    `size-check: ${message}\nUsage: node scripts/size-check.mjs [DIR] [--cargo-wasm PATH] [--top N] ` +
      '[--no-breakdown | --breakdown-required]',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { dir: 'dist', cargoWasm: null, top: 15, breakdown: true, breakdownRequired: false };
  const value = (arg, i) => (arg.includes('=') ? [arg.slice(arg.indexOf('=') + 1), i] : [argv[i + 1], i + 1]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--breakdown-required') opts.breakdownRequired = true;
    else if (arg === '--no-breakdown') opts.breakdown = false;
    else if (arg === '--cargo-wasm' || arg.startsWith('--cargo-wasm=')) {
      [opts.cargoWasm, i] = value(arg, i);
      if (!opts.cargoWasm) usage('--cargo-wasm needs a path');
    } else if (arg === '--top' || arg.startsWith('--top=')) {
      let v;
      [v, i] = value(arg, i);
      opts.top = Number(v);
      if (!Number.isInteger(opts.top) || opts.top <= 0) usage(`bad --top value: ${v}`);
    } else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else opts.dir = arg;
  }
  if (opts.breakdownRequired && !opts.breakdown) usage('--no-breakdown and --breakdown-required contradict');
  return opts;
}

function brotliSize(buf) {
  return brotliCompressSync(buf, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length;
}

// Recursive listing of measured files, as paths relative to `root`, sorted for stable output.
function listFiles(root, rel = '') {
  const out = [];
  for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(root, child));
    else if (entry.isFile() && MEASURED.has(path.extname(entry.name).toLowerCase())) out.push(child);
  }
  return out.sort();
}

/** Top-level file names a page loads: links, scripts and the loader's imports. */
function referencedBy(html) {
  const refs = new Set();
  for (const [, ref] of html.matchAll(/(?:href|src)=["']?(?:\.\/)?([^"' >]+)/g)) refs.add(ref);
  for (const [, ref] of html.matchAll(/["']\.\/([^"']+\.(?:wasm|js))["']/g)) refs.add(ref);
  return refs;
}

/** The files (relative to the site root) that make `page`'s load, the page first. */
function pageLoadFiles(root, page) {
  const refs = referencedBy(readFileSync(path.join(root, page), 'utf8'));
  const assets = [...refs]
    .filter((ref) => !ref.includes('/') && ref !== SERVICE_WORKER && LOAD_ASSETS.has(path.extname(ref).toLowerCase()))
    .filter((ref) => existsSync(path.join(root, ref)))
    .sort();
  return [page, ...assets];
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (part, whole) => `${((100 * part) / whole).toFixed(1)} %`;

function table(header, rows, align) {
  const cells = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const fmt = (r) => r.map((v, c) => (align[c] === 'r' ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ').trimEnd();
  console.log(fmt(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(fmt(r));
}

// ---- Breakdown of the learner's wasm ----------------------------------------------------------

function which(cmd) {
  const candidates = [
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, cmd)),
    path.join(os.homedir(), '.cargo', 'bin', cmd),
  ];
  return candidates.find((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
}

/** The cargo bin that made a shipped wasm (`server-lab-<hash>_bg.wasm` -> `server-lab`). */
function binOf(wasmFile) {
  const m = /^(.+?)-[0-9a-f]{8,}_bg\.wasm$/.exec(wasmFile);
  return m ? m[1] : null;
}

/**
 * The crate an item belongs to: the first path segment of its (demangled) name. A trait method
 * `<Type as Trait>::m` counts under the type's crate, or the trait's when the type is a
 * primitive, a reference, slice, tuple or generic parameter. Non-function items have their own
 * buckets in parentheses; the name section is null (not shipped).
 */
function crateOf(name) {
  if (name.startsWith("custom section 'name'") || /^"[^"]*" subsection$/.test(name)) return null;
  if (name.startsWith('custom section ')) return '(custom sections: producers, target features)';
  if (/^data\[\d+\]$/.test(name) || name.startsWith('data segment "')) return '(data segments)';
  if (/^code\[\d+\]$/.test(name)) return '(unnamed functions)';
  if (/^(type|table|memory|global|elem|func)\[\d+\]|^(import [^ ]+::|export ")|section headers$|^wasm magic bytes$/.test(name)) {
    return '(wasm structure: types, imports, exports, tables)';
  }
  const legacy = /^_ZN(\d+)/.exec(name);
  if (legacy) return name.slice(legacy[0].length, legacy[0].length + Number(legacy[1]));
  const segment = (s) => {
    const t = s.replace(/^(?:&|&mut |mut |\*const |\*mut |dyn |impl |\[|\(|\s)+/, '');
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(t);
    return m ? m[1] : null;
  };
  if (name.startsWith('<')) {
    // Split "<Self as Trait>::rest" at the top-level " as ".
    let depth = 0;
    let asAt = -1;
    let close = -1;
    for (let i = 1; i < name.length; i++) {
      const ch = name[i];
      if (ch === '<' || ch === '(' || ch === '[') depth++;
      else if (ch === '>' || ch === ')' || ch === ']') {
        if (depth === 0 && ch === '>') {
          close = i;
          break;
        }
        depth--;
      } else if (depth === 0 && asAt < 0 && name.startsWith(' as ', i)) asAt = i;
    }
    const selfType = name.slice(1, asAt > 0 ? asAt : close > 0 ? close : undefined);
    const trait = asAt > 0 ? name.slice(asAt + 4, close > 0 ? close : undefined) : '';
    return segment(selfType) ?? segment(trait) ?? '(other symbols)';
  }
  return segment(name) ?? '(other symbols)';
}

const isFunctionBucket = (crate) =>
  crate !== null && (!crate.startsWith('(') || crate === '(unnamed functions)' || crate === '(other symbols)');

function runTwiggy(twiggy, wasm) {
  // `top -n` with a number larger than any item count lists every item.
  const r = spawnSync(twiggy, ['top', '-n', '1000000', '--format', 'json', wasm], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`twiggy failed: ${(r.stderr || r.error?.message || '').trim()}`);
  const parsed = JSON.parse(r.stdout);
  const items = Array.isArray(parsed) ? parsed : parsed.items ?? [];
  return items
    .filter((it) => typeof it.name === 'string' && Number.isFinite(it.shallow_size))
    .filter((it) => !/^\.\.\. and \d+ more|^Σ|total rows/i.test(it.name));
}

/** What wasm-bindgen deletes (describe functions, their exports, its schema section). */
const isBindgenMetadata = (name) => /^(export "|)__wbindgen_describe|^custom section '__wasm_bindgen_unstable'/.test(name);

function breakdown(root, learnerFiles, opts) {
  const skip = (why) => {
    const message = `wasm breakdown skipped: ${why}`;
    if (opts.breakdownRequired) {
      console.error(`size-check: FAILED: ${message} (--breakdown-required)`);
      return false;
    }
    console.log(`\n(${message})`);
    return true;
  };
  const shipped = learnerFiles.find((f) => f.endsWith('.wasm'));
  const bin = shipped && binOf(shipped);
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(REPO_ROOT, 'target');
  const cargoWasm = opts.cargoWasm
    ? path.resolve(opts.cargoWasm)
    : bin && path.join(targetDir, 'wasm32-unknown-unknown', 'release', `${bin}.wasm`);
  if (!cargoWasm) return skip(`cannot tell the cargo bin of ${LEARNER_PAGE}'s wasm (${shipped ?? 'none referenced'}); pass --cargo-wasm`);
  if (!existsSync(cargoWasm)) return skip(`no cargo wasm at ${cargoWasm} (build with scripts/build.sh, or pass --cargo-wasm)`);
  const twiggy = which('twiggy');
  if (!twiggy) return skip('twiggy is not installed (scripts/setup.sh test installs it)');
  if (!existsSync(WASM_OPT)) return skip(`no ${path.relative(REPO_ROOT, WASM_OPT)} (npm binaryen ${WASM_OPT_VERSION}; run scripts/setup.sh)`);
  const version = spawnSync(WASM_OPT, ['--version'], { encoding: 'utf8' });
  if (!new RegExp(`version ${WASM_OPT_VERSION}\\b`).test(version.stdout ?? '')) {
    return skip(`${WASM_OPT} is not binaryen ${WASM_OPT_VERSION}: ${(version.stdout || version.stderr || '').trim()}`);
  }

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'size-check-'));
  try {
    const started = Date.now();
    // The shipped file is wasm-bindgen's output put through `wasm-opt -Os`. wasm-bindgen keeps
    // the name section, so the same two steps with -g give the shipped code with its names.
    // Without a working wasm-bindgen, fall back to the cargo output itself.
    let input = cargoWasm;
    let bindgenNote = 'wasm-bindgen unavailable, so this is the cargo output BEFORE wasm-bindgen';
    const bindgen = which('wasm-bindgen');
    if (bindgen) {
      const r = spawnSync(bindgen, ['--target', 'web', '--no-typescript', '--out-dir', tmp, '--out-name', 'bindgen', cargoWasm], { encoding: 'utf8' });
      if (r.status === 0 && existsSync(path.join(tmp, 'bindgen_bg.wasm'))) {
        input = path.join(tmp, 'bindgen_bg.wasm');
        bindgenNote = '';
      } else {
        bindgenNote = `wasm-bindgen failed (${(r.stderr || r.error?.message || '').trim().split('\n')[0]}), so this is the cargo output BEFORE wasm-bindgen`;
      }
    }
    const optimised = path.join(tmp, 'named.wasm');
    const opt = spawnSync(WASM_OPT, ['-Os', '-g', input, '-o', optimised], { encoding: 'utf8' });
    if (opt.status !== 0) return skip(`wasm-opt failed: ${(opt.stderr || opt.error?.message || '').trim().split('\n')[0]}`);
    let items;
    try {
      items = runTwiggy(twiggy, optimised);
    } catch (err) {
      return skip(err.message);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    const byCrate = new Map();
    const functions = [];
    let customBytes = 0;
    let bindgenBytes = 0;
    for (const it of items) {
      if (isBindgenMetadata(it.name)) {
        bindgenBytes += it.shallow_size;
        continue;
      }
      const crate = crateOf(it.name);
      if (crate === null) {
        customBytes += it.shallow_size;
        continue;
      }
      const entry = byCrate.get(crate) ?? { bytes: 0, items: 0, names: [] };
      entry.bytes += it.shallow_size;
      entry.items += 1;
      entry.names.push(it);
      byCrate.set(crate, entry);
      if (isFunctionBucket(crate)) functions.push({ ...it, crate });
    }
    const total = [...byCrate.values()].reduce((s, e) => s + e.bytes, 0);
    const counted = [...byCrate.values()].reduce((s, e) => s + e.items, 0);
    const dropGlue = functions.filter((f) => /^core(\[[0-9a-f]+\])?::ptr::drop_in_place/.test(f.name)).reduce((s, f) => s + f.shallow_size, 0);

    const shippedRaw = shipped ? statSync(path.join(root, shipped)).size : 0;
    console.log('');
    console.log(`Where ${LEARNER_PAGE}'s wasm goes (raw bytes, before compression; brotli shrinks all of it about 3x):`);
    console.log(`  source: ${path.relative(process.cwd(), cargoWasm) || cargoWasm} (built ${statSync(cargoWasm).mtime.toISOString()}),`);
    console.log(
      `  ${bindgenNote ? '' : 'through wasm-bindgen, then '}wasm-opt -Os -g (binaryen ${WASM_OPT_VERSION}), measured by twiggy ` +
        `(${seconds} s): ${total} B of code and data here, ${shippedRaw} B in the shipped ${shipped ?? 'wasm'}.`,
    );
    if (bindgenNote) {
      console.log(`  NOTE: ${bindgenNote}: it is somewhat larger than the shipped wasm; read shares, not exact bytes.`);
    } else if (Math.abs(total - shippedRaw) > 0.02 * shippedRaw) {
      console.log(`  NOTE: ${Math.abs(total - shippedRaw)} B away from the shipped wasm: is ${cargoWasm} from the build in ${root}?`);
    } else {
      console.log(`  (The same code as shipped, within ${Math.abs(total - shippedRaw)} B: -g changes a few of wasm-opt's choices.)`);
    }
    console.log(`  Generic code counts under the crate that defines it (Vec<T> in alloc, drop glue in core).`);
    const left = [customBytes && `the name section ${customBytes} B`, bindgenBytes && `wasm-bindgen's describe functions and schema ${bindgenBytes} B`].filter(Boolean);
    if (left.length) console.log(`  Left out, not shipped: ${left.join('; ')}.`);
    console.log('');
    const crates = [...byCrate.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
    table(
      ['crate', 'bytes', 'share', 'items'],
      [...crates.map(([name, e]) => [name, e.bytes, pct(e.bytes, total), e.items]), ['total', total, '100.0 %', counted]],
      ['l', 'r', 'r', 'r'],
    );
    if (dropGlue) console.log(`core includes ${dropGlue} B of drop glue (core::ptr::drop_in_place<T>) for every crate's types.`);
    const others = byCrate.get('(other symbols)');
    if (others) {
      const names = others.names.sort((a, b) => b.shallow_size - a.shallow_size).slice(0, 6).map((it) => it.name.slice(0, 40));
      console.log(`(other symbols) = names without a crate path: ${names.join(', ')}, ...`);
    }

    console.log('');
    console.log(`Largest ${opts.top} functions:`);
    functions.sort((a, b) => b.shallow_size - a.shallow_size);
    const shorten = (s) => {
      const t = s.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');
      return t.length > 110 ? `${t.slice(0, 107)}...` : t;
    };
    table(
      ['bytes', 'share', 'crate', 'function'],
      functions.slice(0, opts.top).map((f) => [f.shallow_size, pct(f.shallow_size, total), f.crate, shorten(f.name)]),
      ['r', 'r', 'l', 'l'],
    );
    return true;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// ---- Main -------------------------------------------------------------------------------------

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const root = path.resolve(opts.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) usage(`${opts.dir} is not a directory (build the site first?)`);
  if (!existsSync(path.join(root, LEARNER_PAGE))) usage(`${opts.dir} has no ${LEARNER_PAGE}: not a built site`);

  const pages = readdirSync(root).filter((f) => f.endsWith('.html')).sort();
  const loads = new Map(pages.map((p) => [p, pageLoadFiles(root, p)]));
  const rows = listFiles(root).map((rel) => {
    const buf = readFileSync(path.join(root, rel));
    const loadedBy = pages.filter((p) => loads.get(p).includes(rel)).join(' ');
    return { rel, raw: buf.length, brotli: brotliSize(buf), loadedBy };
  });
  const size = new Map(rows.map((r) => [r.rel, r]));

  table(
    ['file', 'raw B', 'brotli B', 'in the load of'],
    rows.map((r) => [r.rel, r.raw, r.brotli, r.loadedBy]),
    ['l', 'r', 'r', 'l'],
  );

  // Each page's load against its ceiling.
  let failed = false;
  const summary = [];
  for (const page of [...new Set([...Object.keys(CEILING_KB), ...pages])]) {
    const ceilingKb = CEILING_KB[page];
    if (!loads.has(page)) {
      summary.push([page, '-', '-', '-', `${ceilingKb} KB`, '-', 'MISSING']);
      console.error(`size-check: FAILED: ${page} (it has a ceiling) is not in ${opts.dir}.`);
      failed = true;
      continue;
    }
    const files = loads.get(page);
    const raw = files.reduce((s, f) => s + size.get(f).raw, 0);
    const br = files.reduce((s, f) => s + size.get(f).brotli, 0);
    if (ceilingKb === undefined) {
      summary.push([page, files.length, raw, `${br} (${kb(br)})`, 'none', '', 'no ceiling']);
      continue;
    }
    const ceiling = Math.round(ceilingKb * 1024);
    const ok = br <= ceiling;
    failed ||= !ok;
    const margin = ok ? `${ceiling - br} B left` : `${br - ceiling} B OVER`;
    summary.push([page, files.length, raw, `${br} (${kb(br)})`, `${ceiling} (${ceilingKb} KB)`, margin, ok ? 'ok' : 'FAILED']);
    if (!ok) {
      console.error(
        `size-check: FAILED: ${page}'s load is ${br} B brotli (${kb(br)}), over its ceiling of ` +
          `${ceiling} B (${ceilingKb} KB) by ${br - ceiling} B. Ceilings: CEILING_KB in scripts/size-check.mjs.`,
      );
    }
  }
  console.log('');
  console.log('Page loads (the page and the CSS, JS and wasm it references; sw.js aside; brotli q11):');
  table(['page', 'files', 'raw B', 'brotli B', 'ceiling B', 'margin', 'result'], summary, ['l', 'r', 'r', 'r', 'r', 'r', 'l']);
  for (const page of pages.filter((p) => CEILING_KB[p] === undefined)) {
    console.log(`note: ${page} has no ceiling in CEILING_KB; add one if learners open it.`);
  }

  if (opts.breakdown && !breakdown(root, loads.get(LEARNER_PAGE), opts)) failed = true;

  const learnerBrotli = loads.get(LEARNER_PAGE).reduce((s, f) => s + size.get(f).brotli, 0);
  console.log('');
  console.log(`first-load-brotli-bytes: ${learnerBrotli}`);
  process.exitCode = failed ? 1 : 0;
}

main();
