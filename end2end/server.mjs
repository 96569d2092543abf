// Starts the release server on a free port with a fresh SQLite database, for browser tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForHydration } from './browser.mjs';

export const ADMIN_PASSWORD = 'E2e-Admin-2026';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export async function startServer() {
  const port = await freePort();
  const folder = mkdtempSync(join(tmpdir(), 'woc-e2e-'));
  const child = spawn('./target/release/workorder', [], {
    env: {
      ...process.env,
      WOC_ADDR: `127.0.0.1:${port}`,
      WOC_DATABASE_URL: `sqlite://${folder}/e2e.db?mode=rwc`,
      WOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? 'target/site',
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('server did not answer /healthz within 30 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

// Signs `page` in as the administrator through the sign-in page, as a user would, and waits
// for 工作台 to hydrate. Signing in ends in a page load: until the bundle has taken over, a
// link or a filter form is followed by the browser as a page load, which a journey waiting
// for the router's navigation (its exact URL) would miss.
export async function signIn(page, base) {
  await page.goto(`${base}/login`);
  await waitForHydration(page);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  await waitForHydration(page);
}
