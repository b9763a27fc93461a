// The sign-in page: name, password and workspace -> POST /api/v1/session (sets the HttpOnly
// session cookie and returns the CSRF token for later writes). Signed in, the header's workspace
// switcher moves the session to another workspace without coming back here.
import { useState } from 'preact/hooks';
import { api, setCsrf } from '../api.js';
import { navigate, useQuery } from '../router.js';
import { ErrorBox, Field, PageTitle } from '../ui.jsx';

export default function SignIn({ me, onSignedIn }) {
  const [q] = useQuery();
  const [name, setName] = useState(q.user || '');
  const [password, setPassword] = useState('');
  const [workspace, setWorkspace] = useState(q.workspace || '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), password };
      if (workspace.trim()) body.workspace = workspace.trim();
      const s = await api('POST', '/api/v1/session', body);
      setCsrf(s.csrf_token);
      setPassword('');
      await onSignedIn();
      const next = q.next && q.next.startsWith('/') && !q.next.startsWith('//') ? q.next : '/';
      navigate(next === '/signin' ? '/' : next, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card signin">
      <PageTitle>Sign in to clout</PageTitle>
      <form onSubmit={submit} aria-busy={busy}>
        <Field label="User name"><input name="name" autocomplete="username" required value={name}
          onInput={(e) => setName(e.currentTarget.value)} /></Field>
        <Field label="Password"><input name="password" type="password" autocomplete="current-password" required
          value={password} onInput={(e) => setPassword(e.currentTarget.value)} /></Field>
        <Field label="Workspace" hint="Leave empty for your default workspace (admins: 'default').">
          <input name="workspace" value={workspace} onInput={(e) => setWorkspace(e.currentTarget.value)} /></Field>
        <ErrorBox error={error} what="Signing in" />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
          {me && <a href="/">Cancel</a>}
        </div>
      </form>
    </div>
  );
}
