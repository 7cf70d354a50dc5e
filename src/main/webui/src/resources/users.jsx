import {
  ArrayField, AutocompleteArrayInput, BooleanField, BooleanInput, ChipField, Create, Datagrid, Edit, List,
  NullableBooleanInput, PasswordInput, ReferenceArrayInput, ReferenceInput, AutocompleteInput, SearchInput,
  SelectField, SelectInput, Show, SimpleForm, SimpleShowLayout, SingleFieldList, TextField, TextInput, required,
  minLength, ReferenceArrayField,
} from 'react-admin';
import { DeactivateBulk, SystemFields } from '../common.jsx';

export const ROLES = ['ADMIN', 'STORE_MANAGER', 'PHARMACIST', 'CASHIER', 'AUDITOR'].map((r) => ({ id: r, name: r }));

const filters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <SelectInput source="role" choices={ROLES} key="role" />,
  <ReferenceInput source="storeId" reference="stores" key="store"><AutocompleteInput optionText="code" /></ReferenceInput>,
  <NullableBooleanInput source="active" key="active" />,
];

const Stores = () => (
  <ReferenceArrayField source="storeIds" reference="stores" sortable={false}>
    <SingleFieldList linkType={false}><ChipField source="code" size="small" /></SingleFieldList>
  </ReferenceArrayField>
);

export const UserList = () => (
  <List filters={filters} sort={{ field: 'username', order: 'ASC' }}>
    <Datagrid rowClick="show" bulkActionButtons={<DeactivateBulk />}>
      <TextField source="username" />
      <TextField source="fullName" />
      <SelectField source="role" choices={ROLES} />
      <Stores />
      <BooleanField source="active" sortable={false} />
    </Datagrid>
  </List>
);

const StoreInput = () => (
  <ReferenceArrayInput source="storeIds" reference="stores">
    <AutocompleteArrayInput optionText="code" label="Stores" />
  </ReferenceArrayInput>
);

export const UserCreate = () => (
  <Create redirect="show">
    <SimpleForm>
      <TextInput source="username" validate={required()} />
      <TextInput source="fullName" validate={required()} />
      <PasswordInput source="password" validate={[required(), minLength(12)]} helperText="At least 12 characters" />
      <SelectInput source="role" choices={ROLES} validate={required()} />
      <StoreInput />
    </SimpleForm>
  </Create>
);

export const UserEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm>
      <SystemFields />
      <TextField source="username" />
      <TextInput source="fullName" validate={required()} />
      <SelectInput source="role" choices={ROLES} validate={required()} />
      <StoreInput />
      <BooleanInput source="active" helperText="A deactivated user cannot sign in; issued tokens stop working within 60 s" />
      <PasswordInput source="password" label="Reset password" validate={minLength(12)} helperText="Leave empty to keep it" />
    </SimpleForm>
  </Edit>
);

export const UserShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="username" />
      <TextField source="fullName" />
      <SelectField source="role" choices={ROLES} />
      <Stores />
      <BooleanField source="active" />
      <SystemFields />
    </SimpleShowLayout>
  </Show>
);
