// One person: stage and owner with the stage history, consent and sharing rights, NDA, accounts,
// the interaction log, the feedback loop and the balance sheet (the /api/v1/people/{name} routes).
// Roles with interactions:write log interactions and feedback, and move feedback along its loop.
import { useState } from 'preact/hooks';
import { post, withQuery } from '../api.js';
import { useQuery } from '../router.js';
import { ApiView, Empty, ErrorBox, Field, PageTitle, can, fmtInt, fmtNum, useApi, useSession } from '../ui.jsx';

const KINDS = ['email', 'dm', 'meeting', 'event', 'gift', 'sample', 'payment', 'private_access', 'like', 'share', 'reply', 'thanks', 'mention'];
const FEEDBACK = ['open', 'acknowledged', 'acted', 'told'];
const day = (t) => (t ? String(t).slice(0, 10) : '–');

function LogForm({ base, onDone }) {
  const [f, setF] = useState({ kind: 'email', note: '', value: '', currency: '' });
  const [error, setError] = useState(null);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { kind: f.kind };
      if (f.note.trim()) body.note = f.note.trim();
      if (f.value.trim()) { body.value = f.value.trim(); body.currency = f.currency.trim().toUpperCase(); }
      await post(base + '/interactions', body);
      setF({ ...f, note: '', value: '' });
      onDone();
    } catch (err) { setError(err); }
  };
  return (
    <form class="filters" data-edit="interaction" onSubmit={submit} aria-label="Log an interaction">
      <Field label="Kind"><select value={f.kind} onChange={set('kind')}>{KINDS.map((k) => <option>{k}</option>)}</select></Field>
      <div class="field wide"><Field label="Note"><input value={f.note} onInput={set('note')} /></Field></div>
      <Field label="Value (optional)"><input inputMode="decimal" value={f.value} onInput={set('value')} /></Field>
      <Field label="Currency"><input maxLength={3} value={f.currency} onInput={set('currency')} /></Field>
      <div class="actions"><button type="submit" class="primary">Log</button></div>
      <div class="wide"><ErrorBox error={error} what="Logging the interaction" /></div>
    </form>
  );
}

function Feedback({ base, write }) {
  const list = useApi(base + '/feedback');
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const add = async (e) => {
    e.preventDefault();
    setError(null);
    try { await post(base + '/feedback', { text: text.trim() }); setText(''); list.reload(); } catch (err) { setError(err); }
  };
  const status = async (id, s) => {
    setError(null);
    try { await post('/api/v1/feedback/' + id + '/status', { status: s }); list.reload(); } catch (err) { setError(err); }
  };
  return (
    <>
      {write && (
        <form class="filters" data-edit="feedback" onSubmit={add} aria-label="Record feedback">
          <div class="field wide"><Field label="Feedback from this person"><input required value={text} onInput={(e) => setText(e.currentTarget.value)} /></Field></div>
          <div class="actions"><button type="submit" class="primary">Record</button></div>
        </form>)}
      <ErrorBox error={error} what="Changing the feedback" />
      <ApiView state={list} what="the feedback">{(d) => (!d.feedback.length ? <p class="muted">No feedback recorded.</p> : (
        <div class="table-wrap"><table class="data"><thead><tr><th scope="col">when</th><th scope="col">feedback</th><th scope="col">status</th></tr></thead>
          <tbody>{d.feedback.map((x) => <tr><td>{day(x.created_at)}</td><td class="wrap">{x.text}</td>
            <td>{write ? <select aria-label={'status of feedback ' + x.id} data-edit="feedback-status" value={x.status} onChange={(e) => status(x.id, e.currentTarget.value)}>
              {FEEDBACK.map((s) => <option>{s}</option>)}</select> : x.status}</td></tr>)}</tbody></table></div>))}</ApiView>
    </>
  );
}

function Balance({ b }) {
  return (
    <div class="grid2">
      <figure><figcaption>Given ({b.currency})</figcaption><dl class="kv">
        {['fees', 'gifts', 'private_access', 'amplification', 'other', 'total'].map((k) => <><dt>{k.replace('_', ' ')}</dt><dd>{b.given[k]}</dd></>)}</dl></figure>
      <figure><figcaption>Received</figcaption><dl class="kv">
        <dt>mentions</dt><dd>{fmtInt(b.received.mentions)}</dd><dt>reach</dt><dd>{fmtInt(b.received.reach)}</dd>
        <dt>engagements</dt><dd>{fmtInt(b.received.engagements)}</dd><dt>clicks</dt><dd>{fmtInt(b.received.clicks)}</dd>
        <dt>conversions</dt><dd>{fmtNum(b.received.conversions, 1)}</dd><dt>revenue</dt><dd>{b.received.revenue} {b.currency}</dd>
        <dt>total</dt><dd>{b.received.total} {b.currency}</dd><dt>received / given</dt><dd data-testid="ratio">{b.ratio == null ? '–' : fmtNum(b.ratio, 2)}</dd></dl></figure>
    </div>
  );
}

export default function PersonPage({ params }) {
  const me = useSession();
  const base = '/api/v1/people/' + encodeURIComponent(params[0]);
  const person = useApi(base);
  const stages = useApi(base + '/stages');
  const log = useApi(base + '/interactions');
  const [q, setQ] = useQuery();
  const balance = useApi(withQuery(base + '/balance', { currency: q.currency }));
  const write = can(me, 'interactions:write');
  return (
    <section>
      {!person.data && <PageTitle>{params[0]}</PageTitle>}
      <ApiView state={person} what="the person">{(p) => (
        <>
          <PageTitle>{p.name}</PageTitle>
          <p class="muted"><a href="/relationships">pipeline</a> · stage <strong>{p.stage}</strong>{p.owner ? ' · owner ' + p.owner : ''}</p>
          <div class="grid2">
            <figure><figcaption>Consent and rights</figcaption><dl class="kv">
              <dt>consent</dt><dd>{p.consent}{p.consent_at ? ' (' + day(p.consent_at) + (p.consent_source ? ', ' + p.consent_source : '') + ')' : ''}</dd>
              <dt>sharing</dt><dd data-testid="sharing">{p.sharing}{p.sharing === 'none' ? ' (nothing about this person leaves the workspace)' : ''}</dd>
              <dt>NDA</dt><dd>{p.nda}{p.nda_signed_at ? ', signed ' + p.nda_signed_at : p.nda_sent_at ? ', sent ' + p.nda_sent_at : ''}{p.nda_expires_at ? ', expires ' + p.nda_expires_at : ''}</dd>
            </dl></figure>
            <figure><figcaption>Accounts</figcaption>{!p.accounts.length ? <p class="muted">No account linked.</p> : (
              <ul>{p.accounts.map((a) => <li><a href={'/accounts/' + encodeURIComponent(a.platform + ':' + a.ext_id)}>{a.handle ? '@' + a.handle : a.ext_id}</a> ({a.platform})</li>)}</ul>)}</figure>
          </div>
        </>)}</ApiView>
      {person.data && <>
        <h2>Stage history</h2>
        <ApiView state={stages} what="the stage history">{(d) => (!d.stages.length ? <p class="muted">No stage change yet.</p> : (
          <ol class="history" data-testid="stages">{d.stages.map((s) => <li>{day(s.at)}: <strong>{s.stage}</strong> by {s.by}{s.owner ? ', owner ' + s.owner : ''}</li>)}</ol>))}</ApiView>
        <h2>Interactions</h2>
        {write && <LogForm base={base} onDone={() => { log.reload(); balance.reload(); }} />}
        <ApiView state={log} what="the interactions">{(d) => (!d.interactions.length ? <Empty title="No interaction logged yet." /> : (
          <div class="table-wrap"><table class="data" data-testid="interactions"><thead><tr><th scope="col">when</th><th scope="col">kind</th><th scope="col">direction</th>
            <th scope="col">note</th><th scope="col" class="num">value</th><th scope="col">by</th></tr></thead>
            <tbody>{d.interactions.map((i) => <tr><td>{day(i.at)}</td><td>{i.kind}</td><td>{i.direction}</td><td class="wrap">{i.note || '–'}</td>
              <td class="num">{i.value ? i.value + ' ' + (i.currency || '') : '–'}</td><td>{i.logged_by}</td></tr>)}</tbody></table></div>))}</ApiView>
        <h2>Feedback</h2>
        <Feedback base={base} write={write} />
        <h2>Balance sheet</h2>
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <Field label="Balance currency" hint="empty: the workspace's (clout crm currency)">
            <input maxLength={3} value={q.currency || ''} onChange={(e) => setQ({ ...q, currency: e.currentTarget.value.trim().toUpperCase() }, { replace: true })} /></Field>
        </form>
        <ApiView state={balance} what="the balance sheet">{(b) => <Balance b={b} />}</ApiView>
      </>}
    </section>
  );
}
