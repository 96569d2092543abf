// The first load's wasm budget: the sign-in page and 工作台 (where most visits start) must
// each fetch at most 340 KB of gzipped wasm. The split bundle's sizes per page land in
// end2end/artifacts/first-load.json (docs/benchmarks.md).
// 300 KB until the form renderer, 320 KB until the form designer: wasm-split moves a lazy
// route's code into its own file, but all data stays in the main module (every string, and
// the vtables of every closure and view type a route creates: about 100 bytes per type), so
// each screen still costs the first load: the designer 17 KB gzip after its importers moved to
// the server. docs/benchmarks.md has the measurement and the way back (data segments per
// chunk).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { ARTIFACTS, collectErrors, launch, waitForHydration } from './browser.mjs';
import { ADMIN_PASSWORD, startServer } from './server.mjs';

const BUDGET_GZIP = 340_000;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The bytes the server sends for `url` when the client accepts only `encoding` (node's http
// client does not decode, so this is the size on the wire).
function wireSize(url, encoding) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'identity' }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

// Opens `path` in a fresh context (an empty cache) holding `cookies`, and returns the wasm
// files the page fetched until it hydrated, with their sizes as identity, gzip and br.
async function firstLoad(path, cookies = []) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  await context.addCookies(cookies);
  const page = await context.newPage();
  const errors = collectErrors(page);
  const wasm = new Set();
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.add(r.url());
  });
  await page.goto(`${server.base}${path}`);
  await waitForHydration(page);
  assert.deepEqual(errors, []);
  await context.close();
  const files = [];
  for (const url of wasm) {
    const gzip = await wireSize(url, 'gzip');
    const br = await wireSize(url, 'br');
    const raw = await wireSize(url, 'identity');
    assert.equal(gzip.encoding, 'gzip', `${url} is served gzipped`);
    assert.equal(br.encoding, 'br', `${url} is served as br`);
    files.push({ file: new URL(url).pathname, raw: raw.bytes, gzip: gzip.bytes, br: br.bytes });
  }
  const total = (key) => files.reduce((sum, f) => sum + f[key], 0);
  return { path, files, raw: total('raw'), gzip: total('gzip'), br: total('br') };
}

test('the sign-in page and 工作台 load under 340 KB of gzipped wasm', async () => {
  const login = await firstLoad('/login');

  // A session for 工作台: sign in once, then open it afresh with the session cookie only.
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await waitForHydration(page);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
  const cookies = await context.cookies();
  await context.close();
  const home = await firstLoad('/', cookies);

  writeFileSync(`${ARTIFACTS}/first-load.json`, JSON.stringify({ login, home }, null, 2));
  for (const load of [login, home]) {
    console.log(
      `${load.path}: ${load.files.length} wasm file(s), ${load.raw} raw, ${load.gzip} gzip, ${load.br} br`,
    );
    assert.ok(load.files.length > 0, `${load.path} fetched no wasm: did it hydrate from a bundle?`);
    assert.ok(
      load.gzip <= BUDGET_GZIP,
      `${load.path} fetches ${load.gzip} bytes of gzipped wasm, over the ${BUDGET_GZIP} budget`,
    );
  }
});
