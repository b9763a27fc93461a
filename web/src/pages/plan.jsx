// The planner: budget, costs (uniform, per account, or a rate card), target audience and the
// forecast's rates -> POST /api/v1/plan. Shows the roster, the guarantee it met, the overlap
// heatmap of the chosen accounts and the forecast's P10/P50/P90 as a band over the funnel.
// The form is in the URL, so a plan can be bookmarked and shared (it runs again when opened).
import { useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useQuery } from '../router.js';
import { Empty, ErrorBox, Field, Loading, PageTitle, can, fmtCompact, fmtInt, fmtNum, fmtPct, useApi, useSession } from '../ui.jsx';
import { TimeChart } from '../chart.jsx';

const FORM = ['budget', 'costs', 'rate_card', 'target', 'click_rate', 'conversion_rate', 'order_value', 'seed'];

// "platform:id (@handle)" -> { key: "platform:id", label: "@handle" }
export function seedName(id) {
  const m = /^(\S+)(?: \((.*)\))?$/.exec(id || '');
  return m ? { key: m[1], label: m[2] || m[1] } : { key: id, label: id };
}

// Lines "a,b,c" -> arrays, with the line number of anything malformed.
function parseLines(text, cols, what) {
  const rows = [];
  (text || '').split('\n').forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const parts = t.split(',').map((p) => p.trim());
    if (parts.length !== cols) throw new Error(`${what}, line ${i + 1}: expected ${cols} values separated by commas, got "${t}"`);
    rows.push(parts);
  });
  return rows;
}

// The request body from the form (errors name the field and line).
export function planBody(f) {
  const body = { budget: Number(f.budget), overlap: true };
  if (!(body.budget > 0)) throw new Error('Budget: give a positive number.');
  if (f.costs) {
    body.costs = {};
    for (const [acc, cost] of parseLines(f.costs, 2, 'Costs per account')) body.costs[acc] = Number(cost);
  } else if (f.rate_card) {
    body.rate_card = parseLines(f.rate_card, 3, 'Rate card').map(([platform, tier, cost]) => ({ platform, tier, cost: Number(cost) }));
  }
  const target = (f.target || '').split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  if (target.length) body.target = target;
  const rates = {};
  for (const k of ['click_rate', 'conversion_rate', 'order_value']) if (f[k]) rates[k] = Number(f[k]);
  if (Object.keys(rates).length) body.forecast = rates;
  if (f.seed) body.seed = Number(f.seed);
  return body;
}

function Heatmap({ overlap, names }) {
  const n = overlap.ids.length;
  if (n < 2) return <p class="muted">One account: nothing overlaps.</p>;
  return (
    <div class="table-wrap"><table class="data heatmap" data-testid="heatmap">
      <caption class="sr-only">Shared audience of each pair of accounts (Jaccard index, and shared members)</caption>
      <thead><tr><th scope="col">account</th>{overlap.ids.map((id, j) => <th scope="col" title={id}>{names[j]}</th>)}</tr></thead>
      <tbody>{overlap.ids.map((id, i) => (
        <tr><th scope="row" title={id}>{names[i]}</th>{overlap.jaccard[i].map((v, j) => (
          <td style={{ background: i === j ? '#e5e7eb' : `rgba(220, 38, 38, ${Math.min(1, v * 2.5).toFixed(3)})` }}
            title={`${names[i]} and ${names[j]}: ${overlap.shared[i][j]} shared, Jaccard ${fmtNum(v, 3)}`}>
            {i === j ? '–' : fmtNum(v, 2)}</td>))}</tr>))}
      </tbody></table></div>
  );
}

const STAGES = [['reach', 'reach'], ['engagements', 'engagements'], ['clicks', 'clicks'], ['conversions', 'conversions'],
  ['revenue', 'revenue'], ['lifetime_revenue', 'lifetime revenue']];

function Forecast({ forecast }) {
  const stages = STAGES.filter(([k]) => forecast[k]);
  const x = useMemo(() => stages.map((_, i) => i), [forecast]);
  const floor = (v) => Math.max(v, 0.001); // a log scale: zero would have no place
  const series = useMemo(() => [
    { label: 'P90', values: stages.map(([k]) => floor(forecast[k].p90)), color: '#93c5fd', width: 1 },
    { label: 'P50', values: stages.map(([k]) => floor(forecast[k].p50)), color: '#1d4ed8', width: 2 },
    { label: 'P10', values: stages.map(([k]) => floor(forecast[k].p10)), color: '#93c5fd', width: 1 },
  ], [forecast]);
  return (
    <>
      <TimeChart x={x} series={series} bands={[[0, 2, 'rgba(37, 99, 235, 0.15)']]} time={false} log
        xNames={stages.map(([, l]) => l)} label="Forecast over the funnel: P10 to P90 band around the P50 line (log scale)" />
      <div class="table-wrap"><table class="data" data-testid="forecast">
        <thead><tr><th scope="col">forecast</th><th scope="col" class="num">P10</th><th scope="col" class="num">P50</th><th scope="col" class="num">P90</th></tr></thead>
        <tbody>{stages.concat(forecast.roi ? [['roi', 'ROI']] : []).map(([k, l]) => (
          <tr><td>{l}</td>{['p10', 'p50', 'p90'].map((p) => <td class="num">{k === 'roi' ? fmtPct(forecast[k][p]) : fmtNum(forecast[k][p], 2)}</td>)}</tr>))}
        </tbody></table></div>
    </>
  );
}

// "Add roster to campaign": POST /api/v1/campaigns/{name}/roster with this plan (roles with campaigns:write).
function AddToCampaign({ r }) {
  const list = useApi('/api/v1/campaigns');
  const [name, setName] = useState('');
  const [state, setState] = useState({ busy: false, error: null, done: null });
  const campaigns = list.data ? list.data.campaigns : [];
  const chosen = name || (campaigns[0] && campaigns[0].name) || '';
  const add = async (e) => {
    e.preventDefault();
    setState({ busy: true, error: null, done: null });
    try {
      const roster = await api('POST', '/api/v1/campaigns/' + encodeURIComponent(chosen) + '/roster', { plan: r });
      setState({ busy: false, error: null, done: roster });
    } catch (err) { setState({ busy: false, error: err, done: null }); }
  };
  if (list.error) return <ErrorBox error={list.error} what="Loading the campaigns" />;
  if (!campaigns.length) return list.loading ? null : <p class="muted">Create a <a href="/campaigns">campaign</a> to add this roster to it.</p>;
  return (
    <form class="filters" data-edit="add-roster" onSubmit={add}>
      <Field label="Campaign"><select value={chosen} onChange={(e) => setName(e.currentTarget.value)}>
        {campaigns.map((c) => <option>{c.name}</option>)}</select></Field>
      <div class="actions"><button type="submit" class="primary" disabled={state.busy}>Add roster to campaign</button></div>
      <div class="wide">
        <ErrorBox error={state.error} what="Adding the roster" />
        {state.done && <p class="notice" role="status">The roster of <a href={'/campaigns/' + encodeURIComponent(chosen)}>{chosen}</a> now
          has {state.done.members.length} people.</p>}
      </div>
    </form>
  );
}

function Result({ r }) {
  const me = useSession();
  // an account by its @handle when the store knows one (the API sends it apart from the id)
  const seeds = r.seeds.map((s) => {
    const n = seedName(s.id);
    return { ...s, key: n.key, label: s.handle ? '@' + s.handle : n.label };
  });
  const g = r.guarantee || {};
  if (!seeds.length) return <Empty title="No account fits the budget.">Raise the budget, or lower the costs.</Empty>;
  return (
    <>
      <dl class="tiles">
        <div class="tile"><dt>roster</dt><dd data-testid="roster-size">{seeds.length}</dd></div>
        <div class="tile"><dt>cost</dt><dd>{fmtNum(r.total_cost, 2)} / {fmtNum(r.budget, 2)}</dd></div>
        <div class="tile"><dt>expected reach</dt><dd>{fmtCompact(r.spread)}</dd></div>
        <div class="tile"><dt>reach, at least</dt><dd>{fmtCompact(r.spread_lower)}</dd></div>
        <div class="tile"><dt>guarantee</dt><dd data-testid="guarantee">{g.met ? '✓ ' : '✗ '}{fmtPct(g.approximation, 1)}</dd></div>
      </dl>
      <p class="muted">{g.met ? 'Guaranteed' : 'Not guaranteed'}: the roster reaches at least {fmtPct(g.approximation, 1)} of what the best roster
        could (target {fmtPct(g.target, 1)}, with probability 1 − {g.delta}); {fmtInt(r.rr_sets)} samples, {fmtNum(r.seconds && r.seconds.total, 2)} s.</p>
      <div class="grid2">
        <figure><figcaption>Roster</figcaption>
          <div class="table-wrap"><table class="data" data-testid="roster">
            <thead><tr><th scope="col" class="num">#</th><th scope="col">account</th><th scope="col" class="num">adds</th><th scope="col" class="num">cost</th></tr></thead>
            <tbody>{seeds.map((s) => (
              <tr><td class="num">{s.rank}</td><td><a href={'/accounts/' + encodeURIComponent(s.key)}>{s.label}</a></td>
                <td class="num">{fmtNum(s.marginal_gain, 1)}</td><td class="num">{fmtNum(s.cost, 2)}</td></tr>))}</tbody>
          </table></div></figure>
        <figure><figcaption>Audience overlap of the roster</figcaption>
          {r.overlap ? <Heatmap overlap={r.overlap} names={r.overlap.ids.map((id) => {
            const s = seeds.find((x) => x.key === seedName(id).key || x.label === id);
            return s ? s.label : id;
          })} /> : <p class="muted">The server sent no overlap.</p>}</figure>
      </div>
      {can(me, 'campaigns:write') && <AddToCampaign r={r} />}
      <h2>Forecast</h2>
      {r.forecast ? <figure><Forecast forecast={r.forecast} /></figure> : <p class="muted">No forecast was asked for.</p>}
    </>
  );
}

export default function Plan() {
  const [q, setQ] = useQuery();
  const [f, setF] = useState(() => Object.fromEntries(FORM.map((k) => [k, q[k] || (k === 'budget' ? '10' : '')])));
  const [state, setState] = useState({ loading: false, error: null, data: null });
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const run = async (e) => {
    e.preventDefault();
    let body;
    try { body = planBody(f); } catch (err) { setState({ loading: false, error: { status: 422, message: err.message }, data: null }); return; }
    setQ(Object.fromEntries(FORM.filter((k) => f[k]).map((k) => [k, f[k]])), { replace: true });
    setState({ loading: true, error: null, data: null });
    try { setState({ loading: false, error: null, data: await api('POST', '/api/v1/plan', body) }); }
    catch (err) { setState({ loading: false, error: err, data: null }); }
  };
  return (
    <section>
      <PageTitle>Planner</PageTitle>
      <form class="filters" onSubmit={run} aria-busy={state.loading}>
        <Field label="Budget" hint="in the costs' unit; with uniform cost, the number of accounts">
          <input type="number" min="0" step="any" required value={f.budget} onInput={set('budget')} /></Field>
        <div class="field wide"><Field label="Costs per account (optional)" hint="lines: platform:id or @handle, cost">
          <textarea rows="3" value={f.costs} onInput={set('costs')} /></Field></div>
        <div class="field wide"><Field label="Rate card (optional)" hint="lines: platform (or *), tier, cost">
          <textarea rows="3" value={f.rate_card} placeholder={'*,micro,100\ninstagram,macro,900'} onInput={set('rate_card')} /></Field></div>
        <div class="field wide"><Field label="Target audience (optional)" hint="accounts that count as reached, one a line">
          <textarea rows="3" value={f.target} onInput={set('target')} /></Field></div>
        <Field label="Click rate"><input type="number" step="any" min="0" max="1" placeholder="0.01" value={f.click_rate} onInput={set('click_rate')} /></Field>
        <Field label="Conversion rate"><input type="number" step="any" min="0" max="1" placeholder="0.02" value={f.conversion_rate} onInput={set('conversion_rate')} /></Field>
        <Field label="Order value"><input type="number" step="any" min="0" placeholder="50" value={f.order_value} onInput={set('order_value')} /></Field>
        <div class="actions"><button type="submit" class="primary" disabled={state.loading}>{state.loading ? 'Planning…' : 'Plan'}</button></div>
      </form>
      {state.loading && <Loading what="Choosing the roster (sampling the audience graph)" />}
      <ErrorBox error={state.error} what="Planning" />
      {state.data ? <Result r={state.data} />
        : !state.loading && !state.error && <Empty title="Give a budget and press Plan.">The planner chooses the accounts that reach the most
          people within the budget without paying twice for the same audience, and says how close to the best roster it is guaranteed to be.</Empty>}
    </section>
  );
}
