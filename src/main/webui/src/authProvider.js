import { call, session } from './api.js';
import { allowed } from './access.js';

let expiry;

function clear() {
  clearTimeout(expiry);
  Object.assign(session, { token: null, expiresAt: 0, me: null, storeId: null });
}

/** Sign-in with POST /auth/token; the token stays in this tab's memory and is dropped at its expiry or a 401. */
export const authProvider = {
  async login({ username, password }) {
    const { json } = await call('/auth/token', { method: 'POST', body: { username, password } });
    session.token = json.accessToken;
    session.expiresAt = Date.now() + json.expiresIn * 1000;
    session.me = (await call('/me')).json;
    session.storeId = session.me.storeIds?.[0] ?? null;
    clearTimeout(expiry);
    expiry = setTimeout(() => { clear(); window.location.reload(); }, json.expiresIn * 1000);
  },
  async logout() {
    clear();
  },
  async checkAuth() {
    if (!session.token || Date.now() >= session.expiresAt) {
      clear();
      throw new Error('Sign in');
    }
  },
  async checkError(error) {
    if (error?.status === 401) {
      clear();
      throw error;
    }
  },
  async getIdentity() {
    const me = session.me;
    return me ? { id: me.id, fullName: `${me.fullName} (${me.role})`, role: me.role } : { id: '' };
  },
  async getPermissions() {
    return session.me?.role;
  },
  async canAccess({ resource, action }) {
    return allowed(session.me?.role, resource, action);
  },
};
