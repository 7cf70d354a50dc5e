import { HttpError } from 'react-admin';

// The session lives in this tab's memory only: a reload or a new tab signs in again.
export const session = { token: null, expiresAt: 0, me: null, storeId: null };

export const BASE = '/api/v1';

/** Makes `storeId` the picked store (the store picker follows: the dashboard's links pick theirs). */
export function pickStore(storeId) {
  session.storeId = storeId;
  window.dispatchEvent(new CustomEvent('store-picked', { detail: storeId }));
}

/** Problem fields "items[0].quantity" → react-hook-form paths "items.0.quantity". */
const fieldPath = (field) => field.replace(/\[(\d+)\]/g, '.$1');

/** A problem document as react-admin's HttpError: body.errors per form field, shortages kept. */
export function problemError(status, problem) {
  const p = problem && typeof problem === 'object' ? problem : {};
  const errors = {};
  for (const e of p.errors ?? []) errors[fieldPath(e.field)] = e.message;
  let message = p.detail || p.title || `HTTP ${status}`;
  if (status === 403) message = `Not allowed for your role: ${message}`;
  if (status === 412) message = 'Someone changed this record meanwhile: reload it and apply your change again.';
  if (p.shortages?.length) {
    message += ' — short: ' + p.shortages
      .map((s) => `medicine ${s.medicineId}${s.batchId ? ` batch ${s.batchId}` : ''}: ${s.requested} requested, ${s.available} available`)
      .join('; ');
  }
  return new HttpError(message, status, { ...p, errors, problem: p });
}

/** One call of the API with the tab's token; JSON in and out, problems thrown as HttpError. */
export async function call(path, { method = 'GET', body, headers = {}, raw = false } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (session.token) h.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (method === 'POST') h['Idempotency-Key'] = crypto.randomUUID(); // one key per submit
  const res = await fetch(BASE + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  if (raw) return res;
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw problemError(res.status, json);
  return { json, headers: res.headers, status: res.status };
}

export const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** Every movement of a store as it commits (SSE over fetch: EventSource cannot send the bearer token). */
export function stockEvents(storeId, onEvent) {
  const abort = new AbortController();
  (async () => {
    while (!abort.signal.aborted && session.token) {
      try {
        const res = await fetch(`${BASE}/stores/${storeId}/stock-events`, {
          headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.token}` },
          signal: abort.signal,
        });
        if (!res.ok) return;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
            if (data) onEvent(JSON.parse(data));
          }
        }
      } catch (e) {
        if (abort.signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, 2000)); // the server closed an idle stream: reconnect
    }
  })();
  return () => abort.abort();
}
