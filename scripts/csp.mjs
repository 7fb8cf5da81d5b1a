// Trunk post-build hook: writes the Content-Security-Policy meta tag into the built index.html,
// allowing exactly the inline scripts Trunk generated (by their SHA-256) and nothing else.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist';
const file = join(dir, 'index.html');
const html = readFileSync(file, 'utf8');

const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

// The placeholder in index.html, however the minifier quoted and ordered its attributes.
const placeholder = /<meta[^>]*\bcontent="?set-by-build"?[^>]*>/;
if (!placeholder.test(html)) {
  console.error(`csp.mjs: ${file} has no CSP placeholder`);
  process.exit(1);
}
writeFileSync(file, html.replace(placeholder, `<meta http-equiv="Content-Security-Policy" content="${policy}">`));
console.log(`csp.mjs: allowed ${hashes.length} inline script(s)`);
