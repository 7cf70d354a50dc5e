import { useEffect } from 'react';
import {
  BooleanField, BooleanInput, Datagrid, DateField, DateInput, List, NumberField, NumberInput, ReferenceField,
  ReferenceInput, AutocompleteInput, SearchInput, SelectInput, TextField, useRefresh,
} from 'react-admin';
import { session, stockEvents } from '../api.js';
import { fromInstant, toInstant } from '../common.jsx';

/** Refreshes the list on every movement the store commits (stock-events, whichever replica wrote it). */
const Live = () => {
  const refresh = useRefresh();
  const storeId = session.storeId;
  useEffect(() => (storeId ? stockEvents(storeId, () => refresh()) : undefined), [storeId, refresh]);
  return null;
};

const medicine = <ReferenceInput source="medicineId" reference="medicines" key="m"><AutocompleteInput optionText="name" /></ReferenceInput>;

const batchFilters = [
  <SearchInput source="q" alwaysOn key="q" />,
  medicine,
  <NumberInput source="expiringWithinDays" key="exp" label="Expiring within days" />,
  <BooleanInput source="includeExpired" key="expired" label="Include expired" />,
  <BooleanInput source="includeEmpty" key="empty" label="Include empty" />,
  <BooleanInput source="includeHeld" key="held" label="Include held and recalled" />,
];

export const InventoryList = () => (
  <List filters={batchFilters} sort={{ field: 'expiryDate', order: 'ASC' }} title="Inventory per batch" storeKey={`inventory.${session.storeId}`}>
    <Live />
    <Datagrid bulkActionButtons={false}>
      <TextField source="sku" />
      <TextField source="medicineName" label="Medicine" />
      <TextField source="batchNumber" />
      <DateField source="expiryDate" />
      <NumberField source="mrp" label="MRP" options={{ minimumFractionDigits: 2 }} />
      <NumberField source="quantity" />
      <BooleanField source="expired" sortable={false} />
      <TextField source="status" sortable={false} />
    </Datagrid>
  </List>
);

const summaryFilters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <BooleanInput source="belowReorderLevel" key="below" label="Below reorder level" />,
];

export const SummaryList = () => (
  <List filters={summaryFilters} sort={{ field: 'medicineName', order: 'ASC' }} title="Inventory per medicine">
    <Live />
    <Datagrid bulkActionButtons={false}>
      <TextField source="sku" />
      <TextField source="medicineName" label="Medicine" />
      <NumberField source="sellableQuantity" />
      <NumberField source="expiredQuantity" sortable={false} />
      <NumberField source="heldQuantity" label="Held" sortable={false} />
      <NumberField source="inTransitQuantity" label="In transit" sortable={false} />
      <DateField source="nearestExpiry" />
      <NumberField source="reorderLevel" sortable={false} />
      <BooleanField source="belowReorderLevel" sortable={false} />
    </Datagrid>
  </List>
);

export const REASONS = ['SALE', 'SALE_CANCELLATION', 'RECEIPT', 'ADJUSTMENT', 'CUSTOMER_RETURN', 'TRANSFER_OUT', 'TRANSFER_IN',
  'TRANSFER_CANCELLATION'].map((r) => ({ id: r, name: r }));

const movementFilters = [
  medicine,
  <NumberInput source="batchId" key="b" />,
  <SelectInput source="reason" choices={REASONS} key="r" />,
  <DateInput source="from" parse={toInstant} format={fromInstant} key="from" />,
  <DateInput source="to" parse={toInstant} format={fromInstant} key="to" />,
];

export const MovementList = () => (
  <List filters={movementFilters} sort={{ field: 'id', order: 'DESC' }} title="Stock movements">
    <Live />
    <Datagrid bulkActionButtons={false}>
      <TextField source="id" />
      <DateField source="occurredAt" showTime />
      <ReferenceField source="medicineId" reference="medicines" sortable={false}><TextField source="name" /></ReferenceField>
      <TextField source="batchId" sortable={false} />
      <NumberField source="quantityDelta" sortable={false} />
      <NumberField source="balanceAfter" sortable={false} />
      <TextField source="reason" sortable={false} />
      <TextField source="adjustmentReason" sortable={false} />
      <TextField source="referenceType" sortable={false} />
      <TextField source="referenceId" sortable={false} />
      <TextField source="actor" sortable={false} />
    </Datagrid>
  </List>
);
