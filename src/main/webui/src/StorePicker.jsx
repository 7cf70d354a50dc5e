import { useEffect, useState } from 'react';
import { useRefresh } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { MenuItem, TextField } from '@mui/material';
import { call, pickStore, query, session } from './api.js';

/** The store whose inventory, ledger, receipts, adjustments and orders the pages show. */
export const StorePicker = () => {
  const [stores, setStores] = useState([]);
  const [storeId, setStoreId] = useState(session.storeId ?? '');
  const refresh = useRefresh();
  const navigate = useNavigate();
  useEffect(() => {
    call(`/stores${query({ size: 100, sort: 'code,asc' })}`).then(({ json }) => {
      setStores(json.items);
      if (!session.storeId && json.items.length) {
        session.storeId = json.items[0].id;
        setStoreId(session.storeId);
        refresh();
      }
    }, () => setStores([]));
  }, [refresh]);
  useEffect(() => {
    const follow = (e) => setStoreId(e.detail);
    window.addEventListener('store-picked', follow);
    return () => window.removeEventListener('store-picked', follow);
  }, []);
  const pick = (e) => {
    pickStore(e.target.value);
    navigate('/');
    refresh();
  };
  return (
    <TextField select size="small" label="Store" value={stores.length ? storeId : ''} onChange={pick}
      sx={{ minWidth: 220, maxWidth: 360, flex: 1, mx: 2, bgcolor: 'background.paper', borderRadius: 1 }} data-testid="store-picker">
      {stores.map((s) => <MenuItem key={s.id} value={s.id}>{s.code} · {s.name}{s.active ? '' : ' (inactive)'}</MenuItem>)}
    </TextField>
  );
};
