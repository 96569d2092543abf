// First journey: sign in, the page hydrates, switch language, narrow screen, sign out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ARTIFACTS, collectErrors, launch, waitForHydration } from './browser.mjs';
import { ADMIN_PASSWORD, startServer } from './server.mjs';

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

test('sign in, hydrate, switch language, sign out', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);

  await page.goto(`${server.base}/system/users`);
  assert.match(page.url(), /\/login\?next=\/system\/users$/);
  await waitForHydration(page);
  await page.screenshot({ path: `${ARTIFACTS}/01-login.png`, fullPage: true });

  // A wrong password is refused in place, with the form kept.
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('not the password');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
  assert.equal(await page.getByLabel('用户名').inputValue(), 'admin');

  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${server.base}/system/users`);
  // No wait for hydration: a user may click on as soon as the page shows.
  await page.getByRole('heading', { name: '用户管理' }).waitFor();
  await page.getByRole('cell', { name: 'admin', exact: true }).waitFor();

  // Home through the navigation: a client-side route change.
  await page.getByRole('link', { name: '工作台' }).click();
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  await page.getByText('SQLite').waitFor();
  // The navigation marks where the user is now, and only there.
  await page.waitForFunction(
    () => document.querySelector('#sidebar a[href="/"]')?.getAttribute('aria-current') === 'page',
    null,
    { timeout: 5_000 },
  );
  assert.equal(await page.getByRole('link', { name: '用户管理' }).getAttribute('aria-current'), null);

  // Hydrated: the user menu opens on click and closes with Escape.
  const menuButton = page.getByRole('button', { name: /用户菜单/ });
  assert.equal(await menuButton.getAttribute('aria-expanded'), 'false');
  await menuButton.click();
  assert.equal(await menuButton.getAttribute('aria-expanded'), 'true');
  await page.getByRole('button', { name: '退出登录' }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/02-home-menu.png`, fullPage: true });
  await page.keyboard.press('Escape');
  assert.equal(await menuButton.getAttribute('aria-expanded'), 'false');

  // The language switch re-renders in place and is remembered across a reload.
  await page.getByRole('button', { name: /切换语言/ }).click();
  await page.getByRole('heading', { name: /Hello/ }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Users' }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/03-home-en.png`, fullPage: true });

  // An unknown page is a 404 inside the frame.
  const missing = await page.goto(`${server.base}/no/such/page`);
  assert.equal(missing.status(), 404);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.getByRole('link', { name: 'Back to Home' }).waitFor();

  // Sign out from the menu.
  await page.goto(`${server.base}/`);
  await waitForHydration(page);
  await page.getByRole('button', { name: /User menu/ }).click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login$/);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.goto(`${server.base}/`);
  assert.match(page.url(), /\/login$/);

  assert.deepEqual(errors, []);
  await context.close();
});

test('phone-sized screen: navigation is a drawer', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.base}/login`);
  await waitForHydration(page);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  // The menu button is the app's (no page load behind it): it works once hydrated.
  await waitForHydration(page);

  const nav = page.getByRole('navigation', { name: '主导航' });
  assert.equal(await nav.isVisible(), true, 'nav element exists');
  const usersLink = page.getByRole('link', { name: '用户管理' });
  // Rendered (off screen counts) once the page after sign-in has settled; isVisible() does
  // not wait, and under load it ran before the navigation's links were there.
  await usersLink.waitFor({ state: 'visible', timeout: 10000 });
  const box = await usersLink.boundingBox();
  assert.ok(box.x + box.width <= 0, 'drawer starts closed, off screen');

  await page.getByRole('button', { name: '菜单', exact: true }).click();
  await page.waitForFunction(() => {
    const link = [...document.querySelectorAll('nav a')].find((a) => a.textContent.includes('用户管理'));
    return link && link.getBoundingClientRect().left >= 0;
  });
  await page.screenshot({ path: `${ARTIFACTS}/04-phone-drawer.png` });
  await usersLink.click();
  await page.getByRole('heading', { name: '用户管理' }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/05-phone-users.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the bundle is content-hashed, served compressed and cached for a year', async () => {
  const html = await (await fetch(`${server.base}/login`)).text();
  const wasm = html.match(/href="(\/pkg\/workorder\.[A-Za-z0-9_-]{16,}\.wasm)"/)?.[1];
  const js = html.match(/(\/pkg\/workorder\.[A-Za-z0-9_-]{16,}\.js)/)?.[1];
  const css = html.match(/href="(\/pkg\/workorder\.[A-Za-z0-9_-]{16,}\.css)"/)?.[1];
  assert.ok(wasm && js && css, `hashed bundle names in the page: ${wasm} ${js} ${css}`);
  for (const path of [wasm, js, css]) {
    const res = await fetch(`${server.base}${path}`, { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-encoding'), 'br', path);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable', path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
  }
  const page = await fetch(`${server.base}/login`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(page.headers.get('content-encoding'), 'gzip');
  assert.match(page.headers.get('content-security-policy'), /script-src 'self' 'nonce-[^']+' 'wasm-unsafe-eval'/);
});
