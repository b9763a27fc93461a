// Relationships: the pipeline as one column per stage (GET /api/v1/people). Roles with
// people:write move a person by dragging the card to another column, or with the card's
// "Move to" select (the keyboard way); each move is POST /api/v1/people/{name}/stage, which keeps
// the stage history. A new person is added with the form.
import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { ApiView, Empty, ErrorBox, Field, PageTitle, can, useApi, useSession } from '../ui.jsx';

export const STAGES = ['identified', 'engaging', 'contacted', 'negotiating', 'partner', 'alumni', 'declined'];
export const personHref = (name) => '/people/' + encodeURIComponent(name);

function Card({ p, write, onMove }) {
  return (
    <li class="pcard" draggable={write} data-person={p.name}
      onDragStart={(e) => { e.dataTransfer.setData('text/plain', p.name); e.dataTransfer.effectAllowed = 'move'; }}>
      <a href={personHref(p.name)}>{p.name}</a>
      <div class="muted small">{(p.accounts || []).map((a) => (a.handle ? '@' + a.handle : a.platform + ':' + a.ext_id)).join(', ') || 'no account'}
        {p.owner ? ' · ' + p.owner : ''}{p.sharing === 'none' ? ' · not shared' : ''}</div>
      {write && (
        <select aria-label={'Move ' + p.name + ' to'} data-edit="stage" value={p.stage} onChange={(e) => onMove(p.name, e.currentTarget.value)}>
          {STAGES.map((s) => <option value={s}>{s === p.stage ? s : 'move to ' + s}</option>)}
        </select>)}
    </li>
  );
}

function AddPerson({ onAdded }) {
  const [f, setF] = useState({ name: '', account: '' });
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { name: f.name.trim() };
      if (f.account.trim()) body.accounts = [f.account.trim()];
      await post('/api/v1/people', body);
      setF({ name: '', account: '' });
      onAdded();
    } catch (err) { setError(err); }
  };
  return (
    <details class="card" data-edit="person">
      <summary>New person</summary>
      <form class="filters" onSubmit={submit}>
        <Field label="Name"><input required maxLength={128} value={f.name} onInput={(e) => setF({ ...f, name: e.currentTarget.value })} /></Field>
        <Field label="Account (optional)" hint="@handle or platform:id"><input value={f.account} onInput={(e) => setF({ ...f, account: e.currentTarget.value })} /></Field>
        <div class="actions"><button type="submit" class="primary">Add person</button></div>
      </form>
      <ErrorBox error={error} what="Adding the person" />
    </details>
  );
}

export default function Relationships() {
  const me = useSession();
  const list = useApi('/api/v1/people');
  const [error, setError] = useState(null);
  const [over, setOver] = useState(null);
  const write = can(me, 'people:write');
  const move = async (name, stage) => {
    setError(null);
    try { await post('/api/v1/people/' + encodeURIComponent(name) + '/stage', { stage }); list.reload(); }
    catch (err) { setError(err); }
  };
  return (
    <section>
      <PageTitle>Relationships</PageTitle>
      {write && <AddPerson onAdded={list.reload} />}
      <ErrorBox error={error} what="Moving the person" />
      <ApiView state={list} what="the people">{(d) => (!d.people.length
        ? <Empty title="Nobody in the pipeline yet.">{write ? 'Add a person above' : 'Ask a manager to add people'}, or with <code>clout crm add</code>.</Empty>
        : (
          <div class="pipeline" data-testid="pipeline">{STAGES.map((s) => {
            const people = d.people.filter((p) => p.stage === s);
            return (
              <section class={'stage' + (over === s ? ' over' : '')} aria-label={s + ': ' + people.length} data-stage={s}
                onDragOver={write ? (e) => { e.preventDefault(); setOver(s); } : undefined}
                onDragLeave={() => setOver(null)}
                onDrop={write ? (e) => { e.preventDefault(); setOver(null); const n = e.dataTransfer.getData('text/plain'); if (n) move(n, s); } : undefined}>
                <h2>{s} <span class="muted">{people.length}</span></h2>
                <ul>{people.map((p) => <Card key={p.name} p={p} write={write} onMove={move} />)}</ul>
              </section>);
          })}</div>))}</ApiView>
    </section>
  );
}
