import {
  BooleanField, BooleanInput, Button, Create, Datagrid, DateField, DateInput, Edit, List, NullableBooleanInput,
  NumberField, NumberInput, ReferenceManyField, SearchInput, Show, SimpleForm, SimpleShowLayout, TextField,
  TextInput, required, useRecordContext, useCanAccess, Labeled, ReferenceField, useNotify, useRedirect,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { DeactivateBulk, SystemFields } from '../common.jsx';
import { BatchStatus } from '../chain/batches.jsx';

const filters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <NullableBooleanInput source="prescriptionRequired" key="rx" />,
  <NullableBooleanInput source="active" key="active" />,
];

export const MedicineList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }}>
    <Datagrid rowClick="show" bulkActionButtons={<DeactivateBulk />}>
      <TextField source="sku" />
      <TextField source="name" />
      <TextField source="genericName" sortable={false} />
      <TextField source="strength" sortable={false} />
      <BooleanField source="prescriptionRequired" label="Rx" sortable={false} />
      <NumberField source="reorderLevel" sortable={false} />
      <BooleanField source="active" sortable={false} />
    </Datagrid>
  </List>
);

const Fields = ({ create }) => (
  <>
    {create ? <TextInput source="sku" validate={required()} /> : <Labeled><TextField source="sku" /></Labeled>}
    <TextInput source="name" validate={required()} />
    <TextInput source="genericName" />
    <TextInput source="manufacturer" />
    <TextInput source="dosageForm" />
    <TextInput source="strength" />
    <NumberInput source="packSize" />
    <BooleanInput source="prescriptionRequired" defaultValue={false} />
    <NumberInput source="reorderLevel" />
  </>
);

/** The medicine's batches, inline; a batch is edited only until it has moved stock (the API answers 409 after). */
const Batches = () => {
  const record = useRecordContext();
  const { canAccess } = useCanAccess({ resource: 'batches', action: 'create' });
  if (!record) return null;
  return (
    <Labeled label="Batches" fullWidth>
      <>
        <ReferenceManyField reference="batches" target="medicineId">
          <Datagrid rowClick={canAccess ? 'edit' : false} bulkActionButtons={false}>
            <TextField source="batchNumber" />
            <DateField source="expiryDate" />
            <NumberField source="mrp" label="MRP" options={{ minimumFractionDigits: 2 }} />
            <DateField source="manufacturedOn" />
            <DateField source="createdAt" showTime />
            <TextField source="createdBy" />
            <BatchStatus label="Status" />
          </Datagrid>
        </ReferenceManyField>
        {canAccess && (
          <Button component={Link} to={`/batches/create?source=${encodeURIComponent(JSON.stringify({ medicineId: record.id }))}`}
            label="Add batch" />
        )}
      </>
    </Labeled>
  );
};

export const MedicineCreate = () => (
  <Create redirect="edit"><SimpleForm><Fields create /></SimpleForm></Create>
);

export const MedicineEdit = () => (
  <Edit mutationMode="pessimistic" redirect={false}>
    <SimpleForm>
      <SystemFields />
      <Fields />
      <BooleanInput source="active" />
      <Batches />
    </SimpleForm>
  </Edit>
);

export const MedicineShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="sku" />
      <TextField source="name" />
      <TextField source="genericName" />
      <TextField source="manufacturer" />
      <TextField source="dosageForm" />
      <TextField source="strength" />
      <NumberField source="packSize" />
      <BooleanField source="prescriptionRequired" />
      <NumberField source="reorderLevel" />
      <BooleanField source="active" />
      <SystemFields />
      <Batches />
    </SimpleShowLayout>
  </Show>
);

const toMedicine = (data) => `/medicines/${data.medicineId}`;

export const BatchCreate = () => (
  <Create redirect={(resource, id, data) => toMedicine(data)}>
    <SimpleForm>
      <ReferenceField source="medicineId" reference="medicines"><TextField source="name" /></ReferenceField>
      <TextInput source="batchNumber" validate={required()} />
      <DateInput source="expiryDate" validate={required()} />
      <NumberInput source="mrp" label="MRP" validate={required()} />
      <DateInput source="manufacturedOn" />
    </SimpleForm>
  </Create>
);

/** A batch that has moved stock answers 409: say it is read-only now and go back to its medicine. */
export const BatchEdit = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const onError = (error, { data }) => {
    if (error.status === 409) {
      notify(`This batch has moved stock and is read-only now (${error.message})`, { type: 'warning' });
      redirect(toMedicine(data));
    } else {
      notify(error.message, { type: 'error' });
    }
  };
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} redirect={(r, id, data) => toMedicine(data)}>
      <SimpleForm>
        <ReferenceField source="medicineId" reference="medicines"><TextField source="name" /></ReferenceField>
        <Labeled><TextField source="batchNumber" /></Labeled>
        <DateInput source="expiryDate" validate={required()} />
        <NumberInput source="mrp" label="MRP" validate={required()} />
        <DateInput source="manufacturedOn" />
      </SimpleForm>
    </Edit>
  );
};
