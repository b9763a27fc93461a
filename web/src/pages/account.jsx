// One account (GET /api/v1/accounts/{platform:id}?topic=): its fields and flags, engagement
// against its tier's norm, the topic's terms its posts hold, its follower history (uPlot) and
// its newest posts (their text shown as text, never as HTML).
import { useMemo } from 'preact/hooks';
import { useQuery } from '../router.js';
import { withQuery } from '../api.js';
import { ApiView, Empty, PageTitle, fmtCompact, fmtDate, fmtInt, fmtNum, fmtPct, useApi } from '../ui.jsx';
import { TimeChart } from '../chart.jsx';
import { Flags } from './discover.jsx';

function History({ history }) {
  const x = useMemo(() => history.map((h) => h.observed_at), [history]);
  const series = useMemo(() => [{ label: 'followers', values: history.map((h) => h.followers) }], [history]);
  if (history.length < 2) return <Empty title="No follower history yet.">It builds up as the account is imported again over time.</Empty>;
  return <TimeChart x={x} series={series} label={`Followers over ${history.length} observations`} />;
}

function Account({ a, topic }) {
  const e = a.engagement || {};
  return (
    <>
      <PageTitle>{a.handle ? '@' + a.handle : a.id}</PageTitle>
      <p class="muted">{a.name} · {a.platform} · {a.tier} · {a.country || 'country unknown'} · {a.lang || 'language unknown'}
        {topic ? <> · <a href={withQuery('/discover', { topic })}>back to the ranking for "{topic}"</a></> : null}</p>
      <div class="grid2">
        <figure><figcaption>Account</figcaption>
          <dl class="kv">
            <dt>followers</dt><dd data-testid="followers">{fmtInt(a.followers)}</dd>
            <dt>following</dt><dd>{fmtInt(a.following)}</dd>
            <dt>posts</dt><dd>{fmtInt(a.post_count)}</dd>
            <dt>price per post</dt><dd>{a.price == null ? '–' : a.price + ' ' + (a.currency || '')}</dd>
            <dt>verified</dt><dd>{a.verified == null ? '–' : a.verified ? 'yes' : 'no'}</dd>
            <dt>flags</dt><dd><Flags flags={a.flags} /></dd>
          </dl></figure>
        <figure><figcaption>Engagement against the {e.tier} tier's norm</figcaption>
          <dl class="kv">
            <dt>engagement rate</dt><dd>{fmtPct(e.rate, 2)}</dd>
            <dt>{e.tier} norm</dt><dd>{fmtPct(e.tier_norm, 2)}</dd>
            <dt>against the norm</dt><dd data-testid="vs-norm"><strong>{fmtNum(e.vs_norm, 2)}×</strong>
              <meter min="0" max="3" low="0.7" high="1.5" optimum="1.2" value={Math.min(3, e.vs_norm || 0)}
                aria-label="engagement against the tier's norm" /></dd>
            <dt>reply rate</dt><dd>{fmtPct(e.reply_rate, 1)}</dd>
            <dt>posts per week</dt><dd>{fmtNum(e.posts_per_week, 1)}</dd>
          </dl></figure>
      </div>
      <h2>Follower history</h2>
      <figure><History history={a.follower_history || []} /></figure>
      <h2>Terms that made it relevant{topic ? ` to "${topic}"` : ''}</h2>
      {!topic ? <p class="muted">Open the account from a discovery ranking to see the topic's terms in its posts.</p>
        : !(a.terms || []).length ? <Empty title="None of the topic's terms are in its recent posts." />
        : <div class="table-wrap"><table class="data"><thead><tr><th scope="col">term</th><th scope="col" class="num">posts</th>
          <th scope="col" class="num">occurrences</th></tr></thead>
          <tbody>{a.terms.map((t) => <tr><td>{t.surface || t.term}</td><td class="num">{fmtInt(t.posts)}</td>
            <td class="num">{fmtInt(t.occurrences)}</td></tr>)}</tbody></table></div>}
      <h2>Newest posts</h2>
      {!(a.posts || []).length ? <Empty title="No posts of this account are in the store." />
        : <div class="card" data-testid="posts">{a.posts.map((p) => (
          <article class="post">
            <div class="meta">{fmtDate(p.created_at)} · {p.kind} · {fmtCompact(p.likes)} likes · {fmtCompact(p.comments)} comments
              {p.engagement_rate != null ? ' · ' + fmtPct(p.engagement_rate, 2) + ' engagement' : ''}{p.sponsored ? ' · sponsored' : ''}</div>
            <p class="text">{p.text}</p>
          </article>))}</div>}
    </>
  );
}

export default function AccountPage({ params }) {
  const [q] = useQuery();
  const state = useApi(withQuery('/api/v1/accounts/' + encodeURIComponent(params[0]), { topic: q.topic, posts: 20 }));
  return (
    <section>
      {state.loading || state.error ? <PageTitle>Account</PageTitle> : null}
      <ApiView state={state} what="the account">{(a) => <Account a={a} topic={q.topic} />}</ApiView>
    </section>
  );
}
