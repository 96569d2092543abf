// Debian's chromium driven by playwright-core (its own browser download cannot work offline).
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const ARTIFACTS = 'end2end/artifacts';

export async function launch() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

// Fails the test on any error the page logs (a hydration panic shows up here). Chromium also
// logs every non-2xx response as an error; those the journey provokes on purpose (a wrong
// password, a missing page) are checked by status where they happen, so they are left out.
export function collectErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return errors;
}

// Resolves once the wasm bundle has taken over the server-rendered page.
export async function waitForHydration(page) {
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true', null, { timeout: 30_000 });
}
