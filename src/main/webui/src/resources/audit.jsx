import {
  Datagrid, DateField, DateInput, List, SelectInput, TextField, TextInput, useRecordContext,
} from 'react-admin';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { fromInstant, toInstant } from '../common.jsx';

const ENTITY_TYPES = ['USER', 'STORE', 'MEDICINE', 'BATCH', 'ORDER', 'STOCK_RECEIPT', 'STOCK_ADJUSTMENT', 'LOGIN', 'ENDPOINT']
  .map((t) => ({ id: t, name: t }));

const filters = [
  <SelectInput source="entityType" choices={ENTITY_TYPES} key="t" alwaysOn />,
  <TextInput source="entityId" key="id" alwaysOn />,
  <TextInput source="actor" key="a" />,
  <DateInput source="from" parse={toInstant} format={fromInstant} key="from" />,
  <DateInput source="to" parse={toInstant} format={fromInstant} key="to" />,
];

const show = (v) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The changed fields side by side: an update records {field: {from, to}}, other events their state. */
const Changes = () => {
  const record = useRecordContext();
  const entries = Object.entries(record?.changes ?? {});
  const diff = entries.length > 0 && entries.every(([, v]) => v && typeof v === 'object' && 'from' in v && 'to' in v);
  return (
    <Table size="small">
      <TableHead><TableRow><TableCell>Field</TableCell>{diff ? <><TableCell>Before</TableCell><TableCell>After</TableCell></> : <TableCell>Value</TableCell>}</TableRow></TableHead>
      <TableBody>
        {entries.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell>{k}</TableCell>
            {diff ? <><TableCell>{show(v.from)}</TableCell><TableCell>{show(v.to)}</TableCell></> : <TableCell>{show(v)}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

export const AuditList = () => (
  <List filters={filters} sort={{ field: 'occurredAt', order: 'DESC' }} title="Audit log">
    <Datagrid bulkActionButtons={false} expand={<Changes />} rowClick="expand">
      <DateField source="occurredAt" showTime />
      <TextField source="actor" />
      <TextField source="action" sortable={false} />
      <TextField source="entityType" />
      <TextField source="entityId" sortable={false} />
      <TextField source="storeId" sortable={false} />
    </Datagrid>
  </List>
);
