// Campaigns: the list (GET /api/v1/campaigns) and, for roles with campaigns:write, a form that
// creates one (POST /api/v1/campaigns) and opens it.
import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { navigate } from '../router.js';
import { ApiView, Empty, ErrorBox, Field, PageTitle, can, useApi, useSession } from '../ui.jsx';

export const campaignHref = (name) => '/campaigns/' + encodeURIComponent(name);
const goals = ['awareness', 'engagement', 'traffic', 'leads', 'sales'];

function CreateForm() {
  const [f, setF] = useState({ name: '', goal: 'sales', start: '', end: '', budget: '', currency: 'EUR', kpis: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { name: f.name.trim(), goal: f.goal, start: f.start, end: f.end, budget: f.budget.trim(), currency: f.currency.trim().toUpperCase() };
      const kpis = f.kpis.split('\n').map((s) => s.trim()).filter(Boolean);
      if (kpis.length) body.kpis = kpis;
      const c = await post('/api/v1/campaigns', body);
      navigate(campaignHref(c.name));
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <details class="card" data-edit="campaign">
      <summary>New campaign</summary>
      <form class="filters" onSubmit={submit}>
        <Field label="Name" hint="letters, digits, . _ -"><input required pattern="[A-Za-z0-9._\-]{1,64}" value={f.name} onInput={set('name')} /></Field>
        <Field label="Goal"><select value={f.goal} onChange={set('goal')}>{goals.map((g) => <option>{g}</option>)}</select></Field>
        <Field label="Start"><input type="date" required value={f.start} onInput={set('start')} /></Field>
        <Field label="End"><input type="date" required value={f.end} onInput={set('end')} /></Field>
        <Field label="Budget" hint="in the currency's major unit"><input required inputMode="decimal" value={f.budget} onInput={set('budget')} /></Field>
        <Field label="Currency"><input required maxLength={3} value={f.currency} onInput={set('currency')} /></Field>
        <div class="field wide"><Field label="KPI targets (optional)" hint="lines METRIC=TARGET or METRIC=TARGET@YYYY-MM-DD, e.g. clicks=5000">
          <textarea rows="3" value={f.kpis} onInput={set('kpis')} /></Field></div>
        <div class="actions"><button type="submit" class="primary" disabled={busy}>{busy ? 'Creating…' : 'Create campaign'}</button></div>
      </form>
      <ErrorBox error={error} what="Creating the campaign" />
    </details>
  );
}

export default function Campaigns() {
  const me = useSession();
  const list = useApi('/api/v1/campaigns');
  return (
    <section>
      <PageTitle>Campaigns</PageTitle>
      {can(me, 'campaigns:write') && <CreateForm />}
      <ApiView state={list} what="the campaigns">{(d) => (!d.campaigns.length
        ? <Empty title="No campaign yet.">{can(me, 'campaigns:write') ? 'Create one above, ' : 'Ask a manager to create one, '}
          or with <code>clout campaign create</code>.</Empty>
        : (
          <div class="table-wrap"><table class="data" data-testid="campaigns">
            <thead><tr><th scope="col">campaign</th><th scope="col">goal</th><th scope="col">status</th><th scope="col">dates</th>
              <th scope="col" class="num">budget</th><th scope="col" class="num">KPIs</th></tr></thead>
            <tbody>{d.campaigns.map((c) => (
              <tr><td><a href={campaignHref(c.name)}>{c.name}</a></td><td>{c.goal}</td><td><span class={'status ' + c.status}>{c.status}</span></td>
                <td>{c.start} → {c.end}</td><td class="num">{c.budget} {c.currency}</td><td class="num">{(c.kpis || []).length}</td></tr>))}
            </tbody></table></div>))}
      </ApiView>
    </section>
  );
}
