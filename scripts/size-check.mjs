#!/usr/bin/env node
// Size budget for the built site.
//
// Usage: node scripts/size-check.mjs [DIR=dist] [--budget-kb N=150]
//
// Prints raw and brotli sizes of every .wasm/.js/.css/.html file under DIR, then the
// "first load": index.html plus every .wasm/.js/.css it references (what a learner's browser
// fetches before the landing page works; other pages' files, such as tools.html's own wasm, are
// not). The service worker (sw.js) is left out because it is fetched after the page is up. Brotli at quality 11 approximates what GitHub Pages' CDN
// sends. Every other top-level page gets its own budget for its own first load (PAGE_BUDGET_KB,
// else the same as the landing's).
// Exits 1 when a first-load brotli total exceeds the budget, 2 on bad input.
// The last stdout line is always `first-load-brotli-bytes: N` for scripts to read.

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const MEASURED = new Set(['.wasm', '.js', '.css', '.html']);
const FIRST_LOAD_ASSETS = new Set(['.wasm', '.js', '.css']);
const SERVICE_WORKER = 'sw.js';
// Pages other than the landing that need more than --budget-kb, in KB. lab.html carries the
// whole shell (contents, settings, chapter template, quiz) plus the headline placement lab;
// see docs/decisions.md.
const PAGE_BUDGET_KB = { 'lab.html': 160 };

function usage(message) {
  console.error(`size-check: ${message}\nUsage: node scripts/size-check.mjs [DIR] [--budget-kb N]`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { dir: 'dist', budgetKb: 150 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--budget-kb' || arg.startsWith('--budget-kb=')) {
      const value = arg.includes('=') ? arg.split('=')[1] : argv[++i];
      opts.budgetKb = Number(value);
      if (!Number.isFinite(opts.budgetKb) || opts.budgetKb <= 0) usage(`bad --budget-kb value: ${value}`);
    } else if (arg.startsWith('-')) {
      usage(`unknown option ${arg}`);
    } else {
      opts.dir = arg;
    }
  }
  return opts;
}

function brotliSize(buf) {
  return brotliCompressSync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
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

/** Top-level file names that index.html loads: links, scripts and the loader's imports. */
function referencedBy(html) {
  const refs = new Set();
  for (const [, ref] of html.matchAll(/(?:href|src)=["']?(?:\.\/)?([^"' >]+)/g)) refs.add(ref);
  for (const [, ref] of html.matchAll(/["']\.\/([^"']+\.(?:wasm|js))["']/g)) refs.add(ref);
  return refs;
}

function isFirstLoad(rel, page, refs) {
  if (rel.includes(path.sep)) return false; // only the top directory
  if (rel === page) return true;
  return rel !== SERVICE_WORKER && refs.has(rel) && FIRST_LOAD_ASSETS.has(path.extname(rel).toLowerCase());
}

function measure(root) {
  const refs = referencedBy(readFileSync(path.join(root, 'index.html'), 'utf8'));
  return listFiles(root).map((rel) => {
    const buf = readFileSync(path.join(root, rel));
    return { rel, raw: buf.length, brotli: brotliSize(buf), firstLoad: isFirstLoad(rel, 'index.html', refs) };
  });
}

/** Brotli bytes of another page's own first load (the page and what it references). */
function pageLoad(root, rows, page) {
  const refs = referencedBy(readFileSync(path.join(root, page), 'utf8'));
  return rows.filter((r) => isFirstLoad(r.rel, page, refs)).reduce((s, r) => s + r.brotli, 0);
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function printTable(rows) {
  const nameWidth = Math.max(4, ...rows.map((r) => r.rel.length));
  const line = (name, raw, br, mark) =>
    `${name.padEnd(nameWidth)}  ${String(raw).padStart(10)}  ${String(br).padStart(10)}  ${mark}`;
  console.log(line('file', 'raw B', 'brotli B', 'first load'));
  console.log('-'.repeat(nameWidth + 36));
  for (const r of rows) console.log(line(r.rel, r.raw, r.brotli, r.firstLoad ? 'yes' : ''));
}

function main() {
  const { dir, budgetKb } = parseArgs(process.argv.slice(2));
  const root = path.resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) usage(`${dir} is not a directory (build the site first?)`);
  if (!existsSync(path.join(root, 'index.html'))) usage(`${dir} has no index.html: not a built site`);

  const rows = measure(root);
  printTable(rows);

  const first = rows.filter((r) => r.firstLoad);
  const raw = first.reduce((s, r) => s + r.raw, 0);
  const br = first.reduce((s, r) => s + r.brotli, 0);
  const budget = Math.round(budgetKb * 1024);
  console.log('');
  console.log(`first load (${first.length} files): ${raw} B raw (${kb(raw)}), ${br} B brotli (${kb(br)})`);
  const margin = br <= budget ? `${budget - br} B left` : `${br - budget} B over`;
  console.log(`budget: ${budget} B brotli (${budgetKb} KB); ${margin}`);

  // Every other page has its own budget for its own first load (a deep link may open it first).
  const others = readdirSync(root).filter((f) => f.endsWith('.html') && f !== 'index.html');
  let otherOver = false;
  for (const page of others) {
    const bytes = pageLoad(root, rows, page);
    const pageBudget = Math.round((PAGE_BUDGET_KB[page] ?? budgetKb) * 1024);
    const ok = bytes <= pageBudget;
    otherOver ||= !ok;
    const margin = ok ? `${pageBudget - bytes} B left` : `${bytes - pageBudget} B over`;
    console.log(`${page} first load: ${bytes} B brotli (${kb(bytes)}) of ${pageBudget}; ${margin}`);
    if (!ok) console.error(`size-check: FAILED: ${page} first load exceeds the budget.`);
  }

  const over = br > budget || otherOver;
  if (br > budget) {
    console.error(
      `size-check: FAILED: first-load brotli total ${br} B (${kb(br)}) exceeds the budget of ` +
        `${budget} B (${budgetKb} KB) by ${br - budget} B.`,
    );
  }
  console.log(`first-load-brotli-bytes: ${br}`);
  process.exitCode = over ? 1 : 0;
}

main();
