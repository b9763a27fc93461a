// The overview: what the workspace holds (GET /api/v1/stats) and where to go next.
import { ApiView, PageTitle, Empty, fmtInt, useApi, useSession, can } from '../ui.jsx';

export default function Home() {
  const me = useSession();
  const stats = useApi('/api/v1/stats');
  return (
    <section>
      <PageTitle>Overview</PageTitle>
      <ApiView state={stats} what="the store's counts">{(s) => (
        s.accounts === 0
          ? <Empty title="This workspace holds no accounts yet.">Import some with <code>clout import FILE…</code>
            (or <code>clout gen</code> for sample data), then come back.</Empty>
          : <dl class="tiles">{['accounts', 'posts', 'edges', 'people', 'snapshots'].filter((k) => k in s).map((k) => (
            <div class="tile"><dt>{k}</dt><dd data-testid={'count-' + k}>{fmtInt(s[k])}</dd></div>))}</dl>
      )}</ApiView>
      <h2>Go to</h2>
      <ul class="links">
        {can(me, 'discover:read') && <li><a href="/discover">Discovery</a>: rank accounts for a topic by reach, relevance and resonance.</li>}
        {can(me, 'plan:run') && <li><a href="/plan">Planner</a>: the roster that reaches the most within a budget.</li>}
        {can(me, 'people:read') && <li><a href="/relationships">Relationships</a>: the pipeline of people, their consent, contracts and history.</li>}
        {can(me, 'campaigns:read') && <li><a href="/campaigns">Campaigns</a>: KPI targets against actuals, budget, contracts, calendar and links.</li>}
        {can(me, 'listen:read') && <li><a href="/listening">Listening</a>: the inbox with its SLA clocks, rules, alerts and share of voice.</li>}
        {can(me, 'reports:read') && <li><a href="/reports">Reports</a>: clicks, conversions, revenue, share of voice and sentiment over time; printable reports.</li>}
      </ul>
    </section>
  );
}
