/*
 * discover.c: a discovery query: the languages to search (asked, or the topic's own), BM25 of the
 * topic's terms over the account documents in those languages, expanded with associated terms
 * mined from the best accounts' own posts, a relevance floor, then reach and resonance from the
 * stored profiles, filters (an audience floor among them), flags, and a ranked list whose every
 * score keeps its parts. Terms are reported as people wrote them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clout/text.h"
#include "lib/score/internal.h"
#include "lib/score/query.h"
#include "util/array.h"
#include "util/map.h"
#include "util/banned.h"

#define BM25_K1 1.2
#define BM25_B 0.75
#define FEEDBACK_ACCOUNTS 20
#define FEEDBACK_POSTS 30
#define EXPANSION_TERMS 8
#define EXPANSION_WEIGHT 0.3

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
	char ext_id[72], handle[72], name[120], currency[8];
} loaded_profile;

typedef struct profile_window {
	const uint32_t *indexes;
	loaded_profile *out;
	size_t n;
} profile_window;

static int on_profile(void *ctx, uint32_t index, const score_profile *p, const clout_store_index_names *names)
{
	profile_window *w = ctx;
	for (size_t i = 0; i < w->n; i++) {
		loaded_profile *l = &w->out[i];
		if (w->indexes[i] != index || l->found)
			continue;
		l->p = *p;
		l->found = true;
		snprintf(l->ext_id, sizeof(l->ext_id), "%s", names->ext_id ? names->ext_id : "");
		snprintf(l->handle, sizeof(l->handle), "%s", names->handle ? names->handle : "");
		snprintf(l->name, sizeof(l->name), "%s", names->name ? names->name : "");
		snprintf(l->currency, sizeof(l->currency), "%s", names->currency ? names->currency : "");
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
	score_surfaces *surfaces;
	const char *account_lang;
} feedback_post_ctx;

static int feedback_post(void *ctx, const clout_post_row *row)
{
	feedback_post_ctx *c = ctx;
	const char *lang;
	int rc;
	if (row->kind == CLOUT_POST_REPOST || !row->text_len)
		return 0;
	/* stemmed as the index stemmed it: the post's language, else the account's */
	lang = clout__analysis_lang(row->lang && *row->lang ? row->lang : c->account_lang);
	if ((rc = clout_text_terms(c->text, row->text, row->text_len, lang, feedback_term, c->f)) < 0)
		return rc;
	return clout__surfaces_add(c->surfaces, c->text, row->text, row->text_len, lang);
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

static int expand(query_ctx *q, const candidate *top, size_t ntop, clout_score_results *out)
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
	pc.surfaces = q->surfaces;
	if (ntop > FEEDBACK_ACCOUNTS)
		ntop = FEEDBACK_ACCOUNTS;
	if ((rc = load_top(q, top, ntop, best)) < 0)
		goto done;
	for (size_t i = 0; i < ntop && rc >= 0; i++) {
		f.account = (uint32_t)i + 1;
		pc.account_lang = best[i].p.lang;
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
			const char *written;
			char part[96];
			names[i] = clout_smap_string(&f.terms, cands[i].id);
			written = clout__surfaces_best(q->surfaces, names[i]);
			weights[i] = EXPANSION_WEIGHT * cands[i].score / cands[0].score;
			snprintf(part, sizeof(part), "%s%s (%.2f)", i ? ", " : "", written ? written : names[i], weights[i]);
			size_t at = strlen(out->expansion);
			if (at + strlen(part) < sizeof(out->expansion))
				memcpy(out->expansion + at, part, strlen(part) + 1);
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

static bool passes(const clout_score_query *q, const score_profile *p)
{
	if (q->platform && strcmp(q->platform, p->platform))
		return false;
	if (q->country && strcasecmp(q->country, p->country))
		return false;
	if (q->tier && strcmp(q->tier, clout_vocab_tier_name(clout_vocab_tier(p->followers))))
		return false;
	if (q->min_followers > 0 && p->followers < q->min_followers)
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
	const clout_score_result *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->account_id > y->account_id) - (x->account_id < y->account_id);
}

static void fill_result(clout_score_result *r, const score_profile *p, double bm25_direct, double bm25_indirect,
	double best, const clout_score_results *out)
{
	memset(r, 0, sizeof(*r));
	r->account_id = p->account_id;
	snprintf(r->platform, sizeof(r->platform), "%s", p->platform);
	snprintf(r->lang, sizeof(r->lang), "%s", p->lang);
	snprintf(r->country, sizeof(r->country), "%s", p->country);
	r->followers = p->followers;
	r->tier = clout_vocab_tier_name(clout_vocab_tier(p->followers));
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
	r->engagement_mean = p->engagement_mean;
	r->engagement_max = p->engagement_max;
	r->engagement_norm = p->engagement_norm;
	r->reply_rate = p->reply_rate;
	r->flags = p->flags;
	r->penalty = p->penalty;
	r->posts = p->posts;
	r->score = (out->w_relevance * r->relevance + out->w_reach * r->reach + out->w_resonance * r->resonance) *
		p->penalty;
}

/* Appends word to a space-separated list unless it is there already (two stems, one written word). */
static void add_word(char *list, size_t size, const char *word)
{
	size_t n = strlen(word), at = strlen(list);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, " ");
		if (len == n && !strncmp(p, word, n))
			return;
		p += len + (p[len] == ' ');
	}
	snprintf(list + at, size - at, "%s%s", at ? " " : "", word);
}

/* The topic's terms, stemmed for each language searched, with the words they came from. */
static int topic_terms(query_ctx *q, const clout_score_query *query, clout_score_results *out)
{
	const char *stem_langs[2];
	size_t nstem = 0;
	term_list terms;
	int rc;
	if (!q->lang_mask || (q->lang_mask & (1u << SCORE_LANG_EN)))
		stem_langs[nstem++] = "en";
	if (!q->lang_mask || (q->lang_mask & (1u << SCORE_LANG_FR)))
		stem_langs[nstem++] = "fr";
	terms.items = q->terms;
	terms.n = 0;
	terms.max = sizeof(q->terms) / sizeof(q->terms[0]);
	for (size_t i = 0; i < nstem; i++) {
		if ((rc = clout_text_terms(q->text, query->topic, strlen(query->topic), stem_langs[i], collect_term, &terms)) < 0 ||
		    (rc = clout__surfaces_add(q->surfaces, q->text, query->topic, strlen(query->topic), stem_langs[i])) < 0)
			return clout_error_set(q->err, rc, "topic: %s", clout_strerror(rc));
	}
	q->nterms = terms.n;
	for (size_t i = 0; i < q->nterms; i++) {
		const char *written = clout__surfaces_best(q->surfaces, q->terms[i].term);
		size_t at = strlen(out->stems);
		snprintf(out->stems + at, sizeof(out->stems) - at, "%s%s", i ? " " : "", q->terms[i].term);
		add_word(out->terms, sizeof(out->terms), written ? written : q->terms[i].term);
	}
	if (q->nterms == 0)
		return clout_error_set(q->err, CLOUT_EINVAL, "topic '%s' has no searchable words", query->topic);
	return 0;
}

/* The candidates: accounts in the languages searched with some relevance, best first at the head. */
static size_t gather(const query_ctx *q, candidate *cands, bool with_indirect)
{
	size_t n = 0;
	for (size_t i = 0; i < q->ndocs; i++) {
		float s = q->direct[i] + (with_indirect ? q->indirect[i] : 0);
		if (s > 0 && in_langs(q, (uint32_t)i))
			cands[n++] = (candidate){ (uint32_t)i, s };
	}
	return n;
}

/* Profiles are read for candidates this many at a time. */
#define PROFILE_WINDOW 256

/*
 * Every candidate at or above the floor that passes the filters becomes a result (they are all
 * counted: "N matched" is what the list holds); the rest are counted below the floor.
 */
static int score_candidates(query_ctx *q, const clout_score_query *query, candidate *cands, size_t ncands,
	clout_score_results *out, clout_score_result **kept_out, size_t *nkept_out)
{
	clout_score_result *kept;
	loaded_profile *window;
	uint32_t indexes[PROFILE_WINDOW];
	int slot[PROFILE_WINDOW];
	size_t nkept = 0, at = 0, n = 0;
	bool loaded = false;
	double best[4] = { 0, 0, 0, 0 };
	/* a mix of languages asked: each account is measured against the best of its own language, so
	 * that the language with the rarer words does not push the other out */
	bool per_lang = (q->lang_mask & (1u << SCORE_LANG_EN)) && (q->lang_mask & (1u << SCORE_LANG_FR));
	int rc;
	qsort(cands, ncands, sizeof(*cands), by_bm25);
	for (size_t i = 0; i < ncands; i++) {
		unsigned code = per_lang && cands[i].index < q->nlangs ? q->langs[cands[i].index] & 3u : 0;
		if (cands[i].bm25 > best[code])
			best[code] = cands[i].bm25;
	}
	kept = malloc((ncands + 1) * sizeof(*kept));
	window = malloc(PROFILE_WINDOW * sizeof(*window));
	if (!kept || !window) {
		free(kept);
		free(window);
		return clout_error_set(q->err, CLOUT_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < ncands; i++) {
		unsigned code = per_lang && cands[i].index < q->nlangs ? q->langs[cands[i].index] & 3u : 0;
		const loaded_profile *l;
		clout_score_result *r;
		if (best[code] <= 0 || cands[i].bm25 / best[code] < query->min_relevance) {
			out->below_floor++;
			continue;
		}
		if (i >= at + PROFILE_WINDOW || !loaded) {
			/* the profiles of the next candidates above the floor, in batched queries */
			at = i;
			loaded = true;
			n = 0;
			for (size_t k = i; k < ncands && k < i + PROFILE_WINDOW; k++) {
				unsigned c = per_lang && cands[k].index < q->nlangs ? q->langs[cands[k].index] & 3u : 0;
				slot[k - i] = -1;
				if (best[c] > 0 && cands[k].bm25 / best[c] >= query->min_relevance) {
					slot[k - i] = (int)n;
					indexes[n++] = cands[k].index;
				}
			}
			if ((rc = load_profiles(q, indexes, n, window)) < 0) {
				free(kept);
				free(window);
				return rc;
			}
		}
		l = &window[slot[i - at]];
		if (!l->found || !passes(query, &l->p))
			continue;
		r = &kept[nkept++];
		fill_result(r, &l->p, q->direct[cands[i].index], q->indirect[cands[i].index], best[code], out);
		memcpy(r->ext_id, l->ext_id, sizeof(r->ext_id));
		memcpy(r->handle, l->handle, sizeof(r->handle));
		memcpy(r->name, l->name, sizeof(r->name));
		memcpy(r->currency, l->currency, sizeof(r->currency));
	}
	free(window);
	*kept_out = kept;
	*nkept_out = nkept;
	return 0;
}

int clout__score_discover(clout_store *store, int64_t workspace, const clout_text_model *model, const clout_score_query *query,
	clout_score_results *out, clout_error *err)
{
	query_ctx q;
	candidate *cands = NULL;
	clout_score_result *kept = NULL;
	size_t ncands = 0, nkept = 0;
	int64_t generation;
	double wsum;
	int rc;
	memset(out, 0, sizeof(*out));
	memset(&q, 0, sizeof(q));
	if ((rc = clout__discover_check_query(query, err)) < 0)
		return rc;
	wsum = query->w_relevance + query->w_reach + query->w_resonance;
	out->w_relevance = query->w_relevance / wsum;
	out->w_reach = query->w_reach / wsum;
	out->w_resonance = query->w_resonance / wsum;
	out->min_relevance = query->min_relevance;
	out->min_followers = query->min_followers > 0 ? query->min_followers : 0;
	q.store = store;
	q.ws = workspace;
	q.err = err;
	if ((rc = clout__discover_load_meta(&q)) < 0 || (rc = clout__discover_check_facets(&q, query)) < 0)
		goto done;
	if (clout_store_generation(store, workspace, &generation, NULL) == 0)
		out->index_stale = generation != q.meta.generation;
	if ((rc = clout_text_new(&q.text, model, err)) < 0)
		goto done;
	if (clout__surfaces_new(&q.surfaces) < 0) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = clout__discover_choose_langs(&q, query, out)) < 0 || (rc = topic_terms(&q, query, out)) < 0)
		goto done;
	q.direct = calloc(q.ndocs + 1, sizeof(float));
	q.indirect = calloc(q.ndocs + 1, sizeof(float));
	cands = malloc((q.ndocs + 1) * sizeof(*cands));
	if (!q.direct || !q.indirect || !cands) {
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
	ncands = gather(&q, cands, false);
	top_k(cands, ncands, FEEDBACK_ACCOUNTS);
	if (!query->no_expansion && ncands >= 3) {
		/* associated terms are mined from the best accounts in the languages searched */
		if ((rc = expand(&q, cands, ncands < FEEDBACK_ACCOUNTS ? ncands : FEEDBACK_ACCOUNTS, out)) < 0)
			goto done;
		ncands = gather(&q, cands, true);
	}
	out->candidates = ncands;
	if ((rc = score_candidates(&q, query, cands, ncands, out, &kept, &nkept)) < 0)
		goto done;
	qsort(kept, nkept, sizeof(*kept), by_total);
	out->matched = nkept;
	out->count = nkept < query->limit ? nkept : query->limit;
	out->items = kept;
	kept = NULL;
	rc = 0;
done:
	free(kept);
	free(cands);
	free(q.direct);
	free(q.indirect);
	free(q.langs);
	free(q.platforms);
	free(q.countries);
	clout__surfaces_free(q.surfaces);
	clout_text_free(q.text);
	if (rc < 0)
		clout_score_results_release(out);
	return rc;
}

void clout_score_results_release(clout_score_results *results)
{
	if (!results)
		return;
	free(results->items);
	results->items = NULL;
	results->count = 0;
}
