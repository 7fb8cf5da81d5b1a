// Makes the classroom bundle: one self-contained HTML file that runs every learner route from
// file:// with no server. It is the learner's page (index.html) with its CSS, its JS glue
// (wrapped in a function) and its one wasm (base64 in a JSON block, handed to the init function
// as bytes) inlined, with the favicon and every chapter's prose. The teacher's page
// (teacher.html) is not in it: teachers use the hosted site. `<html data-single-file>` marks
// it. The CSP is recomputed for the new inline script and styles.
// Usage: node scripts/bundle.mjs [dist] [out-file]   (after a release build: scripts/build.sh)
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { minify } from 'terser';
import { inlineScriptHashes, inlineStyleHashes, policy } from './postbuild.mjs';

const dist = process.argv[2] ?? 'dist';
const out = process.argv[3] ?? 'dist-bundle/server-lab.html';
const read = (href) => readFileSync(join(dist, href.replace(/^\.\//, '')));
const page = (file) => readFileSync(join(dist, file), 'utf8');

/** The value of attribute `name` in one tag, quoted or not (Trunk minifies the HTML). */
const attr = (tag, name) => tag.match(new RegExp(`\\b${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`))?.slice(1).find((v) => v !== undefined);

const stylesheets = (html) => [...html.matchAll(/<link[^>]*rel="?stylesheet"?[^>]*>/g)].map(([tag]) => attr(tag, 'href'));

/** The page's JS glue and wasm, from Trunk's module loader script. */
function loaderOf(html, file) {
  const body = html.match(/<script type="?module"?>([\s\S]*?)<\/script>/)?.[1];
  if (!body) throw new Error(`no module loader script in ${file}`);
  const glue = body.match(/from\s*['"]\.\/([^'"]+\.js)['"]/)?.[1];
  const wasm = body.match(/module_or_path:\s*['"]\.\/([^'"]+\.wasm)['"]/)?.[1];
  if (!glue || !wasm) throw new Error(`the loader in ${file} names no glue or no wasm`);
  return { glue, wasm };
}

/**
 * The glue module as the body of a function that returns its init function (its default
 * export; minification renames it). The glue only exports (no imports; `import.meta.url`, for a
 * wasm path the bundle never uses, is fine inside a function of a module script).
 */
function glueAsFunction(file) {
  let glue = read(file).toString('utf8');
  const exportList = /export\s*\{([^}]*)\}\s*;?/g;
  const lists = [...glue.matchAll(exportList)];
  const init = lists.map(([, names]) => names.match(/([\w$]+)\s+as\s+default\b/)?.[1]).find(Boolean);
  if (!init) throw new Error(`no default export (the init function) in ${file}`);
  if (/^\s*import[\s{*'"]/m.test(glue) || /[;}]\s*import[\s{*'"]/.test(glue)) throw new Error(`${file} imports other modules`);
  glue = glue.replace(exportList, '').replace(/(^|[;}\s])export\s+(?=(?:async\s+)?(?:class|function|const|let|var)\b)/g, '$1');
  return `function(){${glue}\n;return ${init}}`;
}

let html = page('index.html');

if (!/<html\b/.test(html)) throw new Error('no <html> tag in index.html');
html = html.replace(/<html\b/, '<html data-single-file');

// Stylesheets become <style> blocks, in their order.
const css = stylesheets(html);
if (stylesheets(html).length === 0) throw new Error('no stylesheet in index.html');
const styles = css.map((href) => `<style>${read(href).toString('utf8')}</style>`).join('');
let first = true;
html = html.replace(/<link[^>]*rel="?stylesheet"?[^>]*>/g, () => (first ? ((first = false), styles) : ''));

// The favicon becomes a data: URL; hosting-only links (preloads, manifest, service worker) go.
html = html.replace(/<link[^>]*rel="?icon"?[^>]*>/g, (tag) => {
  return `<link rel="icon" href="data:image/svg+xml;base64,${read(attr(tag, 'href')).toString('base64')}">`;
});
html = html.replace(/<link[^>]*rel="?(modulepreload|preload|manifest|apple-touch-icon)"?[^>]*>/g, () => '');
html = html.replace(/<script[^>]*src="?register-sw\.js"?[^>]*><\/script>/g, () => '');
// Presentation mode, which the hosted site loads on demand, rides inline (it stays idle until
// asked for, and marks itself ready so the page does not try to fetch it).
const presenter = `<script>${read('present.js').toString('utf8')}</script>`;

// Trunk's loader imports the glue and fetches the wasm; instead, the glue runs inline and is
// handed the wasm's bytes.
const loader = loaderOf(html, 'index.html');
const script = `const init = (${glueAsFunction(loader.glue)})();
const base64 = JSON.parse(document.getElementById('wasm').textContent);
const wasmBytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
await init({ module_or_path: wasmBytes });
`;
// A syntax check: a glue that did not wrap cleanly fails here, not in a classroom.
await minify(script, { module: true, compress: false, mangle: false }).catch((e) => {
  throw new Error(`the bundle's loader does not parse: ${e.message}`);
});
const moduleLoader = /<script type="?module"?>[\s\S]*?<\/script>/;
html = html.replace(moduleLoader, () => `<script type="module">${script}</script>`);

// The wasm, and the prose that the site fetches per chapter (looked up by the same path), as
// data blocks that do not run.
const wasmBlock = `<script type="application/json" id="wasm">"${read(loader.wasm).toString('base64')}"</script>`;
const prose = readdirSync(join(dist, 'content'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const json = read(`content/${f}`).toString('utf8').replace(/<\//g, '<\\/');
    return `<script type="application/json" id="content/${f}">${json}</script>`;
  })
  .join('');
html = html.replace('</body>', () => `${wasmBlock}${prose}${presenter}</body>`);

// A new policy with the hashes of the new inline script and styles.
const cspMeta = /<meta http-equiv="Content-Security-Policy"[^>]*>/;
if (!cspMeta.test(html)) throw new Error('no CSP meta tag in index.html');
html = html.replace(cspMeta, () => `<meta http-equiv="Content-Security-Policy" content="${policy(inlineScriptHashes(html), inlineStyleHashes(html))}">`);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`bundle: wrote ${out} (${html.length} bytes)`);
