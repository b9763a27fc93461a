// Listening: the inbox of mentions routed to me and my team with their SLA clocks (overdue first),
// with assign, reply note and close for roles with inbox:write; the rules (add and remove with
// listen:write); the alerts; and share of voice over time. The tab is in the URL (?tab=).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { del, post, withQuery } from '../api.js';
import { useQuery } from '../router.js';
import { ApiView, Empty, ErrorBox, Field, PageTitle, can, fmtCompact, fmtNum, fmtPct, useApi, useSession } from '../ui.jsx';
import { TimeChart } from '../chart.jsx';

const tabs = [['inbox', 'Inbox'], ['rules', 'Rules'], ['alerts', 'Alerts'], ['sov', 'Share of voice']];
const teams = ['', 'pr', 'social', 'support'];

// "overdue by 2h 05m" / "due in 35m" from seconds left.
export function slaText(left) {
  const a = Math.abs(left), h = Math.floor(a / 3600), m = Math.floor((a % 3600) / 60);
  const t = h >= 48 ? Math.floor(h / 24) + 'd ' + (h % 24) + 'h' : h ? `${h}h ${String(m).padStart(2, '0')}m` : m + 'm';
  return left < 0 ? 'overdue by ' + t : 'due in ' + t;
}
const when = (t) => (t ? new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 16) : '–');

function useNow(ms = 30000) {
  const [now, setNow] = useState(() => Date.now() / 1000);
  useEffect(() => { const id = setInterval(() => setNow(Date.now() / 1000), ms); return () => clearInterval(id); }, [ms]);
  return now;
}

function MentionRow({ m, now, me, onChanged }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const act = async (path, body) => {
    setBusy(true);
    setError(null);
    try { await post('/api/v1/mentions/' + m.id + '/' + path, body); setNote(''); onChanged(); }
    catch (err) { setError(err); } finally { setBusy(false); }
  };
  const open = m.status !== 'closed';
  const left = m.due_at - now;
  const late = open && (m.breached || left < 0);
  return (
    <li class={'mention' + (late ? ' late' : '')} data-testid="mention">
      <div class="mhead">
        <span class={'status ' + (late ? 'breached' : m.status)}>{open ? slaText(left) : 'closed'}</span>
        <strong>{m.author ? '@' + m.author : 'someone'}</strong> on {m.platform} · rule {m.rule} · {m.team} · {m.priority}
        <span class="muted"> · {m.label} ({fmtNum(m.sentiment, 2)}) · reach {fmtCompact(m.reach)} · {when(m.posted_at)}</span>
        <span class="muted"> · {m.owner ? 'owner ' + m.owner : 'nobody assigned'} · {m.status}</span>
      </div>
      {can(me, 'inbox:write') && open && (
        <div class="mactions" data-edit="mention">
          {m.owner !== me.user && <button type="button" disabled={busy} onClick={() => act('assign', { user: me.user })}>Assign to me</button>}
          <form onSubmit={(e) => { e.preventDefault(); if (note.trim()) act('reply', { note: note.trim() }); }}>
            <label class="sr-only" for={'note-' + m.id}>Reply note for mention {m.id}</label>
            <input id={'note-' + m.id} placeholder="what was answered" maxLength={4096} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            <button type="submit" disabled={busy || !note.trim()}>Note reply</button>
          </form>
          <button type="button" disabled={busy} onClick={() => act('close')}>Close</button>
        </div>)}
      <ErrorBox error={error} what="Updating the mention" />
    </li>
  );
}

function Inbox({ q, setQ, me }) {
  const now = useNow();
  const params = { mine: q.mine === 'true' ? 'true' : undefined, team: q.team || undefined, status: q.status || undefined, limit: 1000 };
  const list = useApi(withQuery('/api/v1/mentions', params));
  const sorted = useMemo(() => (list.data ? list.data.mentions.slice().sort((a, b) =>
    (b.breached - a.breached) || ((a.status === 'closed') - (b.status === 'closed')) || (a.due_at - b.due_at)) : []), [list.data]);
  const set = (k) => (e) => setQ({ ...q, [k]: e.currentTarget.type === 'checkbox' ? (e.currentTarget.checked ? 'true' : '') : e.currentTarget.value }, { replace: true });
  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Team"><select value={q.team || ''} onChange={set('team')}>{teams.map((t) => <option value={t}>{t || 'every team'}</option>)}</select></Field>
        <Field label="Status"><select value={q.status || ''} onChange={set('status')}>
          {[['', 'open'], ['new', 'new'], ['assigned', 'assigned'], ['replied', 'replied'], ['closed', 'closed']].map(([v, l]) => <option value={v}>{l}</option>)}</select></Field>
        <label class="check field"><input type="checkbox" checked={q.mine === 'true'} onChange={set('mine')} /> only mine</label>
      </form>
      <ApiView state={list} what="the inbox">{() => (!sorted.length
        ? <Empty title="The inbox is empty.">Mentions arrive when <code>clout listen run</code> (or POST /api/v1/ingest) matches posts against the rules.</Empty>
        : <ol class="inbox" aria-label="Mentions, overdue first">{sorted.map((m) => <MentionRow key={m.id} m={m} now={now} me={me} onChanged={list.reload} />)}</ol>)}
      </ApiView>
    </>
  );
}

// "Test this rule": POST /api/v1/rules/test with the expression and sample texts (one a line).
function TestRule({ expr: initial }) {
  const [expr, setExpr] = useState(initial || '');
  const [texts, setTexts] = useState('');
  const [state, setState] = useState({ busy: false, error: null, result: null });
  const lines = texts.split('\n').map((l) => l.trim()).filter(Boolean);
  const run = async (e) => {
    e.preventDefault();
    setState({ busy: true, error: null, result: null });
    try { setState({ busy: false, error: null, result: await post('/api/v1/rules/test', { expr: expr.trim(), texts: lines }) }); }
    catch (err) { setState({ busy: false, error: err, result: null }); }
  };
  return (
    <figure class="testrule"><figcaption>Test this rule</figcaption>
      <form class="filters" onSubmit={run}>
        <div class="field wide"><Field label="Rule to try" hint="nothing is saved"><input required value={expr} onInput={(e) => setExpr(e.currentTarget.value)} /></Field></div>
        <div class="field wide"><Field label="Sample posts, one a line"><textarea rows="4" required value={texts} onInput={(e) => setTexts(e.currentTarget.value)} /></Field></div>
        <div class="actions"><button type="submit" disabled={state.busy || !lines.length}>Test</button></div>
      </form>
      <ErrorBox error={state.error} what="Testing the rule" />
      {state.result && (
        <div data-testid="rule-test"><p role="status">{state.result.matched} of {state.result.matches.length} posts match.</p>
          <ul class="testlist">{lines.map((l, i) => <li class={state.result.matches[i] ? 'hit' : 'miss'}>
            <span class={'status ' + (state.result.matches[i] ? 'met' : '')}>{state.result.matches[i] ? 'match' : 'no match'}</span> {l}</li>)}</ul></div>)}
    </figure>
  );
}

function Rules({ me }) {
  const list = useApi('/api/v1/rules');
  const [f, setF] = useState({ name: '', expr: '', kind: 'brand', team: 'social', priority: 'normal' });
  const [error, setError] = useState(null);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const add = async (e) => {
    e.preventDefault();
    setError(null);
    try { await post('/api/v1/rules', { ...f, name: f.name.trim(), expr: f.expr.trim() }); setF({ ...f, name: '', expr: '' }); list.reload(); }
    catch (err) { setError(err); }
  };
  const remove = async (name) => {
    setError(null);
    try { await del('/api/v1/rules/' + encodeURIComponent(name)); list.reload(); } catch (err) { setError(err); }
  };
  const write = can(me, 'listen:write');
  return (
    <>
      {write && (
        <form class="filters" data-edit="rule" onSubmit={add} aria-label="Add a rule">
          <Field label="Name"><input required value={f.name} onInput={set('name')} /></Field>
          <div class="field wide"><Field label="Expression" hint={'e.g. (acme OR #acme) NOT jobs'}><input required value={f.expr} onInput={set('expr')} /></Field></div>
          <Field label="Kind"><select value={f.kind} onChange={set('kind')}>{['brand', 'competitor', 'campaign', 'influencer'].map((k) => <option>{k}</option>)}</select></Field>
          <Field label="Team"><select value={f.team} onChange={set('team')}>{teams.slice(1).map((k) => <option>{k}</option>)}</select></Field>
          <Field label="Priority"><select value={f.priority} onChange={set('priority')}>{['low', 'normal', 'high'].map((k) => <option>{k}</option>)}</select></Field>
          <div class="actions"><button type="submit" class="primary">Add rule</button></div>
        </form>)}
      <ErrorBox error={error} what="Changing the rules" />
      <ApiView state={list} what="the rules">{(d) => (!d.rules.length ? <Empty title="No listening rule yet.">{write ? 'Add one above.' : 'Ask a manager to add one.'}</Empty> : (
        <div class="table-wrap"><table class="data" data-testid="rules">
          <thead><tr><th scope="col">rule</th><th scope="col">expression</th><th scope="col">kind</th><th scope="col">team</th><th scope="col">priority</th>
            {write && <th scope="col"><span class="sr-only">remove</span></th>}</tr></thead>
          <tbody>{d.rules.map((r) => <tr><td>{r.name}</td><td><code>{r.expr}</code></td><td>{r.kind}</td><td>{r.team}</td><td>{r.priority}</td>
            {write && <td><button type="button" class="danger" data-edit="rule-remove" onClick={() => remove(r.name)}>Remove {r.name}</button></td>}</tr>)}</tbody>
        </table></div>))}</ApiView>
      <TestRule />
    </>
  );
}

function Alerts() {
  const list = useApi('/api/v1/alerts');
  return (
    <ApiView state={list} what="the alerts">{(d) => (!d.alerts.length ? <Empty title="No alerts.">Spikes, crises, influencer mentions and missing disclosures show here.</Empty> : (
      <div class="table-wrap"><table class="data" data-testid="alerts">
        <thead><tr><th scope="col">when</th><th scope="col">kind</th><th scope="col">rule</th><th scope="col">detail</th></tr></thead>
        <tbody>{d.alerts.map((a) => <tr><td>{when(a.at)}</td><td><span class={'status ' + (a.kind === 'crisis' ? 'breached' : 'assigned')}>{a.kind}</span></td>
          <td>{a.rule || '–'}</td><td>{Object.entries(a.detail || {}).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ')}</td></tr>)}</tbody>
      </table></div>))}</ApiView>
  );
}

function Sov({ q, setQ }) {
  const rules = useApi('/api/v1/rules');
  const brands = rules.data ? rules.data.rules.filter((r) => r.kind === 'brand') : [];
  const brand = q.brand || (brands[0] && brands[0].name) || '';
  const competitors = rules.data ? rules.data.rules.filter((r) => r.kind === 'competitor').map((r) => r.name) : [];
  const sov = useApi(brand ? withQuery('/api/v1/reports/sov', { brand, competitor: competitors.join(',') || undefined, by: q.by || 'day' }) : null);
  const chart = useMemo(() => {
    if (!sov.data) return null;
    const periods = [...new Set(sov.data.rows.map((r) => r.period))].sort((a, b) => a - b);
    const names = [...new Set(sov.data.rows.map((r) => r.rule))];
    const at = new Map(sov.data.rows.map((r) => [r.period + '|' + r.rule, r.share]));
    return { x: periods, series: names.map((n) => ({ label: n, values: periods.map((p) => at.get(p + '|' + n) || 0) })) };
  }, [sov.data]);
  if (rules.loading) return <ApiView state={rules} what="the rules">{() => null}</ApiView>;
  if (!brands.length) return <Empty title="No brand rule yet.">Share of voice compares a brand rule with its competitor rules: add them under Rules.</Empty>;
  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Brand"><select value={brand} onChange={(e) => setQ({ ...q, brand: e.currentTarget.value }, { replace: true })}>
          {brands.map((b) => <option>{b.name}</option>)}</select></Field>
        <Field label="Period"><select value={q.by || 'day'} onChange={(e) => setQ({ ...q, by: e.currentTarget.value }, { replace: true })}>
          <option>day</option><option>week</option></select></Field>
      </form>
      <ApiView state={sov} what="share of voice">{() => (!chart.x.length ? <Empty title="No mentions in this range." /> : (
        <figure><figcaption>Share of voice per {q.by || 'day'}: {brand} against {competitors.join(', ') || 'no competitor rule'}</figcaption>
          <TimeChart x={chart.x} series={chart.series} share label={'Share of voice of ' + brand + ' over time'} />
          <div class="table-wrap"><table class="data"><thead><tr><th scope="col">rule</th><th scope="col" class="num">mentions</th><th scope="col" class="num">share of the last period</th></tr></thead>
            <tbody>{chart.series.map((s) => <tr><td>{s.label}</td><td class="num">{sov.data.rows.filter((r) => r.rule === s.label).reduce((n, r) => n + r.mentions, 0)}</td>
              <td class="num">{fmtPct(s.values[s.values.length - 1])}</td></tr>)}</tbody></table></div>
        </figure>))}</ApiView>
    </>
  );
}

export default function Listening() {
  const me = useSession();
  const [q, setQ] = useQuery();
  const tab = tabs.some(([t]) => t === q.tab) ? q.tab : 'inbox';
  return (
    <section>
      <PageTitle>Listening</PageTitle>
      <nav class="tabs" aria-label="Listening">
        {tabs.map(([t, l]) => <a href={withQuery('/listening', { tab: t === 'inbox' ? undefined : t })} aria-current={t === tab ? 'page' : undefined}>{l}</a>)}
      </nav>
      {tab === 'inbox' && <Inbox q={q} setQ={setQ} me={me} />}
      {tab === 'rules' && <Rules me={me} />}
      {tab === 'alerts' && <Alerts />}
      {tab === 'sov' && <Sov q={q} setQ={setQ} />}
    </section>
  );
}
