import { useEffect, useState } from 'react';
import { Title, useGetIdentity } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import {
  Card, CardContent, CardHeader, Link, Table, TableBody, TableCell, TableHead, TableRow, Typography,
} from '@mui/material';
import { call, pickStore, query, session } from './api.js';

const STORES = 20; // rows of the table; the store picker reaches every store

const midnight = () => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  return d.toISOString();
};

/** Today's confirmed total, exactly: the day's confirmed orders streamed (NDJSON), not a page of them. */
async function confirmedTotal(storeId, from) {
  const res = await call(`/stores/${storeId}/orders${query({ status: 'CONFIRMED', from })}`, {
    headers: { Accept: 'application/x-ndjson' }, raw: true,
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const text = await res.text();
  return text.split('\n').filter(Boolean).reduce((sum, line) => sum + Number(JSON.parse(line).total ?? 0), 0);
}

/** One store's day: medicines to reorder, batches expiring within 30 days, today's orders and their total. */
async function day(store, from) {
  const s = `/stores/${store.id}`;
  const [low, expiring, orders] = await Promise.all([
    call(`${s}/inventory/summary${query({ belowReorderLevel: true, size: 5, sort: 'sellableQuantity,asc' })}`),
    call(`${s}/inventory${query({ expiringWithinDays: 30, size: 5, sort: 'expiryDate,asc' })}`),
    call(`${s}/orders${query({ from, size: 1 })}`),
  ]);
  return { store, low: low.json, expiring: expiring.json, orders: orders.json.totalItems, total: await confirmedTotal(store.id, from) };
}

/** Every store the user sees, one after the other: each holds one stream at a time of the user's few. */
async function load(onRow) {
  const from = midnight();
  const { json } = await call(`/stores${query({ active: true, size: STORES, sort: 'code,asc' })}`);
  for (const store of json.items) onRow(await day(store, from));
  return json.totalItems;
}

export const Dashboard = () => {
  const { identity } = useGetIdentity();
  const navigate = useNavigate();
  const [rows, setRows] = useState([]);
  const [total, setTotal] = useState(null);
  const [error, setError] = useState(null);
  const [storeId, setStoreId] = useState(session.storeId);
  useEffect(() => {
    const follow = (e) => setStoreId(e.detail);
    window.addEventListener('store-picked', follow);
    return () => window.removeEventListener('store-picked', follow);
  }, []);
  useEffect(() => {
    let live = true;
    load((row) => live && setRows((r) => [...r, row])).then((n) => live && setTotal(n), (e) => live && setError(e.message));
    return () => { live = false; };
  }, []);
  const open = (storeId, path, filter) => (e) => {
    e.preventDefault();
    pickStore(storeId);
    navigate(`${path}${filter ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`);
  };
  const picked = rows.find((r) => String(r.store.id) === String(storeId));
  return (
    <>
      <Title title="Dashboard" />
      <Typography variant="h5" sx={{ my: 2 }}>Welcome, {identity?.fullName}</Typography>
      {error && <Typography color="error">{error}</Typography>}
      <Card>
        <CardHeader title="Your stores today" subheader={total > rows.length ? `The first ${rows.length} of ${total}` : null} />
        <Table size="small" data-testid="stores-today">
          <TableHead><TableRow>
            <TableCell>Store</TableCell><TableCell align="right">Below reorder level</TableCell>
            <TableCell align="right">Expiring within 30 days</TableCell><TableCell align="right">Orders today</TableCell>
            <TableCell align="right">Confirmed total today</TableCell>
          </TableRow></TableHead>
          <TableBody>{rows.map(({ store, low, expiring, orders, total: sum }) => (
            <TableRow key={store.id}>
              <TableCell>{store.code} · {store.name}</TableCell>
              <TableCell align="right"><Link href="#" onClick={open(store.id, '/inventory-summary', { belowReorderLevel: true })}>
                {low.totalItems}</Link></TableCell>
              <TableCell align="right"><Link href="#" onClick={open(store.id, '/inventory', { expiringWithinDays: 30 })}>
                {expiring.totalItems}</Link></TableCell>
              <TableCell align="right"><Link href="#" onClick={open(store.id, '/orders', { from: midnight() })}>
                {orders}</Link></TableCell>
              <TableCell align="right">{sum.toFixed(2)}</TableCell>
            </TableRow>
          ))}</TableBody>
        </Table>
        {total === 0 && <CardContent>No active store is assigned to you.</CardContent>}
      </Card>
      {picked && (
        <Card sx={{ mt: 2 }}>
          <CardHeader title={`${picked.store.code}: what needs attention`} />
          <CardContent>
            {picked.low.items.map((r) => (
              <Typography key={`l${r.medicineId}`} variant="body2">
                Reorder {r.medicineName}: {r.sellableQuantity} sellable, reorder at {r.reorderLevel}
              </Typography>))}
            {picked.expiring.items.map((r) => (
              <Typography key={`e${r.batchId}`} variant="body2">
                Expires {r.expiryDate}: {r.batchNumber} · {r.medicineName}, {r.quantity} units
              </Typography>))}
            {picked.low.items.length + picked.expiring.items.length === 0 && <Typography variant="body2">Nothing.</Typography>}
          </CardContent>
        </Card>
      )}
    </>
  );
};
