// DESIGN §5.1 batch status (ADMIN): hold, release, recall, and the trace (ADMIN, AUDITOR) of a batch.
import { useEffect, useState } from 'react';
import { Title, useGetMany, usePermissions, useRecordContext } from 'react-admin';
import { Link, useParams } from 'react-router-dom';
import {
  Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography,
} from '@mui/material';
import { call } from '../api.js';
import { ConfirmAction } from '../common.jsx';

const batchPath = (record) => `/medicines/${record.medicineId}/batches/${record.batchId}`;

/** One status change behind a confirmation; hold and recall ask for a reason. */
const StatusAction = ({ record, action, label, reasoned, content }) => (
  <ConfirmAction label={label} title={`${label} batch ${record.batchNumber}?`} content={content} withReason={reasoned}
    run={(reason) => call(`${batchPath(record)}/${action}`, { method: 'POST', body: reasoned ? { reason } : undefined })} />
);

/** A column of the medicine's batch list: its status, the actions its status allows (ADMIN), its trace. */
export const BatchStatus = () => {
  const record = useRecordContext();
  const { permissions } = usePermissions();
  if (!record) return null;
  const status = record.status ?? 'ACTIVE';
  const admin = permissions === 'ADMIN';
  return (
    <Stack direction="row" spacing={1} alignItems="center" onClick={(e) => e.stopPropagation()}>
      <span>{status}</span>
      {status !== 'ACTIVE' && record.statusReason && (
        <Typography variant="body2" component="em" title={`by ${record.statusChangedBy} at ${record.statusChangedAt}`}>
          {record.statusReason}
        </Typography>)}
      {admin && status === 'ACTIVE' && <StatusAction record={record} action="hold" label="Hold" reasoned
        content="A held batch is neither sold nor allocated until it is released." />}
      {admin && status === 'ON_HOLD' && <StatusAction record={record} action="release" label="Release"
        content="The batch becomes sellable again." />}
      {admin && status !== 'RECALLED' && <StatusAction record={record} action="recall" label="Recall" reasoned
        content="Final: the batch is never sold again; write its stock off with a RECALLED adjustment." />}
      {['ADMIN', 'AUDITOR'].includes(permissions) && <Link to={`/batches/${record.id}/trace`}>trace</Link>}
    </Stack>
  );
};

const Rows = ({ head, rows }) => (
  <Table size="small">
    <TableHead><TableRow>{head.map((h) => <TableCell key={h}>{h}</TableCell>)}</TableRow></TableHead>
    <TableBody>{rows.map((r, i) => <TableRow key={i}>{r.map((c, j) => <TableCell key={j}>{c}</TableCell>)}</TableRow>)}</TableBody>
  </Table>
);

/** Where a batch is and whom it was sold to: GET …/batches/{batchId}/trace. */
export const BatchTrace = () => {
  const { id } = useParams();
  const [medicineId, batchId] = id.split('-');
  const [trace, setTrace] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    call(`/medicines/${medicineId}/batches/${batchId}/trace`).then(({ json }) => setTrace(json), (e) => setError(e.message));
  }, [medicineId, batchId]);
  const sold = [...new Set((trace?.sales ?? []).map((x) => x.storeId))];
  const { data: stores } = useGetMany('stores', { ids: sold }, { enabled: sold.length > 0 });
  const codes = Object.fromEntries((stores ?? []).map((st) => [st.id, st.code]));
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={`Trace of batch ${trace?.batch?.batchNumber ?? batchId}`} />
      <CardContent>
        {error && <Typography color="error">{error}</Typography>}
        {trace && (
          <Stack spacing={2}>
            <Typography>{trace.batch.batchNumber}: expires {trace.batch.expiryDate}, status {trace.batch.status}</Typography>
            <Typography variant="h6">In stock</Typography>
            <Rows head={['Store', 'Quantity']} rows={trace.stores.map((s) => [s.storeCode, s.quantity])} />
            <Typography variant="h6">
              Sold: {trace.soldQuantity} units in {trace.salesCount} orders
              {trace.salesTruncated && ` (the newest ${trace.sales.length} below; each store's ledger lists every sale)`}
            </Typography>
            <Rows head={['Store', 'Order', 'Quantity', 'Confirmed']}
              rows={trace.sales.map((s) => [codes[s.storeId] ?? `store #${s.storeId}`, s.orderNumber, s.quantity,
                new Date(s.confirmedAt).toLocaleString()])} />
            <Link to={`/medicines/${medicineId}/show`}>back to the medicine</Link>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};
