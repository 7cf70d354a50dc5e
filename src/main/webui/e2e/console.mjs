// Browser scenarios of the console (README "Console"), run by ConsoleIT against the packaged application after
// ConsoleIT made the store STORE and the demo roles' users; chain.mjs goes on from result.json.
// Exit status 1 on the first failed scenario.
import {
  STORE, confirmDialog, expectNone, expectText, input, menu, pick, pickStore, run, save, select, shot, signIn, until,
} from './browser.mjs';

const sfx = Date.now().toString(36).toUpperCase();
const RX = `E2E Rx ${sfx}`;
const BATCH = `B-${sfx}`;
const result = {
  sfx, storeCode: `E2E-${sfx}`, username: `e2e.${sfx.toLowerCase()}`, sku: `E2E-${sfx}`, rx: RX, batch: BATCH,
};

async function newOrder(page, quantity, rx = 'RX-2026-001') {
  await menu(page, 'Orders');
  await page.getByRole('link', { name: 'Create' }).click();
  await input(page, 'prescriptionReference').fill(rx);
  await page.getByRole('button', { name: 'Add' }).click();
  await pick(page, 'items.0.medicineId', RX);
  await input(page, 'items.0.quantity').fill(String(quantity));
  await save(page);
  await page.waitForURL(/\/orders\/\d+\/show/);
  return Number(page.url().match(/orders\/(\d+)\/show/)[1]);
}

const scenarios = {
  async 'ADMIN creates a store, a user, a medicine and a batch'() {
    const page = await signIn('admin');
    await shot(page, 'dashboard');
    await menu(page, 'Stores');
    await page.getByRole('link', { name: 'Create' }).click();
    await input(page, 'code').fill(result.storeCode);
    await input(page, 'name').fill('Console test store');
    await input(page, 'city').fill('Pune');
    await save(page);
    await page.waitForURL(/\/stores\/\d+\/show/);
    result.storeId = Number(page.url().match(/stores\/(\d+)\/show/)[1]);
    await expectText(page, 'Console test store');
    await menu(page, 'Stores');
    await expectText(page, result.storeCode);
    await shot(page, 'stores');

    await menu(page, 'Users');
    await page.getByRole('link', { name: 'Create' }).click();
    await input(page, 'username').fill(result.username);
    await input(page, 'fullName').fill('Console Clerk');
    await input(page, 'password').fill('console-clerk-password');
    await select(page, 'Role', 'CASHIER');
    await pick(page, 'storeIds', result.storeCode);
    await save(page);
    await page.waitForURL(/\/users\/\d+\/show/);
    await expectText(page, 'Console Clerk');

    await menu(page, 'Medicines');
    await page.getByRole('link', { name: 'Create' }).click();
    await input(page, 'sku').fill(result.sku);
    await input(page, 'name').fill(RX);
    await input(page, 'prescriptionRequired').check();
    await input(page, 'reorderLevel').fill('10');
    await save(page);
    await page.waitForURL(/\/medicines\/\d+$/);
    await page.getByRole('link', { name: 'Add batch' }).click();
    await input(page, 'batchNumber').fill(BATCH);
    await input(page, 'expiryDate').fill('2030-12-31');
    await input(page, 'mrp').fill('12.5');
    await save(page);
    await page.waitForURL(/\/medicines\/\d+$/);
    await expectText(page, BATCH);
    await shot(page, 'medicine-with-batches');

    // bulk action: deactivate the new user, after a confirmation
    await menu(page, 'Users');
    await input(page, 'q').fill(result.username);
    await page.getByRole('row', { name: new RegExp(result.username) }).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await confirmDialog(page);
    await expectText(page, 'updated');
  },

  async 'the manager receives stock'() {
    const page = await signIn('manager');
    await pickStore(page, STORE);
    await menu(page, 'Receipts');
    await page.getByRole('link', { name: 'Create' }).click();
    await input(page, 'supplier').fill('Console Pharma Distributors');
    await page.getByRole('button', { name: 'Add' }).click();
    await pick(page, 'items.0.medicineId', RX);
    await input(page, 'items.0.batchNumber').fill(BATCH);
    await input(page, 'items.0.expiryDate').fill('2030-12-31');
    await input(page, 'items.0.mrp').fill('12.5');
    await input(page, 'items.0.quantity').fill('50');
    await save(page);
    await page.waitForURL(/\/stock-receipts\/\d+\/show/);
    await expectText(page, BATCH);
    await shot(page, 'receipt');
    await menu(page, 'Inventory per batch');
    await input(page, 'q').fill(RX);
    await page.getByRole('row', { name: new RegExp(`${BATCH}.*50`) }).waitFor();
    await shot(page, 'inventory');
  },

  async 'a pharmacist confirms an order with a prescription-only line and sees allocations and stock go down'() {
    const page = await signIn('pharmacist');
    await pickStore(page, STORE);
    result.orderId = await newOrder(page, 5);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await confirmDialog(page);
    await expectText(page, 'CONFIRMED');
    await page.getByRole('cell', { name: BATCH, exact: true }).waitFor(); // the allocation
    await expectText(page, '62.50'); // 5 × 12.50
    await shot(page, 'order-confirmed');
    await menu(page, 'Inventory per batch');
    await input(page, 'q').fill(RX);
    await page.getByRole('row', { name: new RegExp(`${BATCH}.*45`) }).waitFor();

    // a shortage lists its lines
    result.shortOrderId = await newOrder(page, 500);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await confirmDialog(page);
    await page.getByTestId('shortages').getByText('500 requested, 45 available').waitFor();
    await shot(page, 'order-shortage');
  },

  async 'a cashier sees no Users menu and no Confirm on a prescription order'() {
    const page = await signIn('cashier');
    await pickStore(page, STORE);
    await expectNone(page, page.getByRole('menuitem', { name: 'Users' }), 'Users menu');
    await expectNone(page, page.getByRole('menuitem', { name: 'Audit log' }), 'Audit log menu');
    result.cashierOrderId = await newOrder(page, 1);
    await page.getByRole('button', { name: 'Delete' }).waitFor(); // a CREATED order of the cashier's store
    await expectNone(page, page.getByRole('button', { name: 'Confirm' }), 'Confirm on a prescription order');
    await shot(page, 'cashier-order');
  },

  async 'an auditor sees everything read-only, and the audit log shows the order\'s events'() {
    const page = await signIn('auditor');
    await pickStore(page, STORE);
    await page.getByRole('menuitem', { name: 'Users' }).waitFor();
    for (const m of ['Stores', 'Medicines', 'Orders', 'Receipts', 'Adjustments']) {
      await menu(page, m);
      await page.locator('.RaList-main').waitFor();
      await expectNone(page, page.getByRole('link', { name: 'Create' }), `Create on ${m}`);
    }
    await menu(page, 'Orders');
    await page.getByRole('cell', { name: 'CONFIRMED' }).first().click();
    await expectText(page, BATCH);
    for (const b of ['Confirm', 'Cancel order', 'Delete', 'Edit']) {
      await expectNone(page, page.getByRole('button', { name: b, exact: true }), `${b} for an auditor`);
    }
    await menu(page, 'Audit log');
    await select(page, 'Entity type', 'ORDER');
    await input(page, 'entityId').fill(String(result.orderId));
    await until(async () => await page.getByRole('row').count() === 3, 'the order\'s two events'); // header, CREATE, CONFIRM
    await page.getByRole('cell', { name: 'CREATE', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'CONFIRM', exact: true }).click(); // expands the changed fields
    await page.getByRole('cell', { name: 'status', exact: true }).waitFor();
    await shot(page, 'audit-log');
  },
};

process.exit(await run(scenarios, result, 'result.json') ? 1 : 0);
