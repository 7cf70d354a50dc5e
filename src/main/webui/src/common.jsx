import { useState } from 'react';
import {
  BulkExportButton, BulkUpdateButton, Button, Confirm, DateField, Labeled, ReferenceField, TextField, useNotify,
  usePermissions, useRefresh,
} from 'react-admin';
import { Alert, List as MuiList, ListItem, Stack, TextField as MuiTextField } from '@mui/material';

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

/** A button, a confirmation dialog (with a required reason if asked), then the call; a 409 with shortages lists the
 * lines that cannot be filled. */
export const ConfirmAction = ({ label, title, content, run, color = 'primary', withReason = false }) => {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [shortages, setShortages] = useState(null);
  const notify = useNotify();
  const refresh = useRefresh();
  const confirm = async () => {
    setOpen(false);
    try {
      await run(reason);
      notify(`${label}: done`, { type: 'success' });
      refresh();
    } catch (e) {
      setShortages(e.body?.shortages ?? null);
      notify(e.message, { type: 'error' });
    }
  };
  return (
    <>
      <Button label={label} onClick={() => { setShortages(null); setOpen(true); }} color={color} />
      <Confirm isOpen={open} title={title} onConfirm={confirm} onClose={() => setOpen(false)}
        content={withReason ? (
          <Stack spacing={1}>{content}
            <MuiTextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required autoFocus />
          </Stack>) : content} />
      {shortages && (
        <Alert severity="warning" sx={{ mt: 1 }} data-testid="shortages">
          Cannot confirm: these lines are short. Receive stock or change the quantities, then confirm again.
          <MuiList dense>
            {shortages.map((s) => (
              <ListItem key={s.medicineId}>
                <ReferenceField source="medicineId" record={s} reference="medicines" link={false}><TextField source="name" /></ReferenceField>
                : {s.requested} requested, {s.available} available
              </ListItem>
            ))}
          </MuiList>
        </Alert>
      )}
    </>
  );
};
