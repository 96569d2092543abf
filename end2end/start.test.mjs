// Starting a work order (发起工单): a process bound to version 1 of its form, started after
// version 2 exists, renders version 1; a missing required field and a bad pattern are refused
// beside the fields in the browser, and again by the server for a request that skips the
// browser; a good submission shows its values read-only with its number, and prints. Then
// the form at phone width: no horizontal scroll.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ARTIFACTS, collectErrors, launch, waitForHydration } from './browser.mjs';
import { ADMIN_PASSWORD, signIn as signInAs, startServer } from './server.mjs';

let server;
let browser;

// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

const REPAIR = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:flowable="http://flowable.org/bpmn" targetNamespace="e2e">
  <process id="repair" name="设备报修" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="fix"/>
    <userTask id="fix" name="维修" flowable:assignee="admin"/>
    <sequenceFlow id="f2" sourceRef="fix" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`;

function schema(roomLabel) {
  return {
    version: 1,
    fields: [
      { key: 'room', type: 'input', label: roomLabel, required: true, width: 12,
        placeholder: '如 3-1502',
        rules: { pattern: '^\\d+-\\d{3,4}$', patternMessage: '房号格式如 3-1502' } },
      { key: 'kind', type: 'select', label: '报修类型', required: true, width: 12,
        options: [{ label: '水电', value: 'plumbing' }, { label: '门窗', value: 'doors' }] },
      { key: 'paid', type: 'switch', label: '有偿服务', width: 12 },
      { key: 'fee', type: 'amount', label: '上门费', width: 12, required: true, visibleWhen: '${paid}' },
      { key: 'items', type: 'sub_table', label: '更换配件', maxRows: 5, totalOf: ['amount'], fields: [
        { key: 'part', type: 'input', label: '配件', required: true },
        { key: 'price', type: 'amount', label: '单价', required: true },
        { key: 'qty', type: 'number', label: '数量', required: true, rules: { min: 1 } },
        { key: 'amount', type: 'amount', label: '金额', computed: '${price * qty}' },
      ] },
      { key: 'photos', type: 'image_upload', label: '现场照片', maxFiles: 2, maxSizeKb: 1024 },
      { key: 'note', type: 'textarea', label: '问题描述', help: '请写明位置和现象' },
    ],
  };
}

async function api(path, { token, app, body, method = 'POST', raw } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (app) Object.assign(headers, { requestType: 'app', appID: app.id, secretKey: app.secret, accessToken: token });
  let payload = body;
  if (raw) payload = raw;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${server.base}${path}`, { method, headers, body: payload });
  const json = await res.json();
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(json)}`);
  return json.data;
}

before(async () => {
  server = await startServer();
  browser = await launch();
  // What an administrator set up before: an app, the form (version 1), the process bound to
  // it, then version 2 of the form with another label.
  const login = await api('/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
  const token = login.accessToken;
  const created = await api('/system/app', { token, body: { applicationName: '物业服务中心' } });
  const app = { id: created.appId, secret: created.applicationSecret };
  const form = await api('/system/form', { token, body: { formName: '报修单', schema: schema('房号') } });
  const multipart = new FormData();
  multipart.append('file', new Blob([REPAIR], { type: 'application/xml' }), 'repair.bpmn');
  multipart.append('formId', String(form.formId));
  await api('/workflow/definition/import', { token, app, raw: multipart });
  await api(`/system/form/${form.formId}`, {
    token, method: 'PUT', body: { formName: '报修单', schema: schema('房间号（新版）') },
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function signIn(page) {
  return signInAs(page, server.base);
}

test('start a work order from its form, refused then filed, and print it', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signIn(page);

  await page.getByRole('link', { name: '发起工单' }).click();
  await page.getByRole('heading', { name: '发起工单', level: 1 }).waitFor();
  await page.getByRole('heading', { name: '未分类', level: 2 }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/30-start-list.png`, fullPage: true });
  await page.getByRole('link', { name: /设备报修/ }).click();
  await waitForHydration(page);

  // Version 1 of the form: the label it was deployed with, not version 2's.
  const room = page.getByLabel('房号');
  await room.waitFor();
  assert.equal(await page.getByLabel('房间号（新版）').count(), 0);
  await page.getByText('表单版本 1').waitFor();

  // Nothing filled in: every required field is refused beside itself, focus on the first.
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('有字段未通过检查，请按标注修改').waitFor();
  const titleField = page.getByLabel('标题');
  assert.equal(await titleField.getAttribute('aria-invalid'), 'true');
  assert.equal(await room.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('报修类型').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'start-room');

  // A bad pattern: its own message.
  await titleField.fill('3 号楼水管漏水');
  await room.fill('3楼');
  await page.getByLabel('报修类型').selectOption({ label: '水电' });
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('房号格式如 3-1502').waitFor();
  assert.equal(await room.getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: `${ARTIFACTS}/31-start-refused.png`, fullPage: true });

  // The rule: 上门费 shows (and is required) only for a paid service.
  const fee = page.getByLabel('上门费');
  assert.equal(await fee.isVisible(), false);
  await page.getByRole('switch', { name: '有偿服务' }).check({ force: true });
  await fee.waitFor();
  await fee.fill('30');

  // A sub-table row; its amount and the total are computed as they are typed.
  await page.getByRole('button', { name: '添加一行' }).click();
  await page.locator('#start-items-0-part').fill('角阀');
  await page.locator('#start-items-0-price').fill('12.5');
  await page.locator('#start-items-0-qty').fill('2');
  await page.waitForFunction(() => document.querySelector('#start-items-0-amount')?.value === '25');
  await page.getByRole('row', { name: /合计/ }).getByText('25').waitFor();

  // The server refuses a request that skips the browser's checks, naming each field.
  const skipped = await page.evaluate(async () => {
    const definition = new URL(location.href).searchParams.get('definition');
    const res = await fetch('/api/start_work_order', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ request: { definition_id: definition, title: 't', app_id: '',
        values: JSON.stringify({ room: '3楼', kind: 'garden' }) } }),
    });
    return { status: res.status, body: await res.json() };
  });
  assert.equal(skipped.status, 422, JSON.stringify(skipped.body));
  const refused = skipped.body.Fields.map((f) => f.field).sort();
  assert.deepEqual(refused, ['app_id', 'values.kind', 'values.room']);
  assert.ok(skipped.body.Fields.find((f) => f.field === 'values.room').zh.includes('房号格式如 3-1502'));

  // A picture, sent with a progress bar, then listed under the field; a file of the wrong
  // type is refused before it is sent.
  await page.locator('#start-photos').setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
  await page.getByText('不接受此类文件').waitFor();
  await page.getByRole('button', { name: '知道了' }).click();
  await page.locator('#start-photos').setInputFiles({ name: '漏水点.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('link', { name: '漏水点.png' }).waitFor();
  await page.locator('img.form-thumb').waitFor();

  await room.fill('3-1502');
  await page.getByLabel('问题描述').fill('厨房水管接口漏水');
  await page.screenshot({ path: `${ARTIFACTS}/32-start-filled.png`, fullPage: true });
  await page.getByRole('button', { name: '提交' }).click();

  // Filed: the number, and the values read-only as entered (the amount computed).
  await page.getByRole('heading', { name: '工单已提交', level: 1 }).waitFor();
  const number = (await page.locator('dt:has-text("工单号") + dd').textContent()).trim();
  assert.match(number, /^WO\d{8}-\d{4,}$/);
  await page.getByText('3-1502').waitFor();
  await page.getByText('水电', { exact: true }).waitFor();
  await page.getByText('¥30', { exact: true }).waitFor();
  await page.getByRole('cell', { name: '角阀' }).waitFor();
  await page.getByRole('link', { name: '漏水点.png' }).waitFor();
  await page.getByText('¥25', { exact: true }).first().waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/33-start-filed.png`, fullPage: true });

  // Its print page, in a new tab.
  const [printed] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('link', { name: '打印' }).click(),
  ]);
  await printed.waitForLoadState();
  const printText = await printed.textContent('body');
  assert.ok(printText.includes(number), printText.slice(0, 400));
  assert.ok(printText.includes('3-1502'));
  // Worded as the form shows it: the option's label, the row, the total.
  assert.ok(printText.includes('水电') && !printText.includes('plumbing'), printText);
  assert.ok(printText.includes('配件 角阀'), printText);
  assert.ok(printText.includes('合计 金额 ¥25'), printText);
  await printed.screenshot({ path: `${ARTIFACTS}/34-start-print.png`, fullPage: true });
  await printed.close();

  // In English: the page's own words switch in place (the form's labels are data and stay),
  // and the browser's refusals of a new start read in English too.
  await page.getByRole('button', { name: /切换语言/ }).click();
  await page.getByRole('heading', { name: 'Work order filed', level: 1 }).waitFor();
  await page.getByText('In progress').waitFor();
  await page.getByRole('link', { name: 'Print' }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/36-start-filed-en.png`, fullPage: true });
  await page.getByRole('link', { name: 'Start another' }).click();
  await page.getByRole('heading', { name: 'Start a work order', level: 1 }).waitFor();
  await page.getByRole('link', { name: /设备报修/ }).click();
  await page.getByLabel('房号').waitFor();
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Some fields need attention: see the marked fields').waitFor();
  assert.ok((await page.locator('#start-room-error').textContent()).includes('Required'));

  assert.deepEqual(errors, []);
  await context.close();
});

test('the start form at phone width has no horizontal scroll', async () => {
  const context = await browser.newContext({
    locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signIn(page);
  await page.goto(`${server.base}/workorders/start`);
  await waitForHydration(page);
  await page.getByRole('link', { name: /设备报修/ }).click();
  await waitForHydration(page);
  await page.getByLabel('房号').waitFor();
  await page.getByRole('button', { name: '添加一行' }).click();
  await page.locator('#start-items-0-part').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: `${ARTIFACTS}/35-start-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
