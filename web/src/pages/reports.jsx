// Reports: clicks, conversions and revenue over time (GET /api/v1/reports/links?by=day) and
// by link, influencer or campaign, with the attribution model and the date range in the URL; the
// brand's share of voice and the sentiment of its mentions over time (GET /api/v1/reports/sov);
// each campaign's cost, ROI over time and printable report (GET /api/v1/reports/campaigns/{name}).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, post, withQuery } from '../api.js';
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

// The first brand rule's share of voice against the competitor rules, and the sentiment of the
// brand's mentions (positive, neutral, negative per day), in the report's date range.
function Listening({ from, to }) {
  const rules = useApi('/api/v1/rules');
  const all = rules.data ? rules.data.rules : [];
  const brand = (all.find((r) => r.kind === 'brand') || {}).name;
  const competitors = all.filter((r) => r.kind === 'competitor').map((r) => r.name);
  const sov = useApi(brand ? withQuery('/api/v1/reports/sov', { brand, competitor: competitors.join(',') || undefined, from, to }) : null);
  const d = useMemo(() => {
    if (!sov.data) return null;
    const x = [...new Set(sov.data.rows.map((r) => r.period))].sort((a, b) => a - b);
    const at = new Map(sov.data.rows.map((r) => [r.period + '|' + r.rule, r]));
    const names = [...new Set(sov.data.rows.map((r) => r.rule))];
    const mine = (k) => x.map((p) => (at.get(p + '|' + brand) || {})[k] || 0);
    return { x, share: names.map((n) => ({ label: n, values: x.map((p) => (at.get(p + '|' + n) || {}).share || 0) })),
      mood: [{ label: 'positive', values: mine('positive'), color: '#059669' }, { label: 'neutral', values: mine('neutral'), color: '#6b7280' },
        { label: 'negative', values: mine('negative'), color: '#dc2626' }] };
  }, [sov.data, brand]);
  if (rules.loading || rules.error) return <ApiView state={rules} what="the listening rules">{() => null}</ApiView>;
  if (!brand) return <Empty title="No brand rule yet.">Share of voice and sentiment follow a brand rule: add one under <a href="/listening?tab=rules">Listening → Rules</a>.</Empty>;
  return (
    <ApiView state={sov} what="share of voice">{() => (!d.x.length ? <Empty title={'No mentions of ' + brand + ' in this range.'}>Widen the dates, or ingest posts under Listening.</Empty> : (
      <div class="grid2" data-testid="report-listening">
        <figure><figcaption>Share of voice per day: {brand} against {competitors.join(', ') || 'no competitor rule'}</figcaption>
          <TimeChart x={d.x} series={d.share} share label={'Share of voice of ' + brand + ' per day'} /></figure>
        <figure data-testid="report-sentiment"><figcaption>Sentiment of the mentions of {brand} per day</figcaption>
          <TimeChart x={d.x} series={d.mood} label={'Positive, neutral and negative mentions of ' + brand + ' per day'} /></figure>
      </div>))}</ApiView>
  );
}

// The campaigns' return on investment: each one's cost, net revenue and ROI to date (from its
// report), its ROI over time (net revenue per day of its links, summed up, against its cost), and
// its printable report (one HTML file with its tables and charts, to print or send).
function CampaignRoi({ model, from, to }) {
  const list = useApi('/api/v1/campaigns');
  const daily = useApi('/api/v1/reports/links?' + new URLSearchParams({ by: 'day', group: 'campaign', model, ...(from ? { from } : {}), ...(to ? { to } : {}) }));
  const [reports, setReports] = useState({});
  const names = list.data ? list.data.campaigns.map((c) => c.name).slice(0, 50) : [];
  useEffect(() => {
    if (!names.length) return undefined;
    const ctl = new AbortController();
    Promise.all(names.map((n) => get('/api/v1/reports/campaigns/' + encodeURIComponent(n), { model }, { signal: ctl.signal })
      .then((r) => [n, r], (e) => [n, { error: e }])))
      .then((pairs) => setReports(Object.fromEntries(pairs)), () => {});
    return () => ctl.abort();
  }, [names.join('\n'), model]);
  const chart = useMemo(() => {
    if (!daily.data) return null;
    const x = [...new Set(daily.data.rows.filter((r) => r.day).map((r) => r.day))].sort();
    const series = names.map((n) => {
      const rep = reports[n];
      const cost = Number((rep && rep.totals && rep.totals.cost && rep.totals.cost.total) || 0);
      if (!(cost > 0)) return null;
      const byDay = new Map();
      for (const r of daily.data.rows)
        if (r.campaign === n && r.day)
          byDay.set(r.day, (byDay.get(r.day) || 0) + (r.revenue || []).filter((v) => !rep.currency || v.currency === rep.currency).reduce((a, v) => a + Number(v.net), 0));
      let cum = 0;
      return { label: n, values: x.map((d) => { cum += byDay.get(d) || 0; return (cum - cost) / cost; }) };
    }).filter(Boolean);
    return { x: x.map((d) => Date.parse(d + 'T00:00:00Z') / 1000), series };
  }, [daily.data, reports, names.join('\n')]);
  return (
    <ApiView state={list} what="the campaigns">{(d) => (!d.campaigns.length
      ? <Empty title="No campaign yet.">Return on investment and printable reports appear here once a campaign exists (<a href="/campaigns">Campaigns</a>).</Empty>
      : <>
        {chart && chart.series.length > 0 && chart.x.length > 0 && <figure data-testid="report-roi"><figcaption>ROI to date per day, by campaign (against each campaign's cost)</figcaption>
          <TimeChart percent x={chart.x} series={chart.series} label="Return on investment to date of each campaign with a cost" /></figure>}
        <div class="table-wrap"><table class="data" data-testid="printable-reports">
          <caption class="sr-only">Cost, net revenue and return on investment of each campaign, with its printable report</caption>
          <thead><tr><th scope="col">campaign</th><th scope="col" class="num">cost</th><th scope="col" class="num">net revenue</th>
            <th scope="col" class="num">ROI</th><th scope="col">report</th></tr></thead>
          <tbody>{names.map((n) => {
            const enc = encodeURIComponent(n), rep = reports[n], t = (rep && rep.totals) || {};
            return (
              <tr><td><a href={'/campaigns/' + enc}>{n}</a></td>
                <td class="num">{rep ? (rep.error ? '–' : (t.cost && t.cost.total) + ' ' + (rep.currency || '')) : '…'}</td>
                <td class="num">{rep && !rep.error ? t.revenue + ' ' + (rep.currency || '') : '–'}</td>
                <td class="num" data-testid="roi">{rep && !rep.error && t.roi != null ? fmtPct(t.roi, 0) : '–'}</td>
                <td><a href={'/api/v1/reports/campaigns/' + enc + '?format=html'} target="_blank" rel="noopener">printable report</a></td></tr>);
          })}</tbody></table></div>
      </>)}</ApiView>
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
      {can(me, 'listen:read') && <><h2>Share of voice and sentiment</h2><Listening from={q.from} to={q.to} /></>}
      {can(me, 'campaigns:read') && <><h2>Campaigns: return on investment and printable reports</h2><CampaignRoi model={model} from={q.from} to={q.to} /></>}
    </section>
  );
}
const fmtNum1 = (n) => (Number.isInteger(n) ? fmtInt(n) : Number(n).toFixed(2));
