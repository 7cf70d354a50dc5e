import {
  BooleanField, BooleanInput, Create, Datagrid, Edit, List, NullableBooleanInput, ReferenceField, ReferenceInput,
  SearchInput, Show, SimpleForm, SimpleShowLayout, TextField, TextInput, required, AutocompleteInput, Labeled, usePermissions,
} from 'react-admin';
import { DeactivateBulk, SystemFields } from '../common.jsx';

const filters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <TextInput source="city" key="city" />,
  <NullableBooleanInput source="active" key="active" />,
];

export const StoreList = () => (
  <List filters={filters} sort={{ field: 'code', order: 'ASC' }}>
    <Datagrid rowClick="show" bulkActionButtons={<DeactivateBulk />}>
      <TextField source="code" />
      <TextField source="name" />
      <TextField source="city" />
      <TextField source="phone" sortable={false} />
      <BooleanField source="active" sortable={false} />
    </Datagrid>
  </List>
);

const Fields = ({ create }) => (
  <>
    {create ? <TextInput source="code" validate={required()} helperText="2 to 20 capital letters, digits or -" />
      : <TextField source="code" />}
    <TextInput source="name" validate={required()} />
    <TextInput source="city" validate={required()} />
    <TextInput source="address" />
    <TextInput source="phone" />
    <ReferenceInput source="managerId" reference="users" filter={{ role: 'STORE_MANAGER', active: true }}>
      <AutocompleteInput optionText="fullName" label="Manager" />
    </ReferenceInput>
  </>
);

export const StoreCreate = () => (
  <Create redirect="show"><SimpleForm><Fields create /></SimpleForm></Create>
);

export const StoreEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm>
      <SystemFields />
      <Fields />
      <BooleanInput source="active" helperText="An inactive store takes no new orders, receipts or adjustments" />
    </SimpleForm>
  </Edit>
);

// Users are readable by ADMIN and AUDITOR only; the others see the manager's id.
const Manager = () => {
  const { permissions } = usePermissions();
  return ['ADMIN', 'AUDITOR'].includes(permissions)
    ? <Labeled label="Manager"><ReferenceField source="managerId" reference="users"><TextField source="fullName" /></ReferenceField></Labeled>
    : <Labeled label="Manager id"><TextField source="managerId" /></Labeled>;
};

export const StoreShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="code" />
      <TextField source="name" />
      <TextField source="city" />
      <TextField source="address" />
      <TextField source="phone" />
      <Manager />
      <BooleanField source="active" />
      <SystemFields />
    </SimpleShowLayout>
  </Show>
);
