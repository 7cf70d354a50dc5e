import {
  ArrayField, ArrayInput, AutocompleteInput, Create, Datagrid, DateField, DateInput, Edit, EditButton,
  List, NumberField, NumberInput, ReferenceInput, SelectField, SelectInput, Show, SimpleForm, SimpleFormIterator,
  SimpleShowLayout, TextField, TextInput, TopToolbar, required, usePermissions, useRecordContext,
  useRedirect, Labeled, BooleanField, ReferenceField,
} from 'react-admin';
import { call, session } from '../api.js';
import { orderActions } from '../access.js';
import { ConfirmAction as Action, fromInstant, SystemFields, toInstant } from '../common.jsx';
import { Returns } from '../chain/returns.jsx';

export const STATUSES = ['CREATED', 'CONFIRMED', 'CANCELLED'].map((s) => ({ id: s, name: s }));

const filters = [
  <SelectInput source="status" choices={STATUSES} key="s" alwaysOn />,
  <DateInput source="from" parse={toInstant} format={fromInstant} key="from" />,
  <DateInput source="to" parse={toInstant} format={fromInstant} key="to" />,
];

export const OrderList = () => (
  <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="orderNumber" />
      <SelectField source="status" choices={STATUSES} />
      <TextField source="customerName" sortable={false} />
      <NumberField source="total" options={{ minimumFractionDigits: 2 }} sortable={false} />
      <DateField source="createdAt" showTime />
      <TextField source="createdBy" sortable={false} />
    </Datagrid>
  </List>
);

const Form = () => (
  <>
    <TextInput source="customerName" />
    <TextInput source="customerPhone" />
    <TextInput source="prescriptionReference" helperText="Needed for prescription-only medicines" />
    <ArrayInput source="items" validate={required()}>
      <SimpleFormIterator inline disableReordering>
        <ReferenceInput source="medicineId" reference="medicines" filter={{ active: true }}>
          <AutocompleteInput optionText="name" validate={required()} sx={{ minWidth: 260 }} />
        </ReferenceInput>
        <NumberInput source="quantity" validate={required()} />
      </SimpleFormIterator>
    </ArrayInput>
  </>
);

export const OrderCreate = () => (
  <Create redirect="show" title="New order"><SimpleForm><Form /></SimpleForm></Create>
);

/** Replaces the lines while CREATED, with If-Match on the version it read (412 if someone changed it meanwhile). */
export const OrderEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm>
      <SystemFields version />
      <Labeled><TextField source="orderNumber" /></Labeled>
      <Form />
    </SimpleForm>
  </Edit>
);

const Actions = () => {
  const order = useRecordContext();
  const { permissions } = usePermissions();
  const redirect = useRedirect();
  const can = orderActions(permissions, order);
  if (!order) return <TopToolbar />;
  const path = `/stores/${session.storeId}/orders/${order.id}`;
  return (
    <TopToolbar sx={{ alignItems: 'flex-start' }}>
      {can.edit && <EditButton />}
      {can.confirm && <Action label="Confirm" title={`Confirm order ${order.orderNumber}?`}
        content="Stock is allocated first-expiry-first-out and deducted; the order can then only be cancelled."
        run={() => call(`${path}/confirm`, { method: 'POST' })} />}
      {can.cancel && <Action label="Cancel order" color="warning" withReason title={`Cancel order ${order.orderNumber}?`}
        content={order.status === 'CONFIRMED' ? 'Its allocations go back to stock.' : 'Nothing was allocated yet.'}
        run={(reason) => call(`${path}/cancel`, { method: 'POST', body: { reason } })} />}
      {can.remove && <Action label="Delete" color="error" title={`Delete order ${order.orderNumber}?`}
        content="A CREATED order can be deleted; this cannot be undone."
        run={async () => { await call(path, { method: 'DELETE' }); redirect('list', 'orders'); }} />}
    </TopToolbar>
  );
};

export const OrderShow = () => (
  <Show actions={<Actions />}>
    <SimpleShowLayout>
      <TextField source="orderNumber" />
      <SelectField source="status" choices={STATUSES} />
      <TextField source="customerName" />
      <TextField source="customerPhone" />
      <TextField source="prescriptionReference" />
      <ArrayField source="items">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <TextField source="medicineName" label="Medicine" />
          <BooleanField source="prescriptionRequired" label="Rx" />
          <NumberField source="quantity" />
          <NumberField source="returnedQuantity" label="Returned" />
          <ArrayField source="allocations" label="Allocations (batch × quantity @ price)">
            <Datagrid bulkActionButtons={false} rowClick={false} header={() => null} empty={<span>—</span>}>
              <TextField source="batchNumber" />
              <NumberField source="quantity" />
              <NumberField source="unitPrice" options={{ minimumFractionDigits: 2 }} />
            </Datagrid>
          </ArrayField>
        </Datagrid>
      </ArrayField>
      <NumberField source="total" options={{ minimumFractionDigits: 2 }} emptyText="— (known once confirmed)" />
      <NumberField source="refundedTotal" label="Refunded (customer returns)" options={{ minimumFractionDigits: 2 }} />
      <TextField source="confirmedBy" />
      <DateField source="confirmedAt" showTime />
      <TextField source="cancelledBy" />
      <TextField source="cancelReason" />
      <SystemFields version />
      <Returns />
    </SimpleShowLayout>
  </Show>
);
