// System management journey: an administrator creates a user through the dialog (a taken
// username is refused next to its field, with the input kept), disables the user, and
// registers an application whose secret is shown once. Then the same screens at phone width.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ARTIFACTS, collectErrors, launch, waitForHydration } from './browser.mjs';
import { signIn as signInAs, startServer } from './server.mjs';

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

function signIn(page) {
  return signInAs(page, server.base);
}

test('create a user, disable it, register an app', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signIn(page);

  await page.getByRole('link', { name: '用户管理' }).click();
  await page.getByRole('heading', { name: '用户管理', level: 1 }).waitFor();
  await page.getByRole('button', { name: '新建用户' }).click();
  const dialog = page.getByRole('dialog', { name: '新建用户' });
  await dialog.waitFor();
  // The dialog starts at its first field.
  await page.waitForFunction(() => document.activeElement?.id === 'user-username');

  // A taken username: refused next to the field, focus back on it, everything kept.
  await dialog.getByLabel('用户名').fill('admin');
  await dialog.getByLabel('姓名').fill('王五');
  await dialog.getByLabel('密码').fill('Wang-Wu-2026');
  await dialog.getByLabel('密码').press('Enter');
  await dialog.getByText('已被使用，请换一个').waitFor();
  assert.equal(await dialog.getByLabel('用户名').getAttribute('aria-invalid'), 'true');
  assert.equal(await dialog.getByLabel('姓名').inputValue(), '王五');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'user-username');
  await page.screenshot({ path: `${ARTIFACTS}/10-user-taken.png` });

  await dialog.getByLabel('用户名').fill('wangwu');
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const row = page.getByRole('row').filter({ hasText: 'wangwu' });
  await row.waitFor();
  assert.match(await row.textContent(), /王五/);
  await page.screenshot({ path: `${ARTIFACTS}/11-user-created.png`, fullPage: true });

  // Disabling asks first, in place; Escape would cancel, 确定 confirms.
  await row.getByRole('button', { name: '停用 wangwu' }).click();
  await row.getByText('确定停用？').waitFor();
  await page.keyboard.press('Escape');
  await row.getByRole('button', { name: '停用 wangwu' }).click();
  await row.getByRole('button', { name: '确定' }).click();
  await row.locator('.badge-off').filter({ hasText: '停用' }).waitFor();

  // Registering an application shows its secret once.
  await page.getByRole('link', { name: '应用管理' }).click();
  await page.getByRole('heading', { name: '应用管理', level: 1 }).waitFor();
  await page.getByRole('button', { name: '注册应用' }).click();
  const register = page.getByRole('dialog', { name: '注册应用' });
  await register.getByLabel('名称').fill('门户网站');
  await register.getByLabel('名称').press('Enter');
  const secretDialog = page.getByRole('dialog', { name: '请立即保存密钥' });
  await secretDialog.waitFor();
  await secretDialog.getByText('密钥只显示这一次').waitFor();
  const secret = (await secretDialog.getByTestId('secret').textContent()).trim();
  assert.match(secret, /^[0-9a-f]{64}$/);
  await page.screenshot({ path: `${ARTIFACTS}/12-app-secret.png` });
  await secretDialog.getByRole('button', { name: '我已保存密钥' }).click();
  await secretDialog.waitFor({ state: 'hidden' });
  await page.getByRole('row').filter({ hasText: '门户网站' }).waitFor();
  assert.ok(!(await page.content()).includes(secret), 'the secret is gone after closing');
  await page.screenshot({ path: `${ARTIFACTS}/13-apps.png`, fullPage: true });

  assert.deepEqual(errors, []);
  await context.close();
});

test('the users list filters, sorts and pages through the URL', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signIn(page);
  await page.getByRole('link', { name: '用户管理' }).click();
  await page.getByRole('heading', { name: '用户管理', level: 1 }).waitFor();
  const table = page.getByRole('table', { name: '用户管理' });
  await table.getByRole('cell', { name: 'wangwu', exact: true }).waitFor();

  // A keyword filter: into the URL, from page 1; only matching rows remain.
  const search = page.getByRole('search');
  await search.getByLabel('关键字').fill('王');
  await search.getByRole('button', { name: '查询' }).click();
  await page.waitForURL(/\/system\/users\?keyword=%E7%8E%8B$/);
  await table.getByRole('cell', { name: 'admin', exact: true }).waitFor({ state: 'detached' });
  await table.getByRole('cell', { name: 'wangwu', exact: true }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/17-users-filtered.png`, fullPage: true });

  // Reload keeps it (the server renders the filtered list); Back returns to all users.
  await page.reload();
  await waitForHydration(page);
  assert.equal(await search.getByLabel('关键字').inputValue(), '王');
  assert.equal(await table.getByRole('cell', { name: 'admin', exact: true }).count(), 0);
  await page.goBack();
  await table.getByRole('cell', { name: 'admin', exact: true }).waitFor();

  // The status filter: disabled accounts only (wangwu was disabled above).
  await search.getByLabel('状态').selectOption({ label: '停用' });
  await search.getByRole('button', { name: '查询' }).click();
  await page.waitForURL(/enabled=false/);
  await table.getByRole('cell', { name: 'admin', exact: true }).waitFor({ state: 'detached' });
  await search.getByRole('link', { name: '重置' }).click();
  await page.waitForURL(/\/system\/users$/);
  await table.getByRole('cell', { name: 'admin', exact: true }).waitFor();

  // Sorting by a column: ascending, then descending on the second click.
  const header = table.getByRole('columnheader', { name: /用户名/ });
  await header.getByRole('link').click();
  await page.waitForURL(/sort=username$/);
  assert.equal(await header.getAttribute('aria-sort'), 'ascending');
  const firstCell = () => table.locator('tbody tr').first().locator('td').first().innerText();
  assert.match(await firstCell(), /admin/);
  await header.getByRole('link').click();
  await page.waitForURL(/sort=username&order=desc$/);
  await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]'));
  assert.match(await firstCell(), /zhaoliu|wangwu/);

  // Page size: 10 a page goes into the URL; the pager says where we are.
  await page.getByLabel('每页').selectOption('10');
  await page.waitForURL(/size=10/);
  await page.getByRole('navigation', { name: '分页' }).getByText(/第 1 \/ 1 页/).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/18-users-sorted.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();

  // The same screen where the system asks for dark colours: the tokens' dark values apply.
  const dark = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  const darkPage = await dark.newPage();
  await signIn(darkPage);
  await darkPage.goto(`${server.base}/system/users`);
  await waitForHydration(darkPage);
  const background = await darkPage.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(background, 'rgb(15, 22, 35)', 'the dark background token');
  await darkPage.screenshot({ path: `${ARTIFACTS}/19-users-dark.png`, fullPage: true });
  await dark.close();
});

test('phone width: lists scroll, dialogs fit', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signIn(page);
  await page.goto(`${server.base}/system/users`);
  await waitForHydration(page);
  await page.getByRole('cell', { name: 'wangwu', exact: true }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/14-phone-users.png`, fullPage: true });
  await page.getByRole('button', { name: '新建用户' }).click();
  const dialog = page.getByRole('dialog', { name: '新建用户' });
  await dialog.waitFor();
  const box = await dialog.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `dialog fits the screen: ${JSON.stringify(box)}`);
  await page.screenshot({ path: `${ARTIFACTS}/15-phone-user-dialog.png` });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await page.goto(`${server.base}/system/depts`);
  await waitForHydration(page);
  await page.getByRole('button', { name: '新建部门' }).click();
  await page.getByRole('dialog', { name: '新建部门' }).getByLabel('名称').fill('研发部');
  await page.getByRole('dialog', { name: '新建部门' }).getByLabel('名称').press('Enter');
  await page.getByRole('cell', { name: '研发部', exact: true }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/16-phone-depts.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

// Each 系统管理 screen is a route of its own in the split bundle, loaded when first opened:
// by a click in the navigation (client-side) and by a page load (hydrated once its code is in).
test('every 系统管理 screen opens from the navigation and from a page load', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const chunks = new Set();
  page.on('request', (r) => {
    const file = new URL(r.url()).pathname.match(/^\/pkg\/(split_[a-z_]+?)_\d+\./)?.[1];
    if (file) chunks.add(file);
  });
  await signIn(page);
  // Signing in loads the sign-in and home routes' code, and nothing of 系统管理 yet.
  assert.deepEqual(
    [...chunks].filter((c) => !['split___login_route_view', 'split___home_route_view'].includes(c)),
    [],
    'the sign-in and home pages load no 系统管理 route',
  );
  const screens = [
    ['用户管理', '/system/users', 'split___users_route_view'],
    ['部门管理', '/system/depts', 'split___depts_route_view'],
    ['用户组', '/system/groups', 'split___groups_route_view'],
    ['应用管理', '/system/apps', 'split___apps_route_view'],
    ['服务管理', '/system/services', 'split___services_route_view'],
    ['工单分类', '/system/categories', 'split___categories_route_view'],
    ['综合分类', '/system/synthesis-tree', 'split___synthesis_route_view'],
  ];
  for (const [name, path, chunk] of screens) {
    await page.getByRole('link', { name, exact: true }).click();
    await page.waitForURL(`${server.base}${path}`);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    assert.ok(chunks.has(chunk), `${path} loaded its own code (${[...chunks]})`);
  }
  for (const [name, path] of screens) {
    await page.goto(`${server.base}${path}`);
    await waitForHydration(page);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    // Hydrated: the navigation still moves without a page load.
    await page.getByRole('link', { name: '工作台' }).click();
    await page.getByRole('heading', { name: /您好/ }).waitFor();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a non-administrator opening a 系统管理 page gets 403 in the frame, nothing of the page', async () => {
  const adminContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const admin = await adminContext.newPage();
  await signIn(admin);
  await admin.goto(`${server.base}/system/users`);
  await waitForHydration(admin);
  await admin.getByRole('button', { name: '新建用户' }).click();
  const dialog = admin.getByRole('dialog', { name: '新建用户' });
  await dialog.getByLabel('用户名').fill('zhaoliu');
  await dialog.getByLabel('姓名').fill('赵六');
  await dialog.getByLabel('密码').fill('Zhao-Liu-2026');
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await adminContext.close();

  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.base}/login`);
  await waitForHydration(page);
  await page.getByLabel('用户名').fill('zhaoliu');
  await page.getByLabel('密码').fill('Zhao-Liu-2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  // The navigation offers nothing of 系统管理.
  assert.equal(await page.getByRole('link', { name: '用户管理' }).count(), 0);

  // The refused screen's code is never fetched (its route loads on demand, after the check);
  // 工作台's own route, loaded when 返回工作台 is followed, is another matter.
  const fetched = [];
  page.on('request', (r) => {
    if (/\/pkg\/split___users_route_view/.test(r.url())) fetched.push(r.url());
  });
  const response = await page.goto(`${server.base}/system/users`);
  assert.equal(response.status(), 403);
  await waitForHydration(page);
  await page.getByRole('heading', { name: '没有访问权限' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '新建用户' }).count(), 0);
  assert.equal(await page.getByRole('table').count(), 0);
  await page.getByRole('link', { name: '返回工作台' }).click();
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  await page.goto(`${server.base}/system/users`);
  await page.screenshot({ path: `${ARTIFACTS}/14-forbidden.png`, fullPage: true });
  assert.deepEqual(fetched, []);
  assert.deepEqual(errors.filter((e) => !e.includes('403')), []);
  await context.close();
});
