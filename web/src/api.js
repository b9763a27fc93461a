// api.js: the one way the dashboard talks to clout serve: JSON over fetch, same origin, with the
// session cookie; unsafe methods carry the session's CSRF token (kept in localStorage, which other
// sites cannot read). Errors become ApiError with the server's message in words.
const CSRF_KEY = 'clout.csrf';

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

let onUnauthenticated = () => {};
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }
export function setCsrf(token) {
  if (token) localStorage.setItem(CSRF_KEY, token);
  else localStorage.removeItem(CSRF_KEY);
}
const csrf = () => localStorage.getItem(CSRF_KEY) || '';

// Builds "path?k=v&..." from an object, leaving out empty values.
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {}))
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? path + '?' + s : path;
}

export async function api(method, path, body, { signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf()) headers['X-CSRF-Token'] = csrf();
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', signal,
      body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server could not be reached (' + e.message + '). Is clout serve running?');
  }
  let doc = null;
  if (res.status !== 204) {
    try { doc = await res.json(); } catch { doc = null; }
  }
  if (!res.ok) {
    const e = doc && doc.error;
    const err = new ApiError(res.status, (e && e.code) || 'http_' + res.status,
      (e && e.message) || `The server answered ${res.status} ${res.statusText}.`, e && e.field);
    if (res.status === 401 && !path.endsWith('/session')) onUnauthenticated(err);
    throw err;
  }
  return doc;
}

export const get = (path, params, opts) => api('GET', withQuery(path, params), undefined, opts);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => api('PATCH', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);
