// DESIGN §4's role matrix, for menus and buttons only: the server stays the authority (a 403 shows its message).
const ALL = ['ADMIN', 'STORE_MANAGER', 'PHARMACIST', 'CASHIER', 'AUDITOR'];
const SELLERS = ['ADMIN', 'STORE_MANAGER', 'PHARMACIST', 'CASHIER'];
const READ = ['list', 'show', 'export'];

const MATRIX = {
  stores: { read: ALL, write: ['ADMIN'] },
  users: { read: ['ADMIN', 'AUDITOR'], write: ['ADMIN'] },
  medicines: { read: ALL, write: ['ADMIN'] },
  batches: { read: ALL, write: ['ADMIN'] },
  inventory: { read: ALL, write: [] },
  'inventory-summary': { read: ALL, write: [] },
  'stock-movements': { read: ALL, write: [] },
  'stock-receipts': { read: ALL, write: ['ADMIN', 'STORE_MANAGER'] },
  'stock-adjustments': { read: ALL, write: ['ADMIN', 'STORE_MANAGER'] },
  orders: { read: ALL, write: SELLERS },
  'audit-events': { read: ['ADMIN', 'AUDITOR'], write: [] },
  // DESIGN §5.1 (pages in chain/)
  transfers: { read: ALL, write: ['ADMIN', 'STORE_MANAGER'] },
  returns: { read: ALL, write: ['ADMIN', 'STORE_MANAGER', 'PHARMACIST'] },
};

export function allowed(role, resource, action = 'list') {
  const rule = MATRIX[resource];
  if (!rule || !role) return false;
  return (READ.includes(action) ? rule.read : rule.write).includes(role);
}

/** Order actions by state and role (DESIGN §4), shown only where the server would accept them. */
export function orderActions(role, order) {
  if (!order || !SELLERS.includes(role)) return { edit: false, confirm: false, cancel: false, remove: false };
  const created = order.status === 'CREATED';
  const rx = order.items?.some((i) => i.prescriptionRequired);
  return {
    edit: created,
    remove: created,
    confirm: created && (rx ? role === 'PHARMACIST' : true),
    cancel: created || (order.status === 'CONFIRMED' && ['ADMIN', 'STORE_MANAGER'].includes(role)),
  };
}
