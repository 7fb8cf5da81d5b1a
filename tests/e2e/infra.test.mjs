// Tests of the end-to-end test infrastructure itself (server, guards, axe, touch), run against
// tiny pages generated in a temp dir, so a broken guard cannot silently let the real site pass.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { serve } from './support/server.mjs';
import { launch, newPage, withPage, assertClean, checkA11y, touchDrag, settle } from './support/browser.mjs';

// Smallest valid WebAssembly module: magic number + version 1.
const EMPTY_WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const FAVICON = '<link rel="icon" href="icon.svg">';
const ICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>';

function page({ title = 'Test page', head = '', body = '<main><h1>Hello</h1><p>Text.</p></main>' } = {}) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>${FAVICON}${head}</head>
<body>${body}</body></html>`;
}

// The files every test site gets; keys are paths relative to the served root.
const FILES = {
  'index.html': page({ head: '<link rel="stylesheet" href="style.css"><script type="module" src="app.js"></script>' }),
  'app.js': 'document.body.dataset.ready = "yes";\n',
  'mod.mjs': 'export const x = 1;\n',
  'style.css': 'body { font-family: system-ui, sans-serif; }\n',
  'app.wasm': EMPTY_WASM,
  'data.json': '{"ok":true}\n',
  'manifest.webmanifest': '{"name":"t"}\n',
  'icon.svg': ICON_SVG,
  'icon.png': Buffer.from('89504e470d0a1a0a', 'hex'),
  'favicon.ico': Buffer.from([0, 0, 1, 0]),
  'notes.txt': 'hello\n',
  'sub/index.html': page({ title: 'Sub' }),
  'console-error.html': page({ head: '<script src="console-error.js"></script>' }),
  'console-error.js': 'console.error("boom from the page");\n',
  'throws.html': page({ head: '<script src="throws.js"></script>' }),
  'throws.js': 'throw new Error("uncaught in page");\n',
  'external.html': page({
    body: '<main><h1>Ext</h1><img src="http://example.com/x.png" alt="x"></main>',
  }),
  'external-fetch.html': page({ head: '<script src="external-fetch.js"></script>' }),
  'external-fetch.js': 'fetch("https://cdn.example.org/lib.js").catch(() => {});\n',
  // The site's own policy shape; the inline script is exactly what it must refuse.
  'csp.html': page({
    head: `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'">
<script>document.title = "inline ran";</script>`,
  }),
  'a11y-clean.html': page({
    head: `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'">`,
    body: '<main><h1>Accessible</h1><p>Plain text.</p><img src="icon.svg" alt="A black square"></main>',
  }),
  'a11y-bad.html': page({ body: '<main><h1>Bad</h1><img src="icon.svg"></main>' }),
  'touch.html': page({
    head: `<style>html,body{margin:0;height:100%} #pad{position:fixed;inset:0;touch-action:none}</style>
<script src="touch.js" defer></script>`,
    body: '<main><h1>Touch</h1><div id="pad"></div></main>',
  }),
  'touch.js': `window.events = [];
const pad = document.getElementById("pad");
for (const type of ["pointerdown", "pointermove", "pointerup", "pointercancel"]) {
  pad.addEventListener(type, (e) => window.events.push({ type, pointerType: e.pointerType, x: e.clientX, y: e.clientY }));
}
`,
};

async function makeSite() {
  const dir = await mkdtemp(path.join(tmpdir(), 'e2e-infra-'));
  const root = path.join(dir, 'site');
  for (const [rel, content] of Object.entries(FILES)) {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  // Outside the served root: traversal must never reach it.
  await writeFile(path.join(dir, 'secret.txt'), 'TOP SECRET\n');
  return { dir, root };
}

// Raw request: node:http sends the path verbatim, unlike fetch/browsers that remove "..".
function rawGet(port, rawPath) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

// Guard reports arrive asynchronously; poll briefly instead of sleeping a fixed time.
async function waitForProblem(page, problems, re, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await settle(page);
    if (problems.some((p) => re.test(p))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`no problem matching ${re} was reported; got:\n${problems.join('\n') || '(none)'}`);
}

let site;
let srv;
let browser;

before(async () => {
  site = await makeSite();
  srv = await serve({ root: site.root });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.close();
  if (site) await rm(site.dir, { recursive: true, force: true });
});

describe('static server', () => {
  test('url is on 127.0.0.1 under /server-lab/', () => {
    assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+\/server-lab\/$/);
    assert.ok(srv.port > 0);
  });

  test('serves each file type with the right Content-Type', async () => {
    const expected = {
      'index.html': 'text/html; charset=utf-8',
      'app.js': 'text/javascript; charset=utf-8',
      'mod.mjs': 'text/javascript; charset=utf-8',
      'style.css': 'text/css; charset=utf-8',
      'app.wasm': 'application/wasm',
      'data.json': 'application/json; charset=utf-8',
      'manifest.webmanifest': 'application/manifest+json; charset=utf-8',
      'icon.svg': 'image/svg+xml',
      'icon.png': 'image/png',
      'favicon.ico': 'image/x-icon',
      'notes.txt': 'text/plain; charset=utf-8',
    };
    for (const [file, type] of Object.entries(expected)) {
      const res = await fetch(srv.url + file);
      assert.equal(res.status, 200, file);
      assert.equal(res.headers.get('content-type'), type, file);
      const body = Buffer.from(await res.arrayBuffer());
      assert.deepEqual(body, Buffer.from(FILES[file]), file);
    }
  });

  test('a directory request gets its index.html; base without slash redirects', async () => {
    const root = await fetch(srv.url);
    assert.equal(root.status, 200);
    assert.equal(await root.text(), FILES['index.html']);
    const sub = await fetch(`${srv.url}sub/`);
    assert.equal(await sub.text(), FILES['sub/index.html']);

    const noSlash = await rawGet(srv.port, '/server-lab');
    assert.equal(noSlash.status, 301);
    assert.equal(noSlash.headers.location, '/server-lab/');
    const subNoSlash = await rawGet(srv.port, '/server-lab/sub');
    assert.equal(subNoSlash.status, 301);
    assert.equal(subNoSlash.headers.location, '/server-lab/sub/');
  });

  test('404 outside the base path and for missing files', async () => {
    for (const p of ['/', '/index.html', '/notes.txt', '/server-labx/notes.txt', '/server-lab/missing.js', '/server-lab/notes.txt/']) {
      const res = await rawGet(srv.port, p);
      assert.equal(res.status, 404, p);
    }
  });

  test('refuses path traversal', async () => {
    const attempts = [
      '/server-lab/../secret.txt',
      '/server-lab/%2e%2e/secret.txt',
      '/server-lab/..%2fsecret.txt',
      '/server-lab/sub/..%2f..%2fsecret.txt',
      '/server-lab/%2e%2e%5csecret.txt',
      '/server-lab/%00',
      '/server-lab/%E0%A4%A', // malformed escape
    ];
    for (const p of attempts) {
      const res = await rawGet(srv.port, p);
      assert.equal(res.status, 404, p);
      assert.doesNotMatch(res.body, /TOP SECRET/, p);
    }
  });

  test('can be stopped and started again on the same port', async () => {
    const first = await serve({ root: site.root });
    const { port } = first;
    assert.equal((await fetch(`${first.url}notes.txt`)).status, 200);
    await first.close();
    await assert.rejects(fetch(`${first.url}notes.txt`), 'server should be down');
    const second = await serve({ root: site.root, port });
    try {
      assert.equal(second.url, first.url);
      assert.equal(await (await fetch(`${second.url}notes.txt`)).text(), 'hello\n');
    } finally {
      await second.close();
    }
  });
});

describe('browser guards', () => {
  test('a clean local page passes (no false alarms)', async () => {
    await withPage(browser, { locale: 'en-US' }, async (p) => {
      await p.goto(srv.url);
      await p.waitForFunction(() => document.body.dataset.ready === 'yes');
    });
  });

  test('console.error is reported', async () => {
    const { context, page: p, problems } = await newPage(browser);
    try {
      await p.goto(`${srv.url}console-error.html`);
      await waitForProblem(p, problems, /^console\.error: boom from the page/);
      assert.throws(() => assertClean(problems), /boom from the page/);
    } finally {
      await context.close();
    }
  });

  test('an uncaught exception is reported', async () => {
    const { context, page: p, problems } = await newPage(browser);
    try {
      await p.goto(`${srv.url}throws.html`);
      await waitForProblem(p, problems, /^pageerror: .*uncaught in page/);
    } finally {
      await context.close();
    }
  });

  test('a request to another host is blocked and reported', async () => {
    const { context, page: p, problems } = await newPage(browser);
    try {
      await p.goto(`${srv.url}external.html`);
      await waitForProblem(p, problems, /external request blocked: GET http:\/\/example\.com\/x\.png/);
      const loaded = await p.evaluate(() => document.querySelector('img').naturalWidth);
      assert.equal(loaded, 0, 'the external image must not load');

      await p.goto(`${srv.url}external-fetch.html`);
      await waitForProblem(p, problems, /external request blocked: GET https:\/\/cdn\.example\.org\/lib\.js/);
    } finally {
      await context.close();
    }
  });

  test('a Content-Security-Policy violation is reported', async () => {
    const { context, page: p, problems } = await newPage(browser);
    try {
      await p.goto(`${srv.url}csp.html`);
      await waitForProblem(p, problems, /^securitypolicyviolation: script-src-elem blocked inline/);
      assert.notEqual(await p.title(), 'inline ran', 'the inline script must have been blocked');
    } finally {
      await context.close();
    }
  });

  test('withPage fails the test after the body when a guard fired', async () => {
    await assert.rejects(
      withPage(browser, {}, async (p) => {
        await p.goto(`${srv.url}console-error.html`);
      }),
      /Browser guards reported .*problem[\s\S]*boom from the page/,
    );
  });

  test('allowProblems keeps a deliberately provoked problem out', async () => {
    await withPage(browser, { allowProblems: [/boom from the page/] }, async (p) => {
      await p.goto(`${srv.url}console-error.html`);
    });
  });

  test('assertClean passes on no problems and lists all of them otherwise', () => {
    assertClean([]);
    assert.throws(() => assertClean(['one', 'two']), /2 problem\(s\):\n {2}1\. one\n {2}2\. two/);
  });
});

describe('checkA11y', () => {
  test('a clean page with lang, title and main passes (even under the site CSP)', async () => {
    await withPage(browser, {}, async (p) => {
      await p.goto(`${srv.url}a11y-clean.html`);
      const results = await checkA11y(p, 'a11y-clean');
      assert.ok(results.passes.length > 0, 'axe actually ran rules');
    });
  });

  test('an <img> without alt fails with a readable summary', async () => {
    await withPage(browser, {}, async (p) => {
      await p.goto(`${srv.url}a11y-bad.html`);
      await assert.rejects(checkA11y(p, 'a11y-bad'), (err) => {
        assert.match(err.message, /Accessibility violations in a11y-bad/);
        assert.match(err.message, /\[critical\] image-alt: /);
        assert.match(err.message, /- img/);
        assert.match(err.message, /first failure: Fix any of the following/);
        return true;
      });
    });
  });
});

describe('touchDrag', () => {
  test('delivers pointerdown/move/up with pointerType "touch"', async () => {
    const options = { hasTouch: true, isMobile: true, viewport: { width: 390, height: 700 } };
    await withPage(browser, options, async (p) => {
      await p.goto(`${srv.url}touch.html`);
      await p.waitForFunction(() => Array.isArray(window.events));
      await touchDrag(p, { x: 50, y: 60 }, { x: 250, y: 160 }, 5);
      const events = await p.evaluate(() => window.events);
      const types = events.map((e) => e.type);
      assert.equal(types[0], 'pointerdown', JSON.stringify(types));
      assert.equal(types.at(-1), 'pointerup', JSON.stringify(types));
      assert.ok(types.filter((t) => t === 'pointermove').length >= 3, JSON.stringify(types));
      assert.ok(!types.includes('pointercancel'), JSON.stringify(types));
      assert.ok(events.every((e) => e.pointerType === 'touch'), JSON.stringify(events));
      assert.deepEqual([events[0].x, events[0].y], [50, 60]);
      const lastMove = events.findLast((e) => e.type === 'pointermove');
      assert.deepEqual([Math.round(lastMove.x), Math.round(lastMove.y)], [250, 160]);
    });
  });
});
