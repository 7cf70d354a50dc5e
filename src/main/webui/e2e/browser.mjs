// What the console's browser scenarios share (console.mjs, chain.mjs): a headless Chromium (@sparticuz/chromium)
// driven by playwright-core, signing in as the demo roles, and small steps on react-admin's pages.
// Environment: BASE_URL, ADMIN, ADMIN_PASSWORD, PASSWORD (of manager, pharmacist, cashier, auditor), STORE (their
// store's code), OUT (screenshots and the scenarios' results).
import fs from 'node:fs';
import path from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { chromium } from 'playwright-core';

export const env = (k, d) => process.env[k] ?? d;
export const BASE = env('BASE_URL', 'http://localhost:8080');
export const OUT = env('OUT', 'target/console');
const PASSWORD = env('PASSWORD', 'pharmacy-dev-pass');
export const STORE = env('STORE', 'BLR-001');
const USERS = {
  admin: [env('ADMIN', 'admin'), env('ADMIN_PASSWORD', PASSWORD)],
  manager: [env('MANAGER', 'manager'), PASSWORD],
  pharmacist: [env('PHARMACIST', 'pharmacist'), PASSWORD],
  cashier: [env('CASHIER', 'cashier'), PASSWORD],
  auditor: [env('AUDITOR', 'auditor'), PASSWORD],
};
export const TIMEOUT = 60_000; // a busy 2-core CI machine

fs.mkdirSync(OUT, { recursive: true });
// @sparticuz/chromium's flags are for AWS Lambda: one process (the browser would end with its first context) and
// no web security (the console's Content-Security-Policy must hold as in any browser).
const args = sparticuz.args.filter((a) => !['--single-process', '--disable-web-security'].includes(a));
const browser = await chromium.launch({
  executablePath: env('CHROMIUM', await sparticuz.executablePath()), args, headless: true,
});

export async function signIn(who) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => console.error(`[${who}] page error: ${e.message}`));
  page.on('console', (m) => {
    // the API's expected 4xx problems (the scenarios check what the page shows of them)
    const expected = ['status of 40', 'HttpError'].some((t) => m.text().includes(t));
    if (m.type() === 'error' && !expected) console.error(`[${who}] console: ${m.text()}`);
  });
  await page.goto(`${BASE}/`); // redirected to /admin/, then to the sign-in page
  await page.locator('input[name=username]').fill(USERS[who][0]);
  await page.locator('input[name=password]').fill(USERS[who][1]);
  await page.locator('button[type=submit]').click();
  await page.getByText(/^Welcome,/).waitFor();
  return page;
}

export const shot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`) });
export const menu = (page, name) => page.getByRole('menuitem', { name, exact: true }).click();
export const input = (page, name) => page.locator(`input[name="${name}"]`);
export const save = (page) => page.getByRole('button', { name: 'Save' }).click();
export const expectText = (page, text) => page.getByText(text, { exact: false }).first().waitFor();
export async function expectNone(page, locator, what) {
  await page.waitForLoadState('networkidle');
  if (await locator.count() > 0) throw new Error(`${what} should not be shown`);
}
export async function until(check, what) {
  for (const end = Date.now() + TIMEOUT; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    if (await check()) return;
  }
  throw new Error(`Timed out waiting for ${what}`);
}
export async function pick(page, name, text) {
  await input(page, name).fill(text);
  await page.getByRole('option', { name: text }).first().click();
}
export async function select(page, label, option) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}
export async function pickStore(page, code) {
  await page.getByTestId('store-picker').click();
  await page.getByRole('option', { name: new RegExp(`^${code} `) }).click();
}
export const confirmDialog = (page) => page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();

/** Client-side navigation to a console path (a reload would drop the tab's in-memory token). */
export async function visit(page, path) {
  await page.evaluate((p) => {
    window.history.pushState({}, '', p);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/** Runs the scenarios in order, stopping at the first failure (they build on each other); writes `result` to OUT. */
export async function run(scenarios, result, file) {
  let failed = 0;
  for (const [name, scenario] of Object.entries(scenarios)) {
    const started = Date.now();
    try {
      await scenario();
      console.log(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e.message}`);
      for (const ctx of browser.contexts()) {
        for (const p of ctx.pages()) await p.screenshot({ path: path.join(OUT, `failure-${path.parse(file).name}.png`) }).catch(() => {});
      }
      break; // the scenarios build on each other
    } finally {
      for (const ctx of browser.contexts()) await ctx.close();
    }
  }
  fs.writeFileSync(path.join(OUT, file), JSON.stringify(result, null, 2));
  await browser.close();
  return failed;
}
