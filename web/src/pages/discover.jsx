// Discovery: a topic and filters (in the URL) -> GET /api/v1/discover, and the ranked accounts in
// a virtualised, sortable table with reach, relevance, resonance and flags. Enter or a click on
// the handle opens the account page.
import { useMemo, useState } from 'preact/hooks';
import { navigate, useQuery } from '../router.js';
import { ApiView, Empty, Field, PageTitle, fmtCompact, fmtNum, useApi } from '../ui.jsx';
import { VTable } from '../vtable.jsx';
import { withQuery } from '../api.js';

const FILTERS = ['topic', 'platform', 'lang', 'tier', 'country', 'min_followers', 'max_followers', 'max_price', 'flags', 'limit'];
const platforms = ['', 'instagram', 'tiktok', 'youtube', 'twitter'];
const tiers = ['', 'nano', 'micro', 'mid', 'macro', 'mega'];
const flagNames = ['suspicious-growth', 'engagement-anomaly', 'dormant', 'viral-outlier', 'negative-content'];
export const accountHref = (r, topic) => withQuery('/accounts/' + encodeURIComponent(r.platform + ':' + r.id), { topic });

export function Flags({ flags }) {
  if (!flags || !flags.length) return <span class="flag ok">none</span>;
  return flags.map((f) => <span class="flag" title={f}>{f}</span>);
}

export const columns = (topic) => [
  { key: 'rank', label: '#', width: '3.5rem', num: true },
  { key: 'handle', label: 'account', width: 'minmax(11rem, 2fr)', value: (r) => (r.handle || '').toLowerCase(),
    render: (r) => <a href={accountHref(r, topic)} tabIndex={-1}>@{r.handle}</a> },
  { key: 'platform', label: 'platform', width: '6.5rem' },
  { key: 'tier', label: 'tier', width: '4.5rem' },
  { key: 'followers', label: 'followers', width: '7rem', num: true, render: (r) => fmtCompact(r.followers) },
  { key: 'score', label: 'score', width: '5rem', num: true, render: (r) => fmtNum(r.score, 3) },
  { key: 'reach', label: 'reach', width: '5rem', num: true, value: (r) => r.reach && r.reach.score, render: (r) => fmtNum(r.reach && r.reach.score, 3) },
  { key: 'relevance', label: 'relevance', width: '7.5rem', num: true, value: (r) => r.relevance && r.relevance.score,
    render: (r) => fmtNum(r.relevance && r.relevance.score, 3) },
  { key: 'resonance', label: 'resonance', width: '7.5rem', num: true, value: (r) => r.resonance && r.resonance.score,
    render: (r) => fmtNum(r.resonance && r.resonance.score, 3) },
  { key: 'price', label: 'price', width: '6rem', num: true, render: (r) => (r.price == null ? '–' : r.price + ' ' + (r.currency || '')) },
  { key: 'flags', label: 'flags', width: 'minmax(8rem, 1.5fr)', value: (r) => (r.flags || []).length,
    render: (r) => <Flags flags={r.flags} /> },
];

function Filters({ q, onApply }) {
  const [f, setF] = useState(() => Object.fromEntries(FILTERS.map((k) => [k, q[k] || ''])));
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const flags = new Set((f.flags || '').split(',').filter(Boolean));
  const toggle = (name) => (e) => {
    const next = new Set(flags);
    if (e.currentTarget.checked) next.add(name); else next.delete(name);
    setF({ ...f, flags: [...next].join(',') });
  };
  return (
    <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); onApply(f); }}>
      <div class="field wide"><Field label="Topic" hint="the brand or campaign topic, e.g. home cooking">
        <input name="topic" required value={f.topic} onInput={set('topic')} /></Field></div>
      <Field label="Platform"><select value={f.platform} onChange={set('platform')}>
        {platforms.map((p) => <option value={p}>{p || 'any'}</option>)}</select></Field>
      <Field label="Language"><select value={f.lang} onChange={set('lang')}>
        {[['', "the topic's"], ['en', 'en'], ['fr', 'fr'], ['en,fr', 'en and fr']].map(([v, l]) => <option value={v}>{l}</option>)}</select></Field>
      <Field label="Tier"><select value={f.tier} onChange={set('tier')}>{tiers.map((t) => <option value={t}>{t || 'any'}</option>)}</select></Field>
      <Field label="Country" hint="ISO code, e.g. FR"><input value={f.country} maxLength={2} onInput={set('country')} /></Field>
      <Field label="Min followers"><input type="number" min="0" inputMode="numeric" value={f.min_followers} onInput={set('min_followers')} /></Field>
      <Field label="Max followers"><input type="number" min="0" inputMode="numeric" value={f.max_followers} onInput={set('max_followers')} /></Field>
      <Field label="Max price"><input type="number" min="0" step="any" value={f.max_price} onInput={set('max_price')} /></Field>
      <Field label="Results"><select value={f.limit} onChange={set('limit')}>
        {['', '100', '500', '2000', '10000'].map((n) => <option value={n}>{n || 'default (20)'}</option>)}</select></Field>
      <fieldset class="field wide flagset"><legend>Leave out accounts flagged</legend>
        {flagNames.map((name) => (
          <label class="check"><input type="checkbox" checked={flags.has(name)} onChange={toggle(name)} /> {name}</label>))}
      </fieldset>
      <div class="actions"><button type="submit" class="primary">Rank</button></div>
    </form>
  );
}

function Results({ data, q, setQ }) {
  const cols = useMemo(() => columns(q.topic), [q.topic]);
  const sort = { key: q.sort || 'rank', dir: q.dir || (q.sort && q.sort !== 'rank' ? 'desc' : 'asc') };
  if (!data.results.length)
    return <Empty title={`No account matched "${data.terms}".`}>Try fewer filters, a lower follower floor, or other words for the topic
      ({data.candidates} candidates, {data.below_floor} below the relevance floor).</Empty>;
  return (
    <>
      <p class="muted" data-testid="discover-summary">{data.results.length} ranked of {data.matched} matched
        ({data.candidates} candidates) for <strong>{data.terms}</strong>{data.associated_terms ? <> · associated terms: {data.associated_terms}</> : null}
        {data.lang_reason ? <> · language {data.langs}: {data.lang_reason}</> : null}</p>
      <VTable label={'Accounts ranked for ' + data.terms} columns={cols} rows={data.results} sort={sort}
        rowKey={(r) => r.platform + ':' + r.id} onSort={(s) => setQ({ ...q, sort: s.key, dir: s.dir }, { replace: true })}
        onOpen={(r) => navigate(accountHref(r, q.topic))} />
    </>
  );
}

export default function Discover() {
  const [q, setQ] = useQuery();
  const params = Object.fromEntries(FILTERS.filter((k) => q[k]).map((k) => [k, q[k]]));
  const state = useApi(q.topic ? withQuery('/api/v1/discover', params) : null);
  return (
    <section>
      <PageTitle>Discovery</PageTitle>
      <Filters q={q} key={FILTERS.map((k) => q[k] || '').join('|')}
        onApply={(f) => setQ({ ...Object.fromEntries(Object.entries(f).filter(([, v]) => v)), sort: q.sort, dir: q.dir })} />
      {!q.topic ? <Empty title="Give a topic to rank accounts for.">Accounts are ranked by the relevance of their own posts to the
        topic, their reach and their resonance; filters narrow the list.</Empty>
        : <ApiView state={state} what="the ranking">{(d) => <Results data={d} q={q} setQ={setQ} />}</ApiView>}
    </section>
  );
}
