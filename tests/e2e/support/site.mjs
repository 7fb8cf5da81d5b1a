// Where the built site and the test fixtures live, and how to serve the site.
//
// Paths are derived from this file's location, not hard-coded, because CI runs the tests in
// a fresh clone in another folder.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, DEFAULT_BASE } from './server.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The built site: `dist/` by default, or $SITE_DIR (e.g. a build made elsewhere). */
export const distDir = process.env.SITE_DIR ? path.resolve(process.env.SITE_DIR) : path.join(repoRoot, 'dist');

export const fixturesDir = path.join(repoRoot, 'tests', 'fixtures');

/** The GitHub Pages sub-path the site is built for (`trunk build --public-url /server-lab/`). */
export const SITE_BASE = DEFAULT_BASE;

/**
 * Serve the built site under /server-lab/. Fails with a clear message when it was not built,
 * rather than letting every test time out on a 404 page.
 * @param {{root?: string, base?: string, port?: number}} [options] port: reuse an earlier
 *   server's port to get the same origin back (offline / service-worker tests).
 */
export async function startSite({ root = distDir, base = SITE_BASE, port = 0 } = {}) {
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(
      `No built site at ${root} (index.html missing). Build it first, e.g. ` +
        `"trunk build index.html --release --public-url ${base}", or set SITE_DIR.`,
    );
  }
  return serve({ root, base, port });
}

/**
 * Read and parse tests/fixtures/NAME (".json" is added when NAME has no extension). The
 * fixtures are written by native Rust tests, so the browser can be compared with them.
 */
export function fixture(name) {
  const file = path.join(fixturesDir, path.extname(name) ? name : `${name}.json`);
  return JSON.parse(readFileSync(file, 'utf8'));
}
