// One campaign: KPI targets against actuals with their status and the budget spent (GET
// /api/v1/reports/campaigns/{name}), clicks, conversions, revenue and ROI over time (GET
// /api/v1/reports/links?campaign=&by=day), the roster, contracts and deliverables, the calendar and
// the tracking links. Roles that may write change the status and add contracts.
import { useMemo, useState } from 'preact/hooks';
import { patch, post, withQuery } from '../api.js';
import { ApiView, Empty, ErrorBox, Field, PageTitle, can, fmtInt, fmtNum, fmtPct, useApi, useSession } from '../ui.jsx';
import { TimeChart } from '../chart.jsx';

const statuses = ['draft', 'active', 'paused', 'done', 'cancelled'];

function Kpis({ report, campaign }) {
  const t = report.totals || {};
  const spent = Number((t.cost && t.cost.total) || 0), budget = Number(campaign.budget || 0);
  return (
    <>
      <dl class="tiles">
        <div class="tile"><dt>budget spent</dt><dd data-testid="spent">{fmtNum(spent, 2)} / {campaign.budget} {campaign.currency}</dd>
          <meter min="0" max={budget || 1} high={(budget || 1) * 0.9} value={spent} aria-label="budget spent" /></div>
        <div class="tile"><dt>clicks</dt><dd>{fmtInt(t.clicks)}</dd></div>
        <div class="tile"><dt>conversions</dt><dd>{fmtNum(t.conversions, 1)}</dd></div>
        <div class="tile"><dt>revenue</dt><dd>{t.revenue} {report.currency || ''}</dd></div>
        <div class="tile"><dt>ROI</dt><dd>{t.roi == null ? '–' : fmtPct(t.roi, 0)}</dd></div>
      </dl>
      <h2>KPI targets</h2>
      {!(report.kpis || []).length ? <Empty title="No KPI targets.">Set them when creating the campaign (clicks=5000@2026-12-31).</Empty> : (
        <div class="table-wrap"><table class="data" data-testid="kpis">
          <thead><tr><th scope="col">KPI</th><th scope="col" class="num">target</th><th scope="col" class="num">actual</th>
            <th scope="col">deadline</th><th scope="col">status</th></tr></thead>
          <tbody>{report.kpis.map((k) => (
            <tr><td>{k.metric}</td><td class="num">{k.target}</td><td class="num">{k.actual == null ? '–' : fmtNum(k.actual, 2)}</td>
              <td>{k.deadline}</td><td><span class={'status ' + k.status}>{k.status}</span></td></tr>))}</tbody></table></div>)}
      {report.attribution_note && <p class="muted">{report.attribution_note}</p>}
      <h2>By person</h2>
      {!(report.rows || []).length ? <p class="muted">Nobody on the roster yet.</p> : (
        <div class="table-wrap"><table class="data" data-testid="report-rows">
          <thead><tr><th scope="col">person</th><th scope="col" class="num">clicks</th><th scope="col" class="num">conversions</th>
            <th scope="col" class="num">revenue</th><th scope="col" class="num">cost</th><th scope="col" class="num">ROI</th></tr></thead>
          <tbody>{report.rows.map((r) => (
            <tr><td>{r.row === 'withheld' ? <em title="this person's sharing rights keep them out of reports">withheld (sharing rights)</em>
              : r.row === 'unassigned' ? <em>not credited to anyone</em> : <>{r.name}{r.handles ? <span class="muted"> {r.handles}</span> : null}</>}</td>
              <td class="num">{fmtInt(r.figures.clicks)}</td><td class="num">{fmtNum(r.figures.conversions, 1)}</td>
              <td class="num">{r.figures.revenue}</td><td class="num">{r.figures.cost && r.figures.cost.total}</td>
              <td class="num">{r.figures.roi == null ? '–' : fmtPct(r.figures.roi, 0)}</td></tr>))}</tbody>
        </table></div>)}
    </>
  );
}

// Per-day sums of the links report, and ROI to date against the campaign's cost so far.
function Trend({ rows, currency, cost, start, end }) {
  const d = useMemo(() => {
    const days = new Map();
    for (const r of rows) {
      if (!r.day) continue;
      const x = days.get(r.day) || { clicks: 0, conversions: 0, revenue: 0 };
      x.clicks += r.clicks;
      x.conversions += r.conversions;
      for (const v of r.revenue || []) if (!currency || v.currency === currency) x.revenue += Number(v.net);
      days.set(r.day, x);
    }
    const keys = [...days.keys()].sort();
    let cum = 0;
    const roi = keys.map((k) => { cum += days.get(k).revenue; return cost > 0 ? (cum - cost) / cost : null; });
    return { x: keys.map((k) => Date.parse(k + 'T00:00:00Z') / 1000), clicks: keys.map((k) => days.get(k).clicks),
      conversions: keys.map((k) => days.get(k).conversions), revenue: keys.map((k) => days.get(k).revenue), roi };
  }, [rows, currency, cost]);
  const traffic = useMemo(() => [{ label: 'clicks', values: d.clicks }, { label: 'conversions', values: d.conversions }], [d]);
  const money = useMemo(() => [{ label: 'revenue ' + (currency || ''), values: d.revenue }], [d]);
  const roi = useMemo(() => [{ label: 'ROI to date', values: d.roi }], [d]);
  // the axes cover the campaign's days, so one day of clicks is a point in its run, not the whole chart
  const span = start && end ? [Date.parse(start + 'T00:00:00Z') / 1000, Date.parse(end + 'T00:00:00Z') / 1000] : undefined;
  if (!d.x.length) return <Empty title="No clicks or orders yet.">Make tracking links for the roster and share them; the charts fill in as people click and buy.</Empty>;
  return (
    <div class="grid2" data-testid="campaign-charts">
      <figure><figcaption>Clicks and conversions per day</figcaption><TimeChart x={d.x} series={traffic} label="Clicks and conversions per day" span={span} /></figure>
      <figure><figcaption>Revenue per day</figcaption><TimeChart x={d.x} series={money} label="Net revenue per day" span={span} /></figure>
      {cost > 0 && <figure><figcaption>ROI to date (against the cost so far)</figcaption><TimeChart percent x={d.x} series={roi} label="Return on investment to date" span={span} /></figure>}
    </div>
  );
}

function Contracts({ name, canWrite, onChanged }) {
  const list = useApi(withQuery('/api/v1/contracts', { campaign: name }));
  // a contract or deliverable written: this list again, and the calendar (due days) with it
  const changed = () => { list.reload(); if (onChanged) onChanged(); };
  const [f, setF] = useState({ person: '', flat: '', commission: '' });
  const [error, setError] = useState(null);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const add = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { campaign: name, person: f.person.trim() };
      if (f.flat.trim()) body.flat = f.flat.trim();
      if (f.commission.trim()) body.commission = f.commission.trim();
      await post('/api/v1/contracts', body);
      setF({ person: '', flat: '', commission: '' });
      changed();
    } catch (err) { setError(err); }
  };
  return (
    <>
      {canWrite && (
        <form class="filters" data-edit="contract" onSubmit={add} aria-label="Add a contract">
          <Field label="Person"><input required value={f.person} onInput={set('person')} /></Field>
          <Field label="Flat fee"><input inputMode="decimal" value={f.flat} onInput={set('flat')} /></Field>
          <Field label="Commission" hint="e.g. 10%"><input value={f.commission} onInput={set('commission')} /></Field>
          <div class="actions"><button type="submit" class="primary">Add contract</button></div>
        </form>)}
      <ErrorBox error={error} what="Adding the contract" />
      <ApiView state={list} what="the contracts">{(d) => (!d.contracts.length ? <Empty title="No contract yet." /> : (
        <div class="table-wrap"><table class="data" data-testid="contracts">
          <thead><tr><th scope="col">person</th><th scope="col">status</th><th scope="col" class="num">flat</th><th scope="col" class="num">commission</th>
            <th scope="col">payment</th><th scope="col">deliverables</th></tr></thead>
          <tbody>{d.contracts.map((c) => (
            <tr><td>{c.person_name || c.person}</td><td>{c.status}</td><td class="num">{c.flat_fee} {c.currency}</td><td class="num">{c.commission}</td>
              <td>{(c.payment && c.payment.status) || '–'}</td>
              <td>{!c.deliverables.length ? '–' : c.deliverables.map((v) => (
                <div class="deliverable" data-testid="deliverable">{v.format} on {v.platform}, due {v.due}:{' '}
                  {canWrite ? <DeliverableStatus v={v} onChanged={changed} /> : <span class={'status ' + v.status}>{v.status}</span>}
                  {v.check && v.check.problems ? <span class="flag"> {v.check.problems}</span> : null}</div>))}</td></tr>))}
          </tbody></table></div>))}</ApiView>
      {canWrite && list.data && list.data.contracts.length > 0 && <DeliverableForm name={name} contracts={list.data.contracts} onAdded={changed} />}
    </>
  );
}

const deliverableFormats = ['post', 'story', 'reel', 'video', 'live', 'short', 'thread', 'article'];
const deliverableStatuses = ['draft', 'submitted', 'approved', 'published', 'late'];
const deliverablePlatforms = ['instagram', 'tiktok', 'youtube', 'twitter'];

// A deliverable's status, changed in place (PATCH /api/v1/deliverables/{id}: the server checks it
// again against its post).
function DeliverableStatus({ v, onChanged }) {
  const [error, setError] = useState(null);
  const change = async (e) => {
    const status = e.currentTarget.value;
    setError(null);
    try { await patch('/api/v1/deliverables/' + v.id, { status }); onChanged(); } catch (err) { setError(err); }
  };
  return (
    <>
      <select class="inline" aria-label={`Status of the ${v.format} on ${v.platform} due ${v.due}`} value={v.status} onChange={change}>
        {deliverableStatuses.map((st) => <option>{st}</option>)}</select>
      <ErrorBox error={error} what="Changing the deliverable" />
    </>
  );
}

// A new deliverable on one of the campaign's contracts (POST /api/v1/deliverables).
function DeliverableForm({ name, contracts, onAdded }) {
  const people = [...new Set(contracts.map((c) => c.person_name || c.person))];
  const [f, setF] = useState({ person: people[0] || '', platform: 'instagram', format: 'post', due: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const add = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/api/v1/deliverables', { campaign: name, person: f.person, platform: f.platform, format: f.format, due: f.due });
      setF({ ...f, due: '' });
      onAdded();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <>
      <form class="filters" data-edit="deliverable" onSubmit={add} aria-label="Add a deliverable">
        <Field label="Deliverable of"><select value={f.person} onChange={set('person')}>{people.map((p) => <option>{p}</option>)}</select></Field>
        <Field label="Platform"><select value={f.platform} onChange={set('platform')}>{deliverablePlatforms.map((p) => <option>{p}</option>)}</select></Field>
        <Field label="Format"><select value={f.format} onChange={set('format')}>{deliverableFormats.map((p) => <option>{p}</option>)}</select></Field>
        <Field label="Due"><input type="date" required value={f.due} onInput={set('due')} /></Field>
        <div class="actions"><button type="submit" class="primary" disabled={busy}>Add deliverable</button></div>
      </form>
      <ErrorBox error={error} what="Adding the deliverable" />
    </>
  );
}

function Calendar({ name }) {
  const cal = useApi(withQuery('/api/v1/calendar', { campaign: name }));
  return (
    <ApiView state={cal} what="the calendar">{(d) => {
      if (!d.events.length) return <Empty title="Nothing on the calendar." />;
      const months = new Map();
      for (const e of d.events) {
        const m = e.date.slice(0, 7);
        if (!months.has(m)) months.set(m, []);
        months.get(m).push(e);
      }
      return (
        <div class="calendar" data-testid="calendar">{[...months].map(([m, events]) => (
          <section class="month" aria-label={m}><h3>{m}</h3>
            <ol>{events.map((e) => <li class={'ev ' + e.kind}><time datetime={e.date}>{e.date.slice(8)}</time> <span>{e.summary}</span></li>)}</ol>
          </section>))}</div>);
    }}</ApiView>
  );
}

function Links({ name }) {
  const links = useApi(withQuery('/api/v1/reports/links', { campaign: name, group: 'link' }));
  return (
    <ApiView state={links} what="the tracking links">{(d) => (!d.rows.length ? <Empty title="No tracking link for this campaign yet." /> : (
      <div class="table-wrap"><table class="data" data-testid="links">
        <thead><tr><th scope="col">link</th><th scope="col">influencer</th><th scope="col" class="num">clicks</th><th scope="col" class="num">conversions</th>
          <th scope="col" class="num">revenue</th></tr></thead>
        <tbody>{d.rows.map((r) => <tr><td>{r.link}</td><td>{r.influencer || '–'}</td><td class="num">{fmtInt(r.clicks)}</td>
          <td class="num">{fmtNum(r.conversions, 1)}</td><td class="num">{(r.revenue || []).map((v) => v.net + ' ' + v.currency).join(', ') || '–'}</td></tr>)}
        </tbody></table></div>))}</ApiView>
  );
}

function Status({ c, onChange }) {
  const [error, setError] = useState(null);
  const change = async (e) => {
    setError(null);
    try { onChange(await patch('/api/v1/campaigns/' + encodeURIComponent(c.name), { status: e.currentTarget.value })); }
    catch (err) { setError(err); }
  };
  return (
    <div data-edit="status"><Field label="Status"><select value={c.status} onChange={change}>{statuses.map((s) => <option>{s}</option>)}</select></Field>
      <ErrorBox error={error} what="Changing the status" /></div>
  );
}

export default function CampaignPage({ params }) {
  const me = useSession();
  const name = params[0];
  const enc = encodeURIComponent(name);
  const camp = useApi('/api/v1/campaigns/' + enc);
  const report = useApi('/api/v1/reports/campaigns/' + enc);
  const daily = useApi(withQuery('/api/v1/reports/links', { campaign: name, by: 'day' }));
  const roster = useApi('/api/v1/campaigns/' + enc + '/roster');
  const [override, setOverride] = useState(null);
  const [calendarRev, setCalendarRev] = useState(0);
  return (
    <section>
      <ApiView state={camp} what="the campaign">{(c0) => {
        const c = override || c0;
        return (
          <>
            <PageTitle actions={can(me, 'campaigns:write') ? <Status c={c} onChange={setOverride} /> : <span class={'status ' + c.status}>{c.status}</span>}>
              {c.name}</PageTitle>
            <p class="muted">{c.goal} · {c.start} → {c.end} · budget {c.budget} {c.currency}{c.audience ? ' · audience: ' + c.audience : ''}
              {' · '}<a href={'/api/v1/reports/campaigns/' + enc + '?format=html'} target="_blank" rel="noopener" data-testid="printable">printable report</a>
              {' · '}<a href={'/api/v1/reports/campaigns/' + enc} target="_blank" rel="noopener">report as JSON</a></p>
            <ApiView state={report} what="the report">{(r) => <Kpis report={r} campaign={c} />}</ApiView>
            <h2>Over time</h2>
            <ApiView state={daily} what="the daily figures">{(d) => (
              <Trend rows={d.rows} currency={c.currency} start={c.start} end={c.end} cost={Number((report.data && report.data.totals && report.data.totals.cost && report.data.totals.cost.total) || 0)} />)}
            </ApiView>
          </>);
      }}</ApiView>
      {camp.data && <>
        <h2>Roster</h2>
        <ApiView state={roster} what="the roster">{(r) => (!r.members.length
          ? <Empty title="Nobody on the roster yet.">Plan one in the <a href="/plan">planner</a> and add it here.</Empty>
          : <ul class="roster" data-testid="roster-members">{r.members.map((m) => <li>{m.name || m.person}{m.handle ? ' (@' + m.handle + ')' : ''}
            <span class="muted"> · {m.source === 'plan' ? 'from the plan' : 'by hand'}</span></li>)}</ul>)}</ApiView>
        <h2>Contracts and deliverables</h2>
        <Contracts name={name} canWrite={can(me, 'contracts:write')} onChanged={() => setCalendarRev((n) => n + 1)} />
        <h2>Calendar</h2>
        <Calendar key={calendarRev} name={name} />
        <h2>Tracking links</h2>
        <Links name={name} />
      </>}
    </section>
  );
}
