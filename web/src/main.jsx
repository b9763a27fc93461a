// main.jsx: the dashboard's shell: who is signed in (GET /api/v1/me), the navigation, the
// workspace, sign out, and the page of the current URL (each page is its own chunk, loaded when
// first visited).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrf, setUnauthenticatedHandler } from './api.js';
import { navigate, useLocation } from './router.js';
import { Session, Loading, ErrorBox, can } from './ui.jsx';
import 'uplot/dist/uPlot.min.css';
import './style.css';

// path pattern -> page module; the first that matches wins. Params are the captured groups.
const pages = [
  [/^\/signin$/, () => import('./pages/signin.jsx'), null],
  [/^\/$/, () => import('./pages/home.jsx'), null],
  [/^\/discover$/, () => import('./pages/discover.jsx'), 'discover:read'],
  [/^\/accounts\/([^/]+)$/, () => import('./pages/account.jsx'), 'accounts:read'],
  [/^\/plan$/, () => import('./pages/plan.jsx'), 'plan:run'],
  [/^\/relationships$/, () => import('./pages/relationships.jsx'), 'people:read'],
  [/^\/people\/([^/]+)$/, () => import('./pages/person.jsx'), 'people:read'],
  [/^\/campaigns$/, () => import('./pages/campaigns.jsx'), 'campaigns:read'],
  [/^\/campaigns\/([^/]+)$/, () => import('./pages/campaign.jsx'), 'campaigns:read'],
  [/^\/listening$/, () => import('./pages/listening.jsx'), 'listen:read'],
  [/^\/reports$/, () => import('./pages/reports.jsx'), 'reports:read'],
];
export const nav = [
  ['/', 'Overview', null],
  ['/discover', 'Discovery', 'discover:read'],
  ['/plan', 'Planner', 'plan:run'],
  ['/relationships', 'Relationships', 'people:read'],
  ['/campaigns', 'Campaigns', 'campaigns:read'],
  ['/listening', 'Listening', 'listen:read'],
  ['/reports', 'Reports', 'reports:read'],
];

function Page({ me, path, onSignedIn }) {
  // the module loaded, with the pattern it was loaded for: a module is never rendered for another page's URL
  const [loaded, setLoaded] = useState({ key: null, mod: null });
  const [error, setError] = useState(null);
  const found = pages.find(([re]) => re.test(path));
  const key = found ? found[0].source : null;
  const params = found ? path.match(found[0]).slice(1).map(decodeURIComponent) : [];
  useEffect(() => {
    setError(null);
    if (found) found[1]().then((m) => setLoaded({ key, mod: m.default }), (e) => setError(e));
  }, [key]);
  useEffect(() => {
    const h = document.getElementById('page-title');
    if (h && document.activeElement === document.body) h.focus({ preventScroll: true });
  });
  if (!found) return <div class="error" role="alert"><strong>No such page:</strong> {path}. <a href="/">Go to the overview</a>.</div>;
  if (error) return <ErrorBox error={{ status: 0, message: 'the page could not be loaded: ' + error.message }} />;
  if (loaded.key !== key) return <Loading what="Loading the page" />;
  if (found[2] && me && !can(me, found[2]))
    return <div class="error" role="alert">Your role ({me.role}) does not allow this page (it needs {found[2]}).</div>;
  const Mod = loaded.mod;
  return <Mod params={params} me={me} onSignedIn={onSignedIn} />;
}

// The workspace this session acts in and, when the user may act in others, a switcher: a session
// acts in one workspace, and choosing another moves it there without the password
// (POST /api/v1/session/workspace: the server ends the session and opens a new one, with a new
// cookie and CSRF token, in the chosen workspace). The list is GET /api/v1/workspaces.
function WorkspaceSwitch({ me, onSwitched }) {
  const [list, setList] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => { setList(null); api('GET', '/api/v1/workspaces').then(setList, () => setList({ current_name: null, workspaces: [] })); }, [me.user, me.workspace]);
  // Until the list arrives the name is not known: say so, rather than flash the workspace's number
  // (and give tests nothing to read too early).
  if (!list) return <span class="muted" aria-busy="true">workspace …</span>;
  const name = list.current_name || '#' + me.workspace;
  if (list.workspaces.length < 2)
    return <span><span class="muted">workspace</span> <strong data-testid="workspace">{name}</strong></span>;
  const go = async (e) => {
    const select = e.currentTarget;
    const ws = select.value;
    if (ws === list.current_name) return;
    setBusy(true);
    setError(null);
    try {
      const s = await api('POST', '/api/v1/session/workspace', { workspace: ws });
      setCsrf(s.csrf_token);
      await onSwitched();
    } catch (err) {
      select.value = list.current_name || '';
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="switch" aria-busy={busy}>
      <label for="ws-switch" class="muted">workspace</label>
      <select id="ws-switch" data-testid="workspace-switch" value={list.current_name || ''} onChange={go} disabled={busy}>
        {list.workspaces.map((w) => <option value={w.name}>{w.name}</option>)}
      </select>
      <strong class="sr-only" data-testid="workspace">{name}</strong>
      {error && <span class="error inline" role="alert">Switching failed: {error.message}</span>}
    </span>
  );
}

function Header({ me, onSignOut, onSwitched, path }) {
  const [open, setOpen] = useState(false);
  return (
    <header class="top">
      <a class="brand" href="/">clout</a>
      <button type="button" class="menu-toggle" aria-expanded={open} aria-controls="main-nav"
        onClick={() => setOpen(!open)}>Menu</button>
      <nav id="main-nav" class={open ? 'open' : ''} aria-label="Main">
        {nav.filter(([, , perm]) => !perm || can(me, perm)).map(([href, label]) => (
          <a href={href} aria-current={(href === '/' ? path === '/' : path.startsWith(href)) ? 'page' : undefined}
            onClick={() => setOpen(false)}>{label}</a>))}
      </nav>
      <div class="who">
        <WorkspaceSwitch me={me} onSwitched={onSwitched} />
        <span><strong data-testid="user">{me.user}</strong> <span class="role" data-testid="role">{me.role}</span></span>
        <button type="button" onClick={onSignOut}>Sign out</button>
      </div>
    </header>
  );
}

function App() {
  const loc = useLocation();
  const path = loc.split('?')[0];
  const [me, setMe] = useState(undefined);
  const [error, setError] = useState(null);
  const loadMe = () => api('GET', '/api/v1/me').then((m) => { setMe(m); setError(null); }, (e) => {
    if (e.status === 401) setMe(null);
    else setError(e);
  });
  useEffect(() => {
    setUnauthenticatedHandler(() => { setMe(null); });
    loadMe();
  }, []);
  useEffect(() => {
    if (me === null && path !== '/signin')
      navigate('/signin?next=' + encodeURIComponent(location.pathname + location.search), { replace: true });
  }, [me, path]);
  const signOut = async () => {
    try { await api('DELETE', '/api/v1/session'); } catch { /* signed out either way */ }
    setCsrf(null);
    setMe(null);
    navigate('/signin');
  };
  // After a workspace switch: who the new session is, and the page again with the new workspace's
  // data (Page is keyed by the workspace); a page of one object of the old workspace (a campaign,
  // a person, an account) gives way to its list.
  const switched = async () => {
    await loadMe();
    const list = { campaigns: '/campaigns', people: '/relationships', accounts: '/discover' };
    const m = path.match(/^\/(campaigns|people|accounts)\/[^/]+$/);
    if (m) navigate(list[m[1]]);
  };
  if (error) return <main class="page"><ErrorBox error={error} what="Checking who you are" /></main>;
  if (me === undefined) return <main class="page"><Loading what="Checking who you are" /></main>;
  if (me === null || path === '/signin')
    return <main class="page narrow"><Page me={me} path="/signin" onSignedIn={loadMe} /></main>;
  return (
    <Session.Provider value={me}>
      <a class="skip" href="#main">Skip to the page</a>
      <Header me={me} onSignOut={signOut} onSwitched={switched} path={path} />
      <main class="page" id="main" tabIndex={-1}><Page key={me.workspace} me={me} path={path} /></main>
    </Session.Provider>
  );
}

// The first page's chunk is fetched while GET /api/v1/me is in flight (the module map keeps it).
const first = pages.find(([re]) => re.test(location.pathname));
if (first) first[1]().catch(() => { /* Page says so when it asks again */ });

const root = document.getElementById('app');
root.textContent = ''; // the static "Loading" note of index.html
render(<App />, root);
