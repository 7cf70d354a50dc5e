// DESIGN §5.1 transfers between stores: dispatched from the picked store (ADMIN, STORE_MANAGER of it), received
// or cancelled from its page. The picked store sees both directions.
import { useState } from 'react';
import {
  ArrayField, ArrayInput, AutocompleteInput, Button, Confirm, Create, Datagrid, DateField, List, NumberField,
  NumberInput, ReferenceField, ReferenceInput, SelectInput, Show, SimpleForm, SimpleFormIterator, SimpleShowLayout,
  TextField, TextInput, TopToolbar, required, useNotify, usePermissions, useRecordContext, useRefresh,
} from 'react-admin';
import { Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { call, session } from '../api.js';

const STATUSES = ['DISPATCHED', 'RECEIVED', 'CANCELLED'].map((s) => ({ id: s, name: s }));
const filters = [
  <SelectInput source="direction" choices={[{ id: 'in', name: 'in' }, { id: 'out', name: 'out' }]} key="d" alwaysOn />,
  <SelectInput source="status" choices={STATUSES} key="s" alwaysOn />,
];
/** A store's code; by its id where the user is not assigned to it (it cannot read that store). */
const Store = ({ source }) => {
  const t = useRecordContext();
  return (
    <ReferenceField source={source} reference="stores" link={false} emptyText={t ? `store #${t[source]}` : ''}>
      <TextField source="code" />
    </ReferenceField>
  );
};

export const TransferList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }} title="Transfers">
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" />
      <Store source="fromStoreId" />
      <Store source="toStoreId" />
      <TextField source="status" sortable={false} />
      <DateField source="dispatchedAt" showTime sortable={false} />
      <TextField source="dispatchedBy" sortable={false} />
    </Datagrid>
  </List>
);

const batchText = (r) => `${r.batchNumber} · ${r.medicineName} (${r.quantity})`;

/** ADMIN picks the receiving store; a manager sees only the stores assigned to them (DESIGN §4), so enters its id. */
const ToStore = () => {
  const { permissions } = usePermissions();
  if (permissions !== 'ADMIN') {
    return <NumberInput source="toStoreId" label="To store (id)" validate={required()}
      helperText="The receiving store's id: stores you are not assigned to are not listed to you" />;
  }
  return (
    <ReferenceInput source="toStoreId" reference="stores" filter={{ active: true }}>
      <AutocompleteInput optionText="code" validate={required()} label="To store" />
    </ReferenceInput>
  );
};

export const TransferCreate = () => (
  <Create redirect="show" title="Dispatch a transfer">
    <SimpleForm>
      <ToStore />
      <TextInput source="note" />
      <ArrayInput source="items" validate={required()}>
        <SimpleFormIterator inline>
          <ReferenceInput source="batchId" reference="inventory" sort={{ field: 'expiryDate', order: 'ASC' }}>
            <AutocompleteInput optionText={batchText} validate={required()} sx={{ minWidth: 320 }}
              helperText="Search by medicine name or SKU" />
          </ReferenceInput>
          <NumberInput source="quantity" validate={required()} />
        </SimpleFormIterator>
      </ArrayInput>
    </SimpleForm>
  </Create>
);

/** Receive (the receiving store, with the quantities that arrived) or cancel (the sending store) a DISPATCHED one. */
const Actions = () => {
  const t = useRecordContext();
  const { permissions } = usePermissions();
  const [open, setOpen] = useState(null);
  const [received, setReceived] = useState({});
  const notify = useNotify();
  const refresh = useRefresh();
  if (!t || t.status !== 'DISPATCHED' || !['ADMIN', 'STORE_MANAGER'].includes(permissions)) return <TopToolbar />;
  const here = String(session.storeId);
  const run = async () => {
    const action = open;
    setOpen(null);
    try {
      if (action === 'receive') {
        const items = Object.entries(received).map(([batchId, q]) => ({ batchId: Number(batchId), receivedQuantity: q }));
        await call(`/stores/${t.toStoreId}/transfers/${t.id}/receive`, { method: 'POST', body: items.length ? { items } : {} });
      } else {
        await call(`/stores/${t.fromStoreId}/transfers/${t.id}/cancel`, { method: 'POST' });
      }
      notify(`Transfer ${action}: done`, { type: 'success' });
      refresh();
    } catch (e) {
      notify(e.message, { type: 'error' });
    }
  };
  const receiveForm = (
    <Stack spacing={1}>
      <Typography variant="body2">Quantities that arrived (leave as sent when all did):</Typography>
      {t.items.map((i) => (
        <MuiTextField key={i.batchId} type="number" size="small" label={`${i.batchNumber} (sent ${i.quantity})`}
          inputProps={{ min: 0, max: i.quantity }}
          value={received[i.batchId] ?? i.quantity} onChange={(e) => setReceived((r) => ({ ...r, [i.batchId]: Number(e.target.value) }))} />
      ))}
    </Stack>
  );
  return (
    <TopToolbar>
      {String(t.toStoreId) === here && <Button label="Receive" onClick={() => setOpen('receive')} />}
      {String(t.fromStoreId) === here && <Button label="Cancel transfer" color="warning" onClick={() => setOpen('cancel')} />}
      <Confirm isOpen={open !== null} title={open === 'receive' ? 'Receive this transfer?' : 'Cancel this transfer?'}
        content={open === 'receive' ? receiveForm : 'The stock goes back to the sending store.'}
        onConfirm={run} onClose={() => setOpen(null)} />
    </TopToolbar>
  );
};

export const TransferShow = () => (
  <Show actions={<Actions />}>
    <SimpleShowLayout>
      <TextField source="id" />
      <Store source="fromStoreId" />
      <Store source="toStoreId" />
      <TextField source="status" />
      <TextField source="note" />
      <DateField source="dispatchedAt" showTime />
      <TextField source="dispatchedBy" />
      <DateField source="receivedAt" showTime emptyText="—" />
      <TextField source="receivedBy" emptyText="—" />
      <DateField source="cancelledAt" showTime emptyText="—" />
      <TextField source="cancelledBy" emptyText="—" />
      <ArrayField source="items">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <ReferenceField source="medicineId" reference="medicines" link={false}><TextField source="name" /></ReferenceField>
          <TextField source="batchNumber" />
          <NumberField source="quantity" label="Sent" />
          <NumberField source="receivedQuantity" label="Received" emptyText="—" />
          <NumberField source="lostQuantity" label="Lost in transit" emptyText="—" />
        </Datagrid>
      </ArrayField>
    </SimpleShowLayout>
  </Show>
);
