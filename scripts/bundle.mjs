// Makes the classroom bundle: one self-contained HTML file that runs from file:// with no
// server. CSS, the JS glue, the wasm (base64, handed to the init function as bytes), the
// favicon and every chapter's prose are inlined; the CSP is recomputed for the new inline
// script. Usage: node scripts/bundle.mjs [dist] [out-file]   (after a release build)
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inlineScriptHashes, inlineStyleHashes, policy } from './postbuild.mjs';

const dist = process.argv[2] ?? 'dist';
const out = process.argv[3] ?? 'dist-bundle/server-lab.html';
let html = readFileSync(join(dist, 'index.html'), 'utf8');
const read = (href) => readFileSync(join(dist, href.replace(/^\.\//, '')));

function replaceAll(pattern, replacer) {
  const before = html;
  html = html.replace(pattern, replacer);
  return before !== html;
}

// Stylesheets become <style> blocks.
replaceAll(/<link[^>]*rel="?stylesheet"?[^>]*>/g, (tag) => {
  const href = tag.match(/href="?([^" >]+)/)[1];
  return `<style>${read(href).toString('utf8')}</style>`;
});

// The favicon becomes a data: URL; hosting-only links (preloads, manifest, service worker) go.
replaceAll(/<link[^>]*rel="?icon"?[^>]*>/g, (tag) => {
  const href = tag.match(/href="?([^" >]+)/)[1];
  return `<link rel="icon" href="data:image/svg+xml;base64,${read(href).toString('base64')}">`;
});
replaceAll(/<link[^>]*rel="?(modulepreload|preload|manifest|apple-touch-icon)"?[^>]*>/g, () => '');
replaceAll(/<script[^>]*src="?register-sw\.js"?[^>]*><\/script>/g, () => '');

// Trunk's loader imports the glue and fetches the wasm; instead, inline the glue and pass the
// wasm's bytes.
const loader = /<script type="?module"?>([\s\S]*?)<\/script>/;
const match = html.match(loader);
if (!match) throw new Error('no module loader script in index.html');
const glueFile = match[1].match(/from\s*['"]\.\/([^'"]+\.js)['"]/)[1];
const wasmFile = match[1].match(/module_or_path:\s*['"]\.\/([^'"]+\.wasm)['"]/)[1];
const glue = read(glueFile).toString('utf8');
// The glue's init function is its default export; minification renames it, so find its name.
const init = glue.match(/export\s*\{[^}]*?([\w$]+)\s+as\s+default/)?.[1];
if (!init) throw new Error(`no default export (the init function) in ${glueFile}`);
const wasm = read(wasmFile).toString('base64');
const script = `${glue}
const wasmBytes = Uint8Array.from(atob(${JSON.stringify(wasm)}), (c) => c.charCodeAt(0));
await ${init}({ module_or_path: wasmBytes });
`;
html = html.replace(loader, () => `<script type="module">${script}</script>`);

// Prose that the site fetches per chapter is embedded, looked up by the same path.
const prose = readdirSync(join(dist, 'content'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const json = read(`content/${f}`).toString('utf8').replace(/<\//g, '<\\/');
    return `<script type="application/json" id="content/${f}">${json}</script>`;
  })
  .join('');
html = html.replace('</body>', `${prose}</body>`);

// A new policy with the hashes of the new inline script and styles.
const cspMeta = /<meta http-equiv="Content-Security-Policy"[^>]*>/;
if (!cspMeta.test(html)) throw new Error('no CSP meta tag in index.html');
html = html.replace(cspMeta, () => `<meta http-equiv="Content-Security-Policy" content="${policy(inlineScriptHashes(html), inlineStyleHashes(html))}">`);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`bundle: wrote ${out} (${html.length} bytes)`);
