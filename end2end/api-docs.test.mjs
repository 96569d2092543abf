// The API reference page: Swagger UI (vendored, no CDN) renders every operation of
// /api-docs/openapi.json, for a visitor without a session and after a client-side navigation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ARTIFACTS, collectErrors, launch, waitForHydration } from './browser.mjs';
import { signIn, startServer } from './server.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

let server;
let browser;
let operations;

before(async () => {
  server = await startServer();
  browser = await launch();
  const doc = await (await fetch(`${server.base}/api-docs/openapi.json`)).json();
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
  );
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Waits for Swagger UI to draw the operations and returns them as "METHOD /path".
async function shownOperations(page) {
  await page.locator('#swagger-ui[data-rendered="true"] .opblock').first().waitFor({ timeout: 30_000 });
  return page.locator('#swagger-ui .opblock-summary').evaluateAll((rows) =>
    rows.map((row) => {
      const method = row.querySelector('.opblock-summary-method')?.textContent.trim();
      const path = row.querySelector('.opblock-summary-path')?.getAttribute('data-path');
      return `${method} ${path}`;
    }),
  );
}

test('the API reference shows every operation, from local files only', async () => {
  assert.ok(operations.length > 40, `the document lists ${operations.length} operations`);
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const foreign = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(server.base) && !r.url().startsWith('data:')) foreign.push(r.url());
  });

  // Public like the document it shows: no redirect to the login page.
  const response = await page.goto(`${server.base}/api-docs`);
  assert.equal(response.status(), 200);
  assert.equal(page.url(), `${server.base}/api-docs`);
  await waitForHydration(page);
  await page.getByRole('heading', { name: '接口文档', level: 1 }).waitFor();
  const shown = await shownOperations(page);
  assert.deepEqual([...shown].sort(), [...operations].sort());
  await page.getByText('/workflow/process/start/{processId}').first().waitFor();

  // An operation opens to its parameters, as a reader would use it.
  await page.locator('.opblock-summary', { hasText: '/workflow/process/todoList' }).first().click();
  await page.locator('.opblock.is-open .parameters-container').first().waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/api-docs.png`, fullPage: false });

  assert.deepEqual(foreign, [], 'nothing is loaded from other sites');
  assert.deepEqual(errors, []);
  await context.close();
});

test('signed in, the navigation leads to the API reference', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  // Signed in and hydrated, so what follows is the router's, not a page load.
  await signIn(page, server.base);

  // A client-side route change: the page mounts without a document load and must still
  // start the viewer; going away and back renders it again.
  await page.getByRole('link', { name: '接口文档' }).click();
  await page.waitForURL(`${server.base}/api-docs`);
  assert.equal((await shownOperations(page)).length, operations.length);
  await page.getByRole('link', { name: '工作台' }).click();
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  await page.getByRole('link', { name: '接口文档' }).click();
  assert.equal((await shownOperations(page)).length, operations.length);
  assert.deepEqual(errors, []);
  await context.close();
});
