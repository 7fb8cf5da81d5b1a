// A static server that behaves like GitHub Pages where load times depend on it, for the load
// benchmark (scripts/load-bench.mjs). The e2e tests keep using server.mjs (no-cache, no gzip).
//
// Like Pages: the site under a sub-path ("/server-lab/"), gzip when the request accepts it
// (`Content-Encoding: gzip`, `Vary: Accept-Encoding`), `Cache-Control: max-age=600`, an ETag and
// Last-Modified with 304 answers to revalidation, 301 from "/dir" to "/dir/", and 404.html (when
// the site has one) for missing files.
//
// `http2: true` serves HTTP/2 over TLS, as Pages does: over HTTP/1.1 Chrome opens at most six
// connections to a host, and a page with a dozen CSS, JS and wasm files then waits in line,
// which Pages' visitors do not. Chrome speaks HTTP/2 only over TLS, so the server makes a
// throwaway self-signed certificate with `openssl` (Debian's, on PATH) and returns its SPKI
// hash: launch Chromium with `--ignore-certificate-errors-spki-list=<srv.spki>` so it trusts it
// fully (service worker and HTTP cache included; Chrome only honours that flag with a
// --user-data-dir, which Playwright always passes).
//
// Optionally slow: `throttle: { bytesPerSecond, latencyMs }` holds every response `latencyMs`
// before its headers (and the first response on a new connection two more latencies, for the
// TCP and TLS handshakes) and sends all bodies through one shared link of `bytesPerSecond`, so
// concurrent responses share the bandwidth the way they share a phone's connection. This is
// what slows the service worker's own fetches, which Chrome's per-page network emulation
// (CDP Network.emulateNetworkConditions) does not reach.
//
// Usage:
//   const srv = await servePagesLike({ root: 'dist', http2: true, throttle: PAGES_PHONE_PROFILE });
//   // srv.url === 'https://127.0.0.1:PORT/server-lab/', srv.spki for Chromium's flag
//   without http2: 'http://127.0.0.1:PORT/server-lab/' over HTTP/1.1; await srv.close();
//   srv.requests: one record per response sent: method, path, referer, status, body bytes, gzip,
//   at (performance.now() in this process when the request came) and ms (until the last byte).

import http from 'node:http';
import http2 from 'node:http2';
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_BASE, contentTypeFor, locate, normalizeBase, resolveRequestPath, statOrNull } from './server.mjs';

/** The load benchmark's phone: 1.6 Mbps down (200,000 B/s), 150 ms added per response. */
export const PAGES_PHONE_PROFILE = Object.freeze({ bytesPerSecond: 200_000, latencyMs: 150 });

// What Pages' CDN compresses: text, JSON, JavaScript, SVG, the manifest and wasm.
const COMPRESSIBLE = /^(text\/|application\/(wasm|json|manifest\+json|javascript|xml)|image\/svg\+xml)/;
const CHUNK = 4096;

const sleep = (ms) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

/** One link shared by every response: each chunk waits for its turn at `bytesPerSecond`. */
class Link {
  constructor(bytesPerSecond) {
    this.msPerByte = 1000 / bytesPerSecond;
    this.freeAt = 0;
  }

  /** Milliseconds until `n` more bytes have gone through, after those already queued. */
  reserve(n) {
    const now = performance.now();
    this.freeAt = Math.max(now, this.freeAt) + n * this.msPerByte;
    return this.freeAt - now;
  }
}

/** File bodies, their gzip and validators, read once per (path, mtime, size). */
function makeCache() {
  const cache = new Map();
  return async (file, st) => {
    const key = `${file}\0${st.mtimeMs}\0${st.size}`;
    let entry = cache.get(file);
    if (entry?.key !== key) {
      const raw = await readFile(file);
      const type = contentTypeFor(file);
      const etag = `"${createHash('sha1').update(raw).digest('hex').slice(0, 20)}"`;
      entry = {
        key,
        raw,
        type,
        gzip: COMPRESSIBLE.test(type) ? gzipSync(raw, { level: 6 }) : null,
        etag,
        lastModified: st.mtime.toUTCString(),
        mtimeSeconds: Math.floor(st.mtimeMs / 1000),
      };
      cache.set(file, entry);
    }
    return entry;
  };
}

function notModified(req, entry) {
  const inm = req.headers['if-none-match'];
  if (inm) {
    const tags = inm.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(entry.etag);
  }
  const ims = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(ims) && entry.mtimeSeconds <= Math.floor(ims / 1000);
}

/** Whether Accept-Encoding allows gzip (`gzip` or `*`, with no q=0). */
function acceptsGzip(req) {
  return (req.headers['accept-encoding'] ?? '').split(',').some((token) => {
    const [name, ...params] = token.trim().toLowerCase().split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    return (name === 'gzip' || name === '*') && !(q && Number(q.slice(2)) === 0);
  });
}

/** Whether the response can no longer be written (client gone), for HTTP/1.1 and HTTP/2. */
const gone = (res) => Boolean(res.destroyed || res.stream?.destroyed || res.socket?.destroyed);

function makeHandler({ root, base, maxAge, gzip, link, latencyMs, log }) {
  const load = makeCache();
  // Connections (HTTP/2 sessions or HTTP/1.1 sockets) that have had their first response.
  const opened = new WeakSet();
  const send = async (req, res, status, headers, body, record) => {
    const started = performance.now();
    const connection = req.stream?.session ?? req.socket;
    const handshake = connection && !opened.has(connection) ? 2 * latencyMs : 0;
    if (connection) opened.add(connection);
    await sleep(latencyMs + handshake);
    if (gone(res)) return;
    res.writeHead(status, status === 304 ? headers : { ...headers, 'Content-Length': body ? body.length : 0 });
    if (req.method === 'HEAD' || !body) {
      res.end();
    } else if (!link) {
      res.end(body);
    } else {
      for (let at = 0; at < body.length && !gone(res); at += CHUNK) {
        const chunk = body.subarray(at, at + CHUNK);
        await sleep(link.reserve(chunk.length));
        if (!gone(res) && !res.write(chunk)) await new Promise((r) => res.once('drain', r).once('close', r));
      }
      res.end();
    }
    log.push({
      ...record,
      status,
      http: req.httpVersion,
      bytes: body && req.method !== 'HEAD' ? body.length : 0,
      at: Math.round(started),
      ms: Math.round(performance.now() - started),
      ...(handshake ? { handshakeMs: handshake } : {}),
    });
  };
  const text = (req, res, status, message, record, extra = {}) =>
    send(req, res, status, { 'Content-Type': 'text/plain; charset=utf-8', ...extra }, Buffer.from(message), record);

  return async (req, res) => {
    const { pathname, search } = new URL(req.url, 'http://localhost');
    const rawPath = req.url.split('?')[0].split('#')[0];
    const record = { method: req.method, path: pathname, referer: req.headers.referer ?? '' };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return await text(req, res, 405, 'method not allowed\n', record, { Allow: 'GET, HEAD' });
      }
      if (rawPath === base.slice(0, -1)) return await text(req, res, 301, 'moved\n', record, { Location: base + search });
      const target = resolveRequestPath(root, base, rawPath);
      const found = target && (await locate(target, pathname));
      if (found?.redirect) return await text(req, res, 301, 'moved\n', record, { Location: found.redirect + search });
      if (!found) {
        const page404 = path.join(root, '404.html');
        const st = await statOrNull(page404);
        if (st?.isFile()) {
          const entry = await load(page404, st);
          return await send(req, res, 404, { 'Content-Type': entry.type }, entry.raw, record);
        }
        return await text(req, res, 404, 'not found\n', record);
      }
      const entry = await load(found.file, found.st);
      const useGzip = gzip && entry.gzip && acceptsGzip(req);
      const headers = {
        'Content-Type': entry.type,
        'Cache-Control': `max-age=${maxAge}`,
        'Last-Modified': entry.lastModified,
        // Pages weakens the ETag of a compressed response; so does this.
        ETag: useGzip ? `W/${entry.etag}` : entry.etag,
        'Access-Control-Allow-Origin': '*',
        ...(entry.gzip ? { Vary: 'Accept-Encoding' } : {}),
        ...(useGzip ? { 'Content-Encoding': 'gzip' } : {}),
      };
      if (notModified(req, entry)) {
        delete headers['Content-Type'];
        delete headers['Content-Encoding'];
        return await send(req, res, 304, headers, null, record);
      }
      return await send(req, res, 200, headers, useGzip ? entry.gzip : entry.raw, { ...record, gzip: Boolean(useGzip) });
    } catch (err) {
      if (!res.headersSent && !gone(res)) res.writeHead(500).end(String(err));
      else if (res.stream) res.stream.destroy();
      else res.destroy();
    }
  };
}

/**
 * A throwaway self-signed certificate for `host` (an IP address), made by openssl, and the
 * base64 SHA-256 of its public key (SPKI), for Chromium's --ignore-certificate-errors-spki-list.
 */
export function makeCertificate(host = '127.0.0.1') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pages-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
        '-subj', `/CN=${host}`, '-addext', `subjectAltName=IP:${host}`, '-keyout', key, '-out', cert],
      { stdio: 'pipe' },
    );
    const pem = { key: readFileSync(key), cert: readFileSync(cert) };
    const spkiDer = createPublicKey(pem.cert).export({ type: 'spki', format: 'der' });
    return { ...pem, spki: createHash('sha256').update(spkiDer).digest('base64') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
 * Serve `root` under `base` on 127.0.0.1, the way GitHub Pages would, optionally slowed.
 * @param {{root: string, base?: string, port?: number, host?: string, maxAge?: number,
 *   gzip?: boolean, http2?: boolean,
 *   throttle?: {bytesPerSecond: number, latencyMs: number} | null}} options
 * @returns {Promise<{url: string, origin: string, port: number, base: string, root: string,
 *   http2: boolean, spki: string | null, requests: object[], close: () => Promise<void>}>}
 */
export async function servePagesLike({
  root,
  base = DEFAULT_BASE,
  port = 0,
  host = '127.0.0.1',
  maxAge = 600,
  gzip = true,
  http2: useHttp2 = false,
  throttle = null,
} = {}) {
  if (!root) throw new Error('servePagesLike(): `root` directory is required');
  const normBase = normalizeBase(base);
  const requests = [];
  const link = throttle ? new Link(throttle.bytesPerSecond) : null;
  const handler = makeHandler({
    root: path.resolve(root),
    base: normBase,
    maxAge,
    gzip,
    link,
    latencyMs: throttle?.latencyMs ?? 0,
    log: requests,
  });
  const tls = useHttp2 ? makeCertificate(host) : null;
  const server = tls
    ? http2.createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true }, handler)
    : http.createServer(handler);
  // Every connection and HTTP/2 session, so close() can end them now.
  const open = new Set();
  const track = (x) => {
    open.add(x);
    x.once('close', () => open.delete(x));
  };
  server.on('connection', track);
  if (tls) server.on('session', track);
  server.keepAliveTimeout = 1000;
  const actualPort = await listen(server, port, host);
  const origin = `${tls ? 'https' : 'http'}://${host}:${actualPort}`;
  let closed = false;
  return {
    url: `${origin}${normBase}`,
    origin,
    port: actualPort,
    base: normBase,
    root: path.resolve(root),
    http2: Boolean(tls),
    spki: tls?.spki ?? null,
    requests,
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        for (const x of open) x.destroy();
      });
    },
  };
}
