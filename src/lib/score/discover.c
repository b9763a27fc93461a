/*
 * discover.c: a discovery query: BM25 of the topic's terms over account documents, expanded with
 * associated terms mined from the best accounts' own posts, then reach and resonance from the
 * stored profiles, filters, flags, and a ranked list whose every score keeps its parts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/text.h"
#include "lib/score/internal.h"
#include "util/array.h"
#include "util/map.h"

#define BM25_K1 1.2
#define BM25_B 0.75
#define FEEDBACK_ACCOUNTS 20
#define FEEDBACK_POSTS 30
#define EXPANSION_TERMS 8
#define EXPANSION_WEIGHT 0.3

typedef struct query_term {
	char term[64];
	double weight;
} query_term;

typedef struct query_ctx {
	clout_store *store;
	int64_t ws;
	clout_text *text;
	score_meta meta;
	size_t ndocs;
	float *direct, *indirect;
	query_term terms[64];
	size_t nterms;
	clout_error *err;
} query_ctx;

typedef struct term_list {
	query_term *items;
	size_t n, max;
} term_list;

static int collect_term(void *ctx, const char *term, size_t len)
{
	term_list *l = ctx;
	if (len >= sizeof(l->items[0].term))
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->items[i].term) == len && !memcmp(l->items[i].term, term, len))
			return 0;
	if (l->n == l->max)
		return 0;
	memcpy(l->items[l->n].term, term, len);
	l->items[l->n].term[len] = '\0';
	l->items[l->n].weight = 1;
	l->n++;
	return 0;
}

static double idf(const query_ctx *q, double df)
{
	double n = (double)q->meta.docs;
	return log(1 + (n - df + 0.5) / (df + 0.5));
}

/* Adds weight * BM25(term) to scores for every account in the term's postings (the coding of
 * SCORE_INDEX_VERSION: delta index, tf, document length). */
static void accumulate(const query_ctx *q, const uint8_t *postings, size_t len, double weight, float *scores)
{
	const uint8_t *p = postings, *end = postings + len;
	uint64_t delta, tf, dl;
	uint32_t index = 0, df = 0;
	double term_idf;
	/* first pass: document frequency */
	while (p < end && clout__varint_get(&p, end, &delta) && clout__varint_get(&p, end, &tf) &&
	       clout__varint_get(&p, end, &dl))
		df++;
	term_idf = idf(q, df);
	p = postings;
	while (p < end && clout__varint_get(&p, end, &delta) && clout__varint_get(&p, end, &tf) &&
	       clout__varint_get(&p, end, &dl)) {
		double s;
		index += (uint32_t)delta;
		if (index >= q->ndocs)
			break;
		s = (double)tf * (BM25_K1 + 1) /
			((double)tf + BM25_K1 * (1 - BM25_B + BM25_B * (double)dl / (q->meta.avg_doc_len > 0 ? q->meta.avg_doc_len : 1)));
		scores[index] += (float)(weight * term_idf * s);
	}
}

/* The postings of n terms, read in batches. */
typedef struct term_postings {
	const char *const *names;
	size_t n;
	uint8_t **data;
	size_t *len;
} term_postings;

static int on_term_postings(void *ctx, const char *term, uint32_t df, const void *postings, size_t len)
{
	term_postings *t = ctx;
	(void)df;
	for (size_t i = 0; i < t->n; i++) {
		if (t->data[i] || strcmp(t->names[i], term))
			continue;
		if (!(t->data[i] = malloc(len ? len : 1)))
			return CLOUT_ENOMEM;
		memcpy(t->data[i], postings, len);
		t->len[i] = len;
	}
	return 0;
}

/* Adds weights[i] * BM25 of each of names[0..n) to scores, in their order (the sums are floats:
 * the order is part of the result). Terms the index does not hold add nothing. */
static int accumulate_terms(query_ctx *q, const char *const *names, const double *weights, size_t n, float *scores)
{
	term_postings t = { names, n, calloc(n + 1, sizeof(uint8_t *)), calloc(n + 1, sizeof(size_t)) };
	int rc = 0;
	if (!t.data || !t.len) {
		rc = clout_error_set(q->err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	rc = clout_store_index_get_terms(q->store, q->ws, names, n, true, on_term_postings, &t, q->err);
	if (rc == CLOUT_ENOMEM)
		rc = clout_error_set(q->err, rc, "out of memory");
	if (rc < 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (t.data[i])
			accumulate(q, t.data[i], t.len[i], weights[i], scores);
done:
	for (size_t i = 0; t.data && i < n; i++)
		free(t.data[i]);
	free(t.data);
	free(t.len);
	return rc;
}

/* A profile read back for a candidate, with the account's names as they are now. */
typedef struct loaded_profile {
	score_profile p;
	bool found;
	char ext_id[72], handle[72], name[120];
} loaded_profile;

typedef struct profile_window {
	const uint32_t *indexes;
	loaded_profile *out;
	size_t n;
} profile_window;

static int on_profile(void *ctx, uint32_t index, const score_profile *p, const char *ext_id, const char *handle,
	const char *name)
{
	profile_window *w = ctx;
	for (size_t i = 0; i < w->n; i++) {
		loaded_profile *l = &w->out[i];
		if (w->indexes[i] != index || l->found)
			continue;
		l->p = *p;
		l->found = true;
		snprintf(l->ext_id, sizeof(l->ext_id), "%s", ext_id ? ext_id : "");
		snprintf(l->handle, sizeof(l->handle), "%s", handle ? handle : "");
		snprintf(l->name, sizeof(l->name), "%s", name ? name : "");
	}
	return 0;
}

/* The profiles of the accounts at indexes[0..n) into out[0..n) (found false for those without
 * one), in batched queries. */
static int load_profiles(query_ctx *q, const uint32_t *indexes, size_t n, loaded_profile *out)
{
	profile_window w = { indexes, out, n };
	for (size_t i = 0; i < n; i++)
		out[i].found = false;
	return clout_store_index_get_profiles(q->store, q->ws, indexes, n, on_profile, &w, q->err);
}

typedef struct candidate {
	uint32_t index;
	float bm25;
} candidate;

static int by_bm25(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	if (x->bm25 != y->bm25)
		return x->bm25 < y->bm25 ? 1 : -1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static bool before(const candidate *x, const candidate *y)
{
	return x->bm25 > y->bm25 || (x->bm25 == y->bm25 && x->index < y->index);
}

/* Sifts heap[i] down a heap of n candidates whose root is the worst. */
static void sift_down(candidate *heap, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, worst = i;
		candidate t;
		if (l < n && before(&heap[worst], &heap[l]))
			worst = l;
		if (r < n && before(&heap[worst], &heap[r]))
			worst = r;
		if (worst == i)
			return;
		t = heap[i], heap[i] = heap[worst], heap[worst] = t;
		i = worst;
	}
}

/* Puts the k best candidates first, in order: a bounded heap over all n (O(n log k)), then a sort
 * of the k. A query needs the head of a list that can hold every account of the store. */
static void top_k(candidate *c, size_t n, size_t k)
{
	if (k >= n) {
		qsort(c, n, sizeof(*c), by_bm25);
		return;
	}
	for (size_t i = k / 2; i-- > 0;)
		sift_down(c, k, i);
	for (size_t i = k; i < n; i++) {
		if (before(&c[i], &c[0])) {
			candidate t = c[0];
			c[0] = c[i];
			c[i] = t;
			sift_down(c, k, 0);
		}
	}
	qsort(c, k, sizeof(*c), by_bm25);
}

/* ---- expansion: pseudo-relevance feedback ------------------------------------------------------ */

typedef struct feedback {
	clout_smap terms;
	uint32_t *docs;      /* per term: feedback accounts holding it */
	uint32_t *last;      /* per term: last feedback account counted (+1) */
	size_t cap;
	uint32_t account;    /* current feedback account (1-based) */
	int error;
} feedback;

static int feedback_term(void *ctx, const char *term, size_t len)
{
	feedback *f = ctx;
	int64_t id = clout_smap_intern(&f->terms, term, len);
	if (id < 0)
		return (int)id;
	if ((size_t)id >= f->cap) {
		size_t cap_last = f->cap;
		if (clout_array_reserve(&f->last, &cap_last, (size_t)id + 1, sizeof(*f->last), 4096) < 0 ||
		    clout_array_reserve(&f->docs, &f->cap, (size_t)id + 1, sizeof(*f->docs), 4096) < 0)
			return CLOUT_ENOMEM;
	}
	if (f->last[id] != f->account) {
		f->last[id] = f->account;
		f->docs[id]++;
	}
	return 0;
}

typedef struct feedback_post_ctx {
	feedback *f;
	clout_text *text;
} feedback_post_ctx;

static int feedback_post(void *ctx, const clout_post_row *row)
{
	feedback_post_ctx *c = ctx;
	if (row->kind == CLOUT_POST_REPOST || !row->text_len)
		return 0;
	return clout_text_terms(c->text, row->text, row->text_len, clout__analysis_lang(row->lang), feedback_term, c->f);
}

typedef struct expansion {
	uint32_t id;
	double score;
} expansion;

static int by_score(const void *a, const void *b)
{
	const expansion *x = a, *y = b;
	return x->score < y->score ? 1 : x->score > y->score ? -1 : (x->id > y->id) - (x->id < y->id);
}

static bool is_query_term(const query_ctx *q, const char *term)
{
	for (size_t i = 0; i < q->nterms; i++)
		if (!strcmp(q->terms[i].term, term))
			return true;
	return false;
}

/* The document frequencies of the feedback terms asked (UINT32_MAX for those the index lacks). */
typedef struct term_dfs {
	const clout_smap *terms;
	uint32_t *df;
} term_dfs;

static int on_term_df(void *ctx, const char *term, uint32_t df, const void *postings, size_t len)
{
	term_dfs *d = ctx;
	int64_t id = clout_smap_find(d->terms, term, strlen(term));
	(void)postings;
	(void)len;
	if (id >= 0)
		d->df[id] = df;
	return 0;
}

/* The profiles of the top accounts, to know whose posts to read. */
static int load_top(query_ctx *q, const candidate *top, size_t ntop, loaded_profile *out)
{
	uint32_t indexes[FEEDBACK_ACCOUNTS];
	int rc;
	for (size_t i = 0; i < ntop; i++)
		indexes[i] = top[i].index;
	if ((rc = load_profiles(q, indexes, ntop, out)) < 0)
		return rc;
	for (size_t i = 0; i < ntop; i++)
		if (!out[i].found)
			return clout_error_set(q->err, CLOUT_EBADDATA,
				"the discovery index has no profile for account %u: run `clout index`", indexes[i]);
	return 0;
}

static int expand(query_ctx *q, const candidate *top, size_t ntop, clout_discover_results *out)
{
	feedback f;
	feedback_post_ctx pc;
	expansion *cands = NULL;
	loaded_profile best[FEEDBACK_ACCOUNTS];
	const char **names = NULL;
	uint32_t *eligible = NULL;
	term_dfs dfs = { NULL, NULL };
	size_t ncands = 0, neligible = 0;
	int rc = 0;
	memset(&f, 0, sizeof(f));
	if (clout_smap_init(&f.terms, 4096) < 0)
		return clout_error_set(q->err, CLOUT_ENOMEM, "out of memory");
	pc.f = &f;
	pc.text = q->text;
	if (ntop > FEEDBACK_ACCOUNTS)
		ntop = FEEDBACK_ACCOUNTS;
	if ((rc = load_top(q, top, ntop, best)) < 0)
		goto done;
	for (size_t i = 0; i < ntop && rc >= 0; i++) {
		f.account = (uint32_t)i + 1;
		rc = clout_store_foreach_post(q->store, q->ws, best[i].p.account_id, FEEDBACK_POSTS, feedback_post, &pc,
			q->err);
	}
	if (rc < 0)
		goto done;
	/* a term is associated when many of the best accounts use it and it is rare elsewhere */
	cands = malloc((f.terms.count + 1) * sizeof(*cands));
	eligible = malloc((f.terms.count + 1) * sizeof(*eligible));
	names = malloc((f.terms.count + 1) * sizeof(*names));
	dfs.terms = &f.terms;
	dfs.df = malloc((f.terms.count + 1) * sizeof(*dfs.df));
	if (!cands || !eligible || !names || !dfs.df) {
		rc = clout_error_set(q->err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (uint32_t id = 0; id < f.terms.count; id++) {
		const char *term = clout_smap_string(&f.terms, id);
		double share = (double)f.docs[id] / (double)ntop;
		dfs.df[id] = UINT32_MAX;
		if (f.docs[id] < 3 || share < 0.25 || is_query_term(q, term) || strlen(term) < 3)
			continue;
		names[neligible] = term;
		eligible[neligible++] = id;
	}
	if ((rc = clout_store_index_get_terms(q->store, q->ws, names, neligible, false, on_term_df, &dfs, q->err)) < 0)
		goto done;
	for (size_t k = 0; k < neligible; k++) {
		uint32_t id = eligible[k], df = dfs.df[id];
		double share = (double)f.docs[id] / (double)ntop;
		if (df == UINT32_MAX)
			continue;
		/* in the feedback set far more often than in the corpus */
		if (share < 3.0 * (double)df / (double)(q->meta.docs ? q->meta.docs : 1))
			continue;
		cands[ncands].id = id;
		cands[ncands].score = share * idf(q, df);
		ncands++;
	}
	qsort(cands, ncands, sizeof(*cands), by_score);
	{
		double weights[EXPANSION_TERMS];
		size_t n = ncands < EXPANSION_TERMS ? ncands : EXPANSION_TERMS;
		for (size_t i = 0; i < n; i++) {
			char part[96];
			names[i] = clout_smap_string(&f.terms, cands[i].id);
			weights[i] = EXPANSION_WEIGHT * cands[i].score / cands[0].score;
			snprintf(part, sizeof(part), "%s%s (%.2f)", i ? ", " : "", names[i], weights[i]);
			if (strlen(out->expansion) + strlen(part) < sizeof(out->expansion))
				strcat(out->expansion, part);
		}
		rc = accumulate_terms(q, names, weights, n, q->indirect);
	}
done:
	free(cands);
	free(eligible);
	free(names);
	free(dfs.df);
	free(f.docs);
	free(f.last);
	clout_smap_release(&f.terms);
	return rc < 0 ? rc : 0;
}

/* ---- the query ---------------------------------------------------------------------------------- */

static bool passes(const clout_discover_query *q, const score_profile *p)
{
	if (q->platform && strcmp(q->platform, p->platform))
		return false;
	if (q->lang && strcmp(q->lang, p->lang))
		return false;
	if (q->country && strcasecmp(q->country, p->country))
		return false;
	if (q->tier && strcmp(q->tier, clout_score_tier(p->followers)))
		return false;
	if (q->min_followers >= 0 && p->followers < q->min_followers)
		return false;
	if (q->max_followers >= 0 && (p->followers < 0 || p->followers > q->max_followers))
		return false;
	if (q->max_price >= 0 && p->price >= 0 && p->price > q->max_price)
		return false;
	if (p->flags & q->exclude_flags)
		return false;
	return true;
}

static int by_total(const void *a, const void *b)
{
	const clout_discover_result *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->account_id > y->account_id) - (x->account_id < y->account_id);
}

static void fill_result(clout_discover_result *r, const score_profile *p, double bm25_direct, double bm25_indirect,
	double best, const clout_discover_query *q)
{
	memset(r, 0, sizeof(*r));
	r->account_id = p->account_id;
	snprintf(r->platform, sizeof(r->platform), "%s", p->platform);
	snprintf(r->lang, sizeof(r->lang), "%s", p->lang);
	snprintf(r->country, sizeof(r->country), "%s", p->country);
	r->followers = p->followers;
	r->tier = clout_score_tier(p->followers);
	r->price = p->price;
	r->bm25_direct = bm25_direct;
	r->bm25_indirect = bm25_indirect;
	r->relevance = best > 0 ? (bm25_direct + bm25_indirect) / best : 0;
	r->reach = p->reach;
	r->audience = p->audience;
	r->activity = p->activity;
	r->views_score = p->views_score;
	r->posts_per_week = p->posts_per_week;
	r->avg_views = p->avg_views;
	r->resonance = p->resonance;
	r->engagement_rate = p->engagement_rate;
	r->engagement_norm = p->engagement_norm;
	r->reply_rate = p->reply_rate;
	r->flags = p->flags;
	r->penalty = p->penalty;
	r->posts = p->posts;
	r->score = (q->w_relevance * r->relevance + q->w_reach * r->reach + q->w_resonance * r->resonance) * p->penalty;
}

static int check_query(const clout_discover_query *q, clout_error *err)
{
	static const char *const tiers[] = { "nano", "micro", "mid", "macro", "mega" };
	bool tier_ok;
	if (!q || q->version != CLOUT_DISCOVER_QUERY_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "discover query of an unknown version");
	tier_ok = !q->tier;
	if (!q->topic || !*q->topic)
		return clout_error_set(err, CLOUT_EINVAL, "topic: empty");
	if (strlen(q->topic) > 1000)
		return clout_error_set(err, CLOUT_EINVAL, "topic: longer than 1000 bytes");
	for (size_t i = 0; i < 5 && !tier_ok; i++)
		tier_ok = !strcmp(q->tier, tiers[i]);
	if (!tier_ok)
		return clout_error_set(err, CLOUT_EINVAL, "tier: '%s' is not nano, micro, mid, macro or mega", q->tier);
	if (q->min_followers >= 0 && q->max_followers >= 0 && q->min_followers > q->max_followers)
		return clout_error_set(err, CLOUT_EINVAL, "min followers %lld is above max followers %lld",
			(long long)q->min_followers, (long long)q->max_followers);
	if (q->w_relevance < 0 || q->w_reach < 0 || q->w_resonance < 0 || q->w_relevance + q->w_reach + q->w_resonance <= 0)
		return clout_error_set(err, CLOUT_EINVAL, "weights must be non-negative and not all zero");
	if (q->limit == 0 || q->limit > 100000)
		return clout_error_set(err, CLOUT_EINVAL, "limit must be between 1 and 100000");
	return 0;
}

static int load_meta(query_ctx *q)
{
	int rc = clout_store_index_get_meta(q->store, q->ws, &q->meta, NULL);
	if (rc == CLOUT_ENOTFOUND)
		return clout_error_set(q->err, CLOUT_ENOTFOUND, "no discovery index in this workspace: import data, or run `clout index`");
	if (rc < 0)
		return clout_error_set(q->err, rc, "reading the discovery index");
	if (q->meta.version != SCORE_INDEX_VERSION)
		return clout_error_set(q->err, CLOUT_EBADDATA, "the discovery index is from another version: run `clout index`");
	q->ndocs = (size_t)q->meta.ndocs;
	return 0;
}

/* Profiles are read for candidates this many at a time. */
#define PROFILE_WINDOW 256

/*
 * Reads the profiles of the candidates in order, keeping those that pass the filters (with the
 * accounts' names) in kept, until depth were read and the limit is met. cands[0..sorted) are in
 * order; the rest is ordered when the filters thin the head that much.
 */
static int read_candidates(query_ctx *q, const clout_discover_query *query, candidate *cands, size_t ncands,
	size_t sorted, size_t depth, double best, clout_discover_result *kept, size_t *nkept)
{
	loaded_profile *window = malloc(PROFILE_WINDOW * sizeof(*window));
	uint32_t indexes[PROFILE_WINDOW];
	size_t at = 0, n = 0, read = 0;
	int rc = 0;
	if (!window)
		return clout_error_set(q->err, CLOUT_ENOMEM, "out of memory");
	for (size_t i = 0; i < ncands; i++) {
		loaded_profile *l;
		clout_discover_result *r;
		if (read >= depth && *nkept >= query->limit)
			break;
		if (i == sorted) {
			/* filters thinned the head: order the rest too */
			qsort(cands + sorted, ncands - sorted, sizeof(*cands), by_bm25);
			sorted = ncands;
		}
		read++;
		if (i >= at + n) {
			/* the next window, never across the end of the ordered part */
			size_t end = i < sorted ? sorted : ncands;
			at = i;
			n = end - i < PROFILE_WINDOW ? end - i : PROFILE_WINDOW;
			for (size_t k = 0; k < n; k++)
				indexes[k] = cands[at + k].index;
			if ((rc = load_profiles(q, indexes, n, window)) < 0)
				break;
		}
		l = &window[i - at];
		if (!l->found || !passes(query, &l->p))
			continue;
		r = &kept[(*nkept)++];
		fill_result(r, &l->p, q->direct[cands[i].index], q->indirect[cands[i].index], best, query);
		memcpy(r->ext_id, l->ext_id, sizeof(r->ext_id));
		memcpy(r->handle, l->handle, sizeof(r->handle));
		memcpy(r->name, l->name, sizeof(r->name));
	}
	free(window);
	return rc;
}

int clout_score_discover(clout_store *store, int64_t workspace, const clout_discover_query *query,
	clout_discover_results *out, clout_error *err)
{
	query_ctx q;
	term_list terms;
	candidate *cands = NULL;
	clout_discover_result *kept = NULL;
	size_t ncands = 0, nkept = 0;
	int64_t generation;
	const char *langs[2] = { "en", "fr" };
	size_t nlangs = 2;
	int rc;
	double best = 0;
	memset(out, 0, sizeof(*out));
	memset(&q, 0, sizeof(q));
	if ((rc = check_query(query, err)) < 0)
		return rc;
	q.store = store;
	q.ws = workspace;
	q.err = err;
	if ((rc = load_meta(&q)) < 0)
		return rc;
	if (clout_store_generation(store, workspace, &generation, NULL) == 0)
		out->index_stale = generation != q.meta.generation;
	if ((rc = clout_text_new(&q.text, err)) < 0)
		goto done;
	/* the topic's terms, stemmed for the language asked, else the topic's own language when it
	 * can be told, else both */
	if (query->lang) {
		langs[0] = query->lang;
		nlangs = 1;
	} else {
		char detected[4];
		if (clout_text_detect_lang(q.text, query->topic, strlen(query->topic), detected) == 0 &&
		    (!strcmp(detected, "en") || !strcmp(detected, "fr"))) {
			langs[0] = !strcmp(detected, "en") ? "en" : "fr";
			nlangs = 1;
		}
	}
	terms.items = q.terms;
	terms.n = 0;
	terms.max = sizeof(q.terms) / sizeof(q.terms[0]);
	for (size_t i = 0; i < nlangs; i++)
		if ((rc = clout_text_terms(q.text, query->topic, strlen(query->topic), langs[i], collect_term, &terms)) < 0)
			goto done;
	q.nterms = terms.n;
	for (size_t i = 0; i < q.nterms; i++) {
		size_t at = strlen(out->terms);
		snprintf(out->terms + at, sizeof(out->terms) - at, "%s%s", i ? " " : "", q.terms[i].term);
	}
	if (q.nterms == 0) {
		rc = clout_error_set(err, CLOUT_EINVAL, "topic '%s' has no searchable words", query->topic);
		goto done;
	}
	q.direct = calloc(q.ndocs + 1, sizeof(float));
	q.indirect = calloc(q.ndocs + 1, sizeof(float));
	if (!q.direct || !q.indirect) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	{
		const char *names[sizeof(q.terms) / sizeof(q.terms[0])];
		double weights[sizeof(q.terms) / sizeof(q.terms[0])];
		for (size_t i = 0; i < q.nterms; i++) {
			names[i] = q.terms[i].term;
			weights[i] = q.terms[i].weight;
		}
		if ((rc = accumulate_terms(&q, names, weights, q.nterms, q.direct)) < 0)
			goto done;
	}
	cands = malloc((q.ndocs + 1) * sizeof(*cands));
	if (!cands) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < q.ndocs; i++)
		if (q.direct[i] > 0)
			cands[ncands++] = (candidate){ (uint32_t)i, q.direct[i] };
	top_k(cands, ncands, FEEDBACK_ACCOUNTS);
	if (!query->no_expansion && ncands >= 3) {
		if ((rc = expand(&q, cands, ncands < FEEDBACK_ACCOUNTS ? ncands : FEEDBACK_ACCOUNTS, out)) < 0)
			goto done;
		ncands = 0;
		for (size_t i = 0; i < q.ndocs; i++)
			if (q.direct[i] + q.indirect[i] > 0)
				cands[ncands++] = (candidate){ (uint32_t)i, q.direct[i] + q.indirect[i] };
	}
	out->candidates = ncands;
	{
		/* Profiles are read for the most relevant candidates only: relevance weighs most, and the
		 * deeper ones cannot overtake unless filters thin the list, in which case we read on. */
		size_t depth = query->limit * 50 > 2000 ? query->limit * 50 : 2000, sorted;
		sorted = depth < ncands ? depth : ncands;
		top_k(cands, ncands, sorted);
		best = ncands ? cands[0].bm25 : 0;
		kept = malloc((ncands + 1) * sizeof(*kept));
		if (!kept) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			goto done;
		}
		if ((rc = read_candidates(&q, query, cands, ncands, sorted, depth, best, kept, &nkept)) < 0)
			goto done;
	}
	qsort(kept, nkept, sizeof(*kept), by_total);
	out->count = nkept < query->limit ? nkept : query->limit;
	out->items = kept;
	kept = NULL;
	rc = 0;
done:
	free(kept);
	free(cands);
	free(q.direct);
	free(q.indirect);
	clout_text_free(q.text);
	if (rc < 0)
		clout_discover_results_release(out);
	return rc;
}

void clout_discover_results_release(clout_discover_results *results)
{
	if (!results)
		return;
	free(results->items);
	results->items = NULL;
	results->count = 0;
}
