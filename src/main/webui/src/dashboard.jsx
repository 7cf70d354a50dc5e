import { useEffect, useState } from 'react';
import { Title, useGetIdentity } from 'react-admin';
import { Link } from 'react-router-dom';
import { Card, CardContent, CardHeader, Grid, List, ListItem, Typography } from '@mui/material';
import { call, query, session } from './api.js';

/** The picked store at a glance: what to reorder, what expires within 30 days, today's orders and their total. */
async function load(storeId) {
  const s = `/stores/${storeId}`;
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const [summary, expiring, orders] = await Promise.all([
    call(`${s}/inventory/summary${query({ size: 100, sort: 'sellableQuantity,asc' })}`),
    call(`${s}/inventory${query({ expiringWithinDays: 30, size: 5, sort: 'expiryDate,asc' })}`),
    call(`${s}/orders${query({ from: today.toISOString(), size: 100 })}`),
  ]);
  const confirmed = orders.json.items.filter((o) => o.status === 'CONFIRMED');
  return {
    low: summary.json.items.filter((r) => r.belowReorderLevel),
    expiring: expiring.json,
    orders: orders.json.totalItems,
    total: confirmed.reduce((sum, o) => sum + Number(o.total ?? 0), 0),
  };
}

const Tile = ({ title, to, children }) => (
  <Grid size={{ xs: 12, md: 4 }}>
    <Card sx={{ height: '100%' }}>
      <CardHeader title={title} action={<Link to={to}>open</Link>} />
      <CardContent>{children}</CardContent>
    </Card>
  </Grid>
);

export const Dashboard = () => {
  const { identity } = useGetIdentity();
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const storeId = session.storeId;
  useEffect(() => {
    setData(null);
    if (storeId) load(storeId).then(setData, (e) => setError(e.message));
  }, [storeId]);
  return (
    <>
      <Title title="Dashboard" />
      <Typography variant="h5" sx={{ my: 2 }}>Welcome, {identity?.fullName}</Typography>
      {!storeId && <Typography>Pick a store in the top bar to see its day.</Typography>}
      {error && <Typography color="error">{error}</Typography>}
      {data && (
        <Grid container spacing={2}>
          <Tile title={`Below reorder level: ${data.low.length}`} to="/inventory-summary">
            <List dense>{data.low.slice(0, 8).map((r) => (
              <ListItem key={r.medicineId}>{r.medicineName}: {r.sellableQuantity} (reorder at {r.reorderLevel})</ListItem>
            ))}</List>
          </Tile>
          <Tile title={`Batches expiring within 30 days: ${data.expiring.totalItems}`} to="/inventory">
            <List dense>{data.expiring.items.map((r) => (
              <ListItem key={r.batchId}>{r.batchNumber} · {r.medicineName}: {r.quantity}, expires {r.expiryDate}</ListItem>
            ))}</List>
          </Tile>
          <Tile title={`Today's orders: ${data.orders}`} to="/orders">
            <Typography>Confirmed total of the latest 100: {data.total.toFixed(2)}</Typography>
          </Tile>
        </Grid>
      )}
    </>
  );
};
