/*
 * match.c: the matcher: per-thread scratch that turns a post into its scan text (one pass of the
 * text engine's tokenizer), scans it once per database, and runs the boolean program of only those
 * rules that one of the found terms belongs to. Every rule needs a term (the parser refuses rules
 * that could match without one), so a rule none of whose terms was found cannot match and is never
 * looked at. Term and rule "seen" marks are generation stamps, so nothing is cleared between posts.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/listen/internal.h"
#include "util/banned.h"

typedef struct occurrence {
	uint32_t term, first, last; /* token span */
} occurrence;

struct clout_listen_matcher {
	clout_text *t;
	hs_scratch_t *scratch;
	const clout_listen_set *set;
	uint64_t version;
	clout_buf scan;
	uint32_t *starts, starts_cap, nstarts;
	bool has_url;
	uint32_t gen;
	uint32_t *term_gen, *hits, nhits, terms_cap;
	uint32_t *rule_gen, *cands, ncands, rules_cap;
	occurrence *occ;
	uint32_t nocc, occ_cap;
	const clout__listen_db *db; /* the database being scanned */
	const uint32_t *scan_starts;  /* ... the token starts of the scan text being matched */
	uint32_t scan_ntokens;
	bool oom;
	bool lang_done;
	char lang[4];
};

typedef struct scan_ctx {
	clout_buf *out;
	uint32_t **starts, *cap, *n;
	bool *has_url;
} scan_ctx;

static int scan_token(void *ctx, const clout_token *tok)
{
	scan_ctx *c = ctx;
	switch (tok->kind) {
	case CLOUT_TOKEN_WORD:
	case CLOUT_TOKEN_NUMBER:
	case CLOUT_TOKEN_HASHTAG:
	case CLOUT_TOKEN_MENTION:
	case CLOUT_TOKEN_CASHTAG:
		break;
	case CLOUT_TOKEN_URL:
		*c->has_url = true;
		return 0;
	default:
		return 0;
	}
	if (*c->n == *c->cap) {
		uint32_t cap = *c->cap ? *c->cap * 2 : 64;
		uint32_t *starts = realloc(*c->starts, cap * sizeof(*starts));
		if (!starts)
			return CLOUT_ENOMEM;
		*c->starts = starts;
		*c->cap = cap;
	}
	clout_buf *b = c->out;
	if (b->len + tok->folded_len + 1 > UINT32_MAX || clout_buf_grow(b, tok->folded_len + 1) < 0)
		return CLOUT_ENOMEM;
	(*c->starts)[(*c->n)++] = (uint32_t)b->len;
	char *dst = b->ptr + b->len;
	memcpy(dst, tok->folded, tok->folded_len);
	/* a compatibility decomposition can put a space inside a token: keep it one token */
	for (char *sp = memchr(dst, ' ', tok->folded_len); sp; sp = memchr(sp, ' ', (size_t)(dst + tok->folded_len - sp)))
		*sp = clout__listen_scan_byte(' ');
	dst[tok->folded_len] = ' ';
	clout_buf_setlen(b, b->len + tok->folded_len + 1);
	return 0;
}

int clout__listen_scan_text(clout_text *t, const char *text, size_t len, clout_buf *out, uint32_t **starts,
	uint32_t *starts_cap, uint32_t *nstarts, bool *has_url)
{
	scan_ctx c = { out, starts, starts_cap, nstarts, has_url };
	clout_buf_clear(out);
	*nstarts = 0;
	*has_url = false;
	if (clout_buf_putc(out, ' ') < 0)
		return CLOUT_ENOMEM;
	int rc = clout_text_tokenize(t, text, len, scan_token, &c);
	return rc < 0 ? CLOUT_ENOMEM : 0;
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
	free(m->term_gen);
	free(m->hits);
	free(m->rule_gen);
	free(m->cands);
	free(m->occ);
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
		uint32_t cap = set->nterms + set->nterms / 2 + 16;
		uint32_t *gen = realloc(m->term_gen, cap * sizeof(*gen)), *hits = NULL;
		if (gen)
			m->term_gen = gen;
		if (gen && (hits = realloc(m->hits, cap * sizeof(*hits))))
			m->hits = hits;
		if (!gen || !hits)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory matching");
		memset(gen + m->terms_cap, 0, (cap - m->terms_cap) * sizeof(*gen));
		m->terms_cap = cap;
	}
	if (m->rules_cap < set->nrules) {
		uint32_t cap = set->nrules + set->nrules / 2 + 16;
		uint32_t *gen = realloc(m->rule_gen, cap * sizeof(*gen)), *cands = NULL;
		if (gen)
			m->rule_gen = gen;
		if (gen && (cands = realloc(m->cands, cap * sizeof(*cands))))
			m->cands = cands;
		if (!gen || !cands)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory matching");
		memset(gen + m->rules_cap, 0, (cap - m->rules_cap) * sizeof(*gen));
		m->rules_cap = cap;
	}
	m->set = set;
	m->version = set->version;
	return 0;
}

/* The token that holds scan-text offset off. */
static uint32_t token_at(const clout_listen_matcher *m, unsigned long long off)
{
	uint32_t lo = 0, hi = m->scan_ntokens;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (m->scan_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx)
{
	clout_listen_matcher *m = ctx;
	const clout__listen_pattern *pt = &m->db->patterns[id];
	uint32_t term = pt->term;
	(void)from;
	(void)flags;
	if (m->term_gen[term] != m->gen) {
		m->term_gen[term] = m->gen;
		m->hits[m->nhits++] = term;
	}
	if (m->set->terms[term].positional) {
		if (m->nocc == m->occ_cap) {
			uint32_t cap = m->occ_cap ? m->occ_cap * 2 : 32;
			occurrence *occ = realloc(m->occ, cap * sizeof(*occ));
			if (!occ) {
				m->oom = true;
				return 1;
			}
			m->occ = occ;
			m->occ_cap = cap;
		}
		unsigned long long first = to - pt->len + 1, last = to - 1 - (pt->space_end ? 1 : 0);
		m->occ[m->nocc++] = (occurrence){ term, token_at(m, first), token_at(m, last) };
	}
	return 0;
}

static bool in_list(const uint32_t *list, uint32_t n, uint32_t term)
{
	for (uint32_t k = 0; k < n; k++)
		if (list[k] == term)
			return true;
	return false;
}

static bool near_holds(const clout_listen_matcher *m, const clout__listen_near *nr)
{
	for (uint32_t i = 0; i < m->nocc; i++) {
		const occurrence *x = &m->occ[i];
		if (!in_list(nr->a, nr->na, x->term))
			continue;
		for (uint32_t j = 0; j < m->nocc; j++) {
			const occurrence *y = &m->occ[j];
			if (!in_list(nr->b, nr->nb, y->term))
				continue;
			/* words strictly between the two spans; overlapping spans count as adjacent */
			int64_t lo_end = x->last < y->last ? x->last : y->last;
			int64_t hi_start = x->first > y->first ? x->first : y->first;
			if (hi_start - lo_end - 1 <= (int64_t)nr->distance)
				return true;
		}
	}
	return false;
}

static bool same_lang(const char *post_lang, const char *want)
{
	size_t n = strlen(want);
	return !strncasecmp(post_lang, want, n) && (post_lang[n] == '\0' || post_lang[n] == '-' || post_lang[n] == '_');
}

static bool filter_holds(clout_listen_matcher *m, const clout_listen_post *post, const clout__listen_filter *f)
{
	const char *s;
	switch (f->kind) {
	case CLOUT__FILTER_LANG:
		if (post->lang && post->lang[0])
			return same_lang(post->lang, f->value);
		if (!m->lang_done) {
			if (clout_text_detect_lang(m->t, post->text, post->len, m->lang) < 0)
				memcpy(m->lang, "und", 4);
			m->lang_done = true;
		}
		return same_lang(m->lang, f->value);
	case CLOUT__FILTER_PLATFORM:
		return post->platform && !strcasecmp(post->platform, f->value);
	case CLOUT__FILTER_FROM:
		s = post->author;
		if (!s)
			return false;
		if (*s == '@')
			s++;
		return !strcasecmp(s, f->value);
	case CLOUT__FILTER_REPLY:
		return post->is_reply;
	default:
		return post->has_link || m->has_url;
	}
}

static bool rule_holds(clout_listen_matcher *m, const clout_listen_post *post, const clout__listen_rule *r)
{
	bool stack[72];
	int sp = 0;
	for (uint32_t k = 0; k < r->nprog; k++) {
		uint32_t ins = r->prog[k], arg = ins >> 3;
		switch (ins & 7) {
		case CLOUT__OP_TERM:
			stack[sp++] = m->term_gen[arg] == m->gen;
			break;
		case CLOUT__OP_FILTER:
			stack[sp++] = filter_holds(m, post, &r->filters[arg]);
			break;
		case CLOUT__OP_NEAR:
			stack[sp++] = near_holds(m, &r->nears[arg]);
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

static int scan_db(clout_listen_matcher *m, const clout__listen_db *d, const char *scan, size_t len, clout_error *err)
{
	if (!d->db)
		return 0;
	m->db = d;
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
	for (uint32_t i = 1; i < n; i++) {
		uint32_t v = a[i], j = i;
		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

int clout__listen_match_scan(clout_listen_matcher *m, const clout_listen_set *set, const clout_listen_post *post,
	const clout__listen_scan *scan, clout_listen_match_fn fn, void *ctx, clout_error *err)
{
	int rc = sync_set(m, set, err);
	if (rc < 0)
		return rc;
	if (++m->gen == 0) {
		memset(m->term_gen, 0, m->terms_cap * sizeof(*m->term_gen));
		memset(m->rule_gen, 0, m->rules_cap * sizeof(*m->rule_gen));
		m->gen = 1;
	}
	m->nhits = m->ncands = m->nocc = 0;
	m->oom = m->lang_done = false;
	m->has_url = scan->has_url;
	m->scan_starts = scan->starts;
	m->scan_ntokens = scan->ntokens;
	if ((rc = scan_db(m, &set->main, scan->text, scan->len, err)) < 0 ||
		(rc = scan_db(m, &set->delta, scan->text, scan->len, err)) < 0)
		return rc;
	for (uint32_t k = 0; k < m->nhits; k++) {
		const clout__listen_term *t = &set->terms[m->hits[k]];
		for (uint32_t j = 0; j < t->nrules; j++) {
			uint32_t id = t->rules[j];
			if (m->rule_gen[id] == m->gen)
				continue;
			m->rule_gen[id] = m->gen;
			if (!set->rules[id].removed && rule_holds(m, post, &set->rules[id]))
				m->cands[m->ncands++] = id;
		}
	}
	sort_ids(m->cands, m->ncands);
	for (uint32_t k = 0; k < m->ncands; k++)
		if ((rc = fn(ctx, m->cands[k])) != 0)
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
