// ui.jsx: the pieces every page uses: loading, empty and error states, labelled fields, number
// formats, and useApi (a GET that reloads when its URL changes). Text is always rendered as text
// (JSX escapes it); nothing here sets HTML.
import { useEffect, useState, useContext } from 'preact/hooks';
import { createContext } from 'preact';
import { get, ApiError } from './api.js';

export const Session = createContext(null);
export const useSession = () => useContext(Session);
// Whether the signed-in user's role has a permission ("plan:run").
export function can(me, perm) { return !!(me && me.permissions && me.permissions.includes(perm)); }

let fieldSeq = 0;
export function Field({ label, hint, children, id }) {
  const [fid] = useState(() => id || 'f' + ++fieldSeq);
  const child = Array.isArray(children) ? children[0] : children;
  const input = child && child.props ? { ...child, props: { ...child.props, id: fid,
    'aria-describedby': hint ? fid + '-hint' : undefined } } : child;
  return (
    <div class="field">
      <label for={fid}>{label}</label>
      {input}
      {hint && <small id={fid + '-hint'}>{hint}</small>}
    </div>
  );
}

export function Loading({ what = 'Loading' }) {
  return <div class="loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true" />{what}…</div>;
}

export function Empty({ title, children }) {
  return <div class="empty" role="status"><strong>{title}</strong>{children && <p>{children}</p>}</div>;
}

// An API error in words: what failed, the server's message, and what to do for the common cases.
export function ErrorBox({ error, what }) {
  if (!error) return null;
  let advice = null;
  if (error.status === 403) advice = 'Your role does not allow this; ask an admin or manager.';
  else if (error.status === 401) advice = 'Your session has ended; sign in again.';
  else if (error.status === 0) advice = 'Check that clout serve is running and reachable.';
  else if (error.status >= 500) advice = 'The server could not do it now; try again in a moment.';
  return (
    <div class="error" role="alert">
      <strong>{what ? what + ' failed' : 'Something failed'}:</strong> {error.message}
      {error.field && <span> (field {error.field})</span>}
      {advice && <p>{advice}</p>}
    </div>
  );
}

// GET url (null: nothing to load) -> { data, error, loading, reload }.
export function useApi(url) {
  const [state, setState] = useState({ data: null, error: null, loading: !!url });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!url) { setState({ data: null, error: null, loading: false }); return undefined; }
    const ctl = new AbortController();
    setState((s) => ({ data: s.data, error: null, loading: true }));
    get(url, null, { signal: ctl.signal }).then(
      (data) => setState({ data, error: null, loading: false }),
      (error) => { if (error.name !== 'AbortError') setState({ data: null, error, loading: false }); });
    return () => ctl.abort();
  }, [url, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

// Loading, then the error in words, then children(data).
export function ApiView({ state, what, children }) {
  if (state.loading && !state.data) return <Loading what={what ? 'Loading ' + what : 'Loading'} />;
  if (state.error) return <ErrorBox error={state.error} what={what ? 'Loading ' + what : null} />;
  if (!state.data) return null;
  return children(state.data);
}

const nf = new Intl.NumberFormat('en');
export const fmtInt = (n) => (n === null || n === undefined ? '–' : nf.format(Math.round(n)));
export const fmtNum = (n, d = 2) => (n === null || n === undefined ? '–' : Number(n).toFixed(d));
export const fmtPct = (n, d = 1) => (n === null || n === undefined ? '–' : (100 * n).toFixed(d) + '%');
export function fmtCompact(n) {
  if (n === null || n === undefined) return '–';
  const a = Math.abs(n);
  if (a >= 1e6) return (n / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
  if (a >= 1e3) return (n / 1e3).toFixed(a >= 1e4 ? 0 : 1) + 'k';
  return String(Math.round(n));
}
// Money in minor units with its currency ("EUR", 5990 -> "59.90 EUR").
export function fmtMoney(minor, currency, exponent = 2) {
  if (minor === null || minor === undefined) return '–';
  return (minor / 10 ** exponent).toFixed(exponent) + (currency ? ' ' + currency : '');
}
export const fmtDate = (t) => (t ? new Date(typeof t === 'number' && t < 1e12 ? t * 1000 : t).toISOString().slice(0, 10) : '–');
export const isApiError = (e) => e instanceof ApiError;

export function PageTitle({ children, actions }) {
  useEffect(() => { document.title = (typeof children === 'string' ? children + ' · ' : '') + 'clout'; }, [children]);
  return <div class="page-head"><h1 tabIndex={-1} id="page-title">{children}</h1>{actions}</div>;
}
