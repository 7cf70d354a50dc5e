// DESIGN §5.1 customer returns, on a CONFIRMED order's page (ADMIN, STORE_MANAGER, PHARMACIST of the store).
import { useCallback, useEffect, useState } from 'react';
import { Button, Confirm, Labeled, useNotify, usePermissions, useRecordContext, useRefresh } from 'react-admin';
import {
  Checkbox, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import { call, session } from '../api.js';
import { allowed } from '../access.js';

/** The order's returns and, where allowed, a form: per item how many come back and whether they are restocked. */
export const Returns = () => {
  const order = useRecordContext();
  const { permissions } = usePermissions();
  const [returns, setReturns] = useState(null);
  const path = order && `/stores/${session.storeId}/orders/${order.id}/returns`;
  const load = useCallback(() => {
    // Quietly nothing where the server has no returns (yet): the order page must work without them.
    if (path && order.status === 'CONFIRMED') call(path).then(({ json }) => setReturns(json.items ?? json), () => setReturns(null));
  }, [path, order?.status]);
  useEffect(load, [load]);
  if (!order || order.status !== 'CONFIRMED' || returns === null) return null;
  const name = (orderItemId) => order.items.find((i) => i.id === orderItemId)?.medicineName ?? `line ${orderItemId}`;
  return (
    <Labeled label="Customer returns" fullWidth>
      <Stack spacing={1} data-testid="returns">
        {returns.length === 0 && <Typography variant="body2">None</Typography>}
        {returns.map((r) => (
          <Typography key={r.id} variant="body2">
            #{r.id} {new Date(r.createdAt).toLocaleString()} by {r.createdBy}: {r.reason} — refund {Number(r.refund).toFixed(2)} ({r.items
              .map((i) => `${i.quantity} × ${name(i.orderItemId)}${i.restock ? ', restocked' : ', not restocked'}`).join('; ')})
          </Typography>
        ))}
        {allowed(permissions, 'returns', 'create') && <NewReturn order={order} path={path} done={load} />}
      </Stack>
    </Labeled>
  );
};

const NewReturn = ({ order, path, done }) => {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [lines, setLines] = useState({});
  const notify = useNotify();
  const refresh = useRefresh();
  const set = (id, patch) => setLines((l) => ({ ...l, [id]: { quantity: 0, restock: true, ...l[id], ...patch } }));
  const submit = async () => {
    setOpen(false);
    const items = Object.entries(lines).filter(([, l]) => l.quantity > 0)
      .map(([orderItemId, l]) => ({ orderItemId: Number(orderItemId), quantity: l.quantity, restock: l.restock }));
    try {
      await call(path, { method: 'POST', body: { reason, items } });
      notify('Return recorded', { type: 'success' });
      setLines({});
      done();
      refresh();
    } catch (e) {
      notify(e.message, { type: 'error' });
    }
  };
  const form = (
    <Stack spacing={1}>
      <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
      <Table size="small">
        <TableHead><TableRow><TableCell>Medicine</TableCell><TableCell>Sold − returned</TableCell>
          <TableCell>Return</TableCell><TableCell>Restock</TableCell></TableRow></TableHead>
        <TableBody>
          {order.items.map((i) => (
            <TableRow key={i.id}>
              <TableCell>{i.medicineName}</TableCell>
              <TableCell>{i.quantity - (i.returnedQuantity ?? 0)}</TableCell>
              <TableCell><TextField type="number" size="small" value={lines[i.id]?.quantity ?? 0}
                inputProps={{ min: 0, 'aria-label': `Return of ${i.medicineName}` }}
                onChange={(e) => set(i.id, { quantity: Number(e.target.value) })} /></TableCell>
              <TableCell><Checkbox checked={lines[i.id]?.restock ?? true}
                inputProps={{ 'aria-label': `Restock ${i.medicineName}` }}
                onChange={(e) => set(i.id, { restock: e.target.checked })} /></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
  return (
    <>
      <Button label="Customer return" onClick={() => setOpen(true)} />
      <Confirm isOpen={open} title={`Return from order ${order.orderNumber}`} content={form} onConfirm={submit}
        onClose={() => setOpen(false)} confirm="Record return" />
    </>
  );
};
