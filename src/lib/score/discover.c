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
	uint32_t *doclen;
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

/* Adds weight * BM25(term) to scores for every account whose documents hold term. */
static int accumulate(query_ctx *q, const char *term, double weight, float *scores, uint32_t *df_out)
{
	void *blob = NULL;
	size_t len;
	const uint8_t *p, *end;
	uint64_t delta, tf;
	uint32_t index = 0, df = 0;
	double term_idf;
	int rc = clout_store_get_blob(q->store, q->ws, SPACE_POSTINGS, term, &blob, &len, NULL);
	if (df_out)
		*df_out = 0;
	if (rc == CLOUT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return clout_error_set(q->err, rc, "reading the discovery index (term '%s')", term);
	p = blob;
	end = p + len;
	/* first pass: document frequency */
	while (p < end && clout__varint_get(&p, end, &delta) && clout__varint_get(&p, end, &tf))
		df++;
	term_idf = idf(q, df);
	p = blob;
	while (p < end && clout__varint_get(&p, end, &delta) && clout__varint_get(&p, end, &tf)) {
		double dl, s;
		index += (uint32_t)delta;
		if (index >= q->ndocs)
			break;
		dl = q->doclen[index];
		s = (double)tf * (BM25_K1 + 1) / ((double)tf + BM25_K1 * (1 - BM25_B + BM25_B * dl / (q->meta.avg_doc_len > 0 ? q->meta.avg_doc_len : 1)));
		scores[index] += (float)(weight * term_idf * s);
	}
	free(blob);
	if (df_out)
		*df_out = df;
	return 0;
}

static int load_profile(query_ctx *q, uint32_t index, score_profile *out)
{
	char key[32];
	void *blob;
	size_t len;
	int rc;
	snprintf(key, sizeof(key), "%u", index);
	rc = clout_store_get_blob(q->store, q->ws, SPACE_PROFILE, key, &blob, &len, q->err);
	if (rc < 0)
		return rc;
	if (len != sizeof(*out)) {
		free(blob);
		return clout_error_set(q->err, CLOUT_EBADDATA, "discovery index is from another version: run clout index");
	}
	memcpy(out, blob, sizeof(*out));
	free(blob);
	return 0;
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

static int expand(query_ctx *q, const candidate *top, size_t ntop, clout_discover_results *out)
{
	feedback f;
	feedback_post_ctx pc;
	expansion *cands = NULL;
	size_t ncands = 0;
	int rc = 0;
	memset(&f, 0, sizeof(f));
	if (clout_smap_init(&f.terms, 4096) < 0)
		return clout_error_set(q->err, CLOUT_ENOMEM, "out of memory");
	pc.f = &f;
	pc.text = q->text;
	for (size_t i = 0; i < ntop && rc >= 0; i++) {
		score_profile p;
		if ((rc = load_profile(q, top[i].index, &p)) < 0)
			break;
		f.account = (uint32_t)i + 1;
		rc = clout_store_foreach_post(q->store, q->ws, p.account_id, FEEDBACK_POSTS, feedback_post, &pc, q->err);
	}
	if (rc < 0)
		goto done;
	/* a term is associated when many of the best accounts use it and it is rare elsewhere */
	cands = malloc((f.terms.count + 1) * sizeof(*cands));
	if (!cands) {
		rc = clout_error_set(q->err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (uint32_t id = 0; id < f.terms.count; id++) {
		const char *term = clout_smap_string(&f.terms, id);
		void *blob;
		size_t len;
		uint32_t df;
		double share = (double)f.docs[id] / (double)ntop;
		if (f.docs[id] < 3 || share < 0.25 || is_query_term(q, term) || strlen(term) < 3)
			continue;
		if (clout_store_get_blob(q->store, q->ws, SPACE_DF, term, &blob, &len, NULL) < 0)
			continue;
		memcpy(&df, blob, len == sizeof(df) ? sizeof(df) : 0);
		free(blob);
		if (len != sizeof(df))
			continue;
		/* in the feedback set far more often than in the corpus */
		if (share < 3.0 * (double)df / (double)(q->meta.docs ? q->meta.docs : 1))
			continue;
		cands[ncands].id = id;
		cands[ncands].score = share * idf(q, df);
		ncands++;
	}
	qsort(cands, ncands, sizeof(*cands), by_score);
	for (size_t i = 0; i < ncands && i < EXPANSION_TERMS; i++) {
		const char *term = clout_smap_string(&f.terms, cands[i].id);
		double w = EXPANSION_WEIGHT * cands[i].score / cands[0].score;
		char part[96];
		if ((rc = accumulate(q, term, w, q->indirect, NULL)) < 0)
			break;
		snprintf(part, sizeof(part), "%s%s (%.2f)", i ? ", " : "", term, w);
		if (strlen(out->expansion) + strlen(part) < sizeof(out->expansion))
			strcat(out->expansion, part);
	}
done:
	free(cands);
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
	void *blob;
	size_t len;
	int rc = clout_store_get_blob(q->store, q->ws, SPACE_META, "meta", &blob, &len, NULL);
	if (rc == CLOUT_ENOTFOUND)
		return clout_error_set(q->err, CLOUT_ENOTFOUND, "no discovery index in this workspace: import data, or run `clout index`");
	if (rc < 0)
		return clout_error_set(q->err, rc, "reading the discovery index");
	if (len != sizeof(q->meta) || ((score_meta *)blob)->version != SCORE_INDEX_VERSION) {
		free(blob);
		return clout_error_set(q->err, CLOUT_EBADDATA, "the discovery index is from another version: run `clout index`");
	}
	memcpy(&q->meta, blob, sizeof(q->meta));
	free(blob);
	rc = clout_store_get_blob(q->store, q->ws, SPACE_META, "doclen", &blob, &len, q->err);
	if (rc < 0)
		return rc;
	q->doclen = blob;
	q->ndocs = len / sizeof(uint32_t);
	return 0;
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
	for (size_t i = 0; i < q.nterms; i++)
		if ((rc = accumulate(&q, q.terms[i].term, q.terms[i].weight, q.direct, NULL)) < 0)
			goto done;
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
		size_t depth = query->limit * 50 > 2000 ? query->limit * 50 : 2000, read = 0, sorted;
		sorted = depth < ncands ? depth : ncands;
		top_k(cands, ncands, sorted);
		best = ncands ? cands[0].bm25 : 0;
		kept = malloc((ncands + 1) * sizeof(*kept));
		if (!kept) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			goto done;
		}
		for (size_t i = 0; i < ncands; i++) {
			score_profile p;
			if (read >= depth && nkept >= query->limit)
				break;
			if (i == sorted) {
				/* filters thinned the head: order the rest too */
				qsort(cands + sorted, ncands - sorted, sizeof(*cands), by_bm25);
				sorted = ncands;
			}
			read++;
			if ((rc = load_profile(&q, cands[i].index, &p)) < 0) {
				if (rc != CLOUT_ENOTFOUND)
					goto done;
				rc = 0;
				continue;
			}
			if (!passes(query, &p))
				continue;
			fill_result(&kept[nkept++], &p, q.direct[cands[i].index], q.indirect[cands[i].index], best, query);
		}
	}
	qsort(kept, nkept, sizeof(*kept), by_total);
	out->count = nkept < query->limit ? nkept : query->limit;
	for (size_t i = 0; i < out->count; i++) {
		clout_account_row row;
		if (clout_store_get_account(store, workspace, kept[i].account_id, &row, NULL) == 0) {
			snprintf(kept[i].ext_id, sizeof(kept[i].ext_id), "%s", row.ext_id ? row.ext_id : "");
			snprintf(kept[i].handle, sizeof(kept[i].handle), "%s", row.handle ? row.handle : "");
			snprintf(kept[i].name, sizeof(kept[i].name), "%s", row.name ? row.name : "");
		}
	}
	out->items = kept;
	kept = NULL;
	rc = 0;
done:
	free(kept);
	free(cands);
	free(q.direct);
	free(q.indirect);
	free(q.doclen);
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
