import {
  ArrayField, ArrayInput, AutocompleteInput, Create, Datagrid, DateField, DateInput, List, NumberField, NumberInput,
  ReferenceField, ReferenceInput, SelectField, SelectInput, Show, SimpleForm, SimpleFormIterator, SimpleShowLayout,
  TextField, TextInput, required,
} from 'react-admin';

// Receipts and adjustments: created with an inline line editor, read-only once written (the ledger holds them).

const Medicine = ({ source = 'medicineId' }) => (
  <ReferenceField source={source} reference="medicines" link={false}><TextField source="name" /></ReferenceField>
);

export const ReceiptList = () => (
  <List sort={{ field: 'createdAt', order: 'DESC' }} title="Stock receipts">
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" />
      <TextField source="supplier" sortable={false} />
      <TextField source="invoiceNumber" sortable={false} />
      <DateField source="createdAt" showTime />
      <TextField source="createdBy" sortable={false} />
    </Datagrid>
  </List>
);

export const ReceiptCreate = () => (
  <Create redirect="show" title="Receive stock">
    <SimpleForm>
      <TextInput source="supplier" />
      <TextInput source="invoiceNumber" />
      <ArrayInput source="items" validate={required()}>
        <SimpleFormIterator inline>
          <ReferenceInput source="medicineId" reference="medicines" filter={{ active: true }}>
            <AutocompleteInput optionText="name" validate={required()} sx={{ minWidth: 240 }} />
          </ReferenceInput>
          <TextInput source="batchNumber" validate={required()} />
          <DateInput source="expiryDate" validate={required()} />
          <NumberInput source="mrp" label="MRP" validate={required()} />
          <NumberInput source="quantity" validate={required()} />
        </SimpleFormIterator>
      </ArrayInput>
    </SimpleForm>
  </Create>
);

export const ReceiptShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="id" />
      <TextField source="supplier" />
      <TextField source="invoiceNumber" />
      <DateField source="createdAt" showTime />
      <TextField source="createdBy" />
      <ArrayField source="items">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <Medicine />
          <TextField source="batchNumber" />
          <DateField source="expiryDate" />
          <NumberField source="mrp" label="MRP" options={{ minimumFractionDigits: 2 }} />
          <NumberField source="quantity" />
        </Datagrid>
      </ArrayField>
    </SimpleShowLayout>
  </Show>
);

export const ADJUSTMENT_REASONS = ['DAMAGED', 'EXPIRED', 'LOST', 'COUNT_CORRECTION', 'RETURN_TO_SUPPLIER', 'RECALLED']
  .map((r) => ({ id: r, name: r }));

export const AdjustmentList = () => (
  <List sort={{ field: 'createdAt', order: 'DESC' }} title="Stock adjustments">
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" />
      <SelectField source="reason" choices={ADJUSTMENT_REASONS} sortable={false} />
      <TextField source="note" sortable={false} />
      <DateField source="createdAt" showTime />
      <TextField source="createdBy" sortable={false} />
    </Datagrid>
  </List>
);

const batchText = (r) => `${r.batchNumber} · ${r.medicineName} (${r.quantity})`;

export const AdjustmentCreate = () => (
  <Create redirect="show" title="Adjust stock">
    <SimpleForm>
      <SelectInput source="reason" choices={ADJUSTMENT_REASONS} validate={required()} />
      <TextInput source="note" multiline />
      <ArrayInput source="items" validate={required()}>
        <SimpleFormIterator inline>
          <ReferenceInput source="batchId" reference="inventory" filter={{ includeExpired: true }} sort={{ field: 'expiryDate', order: 'ASC' }}>
            <AutocompleteInput optionText={batchText} validate={required()} sx={{ minWidth: 320 }} />
          </ReferenceInput>
          <NumberInput source="quantityDelta" validate={required()} helperText="negative takes stock out" />
        </SimpleFormIterator>
      </ArrayInput>
    </SimpleForm>
  </Create>
);

export const AdjustmentShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="id" />
      <SelectField source="reason" choices={ADJUSTMENT_REASONS} />
      <TextField source="note" />
      <DateField source="createdAt" showTime />
      <TextField source="createdBy" />
      <ArrayField source="items">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <Medicine />
          <TextField source="batchId" />
          <TextField source="batchNumber" />
          <NumberField source="quantityDelta" />
        </Datagrid>
      </ArrayField>
    </SimpleShowLayout>
  </Show>
);
