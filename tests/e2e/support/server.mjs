// A tiny static file server for end-to-end tests.
//
// Why not `trunk serve`: it injects an inline auto-reload script that the site's strict CSP
// blocks, and it serves from "/" while GitHub Pages serves the site under "/REPO/". This
// server serves a built directory under a base path (default "/server-lab/"), so relative
// asset URLs, the service worker scope and the web app manifest behave as they will on Pages.
//
// Usage:
//   const srv = await serve({ root: distDir });   // srv.url === 'http://127.0.0.1:PORT/server-lab/'
//   await srv.close();
//   const again = await serve({ root: distDir, port: srv.port }); // same origin, e.g. offline tests

import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_BASE = '/server-lab/';

// Only the types the site ships. `application/wasm` matters: WebAssembly.instantiateStreaming
// refuses any other type, and the other types matter because GitHub Pages sends them too.
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

// "/x/" stays, "x" becomes "/x/": the base is always a directory.
export function normalizeBase(base = DEFAULT_BASE) {
  let b = base.startsWith('/') ? base : `/${base}`;
  if (!b.endsWith('/')) b += '/';
  return b;
}

/**
 * Map a request path to a file path inside `root`, or return null when it must be refused
 * (outside the base, undecodable, NUL byte, or escaping the root after decoding, e.g.
 * "/server-lab/%2e%2e/secret"). Returned `rel` keeps a trailing "/" for directory requests.
 */
export function resolveRequestPath(root, base, rawPath) {
  if (!rawPath.startsWith(base)) return null;
  let rel;
  try {
    rel = decodeURIComponent(rawPath.slice(base.length));
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  // Any ".." segment is refused outright rather than normalised: a real browser never sends
  // one (it resolves them first), so seeing one means a traversal attempt.
  if (rel.split('/').some((seg) => seg === '..')) return null;
  const absRoot = path.resolve(root);
  const file = path.resolve(absRoot, rel);
  if (file !== absRoot && !file.startsWith(absRoot + path.sep)) return null;
  return { file, isDirRequest: rel === '' || rel.endsWith('/') };
}

function sendText(res, status, text, extraHeaders = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...extraHeaders,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

export async function statOrNull(file) {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}

// Find the file to send, with its stat: a directory means its index.html. Pages redirects
// "/dir" to "/dir/", so relative URLs inside the index resolve against the directory; do the
// same. (The Pages-like server in pages-server.mjs uses it too.)
export async function locate(target, pathname) {
  let st = await statOrNull(target.file);
  if (st?.isDirectory()) {
    if (!target.isDirRequest) return { redirect: `${pathname}/` };
    const index = path.join(target.file, 'index.html');
    st = await statOrNull(index);
    return st?.isFile() ? { file: index, st } : null;
  }
  if (target.isDirRequest || !st?.isFile()) return null;
  return { file: target.file, st };
}

function makeHandler(root, base, log) {
  return async (req, res) => {
    const { pathname, search } = new URL(req.url, 'http://localhost');
    // Use the raw path (before URL normalisation) so "/server-lab/../x" is seen and refused.
    const rawPath = req.url.split('?')[0].split('#')[0];
    const record = (status) => log.push({ method: req.method, path: pathname, status });

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      record(405);
      return sendText(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    }
    if (rawPath === base.slice(0, -1)) {
      record(301);
      return sendText(res, 301, 'moved\n', { Location: base + search });
    }
    const target = resolveRequestPath(root, base, rawPath);
    const found = target && (await locate(target, pathname));
    if (found?.redirect) {
      record(301);
      return sendText(res, 301, 'moved\n', { Location: found.redirect + search });
    }
    if (!found) {
      record(404);
      return sendText(res, 404, 'not found\n');
    }
    record(200);
    res.writeHead(200, {
      'Content-Type': contentTypeFor(found.file),
      'Content-Length': found.st.size,
      // Always revalidate: tests rebuild dist/ between runs and must never see a stale file
      // from the browser's HTTP cache (the service worker's own cache is what offline tests
      // exercise).
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/**
 * Start serving `root` under `base` on 127.0.0.1.
 * @param {{root: string, base?: string, port?: number, host?: string}} options
 *   port 0 (default) picks a free ephemeral port; pass a previous server's port to bring the
 *   same origin back (service worker and storage are per origin).
 * @returns {Promise<{url: string, origin: string, port: number, base: string, root: string,
 *   requests: {method: string, path: string, status: number}[], close: () => Promise<void>}>}
 */
export async function serve({ root, base = DEFAULT_BASE, port = 0, host = '127.0.0.1' } = {}) {
  if (!root) throw new Error('serve(): `root` directory is required');
  const normBase = normalizeBase(base);
  const requests = [];
  const server = http.createServer(makeHandler(root, normBase, requests));
  // Keep-alive sockets would hold close() open and keep the port busy; tests want it free now.
  server.keepAliveTimeout = 1000;
  const actualPort = await listen(server, port, host);
  const origin = `http://${host}:${actualPort}`;
  let closed = false;
  return {
    url: `${origin}${normBase}`,
    origin,
    port: actualPort,
    base: normBase,
    root: path.resolve(root),
    requests,
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Drop open (keep-alive) browser connections so the port is released immediately.
        server.closeAllConnections();
      });
    },
  };
}
