// Browser scenarios of DESIGN §5.1's pages (README "Console"), run by ConsoleIT after console.mjs, from its
// result.json: store STORE holds 45 units of the batch, and the pharmacist's order `orderId` sold 5 of them.
// A customer return, a batch hold with its trace, and transfers to the store console.mjs created.
import fs from 'node:fs';
import path from 'node:path';
import {
  OUT, STORE, confirmDialog, expectText, input, menu, pick, pickStore, run, save, shot, signIn, visit,
} from './browser.mjs';

const before = JSON.parse(fs.readFileSync(path.join(OUT, 'result.json'), 'utf8'));
const { rx: RX, batch: BATCH, storeCode: OTHER } = before; // OTHER: the store console.mjs created
const result = {};

/** Waits for the batch's row in the picked store's inventory with this quantity. */
async function stockIs(page, quantity) {
  await menu(page, 'Inventory per batch');
  await input(page, 'q').fill(RX);
  await page.getByRole('row', { name: new RegExp(`${BATCH}.* ${quantity} `) }).waitFor();
}

async function openMedicine(page) {
  await menu(page, 'Medicines');
  await input(page, 'q').fill(RX);
  await page.waitForURL(/filter=/); // the search applied: the rows are the filtered ones
  await page.waitForLoadState('networkidle');
  await page.getByRole('cell', { name: RX, exact: true }).click();
  await page.waitForURL(/\/medicines\/\d+/);
}

const batchRow = (page) => page.getByRole('row', { name: new RegExp(BATCH) });

async function dispatch(page, quantity) {
  await menu(page, 'Transfers');
  await page.getByRole('link', { name: 'Create' }).click();
  await input(page, 'toStoreId').fill(String(before.storeId)); // a manager is not assigned to it: by its id
  await page.getByRole('button', { name: 'Add' }).click();
  await input(page, 'items.0.batchId').fill(RX); // the inventory's search is by medicine
  await page.getByRole('option', { name: new RegExp(BATCH) }).click();
  await input(page, 'items.0.quantity').fill(String(quantity));
  await save(page);
}

const scenarios = {
  async 'a pharmacist records a partial customer return, restocked; more than was sold shows its shortage'() {
    const page = await signIn('pharmacist');
    await pickStore(page, STORE);
    await visit(page, `/admin/orders/${before.orderId}/show`);
    await expectText(page, 'CONFIRMED');
    const returned = page.getByRole('dialog').getByLabel(`Return of ${RX}`);
    await page.getByRole('button', { name: 'Customer return' }).click();
    await page.getByRole('dialog').getByLabel('Reason').fill('Wrong strength dispensed');
    await returned.fill('6');
    await page.getByRole('button', { name: 'Record return' }).click();
    await expectText(page, '6 requested, 5 available'); // a 409 problem with its shortage
    await page.getByRole('button', { name: 'Customer return' }).click();
    await returned.fill('2');
    await page.getByRole('button', { name: 'Record return' }).click();
    await page.getByTestId('returns').getByText(`2 × ${RX}, restocked`).waitFor();
    await page.getByTestId('returns').getByText('refund 25.00').waitFor();
    await expectText(page, 'Refunded (customer returns)');
    await shot(page, 'order-return');
    await stockIs(page, 47);
  },

  async 'ADMIN holds the batch, traces it and releases it; held stock is not sellable meanwhile'() {
    const page = await signIn('admin');
    await pickStore(page, STORE);
    await openMedicine(page);
    await batchRow(page).getByRole('button', { name: 'Hold' }).click();
    await page.getByRole('dialog').getByLabel('Reason').fill('Supplier quality alert');
    await confirmDialog(page);
    await batchRow(page).getByText('ON_HOLD').waitFor();
    await batchRow(page).getByText('Supplier quality alert').waitFor();
    await shot(page, 'batch-on-hold');
    await batchRow(page).getByRole('link', { name: 'trace' }).click();
    await page.getByRole('row', { name: `${STORE} 47` }).waitFor(); // in stock
    await page.getByRole('cell', { name: String(before.orderId) }).or(page.getByRole('row', { name: / 5 / })).first().waitFor();
    await shot(page, 'batch-trace');

    await menu(page, 'Inventory per medicine');
    await input(page, 'q').fill(RX);
    await page.getByRole('row', { name: new RegExp(`${RX} 0 0 47 0`) }).waitFor(); // sellable, expired, held, in transit

    await openMedicine(page);
    await batchRow(page).getByRole('button', { name: 'Release' }).click();
    await confirmDialog(page);
    await batchRow(page).getByText('ACTIVE').waitFor();
  },

  async 'the manager dispatches transfers: one beyond the stock is refused, one is cancelled, one goes out'() {
    const page = await signIn('manager');
    await pickStore(page, STORE);
    await dispatch(page, 1000);
    await expectText(page, '1000 requested, 47 available');
    await input(page, 'items.0.quantity').fill('3');
    await save(page);
    await page.waitForURL(/\/transfers\/\d+\/show/);
    result.cancelledId = Number(page.url().match(/transfers\/(\d+)\/show/)[1]);
    await page.getByRole('button', { name: 'Cancel transfer' }).click();
    await confirmDialog(page);
    await expectText(page, 'CANCELLED');
    await stockIs(page, 47);

    await dispatch(page, 10);
    await page.waitForURL(/\/transfers\/\d+\/show/);
    result.receivedId = Number(page.url().match(/transfers\/(\d+)\/show/)[1]);
    await expectText(page, 'DISPATCHED');
    await shot(page, 'transfer-dispatched');
    await stockIs(page, 37);
  },

  async 'the receiving store sees the stock in transit and receives it with a shortfall'() {
    const page = await signIn('admin');
    await pickStore(page, OTHER);
    await menu(page, 'Inventory per medicine');
    await input(page, 'q').fill(RX);
    await page.getByRole('row', { name: new RegExp(`${RX} 0 0 0 10`) }).waitFor(); // in transit
    await menu(page, 'Transfers');
    await page.getByRole('cell', { name: 'DISPATCHED' }).first().click();
    await page.waitForURL(new RegExp(`/transfers/${result.receivedId}/show`));
    await page.getByRole('button', { name: 'Receive', exact: true }).click();
    await page.getByRole('dialog').getByLabel(`${BATCH} (sent 10)`).fill('8');
    await confirmDialog(page);
    await expectText(page, 'RECEIVED');
    await page.getByRole('row', { name: new RegExp(`${BATCH} 10 8 2`) }).waitFor(); // sent, received, lost
    await shot(page, 'transfer-received');
    await stockIs(page, 8);

    // the dashboard: a row per store; 8 units of the medicine are below its reorder level of 10 here
    await menu(page, 'Dashboard');
    const today = page.getByTestId('stores-today');
    await today.getByRole('row', { name: new RegExp(`^${OTHER} · .* 1 0 0 0\\.00$`) }).waitFor();
    await today.getByRole('row', { name: new RegExp(`^${STORE} · .* 0 0 3 62\\.50$`) }).waitFor(); // console.mjs's orders
    await shot(page, 'dashboard-stores');
    await today.getByRole('row', { name: new RegExp(`^${OTHER} `) }).getByRole('link').first().click();
    await page.getByRole('row', { name: new RegExp(`${RX} 8 `) }).waitFor(); // the store's medicines to reorder
  },
};

process.exit(await run(scenarios, result, 'chain.json') ? 1 : 0);
