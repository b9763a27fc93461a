// Reports: clicks, conversions and revenue over time (GET /api/v1/reports/links?by=day) and
// by link, influencer or campaign, with the attribution model and the date range in the URL.
import { useMemo, useState } from 'preact/hooks';
import { post } from '../api.js';
import { useQuery } from '../router.js';
import { ApiView, Empty, ErrorBox, Field, PageTitle, fmtInt, fmtPct, useApi, useSession, can } from '../ui.jsx';
import { TimeChart } from '../chart.jsx';

const groups = ['link', 'influencer', 'campaign'];
const models = ['last', 'first', 'linear'];

// Sums the per-day rows of every group into one series per measure (and per currency).
function byDay(rows) {
  const days = new Map();
  for (const r of rows) {
    if (!r.day) continue;
    const d = days.get(r.day) || { clicks: 0, conversions: 0, revenue: {} };
    d.clicks += r.clicks;
    d.conversions += r.conversions;
    for (const v of r.revenue || []) d.revenue[v.currency] = (d.revenue[v.currency] || 0) + Number(v.net);
    days.set(r.day, d);
  }
  const keys = [...days.keys()].sort();
  const x = keys.map((k) => Date.parse(k + 'T00:00:00Z') / 1000);
  const currencies = [...new Set(keys.flatMap((k) => Object.keys(days.get(k).revenue)))].sort();
  return { x, clicks: keys.map((k) => days.get(k).clicks), conversions: keys.map((k) => days.get(k).conversions),
    revenue: currencies.map((c) => ({ label: 'revenue ' + c, values: keys.map((k) => days.get(k).revenue[c] || 0) })) };
}

function Charts({ rows }) {
  const d = useMemo(() => byDay(rows), [rows]);
  const traffic = useMemo(() => [{ label: 'clicks', values: d.clicks }, { label: 'conversions', values: d.conversions }], [d]);
  if (!d.x.length) return <Empty title="No clicks or orders in this range.">Widen the dates, or share a tracking link first.</Empty>;
  return (
    <div class="grid2">
      <figure><figcaption>Clicks and conversions per day</figcaption>
        <TimeChart x={d.x} series={traffic} label={`Clicks and conversions per day over ${d.x.length} days`} /></figure>
      <figure><figcaption>Net revenue per day</figcaption>
        {d.revenue.length ? <TimeChart x={d.x} series={d.revenue} label="Net revenue per day, per currency" />
          : <p class="muted">No revenue in this range.</p>}</figure>
    </div>
  );
}

// A new tracking link (POST /api/v1/links): only for roles with links:write.
function LinkForm({ onCreated }) {
  const [f, setF] = useState({ url: '', influencer: '', campaign: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [made, setMade] = useState(null);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { url: f.url.trim() };
      if (f.influencer.trim()) body.influencer = f.influencer.trim();
      if (f.campaign.trim()) body.campaign = f.campaign.trim();
      setMade(await post('/api/v1/links', body));
      setF({ url: '', influencer: '', campaign: '' });
      onCreated();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <details class="card" data-edit="link">
      <summary>New tracking link</summary>
      <form class="filters" onSubmit={submit}>
        <div class="field wide"><Field label="Destination URL"><input type="url" required placeholder="https://shop.example.com/p"
          value={f.url} onInput={set('url')} /></Field></div>
        <Field label="Influencer (optional)"><input value={f.influencer} placeholder="@handle" onInput={set('influencer')} /></Field>
        <Field label="Campaign (optional)"><input value={f.campaign} onInput={set('campaign')} /></Field>
        <div class="actions"><button type="submit" class="primary" disabled={busy}>{busy ? 'Creating…' : 'Create link'}</button></div>
      </form>
      <ErrorBox error={error} what="Creating the link" />
      {made && <p class="notice" role="status">Created <a href={made.short_url || '#'}>{made.short_url || made.code}</a> for {made.url}.</p>}
    </details>
  );
}

export default function Reports() {
  const me = useSession();
  const [q, setQ] = useQuery();
  const group = groups.includes(q.group) ? q.group : 'link';
  const model = models.includes(q.model) ? q.model : 'last';
  const params = new URLSearchParams({ group, model });
  if (q.from) params.set('from', q.from);
  if (q.to) params.set('to', q.to);
  const daily = useApi('/api/v1/reports/links?by=day&' + params);
  const total = useApi('/api/v1/reports/links?' + params);
  const set = (k) => (e) => setQ({ ...q, [k]: e.currentTarget.value }, { replace: true });
  return (
    <section>
      <PageTitle>Reports</PageTitle>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Group by"><select value={group} onChange={set('group')}>{groups.map((g) => <option>{g}</option>)}</select></Field>
        <Field label="Attribution model"><select value={model} onChange={set('model')}>{models.map((m) => <option>{m}</option>)}</select></Field>
        <Field label="From"><input type="date" value={q.from || ''} onChange={set('from')} /></Field>
        <Field label="To"><input type="date" value={q.to || ''} onChange={set('to')} /></Field>
      </form>
      {can(me, 'links:write') && <LinkForm onCreated={() => { daily.reload(); total.reload(); }} />}
      <ApiView state={daily} what="the daily report">{(r) => <Charts rows={r.rows} />}</ApiView>
      <h2>By {group}</h2>
      <ApiView state={total} what="the report">{(r) => (r.rows.length === 0
        ? <Empty title="Nothing to report yet.">Create a tracking link (<code>clout link create</code>) and share it; clicks and orders show here.</Empty>
        : (
          <div class="table-wrap"><table class="data">
            <caption class="sr-only">Clicks, conversions and revenue by {group}</caption>
            <thead><tr><th scope="col">{group}</th><th scope="col" class="num">clicks</th><th scope="col" class="num">unique</th>
              <th scope="col" class="num">conversions</th><th scope="col" class="num">rate</th><th scope="col" class="num">net revenue</th></tr></thead>
            <tbody>{r.rows.map((row) => (
              <tr><td>{row[group] || row.link || '–'}</td><td class="num">{fmtInt(row.clicks)}</td><td class="num">{fmtInt(row.unique_clicks)}</td>
                <td class="num">{fmtNum1(row.conversions)}</td><td class="num">{fmtPct(row.conversion_rate)}</td>
                <td class="num">{(row.revenue || []).map((v) => v.net + ' ' + v.currency).join(', ') || '–'}</td></tr>))}
            </tbody></table></div>
        ))}</ApiView>
    </section>
  );
}
const fmtNum1 = (n) => (Number.isInteger(n) ? fmtInt(n) : Number(n).toFixed(2));
