import {
  BulkExportButton, BulkUpdateButton, DateField, Labeled, TextField, usePermissions,
} from 'react-admin';
import { Stack } from '@mui/material';

/** Read-only system fields of a record, shown in forms and pages but never editable. */
export const SystemFields = ({ version = false }) => (
  <Stack direction="row" spacing={3} sx={{ my: 1 }}>
    <Labeled label="Id"><TextField source="id" /></Labeled>
    <Labeled label="Created"><DateField source="createdAt" showTime /></Labeled>
    <Labeled label="Created by"><TextField source="createdBy" /></Labeled>
    <Labeled label="Updated"><DateField source="updatedAt" showTime /></Labeled>
    <Labeled label="Updated by"><TextField source="updatedBy" /></Labeled>
    {version && <Labeled label="Version"><TextField source="version" /></Labeled>}
  </Stack>
);

/** Export selected rows; ADMIN also deactivates them (one PATCH and one audit event each), after a confirmation. */
export const DeactivateBulk = () => {
  const { permissions } = usePermissions();
  return (
    <>
      <BulkExportButton />
      {permissions === 'ADMIN' && (
        <BulkUpdateButton label="Deactivate" data={{ active: false }} mutationMode="pessimistic"
          confirmTitle="Deactivate the selected rows?" confirmContent="They stay readable; you can activate them again." />
      )}
    </>
  );
};

/** A date filter as the API's instant (midnight UTC of that day). */
export const toInstant = (v) => (v ? new Date(v).toISOString() : v);
export const fromInstant = (v) => (v ? String(v).slice(0, 10) : v);
