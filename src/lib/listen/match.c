/*
 * match.c: the matcher: per-thread scratch that turns a post into its scan text (one pass of the
 * text engine's tokenizer, folding straight into the matcher's buffer), scans it once per database,
 * and evaluates only those rules listed under one of the found terms (a rule's factors, stopping
 * at the first that fails). Every rule needs a term (the parser refuses rules that could match
 * without one), so a rule none of whose terms was found cannot match and is never looked at. The
 * "seen" bitsets of terms and rules are cleared through the lists of what was set, so nothing is
 * cleared wholesale between posts.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/listen/internal.h"
#include "lib/text/text_internal.h"
#include "util/banned.h"

/* Where a term was found: the scan-text offset just past its literal, turned into a token span
 * (first and last token) only when a NEAR clause asks, which most posts never do. */
typedef struct occurrence {
	uint32_t term, first, last;
} occurrence;

struct clout_listen_matcher {
	clout_text *t;
	hs_scratch_t *scratch;
	const clout_listen_set *set;
	uint64_t version;
	clout_buf scan;
	uint32_t *starts, starts_cap, nstarts;
	bool has_url;
	/* bitsets of the terms found in the post and of the rules already taken as candidates: small
	 * enough to stay in the first-level cache, and cleared through hits and cands */
	uint64_t *term_seen, *rule_seen;
	uint32_t *hits, nhits, terms_cap;
	uint32_t *cands, *matched, ncands, rules_cap; /* rules looked at, rules that hold */
	occurrence *occ;
	uint32_t *occ_side; /* scratch for near_holds: 2 * occ_cap */
	uint32_t nocc, occ_cap;
	const uint32_t *scan_starts;  /* ... the token starts of the scan text being matched */
	uint32_t scan_ntokens;
	bool oom;
	bool spans_done; /* occ holds token spans, no longer offsets */
	bool lang_done, values_done; /* lang_id; platform_id and author_id are set for this post */
	int64_t lang_id, platform_id, author_id;
	char lang[4];
};

int clout__listen_scan_text(clout_text *t, const char *text, size_t len, clout_buf *out, uint32_t **starts,
	uint32_t *starts_cap, uint32_t *nstarts, bool *has_url)
{
	/* the text engine folds straight into out: no token list, no per-token callback or copy */
	return clout__tokenize_scan(t, text, len, out, starts, starts_cap, nstarts, has_url) < 0 ? CLOUT_ENOMEM : 0;
}

int clout_listen_matcher_new(clout_listen_matcher **out, clout_text *t, clout_error *err)
{
	clout_listen_matcher *m = calloc(1, sizeof(*m));
	*out = NULL;
	if (!m)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory creating a matcher");
	m->t = t;
	clout_buf_init(&m->scan, 0);
	*out = m;
	return 0;
}

void clout_listen_matcher_free(clout_listen_matcher *m)
{
	if (!m)
		return;
	if (m->scratch)
		hs_free_scratch(m->scratch);
	clout_buf_release(&m->scan);
	free(m->starts);
	free(m->term_seen);
	free(m->hits);
	free(m->rule_seen);
	free(m->cands);
	free(m->matched);
	free(m->occ);
	free(m->occ_side);
	free(m);
}

/* Makes m's scratch fit set's current databases, terms and rules. */
static int sync_set(clout_listen_matcher *m, const clout_listen_set *set, clout_error *err)
{
	if (m->set == set && m->version == set->version && m->terms_cap >= set->nterms && m->rules_cap >= set->nrules)
		return 0;
	const hs_database_t *dbs[2] = { set->main.db, set->delta.db };
	for (int k = 0; k < 2; k++)
		if (dbs[k] && hs_alloc_scratch(dbs[k], &m->scratch) != HS_SUCCESS)
			return clout_error_set(err, CLOUT_ENOMEM, "vectorscan: cannot allocate scratch");
	if (m->terms_cap < set->nterms) {
		uint32_t cap = (set->nterms + set->nterms / 2 + 64) & ~63u;
		uint64_t *seen = realloc(m->term_seen, cap / 64 * sizeof(*seen));
		uint32_t *hits = NULL;
		if (seen)
			m->term_seen = seen;
		if (seen && (hits = realloc(m->hits, cap * sizeof(*hits))))
			m->hits = hits;
		if (!seen || !hits)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory matching");
		memset(seen + m->terms_cap / 64, 0, (cap - m->terms_cap) / 64 * sizeof(*seen));
		m->terms_cap = cap;
	}
	if (m->rules_cap < set->nrules) {
		uint32_t cap = (set->nrules + set->nrules / 2 + 64) & ~63u;
		uint64_t *seen = realloc(m->rule_seen, cap / 64 * sizeof(*seen));
		uint32_t *cands = NULL;
		if (seen)
			m->rule_seen = seen;
		uint32_t *matched = NULL;
		if (seen && (cands = realloc(m->cands, cap * sizeof(*cands))))
			m->cands = cands;
		if (cands && (matched = realloc(m->matched, cap * sizeof(*matched))))
			m->matched = matched;
		if (!seen || !cands || !matched)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory matching");
		memset(seen + m->rules_cap / 64, 0, (cap - m->rules_cap) / 64 * sizeof(*seen));
		m->rules_cap = cap;
	}
	m->set = set;
	m->version = set->version;
	return 0;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx)
{
	clout_listen_matcher *m = ctx;
	uint32_t term = id >> 1;
	uint64_t bit = 1ull << (term & 63);
	(void)from;
	(void)flags;
	if (!(m->term_seen[term >> 6] & bit)) {
		m->term_seen[term >> 6] |= bit;
		m->hits[m->nhits++] = term;
		/* the term's rule list is read after the scan: its miss overlaps the scan */
		__builtin_prefetch(m->set->list_off + term);
	}
	if (!(id & 1))
		return 0; /* a single-match pattern: nothing else to note */
	if (m->nocc == m->occ_cap) {
		uint32_t cap = m->occ_cap ? m->occ_cap * 2 : 32;
		occurrence *occ = realloc(m->occ, cap * sizeof(*occ));
		if (occ)
			m->occ = occ;
		uint32_t *side = occ ? realloc(m->occ_side, 2 * cap * sizeof(*side)) : NULL;
		if (!side) {
			m->oom = true;
			return 1;
		}
		m->occ_side = side;
		m->occ_cap = cap;
	}
	m->occ[m->nocc++] = (occurrence){ term, (uint32_t)to, 0 };
	return 0;
}

static bool in_list(const uint32_t *list, uint32_t n, uint32_t term)
{
	for (uint32_t k = 0; k < n; k++)
		if (list[k] == term)
			return true;
	return false;
}

/* NEAR from its inline code: distance, na, a[na], nb, b[nb]. */
static bool near_holds(clout_listen_matcher *m, const uint32_t *near)
{
	uint32_t distance = near[0], na = near[1], nb = near[2 + na], nx = 0, ny = 0;
	const uint32_t *a = near + 2, *b = near + 3 + na;
	/* the occurrences of each side first (occ_side holds both lists), then the pairs */
	uint32_t *xs = m->occ_side, *ys = m->occ_side + m->nocc;
	/* usually one side was not found at all: no need to look at occurrences */
	bool any_a = false, any_b = false;
	for (uint32_t i = 0; i < na && !any_a; i++)
		any_a = (m->term_seen[a[i] >> 6] >> (a[i] & 63)) & 1;
	for (uint32_t i = 0; i < nb && any_a && !any_b; i++)
		any_b = (m->term_seen[b[i] >> 6] >> (b[i] & 63)) & 1;
	if (!any_a || !any_b)
		return false;
	if (!m->spans_done) {
		/* from the end of a literal: its body ends before the closing space (when it has one);
		 * any byte of the body's first token (or of its sigil) places the first token */
		const uint32_t *starts = m->scan_starts;
		uint32_t t = 0, prev = 0;
		for (uint32_t i = 0; i < m->nocc; i++) {
			uint32_t tail = m->set->term_tail[m->occ[i].term], to = m->occ[i].first;
			uint32_t last = to - 1 - (tail & 1), first = to - (tail >> 1);
			/* occurrences come by end offset (of each database): the token of the last byte is
			 * found walking forward, the first token walking back from it */
			if (last < prev)
				t = 0;
			prev = last;
			while (t + 1 < m->scan_ntokens && starts[t + 1] <= last)
				t++;
			uint32_t f = t;
			while (f > 0 && starts[f] > first)
				f--;
			m->occ[i].last = t;
			m->occ[i].first = f;
		}
		m->spans_done = true;
	}
	for (uint32_t i = 0; i < m->nocc; i++) {
		if (in_list(a, na, m->occ[i].term))
			xs[nx++] = i;
		if (in_list(b, nb, m->occ[i].term))
			ys[ny++] = i;
	}
	for (uint32_t i = 0; i < nx; i++) {
		const occurrence *x = &m->occ[xs[i]];
		for (uint32_t j = 0; j < ny; j++) {
			const occurrence *y = &m->occ[ys[j]];
			/* words strictly between the two spans; overlapping spans count as adjacent */
			int64_t lo_end = x->last < y->last ? x->last : y->last;
			int64_t hi_start = x->first > y->first ? x->first : y->first;
			if (hi_start - lo_end - 1 <= (int64_t)distance)
				return true;
		}
	}
	return false;
}

/* The id in the set's value table of tag + s (lower-cased, cut at cut_at), or -1. */
static int64_t value_id(const clout_listen_set *set, char tag, const char *s, const char *cut_at)
{
	char key[CLOUT__LISTEN_VALUE_MAX + 2];
	size_t n = 0;
	if (!s)
		return -1;
	key[n++] = tag;
	for (; *s && !(cut_at && strchr(cut_at, *s)); s++) {
		if (n == sizeof(key))
			return -1; /* longer than any filter value */
		key[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
	}
	return clout_smap_find(&set->values, key, n);
}

/* The post's language (identified when the post has none), platform and author as value ids, looked
 * up once per post, when a filter first asks. */
static void post_values(clout_listen_matcher *m, const clout_listen_set *set, const clout_listen_post *post,
	bool lang)
{
	if (lang) {
		const char *code = post->lang;
		if (!code || !code[0]) {
			if (clout_text_detect_lang(m->t, post->text, post->len, m->lang) < 0)
				memcpy(m->lang, "und", 4);
			code = m->lang;
		}
		m->lang_id = value_id(set, 'l', code, "-_");
		m->lang_done = true;
		return;
	}
	m->platform_id = value_id(set, 'p', post->platform, NULL);
	m->author_id = value_id(set, 'f', post->author && post->author[0] == '@' ? post->author + 1 : post->author, NULL);
	m->values_done = true;
}

static bool filter_holds(clout_listen_matcher *m, const clout_listen_set *set, const clout_listen_post *post,
	uint32_t arg)
{
	int64_t want = arg >> 3;
	switch (arg & 7) {
	case CLOUT__FILTER_LANG:
		if (!m->lang_done)
			post_values(m, set, post, true);
		return m->lang_id == want;
	case CLOUT__FILTER_PLATFORM:
	case CLOUT__FILTER_FROM:
		if (!m->values_done)
			post_values(m, set, post, false);
		return (arg & 7) == CLOUT__FILTER_PLATFORM ? m->platform_id == want : m->author_id == want;
	case CLOUT__FILTER_REPLY:
		return post->is_reply;
	default:
		return post->has_link || m->has_url;
	}
}

/* Runs the nprog words of postfix code at prog (see internal.h). */
static bool prog_holds(clout_listen_matcher *m, const clout_listen_set *set, const clout_listen_post *post,
	const uint32_t *prog, uint32_t nprog)
{
	bool stack[72];
	int sp = 0;
	for (uint32_t k = 0; k < nprog; k++) {
		uint32_t ins = prog[k], arg = ins >> 3;
		switch (ins & 7) {
		case CLOUT__OP_TERM:
			stack[sp++] = (m->term_seen[arg >> 6] >> (arg & 63)) & 1;
			break;
		case CLOUT__OP_FILTER:
			stack[sp++] = filter_holds(m, set, post, arg);
			break;
		case CLOUT__OP_NEAR:
			stack[sp++] = near_holds(m, prog + k + 1);
			k += arg;
			break;
		case CLOUT__OP_NOT:
			stack[sp - 1] = !stack[sp - 1];
			break;
		case CLOUT__OP_AND:
			sp--;
			stack[sp - 1] = stack[sp - 1] && stack[sp];
			break;
		default:
			sp--;
			stack[sp - 1] = stack[sp - 1] || stack[sp];
			break;
		}
	}
	return sp == 1 && stack[0];
}

static inline bool seen(const clout_listen_matcher *m, uint32_t term)
{
	return (m->term_seen[term >> 6] >> (term & 63)) & 1;
}

/* Runs a rule's n words of factors (see CLOUT__F_ANY): stops at the first that fails. */
static bool rule_holds(clout_listen_matcher *m, const clout_listen_set *set, const clout_listen_post *post,
	const uint32_t *f, uint32_t n)
{
	for (uint32_t k = 0; k < n;) {
		uint32_t head = f[k], len = head >> 3;
		const uint32_t *w = f + k + 1;
		bool ok = false;
		switch (head & 7) {
		case CLOUT__F_ANY:
			for (uint32_t i = 0; i < len && !ok; i++)
				ok = seen(m, w[i]);
			break;
		case CLOUT__F_NONE:
			ok = true;
			for (uint32_t i = 0; i < len && ok; i++)
				ok = !seen(m, w[i]);
			break;
		case CLOUT__F_FILTER:
			ok = filter_holds(m, set, post, w[0]);
			break;
		case CLOUT__F_NOTFILTER:
			ok = !filter_holds(m, set, post, w[0]);
			break;
		case CLOUT__F_NEAR:
			ok = near_holds(m, w);
			break;
		default:
			ok = prog_holds(m, set, post, w, len);
			break;
		}
		if (!ok)
			return false;
		k += 1 + len;
	}
	return true;
}

static int scan_db(clout_listen_matcher *m, const clout__listen_db *d, const char *scan, size_t len, clout_error *err)
{
	if (!d->db)
		return 0;
	hs_error_t rc = hs_scan(d->db, scan, (unsigned)len, 0, m->scratch, on_match, m);
	if (m->oom)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory matching");
	if (rc != HS_SUCCESS)
		return clout_error_set(err, CLOUT_EBACKEND, "vectorscan: scan failed (%d)", (int)rc);
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void sort_ids(uint32_t *a, uint32_t n)
{
	if (n > 32) {
		qsort(a, n, sizeof(*a), cmp_id);
		return;
	}
	/* distinct ids: each goes at its rank, counted without branches */
	uint32_t out[32];
	for (uint32_t i = 0; i < n; i++) {
		uint32_t rank = 0;
		for (uint32_t j = 0; j < n; j++)
			rank += a[j] < a[i];
		out[rank] = a[i];
	}
	memcpy(a, out, n * sizeof(*a));
}

int clout__listen_match_scan(clout_listen_matcher *m, const clout_listen_set *set, const clout_listen_post *post,
	const clout__listen_scan *scan, clout_listen_match_fn fn, void *ctx, clout_error *err)
{
	int rc = sync_set(m, set, err);
	if (rc < 0)
		return rc;
	/* the terms of the previous post leave the bitset */
	for (uint32_t k = 0; k < m->nhits; k++)
		m->term_seen[m->hits[k] >> 6] = 0;
	m->nhits = m->ncands = m->nocc = 0;
	m->oom = m->lang_done = m->values_done = m->spans_done = false;
	m->has_url = scan->has_url;
	m->scan_starts = scan->starts;
	m->scan_ntokens = scan->ntokens;
	if ((rc = scan_db(m, &set->main, scan->text, scan->len, err)) < 0 ||
		(rc = scan_db(m, &set->delta, scan->text, scan->len, err)) < 0)
		return rc;
	/* each found term's rules, their code in the list itself: one sweep per term; a rule listed
	 * under two found terms is evaluated once (rule_seen, cleared through cands) */
	for (uint32_t k = 0; k < m->nhits; k++)
		__builtin_prefetch(set->list + set->list_off[m->hits[k]]);
	uint32_t nmatched = 0;
	m->ncands = 0;
	for (uint32_t k = 0; k < m->nhits; k++) {
		uint32_t term = m->hits[k];
		const uint32_t *w = set->list + set->list_off[term], *end = set->list + set->list_off[term + 1];
		if (k + 1 < m->nhits)
			__builtin_prefetch(set->list + set->list_off[m->hits[k + 1]] + 16);
		while (w < end) {
			uint32_t id = w[0], head = w[1], len = CLOUT__CODE_LENGTH(head);
			const uint32_t *f = w + 2;
			uint64_t bit = 1ull << (id & 63);
			w = f + len;
			if (m->rule_seen[id >> 6] & bit)
				continue;
			m->rule_seen[id >> 6] |= bit;
			m->cands[m->ncands++] = id;
			/* a rule of terms and ORs reached through its terms holds without evaluation */
			if (!(set->removed_bits[id >> 6] & bit) &&
				((head & CLOUT__CODE_ANY) || rule_holds(m, set, post, f, len)))
				m->matched[nmatched++] = id;
		}
	}
	for (uint32_t k = 0; k < m->ncands; k++)
		m->rule_seen[m->cands[k] >> 6] = 0;
	sort_ids(m->matched, nmatched);
	for (uint32_t k = 0; k < nmatched; k++)
		if ((rc = fn(ctx, m->matched[k])) != 0)
			return rc;
	return 0;
}

int clout_listen_match(clout_listen_matcher *m, const clout_listen_set *set, const clout_listen_post *post,
	clout_listen_match_fn fn, void *ctx, clout_error *err)
{
	if (post->len > UINT32_MAX / 2)
		return clout_error_set(err, CLOUT_EINVAL, "post too long to match (%zu bytes)", post->len);
	bool has_url;
	if (clout__listen_scan_text(m->t, post->text, post->len, &m->scan, &m->starts, &m->starts_cap, &m->nstarts,
		    &has_url) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory matching");
	clout__listen_scan scan = { m->scan.ptr, m->scan.len, m->starts, m->nstarts, has_url };
	return clout__listen_match_scan(m, set, post, &scan, fn, ctx, err);
}
