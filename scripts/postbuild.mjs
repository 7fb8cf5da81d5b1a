// Finishes the built site (run by scripts/build.sh after both pages are built):
// 1. minifies the JavaScript (Trunk's minifier gives up on wasm-bindgen's glue) and updates
//    the pages' subresource-integrity hashes to match;
// 2. writes the service worker's precache list and version into sw.js: every file of the
//    learner's app, not the teacher's page (no learner downloads it; the worker caches it
//    when a teacher opens it);
// 3. writes each page's Content-Security-Policy meta tag, allowing exactly the inline scripts
//    Trunk generated (by their SHA-256) and nothing else.
// Usage: node scripts/postbuild.mjs [dist]
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { minify } from 'terser';

const dir = process.argv[2] ?? 'dist';

/** Every file under `root`, as paths relative to it with forward slashes. */
function files(root, here = root) {
  return readdirSync(here).flatMap((name) => {
    const path = join(here, name);
    return statSync(path).isDirectory() ? files(root, path) : [relative(root, path).split('\\').join('/')];
  });
}

const sha256 = (body) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`;

/** Hashes of the inline scripts that run (JSON data blocks do not). */
export function inlineScriptHashes(html) {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .filter(([open]) => !/type="?application\/json/.test(open))
    .map(([, body]) => sha256(body));
}

/** Hashes of inline <style> blocks (only the single-file bundle has them). */
export function inlineStyleHashes(html) {
  return [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map(([, body]) => sha256(body));
}

export function policy(scriptHashes, styleHashes = []) {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${scriptHashes.join(' ')}`.trim(),
    `style-src 'self' ${styleHashes.join(' ')}`.trim(),
    "img-src 'self' data:",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

// The placeholder in index.html, however the minifier quoted and ordered its attributes.
const placeholder = /<meta[^>]*\bcontent="?set-by-build"?[^>]*>/;

export function withPolicy(html) {
  if (!placeholder.test(html)) throw new Error('index.html has no CSP placeholder');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(inlineScriptHashes(html))}">`;
  return html.replace(placeholder, meta);
}

/** Minifies every top-level .js file and rewrites the pages' integrity hashes for them. */
async function minifyScripts(pages) {
  const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'));
  for (const file of scripts) {
    const path = join(dir, file);
    const before = readFileSync(path);
    const { code } = await minify(before.toString('utf8'), { module: !file.startsWith('sw') && file !== 'register-sw.js', ecma: 2020 });
    writeFileSync(path, code);
    const integrity = (body) => `sha384-${createHash('sha384').update(body).digest('base64')}`;
    for (const page of pages) {
      const pagePath = join(dir, page);
      const html = readFileSync(pagePath, 'utf8');
      writeFileSync(pagePath, html.replaceAll(integrity(before), integrity(code)));
    }
  }
}

const stylesheetTag = /<link href=\.\/([^ >]+\.css) integrity=[^ >]+ rel=stylesheet>/g;

/**
 * Joins each page's stylesheets, in their order, into one file (`<page>-<hash>.css`) in place of
 * the first, and deletes the ones no page links any more. Sources stay one file per part of the
 * site; a learner downloads one stylesheet, which compresses better than twelve (2.3 KB less
 * brotli for the learner's page, measured when chapter 6 landed).
 */
function bundleStyles(pages) {
  for (const page of pages) {
    const pagePath = join(dir, page);
    const html = readFileSync(pagePath, 'utf8');
    const sheets = [...html.matchAll(stylesheetTag)].map(([, file]) => file);
    if (sheets.length < 2) continue;
    const css = sheets.map((file) => readFileSync(join(dir, file), 'utf8').trim()).join('\n');
    const name = `${page.replace(/\.html$/, '')}-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
    writeFileSync(join(dir, name), css);
    const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
    let first = true;
    const bundled = html.replace(stylesheetTag, () => {
      if (!first) return '';
      first = false;
      return `<link href=./${name} integrity=${integrity} rel=stylesheet>`;
    });
    writeFileSync(pagePath, bundled);
  }
  const htmls = pages.map((page) => readFileSync(join(dir, page), 'utf8'));
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.css'))) {
    if (!htmls.some((html) => html.includes(`./${file} `))) rmSync(join(dir, file));
  }
}

/** teacher.html and the files only it references (its wasm, glue and stylesheets). */
function teacherFiles() {
  const refs = (page) => {
    const html = readFileSync(join(dir, page), 'utf8');
    return new Set([...html.matchAll(/(?:href|src|from|module_or_path:)\s*=?\s*["']?(?:\.\/)?([^"' >]+)/g)].map(([, ref]) => ref));
  };
  const learner = refs('index.html');
  return new Set(['teacher.html', ...[...refs('teacher.html')].filter((ref) => !learner.has(ref))]);
}

async function main() {
  const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
  await minifyScripts(pages);
  bundleStyles(pages);
  const teacherOnly = teacherFiles();
  const precache = ['./', ...files(dir).filter((f) => f !== 'sw.js' && !f.startsWith('.') && !teacherOnly.has(f))].sort();
  const version = createHash('sha256');
  for (const f of precache.slice(1)) version.update(f).update(readFileSync(join(dir, f)));
  const swPath = join(dir, 'sw.js');
  const sw = readFileSync(swPath, 'utf8')
    .replace('"__PRECACHE__"', JSON.stringify(precache))
    .replace('__VERSION__', version.digest('hex').slice(0, 16));
  writeFileSync(swPath, sw);

  for (const page of pages) {
    const pagePath = join(dir, page);
    writeFileSync(pagePath, withPolicy(readFileSync(pagePath, 'utf8')));
  }
  console.log(`postbuild: ${precache.length} files precached; CSP written into ${pages.join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await main();
  } catch (error) {
    console.error(`postbuild: ${error.message}`);
    process.exit(1);
  }
}
