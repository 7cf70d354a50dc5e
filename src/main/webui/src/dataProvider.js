import { call, query, session } from './api.js';

// Lists under a store: the store picked in the app bar (session.storeId) is part of their path.
const PER_STORE = {
  inventory: 'inventory',
  'inventory-summary': 'inventory/summary',
  'stock-movements': 'stock-movements',
  'stock-receipts': 'stock-receipts',
  'stock-adjustments': 'stock-adjustments',
  orders: 'orders',
  transfers: 'transfers',
};
// What a PATCH may carry: system fields (ids, audit fields, status, version, totals) are never sent.
const WRITABLE = {
  stores: ['code', 'name', 'city', 'address', 'phone', 'managerId', 'active'],
  users: ['username', 'fullName', 'password', 'role', 'storeIds', 'active'],
  medicines: ['sku', 'name', 'genericName', 'manufacturer', 'dosageForm', 'strength', 'packSize',
    'prescriptionRequired', 'reorderLevel', 'active'],
  batches: ['batchNumber', 'expiryDate', 'mrp', 'manufacturedOn'],
  orders: ['customerName', 'customerPhone', 'prescriptionReference', 'items'],
};
// Fields fixed once created (the server refuses them in a PATCH).
const CREATE_ONLY = { stores: ['code'], users: ['username'], medicines: ['sku'], batches: ['batchNumber'] };
// Rows keyed by something other than "id".
const KEY = { inventory: 'batchId', 'inventory-summary': 'medicineId' };

function base(resource) {
  if (PER_STORE[resource]) {
    if (!session.storeId) throw new Error('Pick a store first');
    return `/stores/${session.storeId}/${PER_STORE[resource]}`;
  }
  return `/${resource}`;
}

/** Batches are addressed under their medicine: react-admin ids are "medicineId-batchId". */
const batchId = (medicineId, id) => `${medicineId}-${id}`;
const batchPath = (id) => {
  const [m, b] = String(id).split('-');
  return `/medicines/${m}/batches/${b}`;
};

function row(resource, r) {
  if (resource === 'batches') return { ...r, batchId: r.id, id: batchId(r.medicineId, r.id) };
  if (resource === 'orders' && r.items) {
    return { ...r, items: r.items.map((i) => ({ ...i, id: i.id ?? i.medicineId })) };
  }
  return KEY[resource] ? { ...r, id: r[KEY[resource]] } : r;
}

function body(resource, data, { create }) {
  const out = {};
  for (const k of WRITABLE[resource] ?? Object.keys(data)) {
    if (!create && CREATE_ONLY[resource]?.includes(k)) continue;
    let v = data[k];
    if (v === '' || v === undefined) v = null;
    if (v === null && create) continue;
    out[k] = v;
  }
  if (resource === 'orders') out.items = (data.items ?? []).map((i) => ({ medicineId: i.medicineId, quantity: i.quantity }));
  return out;
}

/** Only the members that changed (absent members stay as they are). */
function changes(resource, data, previous) {
  const full = body(resource, data, { create: false });
  const prev = body(resource, previous ?? {}, { create: false });
  const out = {};
  for (const [k, v] of Object.entries(full)) {
    if (JSON.stringify(v) !== JSON.stringify(prev[k])) out[k] = v;
  }
  return out;
}

async function page(resource, path, params, pageIndex, size) {
  const { field, order } = params.sort ?? {};
  const sort = field ? `${field},${(order ?? 'ASC').toLowerCase()}` : undefined;
  const { json } = await call(`${path}${query({ ...params.filter, page: pageIndex, size, sort })}`);
  return json;
}

export const dataProvider = {
  async getList(resource, params) {
    const { page: p = 1, perPage = 20 } = params.pagination ?? {};
    if (resource === 'batches') {
      const { json } = await call(`/medicines/${params.filter.medicineId}/batches`); // a plain array
      return { data: json.map((r) => row(resource, r)), total: json.length };
    }
    const path = base(resource);
    const filter = { ...params.filter };
    const args = { ...params, filter };
    if (perPage <= 100) {
      const json = await page(resource, path, args, p - 1, perPage);
      return { data: json.items.map((r) => row(resource, r)), total: json.totalItems };
    }
    // The export asks for more than a page may hold (size ≤ 100): read the pages in turn.
    const rows = [];
    for (let i = 0; rows.length < perPage; i++) {
      const json = await page(resource, path, args, i, 100);
      rows.push(...json.items);
      if (json.items.length < 100) break;
    }
    return { data: rows.map((r) => row(resource, r)), total: rows.length };
  },
  async getOne(resource, { id }) {
    if (resource === 'batches') { // no GET of one batch: read its medicine's
      const [medicineId] = String(id).split('-');
      const { data } = await this.getList('batches', { filter: { medicineId } });
      return { data: data.find((b) => b.id === id) };
    }
    return { data: row(resource, (await call(`${base(resource)}/${id}`)).json) };
  },
  async getMany(resource, { ids }) {
    if (resource === 'inventory') { // no GET of one row: the store's rows, all of them
      const { data } = await this.getList(resource, {
        filter: { includeExpired: true, includeEmpty: true }, pagination: { page: 1, perPage: 1000 },
        sort: { field: 'batchId', order: 'ASC' },
      });
      return { data: data.filter((r) => ids.map(String).includes(String(r.id))) };
    }
    // A store the user is not assigned to is a 404 (DESIGN §4), e.g. the other end of a transfer: left out, shown
    // by its id, while any other failure still fails the call.
    const found = await Promise.allSettled(ids.map((id) => this.getOne(resource, { id }).then((r) => r.data)));
    const failure = found.find((f) => f.status === 'rejected' && f.reason?.status !== 404);
    if (failure) throw failure.reason;
    return { data: found.filter((f) => f.status === 'fulfilled').map((f) => f.value) };
  },
  async getManyReference(resource, params) {
    return this.getList(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } });
  },
  async create(resource, { data }) {
    const path = resource === 'batches' ? `/medicines/${data.medicineId}/batches` : base(resource);
    const { json } = await call(path, { method: 'POST', body: body(resource, data, { create: true }) });
    return { data: row(resource, json) };
  },
  async update(resource, { id, data, previousData }) {
    if (resource === 'orders') {
      const { json } = await call(`${base(resource)}/${id}`, {
        method: 'PUT', body: body(resource, data, { create: true }), headers: { 'If-Match': `"${previousData.version}"` },
      });
      return { data: row(resource, json) };
    }
    const path = resource === 'batches' ? batchPath(id) : `${base(resource)}/${id}`;
    const { json } = await call(path, { method: 'PATCH', body: changes(resource, data, previousData) });
    return { data: row(resource, json) };
  },
  async updateMany(resource, { ids, data }) {
    for (const id of ids) await call(`${base(resource)}/${id}`, { method: 'PATCH', body: data });
    return { data: ids };
  },
  async delete(resource, { id, previousData }) {
    await call(`${base(resource)}/${id}`, { method: 'DELETE' });
    return { data: previousData ?? { id } };
  },
  async deleteMany(resource, { ids }) {
    for (const id of ids) await call(`${base(resource)}/${id}`, { method: 'DELETE' });
    return { data: ids };
  },
};
