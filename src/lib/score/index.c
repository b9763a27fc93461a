/*
 * index.c: builds the discovery index of a workspace: one pass over accounts, follower snapshots
 * and posts (in account order) gives every account its profile (score_profile) and its term
 * frequencies; the profiles, the term postings and document frequencies are then written to the
 * store's discovery index tables (clout_store_index_*), in one transaction.
 *
 * Posts are read on a second thread: it copies rows from the store into batches while this one
 * cuts their text into terms (the two take about the same time).
 *
 * Memory is bounded whatever the number of posts: the postings (account, term frequency) are held
 * in memory only up to a budget (SCORE_INDEX_MAX_POSTINGS), in one array in account order; past
 * it they are sorted by term and spilled to a run, a temporary file of every term's postings in
 * term order, and the array is emptied (its room kept: no per-term lists are freed and grown
 * again, which fragmented the heap). Accounts are read in order, so a
 * term's postings are its pieces in the runs, oldest run first, then the ones still held: writing
 * the index merges the runs term by term, reading each run once, front to back. What stays in
 * memory grows with the accounts and the vocabulary, not with the posts. The store's page cache
 * is held small during the build (SCORE_INDEX_CACHE_BYTES): the posts are read in account order,
 * their rows spread over the whole file, so a cache smaller than the store saves little.
 */
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/text.h"
#include "lib/score/internal.h"
#include "util/arena.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/map.h"
#include "util/queue.h"
#include "util/banned.h"

typedef struct builder {
	clout_store *store;
	int64_t ws;
	clout_text *text;
	score_profile *profiles;
	size_t nprofiles, cap_profiles;
	clout_imap index_of;
	/* snapshots */
	int64_t snap_account, snap_prev_at;
	double snap_prev;
	/* posts of the current account */
	int64_t current;
	uint32_t current_index;
	bool lang_from_posts;
	double sum_er, sum_likes, sum_likes2, sum_views;
	uint32_t n_er, n_views, n_sponsored, n_negative;
	uint32_t *negative;       /* per profile: its own posts that read clearly negative */
	size_t cap_negative;
	double *rates;       /* per-post engagement rates of the current account */
	size_t cap_rates;
	/* terms */
	clout_smap terms;
	uint32_t *tf;        /* per term id, for the current account */
	uint32_t *touched;   /* term ids touched by the current account */
	size_t ntouched, cap_touched, cap_tf;
	uint64_t posts_seen, total_posts, postings_count;
	/* postings held: (term id, dense index, tf) in account order, one array that never shrinks
	 * (so that freeing and growing per-term lists cannot fragment the heap); sorted by term into
	 * pairs (dense index, tf) with each term's start in term_at when they are spilled or written */
	uint32_t *held, *pairs, *term_at;
	size_t nheld, cap_held, cap_pairs, cap_term_at;
	/* runs: postings spilled to disk once max_postings are held */
	size_t max_postings;
	FILE **runs;
	size_t nruns, cap_runs;
	int64_t reference_time, generation;
	clout_progress_fn progress;
	void *progress_ctx;
	clout_error *err;
} builder;

static int on_account(void *ctx, const clout_account_row *row)
{
	builder *b = ctx;
	score_profile *p;
	if (clout_array_reserve(&b->profiles, &b->cap_profiles, b->nprofiles + 1, sizeof(*b->profiles), 1024) < 0 ||
	    clout_array_reserve(&b->negative, &b->cap_negative, b->nprofiles + 1, sizeof(*b->negative), 1024) < 0)
		return CLOUT_ENOMEM;
	b->negative[b->nprofiles] = 0;
	p = &b->profiles[b->nprofiles];
	memset(p, 0, sizeof(*p));
	p->account_id = row->id;
	p->followers = row->followers;
	p->price = row->price;
	p->first_post_at = p->last_post_at = -1;
	p->avg_views = -1;
	snprintf(p->platform, sizeof(p->platform), "%s", row->platform ? row->platform : "");
	snprintf(p->lang, sizeof(p->lang), "%s", row->lang ? row->lang : "");
	snprintf(p->country, sizeof(p->country), "%s", row->country ? row->country : "");
	if (clout_imap_put(&b->index_of, row->id, (uint32_t)b->nprofiles) < 0)
		return CLOUT_ENOMEM;
	b->nprofiles++;
	return 0;
}

static int on_snapshot(void *ctx, int64_t account, int64_t at, int64_t followers)
{
	builder *b = ctx;
	uint32_t i;
	if (account == b->snap_account && b->snap_prev > 0 && at - b->snap_prev_at <= 45 * 86400 &&
	    clout_imap_get(&b->index_of, account, &i)) {
		double jump = (double)followers / b->snap_prev - 1;
		if (jump > b->profiles[i].growth_jump)
			b->profiles[i].growth_jump = jump;
	}
	b->snap_account = account;
	b->snap_prev_at = at;
	b->snap_prev = (double)followers;
	return 0;
}

static int on_term(void *ctx, const char *term, size_t len)
{
	builder *b = ctx;
	int64_t id = clout_smap_intern(&b->terms, term, len);
	if (id < 0)
		return (int)id;
	if ((size_t)id >= b->cap_tf) {
		if (clout_array_reserve(&b->tf, &b->cap_tf, (size_t)id + 1, sizeof(*b->tf), 65536) < 0)
			return CLOUT_ENOMEM;
	}
	if (b->tf[id]++ == 0) {
		if (clout_array_reserve(&b->touched, &b->cap_touched, b->ntouched + 1, sizeof(*b->touched), 1024) < 0)
			return CLOUT_ENOMEM;
		b->touched[b->ntouched++] = (uint32_t)id;
	}
	b->profiles[b->current_index].doc_len++;
	return 0;
}

static int by_rate(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Closes the current account: its engagement statistics and its postings. */
static int flush_account(builder *b)
{
	score_profile *p;
	if (!b->current)
		return 0;
	p = &b->profiles[b->current_index];
	if (b->n_er) {
		double mean = b->sum_likes / b->n_er, var = b->sum_likes2 / b->n_er - mean * mean;
		size_t n = b->n_er;
		qsort(b->rates, n, sizeof(*b->rates), by_rate);
		p->engagement_rate = n % 2 ? b->rates[n / 2] : (b->rates[n / 2 - 1] + b->rates[n / 2]) / 2;
		p->engagement_mean = b->sum_er / b->n_er;
		p->engagement_max = b->rates[n - 1];
		p->likes_cv = mean > 0 ? sqrt(var > 0 ? var : 0) / mean : 0;
	}
	if (b->n_views)
		p->avg_views = b->sum_views / b->n_views;
	if (p->posts)
		p->sponsored_share = (double)b->n_sponsored / p->posts;
	b->negative[b->current_index] = b->n_negative;
	if (clout_array_reserve(&b->held, &b->cap_held, 3 * (b->nheld + b->ntouched), sizeof(*b->held), 3 * 1024) < 0)
		return CLOUT_ENOMEM;
	for (size_t k = 0; k < b->ntouched; k++) {
		uint32_t id = b->touched[k], *h = &b->held[3 * b->nheld++];
		h[0] = id;
		h[1] = b->current_index;
		h[2] = b->tf[id];
		b->tf[id] = 0;
	}
	b->postings_count += b->ntouched;
	b->ntouched = 0;
	b->sum_er = b->sum_likes = b->sum_likes2 = b->sum_views = 0;
	b->n_er = b->n_views = b->n_sponsored = b->n_negative = 0;
	return 0;
}

/* Sorts the held postings by term (a counting sort: each term's in account order) into pairs, the
 * term id's pairs from pairs[term_at[id]] to pairs[term_at[id + 1]] (in uint32s), and empties held. */
static int sort_held(builder *b)
{
	size_t nterms = b->terms.count;
	if (clout_array_reserve(&b->term_at, &b->cap_term_at, nterms + 1, sizeof(*b->term_at), 1024) < 0 ||
	    clout_array_reserve(&b->pairs, &b->cap_pairs, 2 * b->nheld, sizeof(*b->pairs), 2 * 1024) < 0)
		return CLOUT_ENOMEM;
	memset(b->term_at, 0, (nterms + 1) * sizeof(*b->term_at));
	for (size_t i = 0; i < b->nheld; i++)
		b->term_at[b->held[3 * i] + 1] += 2;
	for (size_t id = 0; id < nterms; id++)
		b->term_at[id + 1] += b->term_at[id];
	/* term_at[id] walks through id's room, then is id + 1's start: shifted back below */
	for (size_t i = 0; i < b->nheld; i++) {
		const uint32_t *h = &b->held[3 * i];
		uint32_t at = b->term_at[h[0]];
		b->pairs[at] = h[1];
		b->pairs[at + 1] = h[2];
		b->term_at[h[0]] = at + 2;
	}
	for (size_t id = nterms; id > 0; id--)
		b->term_at[id] = b->term_at[id - 1];
	b->term_at[0] = 0;
	b->nheld = 0;
	return 0;
}

/* Writes every held posting to a new run, term by term (term id, count of uint32s, the pairs). */
static int spill(builder *b)
{
	FILE *f;
	int rc;
	if (clout_array_reserve(&b->runs, &b->cap_runs, b->nruns + 1, sizeof(*b->runs), 8) < 0)
		return CLOUT_ENOMEM;
	if ((rc = sort_held(b)) < 0)
		return rc;
	if (!(f = tmpfile()))
		return CLOUT_EIO;
	b->runs[b->nruns++] = f;
	for (size_t id = 0; id < b->terms.count && rc == 0; id++) {
		uint32_t n = b->term_at[id + 1] - b->term_at[id];
		uint32_t head[2] = { (uint32_t)id, n };
		if (!n)
			continue;
		if (fwrite(head, sizeof(head), 1, f) != 1 || fwrite(b->pairs + b->term_at[id], sizeof(*b->pairs), n, f) != n)
			rc = CLOUT_EIO;
	}
	if (rc == 0 && (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0))
		rc = CLOUT_EIO;
	return rc;
}

/* Closes the current account, and spills the postings when they pass the budget. */
static int close_account(builder *b)
{
	int rc = flush_account(b);
	if (rc == 0 && b->nheld >= b->max_postings)
		rc = spill(b);
	return rc;
}

static int64_t known(int64_t v)
{
	return v > 0 ? v : 0;
}

static int on_post(void *ctx, const clout_post_row *row)
{
	builder *b = ctx;
	score_profile *p;
	int rc;
	if (row->account_id != b->current) {
		uint32_t i;
		if ((rc = close_account(b)) < 0)
			return rc;
		if (!clout_imap_get(&b->index_of, row->account_id, &i))
			return CLOUT_EINTERNAL;
		b->current = row->account_id;
		b->current_index = i;
		b->lang_from_posts = false;
	}
	p = &b->profiles[b->current_index];
	if (++b->posts_seen % 65536 == 0 && b->progress && b->progress(b->progress_ctx, b->posts_seen, b->total_posts))
		return clout_error_set(b->err, CLOUT_EINVAL, "building the discovery index: interrupted");
	/* A repost carries someone else's words and metrics: it says nothing of this account. */
	if (row->kind == CLOUT_POST_REPOST)
		return 0;
	if (row->created_at > p->last_post_at)
		p->last_post_at = row->created_at;
	if (row->created_at >= 0 && (p->first_post_at < 0 || row->created_at < p->first_post_at))
		p->first_post_at = row->created_at;
	/* an account without a declared language takes its posts' (the newest wins: posts come oldest first) */
	if (row->lang && *row->lang && strcmp(row->lang, "und") && (!p->lang[0] || b->lang_from_posts)) {
		snprintf(p->lang, sizeof(p->lang), "%s", row->lang);
		b->lang_from_posts = true;
	}
	if (row->kind == CLOUT_POST_REPLY) {
		if (row->conversation_owner_id == row->account_id && row->parent_author_id &&
		    row->parent_author_id != row->account_id)
			p->answered++;
	} else {
		p->posts++;
		if (row->created_at >= b->reference_time - RECENT_DAYS * 86400)
			p->recent_posts++;
		if (row->comments > 0)
			p->comments_seen += row->comments < 10 ? (double)row->comments : 10;
		if (p->followers > 0 && (row->likes >= 0 || row->comments >= 0)) {
			double engaged = (double)(known(row->likes) + known(row->comments) + known(row->shares) + known(row->quotes));
			if (clout_array_reserve(&b->rates, &b->cap_rates, (size_t)b->n_er + 1, sizeof(*b->rates), 256) < 0)
				return CLOUT_ENOMEM;
			/* a post seen beyond the followers (views known) is rated on the audience that saw it */
			double seen = row->views > p->followers ? (double)row->views : (double)p->followers;
			b->rates[b->n_er] = engaged / seen;
			b->sum_er += engaged / seen;
			b->sum_likes += (double)known(row->likes);
			b->sum_likes2 += (double)known(row->likes) * (double)known(row->likes);
			b->n_er++;
		}
		if (row->views >= 0) {
			b->sum_views += (double)row->views;
			b->n_views++;
		}
		if (row->sponsored == 1)
			b->n_sponsored++;
	}
	if (row->text_len) {
		const char *lang = clout__analysis_lang(row->lang && *row->lang ? row->lang : p->lang);
		clout_sentiment s;
		if ((rc = clout_text_terms(b->text, row->text, row->text_len, lang, on_term, b)) < 0 ||
		    (row->kind != CLOUT_POST_REPLY &&
			    (rc = clout_text_sentiment(b->text, row->text, row->text_len, lang, &s)) < 0))
			return clout_error_set(b->err, rc, "building the discovery index: post %lld: %s", (long long)row->id,
				clout_strerror(rc));
		if (row->kind != CLOUT_POST_REPLY && s.compound <= NEGATIVE_COMPOUND)
			b->n_negative++;
	}
	return 0;
}

/* ---- reading posts on a second thread -------------------------------------------------------- */

#define POST_BATCH_ROWS 8192
#define POST_BATCH_BYTES (8u << 20)
#define POST_QUEUE 2

typedef struct post_batch {
	clout_post_row *rows;
	size_t n, cap;
	clout_arena strings;
	size_t bytes;
} post_batch;

typedef struct post_reader {
	clout_store *store;
	int64_t ws;
	clout_queue *q;
	post_batch *cur;
	clout_error err;
	int rc;
} post_reader;

static void batch_free(post_batch *pb)
{
	if (!pb)
		return;
	free(pb->rows);
	clout_arena_release(&pb->strings);
	free(pb);
}

static int reader_row(void *ctx, const clout_post_row *row)
{
	post_reader *r = ctx;
	post_batch *pb = r->cur;
	clout_post_row *d;
	if (!pb) {
		if ((pb = clout_queue_take_spare(r->q))) {
			pb->n = pb->bytes = 0;
			clout_arena_reset(&pb->strings);
		} else if (!(pb = calloc(1, sizeof(*pb)))) {
			return clout_error_set(&r->err, CLOUT_ENOMEM, "out of memory");
		}
		r->cur = pb;
	}
	if (clout_array_reserve(&pb->rows, &pb->cap, pb->n + 1, sizeof(*pb->rows), 1024) < 0)
		return clout_error_set(&r->err, CLOUT_ENOMEM, "out of memory");
	d = &pb->rows[pb->n];
	*d = *row;
	if (!(d->text = clout_arena_strndup(&pb->strings, row->text, row->text_len)) ||
	    (row->lang && !(d->lang = clout_arena_strndup(&pb->strings, row->lang, strlen(row->lang)))))
		return clout_error_set(&r->err, CLOUT_ENOMEM, "out of memory");
	pb->n++;
	pb->bytes += row->text_len + 64;
	if (pb->n < POST_BATCH_ROWS && pb->bytes < POST_BATCH_BYTES)
		return 0;
	r->cur = NULL;
	if (!clout_queue_push(r->q, pb)) {
		batch_free(pb);
		return 1; /* the builder has stopped: so does the reading */
	}
	return 0;
}

static void *reader_main(void *arg)
{
	post_reader *r = arg;
	r->rc = clout_store_foreach_post(r->store, r->ws, 0, 0, reader_row, r, &r->err);
	if (r->cur && (r->rc != 0 || !clout_queue_push(r->q, r->cur)))
		batch_free(r->cur);
	r->cur = NULL;
	clout_queue_finish(r->q);
	return NULL;
}

/* Feeds every post of the workspace to on_post, in account order. */
static int read_posts(builder *b)
{
	post_reader r;
	clout_queue q;
	pthread_t thread;
	post_batch *pb;
	int rc = 0;
	memset(&r, 0, sizeof(r));
	if (clout_queue_init(&q, POST_QUEUE) < 0)
		return clout_error_set(b->err, CLOUT_ENOMEM, "out of memory");
	r.store = b->store;
	r.ws = b->ws;
	r.q = &q;
	if (pthread_create(&thread, NULL, reader_main, &r) != 0) {
		clout_queue_release(&q);
		return clout_store_foreach_post(b->store, b->ws, 0, 0, on_post, b, b->err);
	}
	while ((pb = clout_queue_pop(&q))) {
		for (size_t i = 0; i < pb->n && rc == 0; i++)
			if ((rc = on_post(b, &pb->rows[i])) != 0)
				clout_queue_stop(&q);
		if (!clout_queue_give_spare(&q, pb))
			batch_free(pb);
	}
	pthread_join(thread, NULL);
	if (rc == 0 && r.rc < 0) {
		if (b->err)
			*b->err = r.err;
		rc = r.rc;
	}
	while ((pb = clout_queue_take_spare(&q)))
		batch_free(pb);
	clout_queue_release(&q);
	return rc;
}

/* Appends value to list (one a line) unless it is already there. */
static int add_facet(clout_smap *seen, clout_buf *list, const char *value)
{
	int64_t before = (int64_t)seen->count, id;
	if (!*value)
		return 0;
	if ((id = clout_smap_intern(seen, value, strlen(value))) < 0)
		return (int)id;
	if (id < before)
		return 0;
	return clout_buf_printf(list, "%s%s", list->len ? "\n" : "", value) < 0 ? CLOUT_ENOMEM : 0;
}

/* The language byte of every account, and the platforms and countries present (for the query's
 * checks of its filters). */
static int write_langs_and_facets(builder *b, clout_error *err)
{
	uint8_t *langs = calloc(b->nprofiles ? b->nprofiles : 1, 1);
	clout_smap platforms, countries;
	clout_buf plist = CLOUT_BUF_INIT, clist = CLOUT_BUF_INIT;
	int rc = 0;
	if (!langs || clout_smap_init(&platforms, 16) < 0 || clout_smap_init(&countries, 64) < 0) {
		free(langs);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < b->nprofiles && rc == 0; i++) {
		const score_profile *p = &b->profiles[i];
		langs[i] = clout__score_lang_code(p->lang);
		if ((rc = add_facet(&platforms, &plist, p->platform)) == 0)
			rc = add_facet(&countries, &clist, p->country);
	}
	if (rc < 0)
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if (rc == 0)
		rc = clout_store_put_blob(b->store, b->ws, SPACE_META, "langs", langs, b->nprofiles, err);
	if (rc == 0)
		rc = clout_store_put_blob(b->store, b->ws, SPACE_META, "platforms", plist.ptr ? plist.ptr : "", plist.len, err);
	if (rc == 0)
		rc = clout_store_put_blob(b->store, b->ws, SPACE_META, "countries", clist.ptr ? clist.ptr : "", clist.len, err);
	free(langs);
	clout_smap_release(&platforms);
	clout_smap_release(&countries);
	clout_buf_release(&plist);
	clout_buf_release(&clist);
	return rc;
}

/* The next list of a run: its term id (UINT32_MAX when the run is over) and its count of uint32s. */
typedef struct run_head {
	uint32_t id, n;
} run_head;

static int run_next(builder *b, size_t r, run_head *h, clout_error *err)
{
	uint32_t head[2];
	if (fread(head, sizeof(head), 1, b->runs[r]) != 1) {
		if (ferror(b->runs[r]))
			return clout_error_set(err, CLOUT_EIO, "building the discovery index: cannot read a spilled run");
		h->id = UINT32_MAX;
		h->n = 0;
		return 0;
	}
	h->id = head[0];
	h->n = head[1];
	return 0;
}

static int runs_start(builder *b, run_head *heads, clout_error *err)
{
	int rc = 0;
	for (size_t r = 0; r < b->nruns && rc == 0; r++)
		rc = run_next(b, r, &heads[r], err);
	return rc;
}

/* Appends pairs (dense index, tf) to buf in the index's coding: the index as a delta from *prev,
 * the term frequency, the document length. buf has room. */
static void encode_pairs(builder *b, const uint32_t *pairs, uint32_t n, clout_buf *buf, uint32_t *prev)
{
	for (uint32_t k = 0; k < n; k += 2) {
		buf->len += clout__varint_put((uint8_t *)buf->ptr + buf->len, pairs[k] - *prev);
		buf->len += clout__varint_put((uint8_t *)buf->ptr + buf->len, pairs[k + 1]);
		buf->len += clout__varint_put((uint8_t *)buf->ptr + buf->len, b->profiles[pairs[k]].doc_len);
		*prev = pairs[k];
	}
}

/* Encodes run r's list at its head into buf, then reads the run's next head. */
static int run_piece(builder *b, size_t r, run_head *h, clout_buf *buf, uint32_t *prev, clout_error *err)
{
	uint32_t chunk[4096];
	for (uint32_t left = h->n; left > 0;) {
		uint32_t take = left < 4096 ? left : 4096;
		if (fread(chunk, sizeof(*chunk), take, b->runs[r]) != take || take % 2)
			return clout_error_set(err, CLOUT_EIO, "building the discovery index: a spilled run is cut short");
		encode_pairs(b, chunk, take, buf, prev);
		left -= take;
	}
	return run_next(b, r, h, err);
}

/* Writes the index to the store: profiles, then each term's document frequency and postings
 * (the coding of SCORE_INDEX_VERSION), then the meta. */
static int write_index(builder *b, const clout_store_counts *counts, clout_error *err)
{
	clout_buf buf = CLOUT_BUF_INIT;
	score_meta meta;
	uint64_t docs = 0, total_len = 0;
	run_head *heads = calloc(b->nruns ? b->nruns : 1, sizeof(*heads));
	int rc;
	if (!heads)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if ((rc = clout_store_index_clear(b->store, b->ws, err)) < 0) {
		free(heads);
		return rc;
	}
	for (size_t i = 0; i < b->nprofiles; i++) {
		score_profile *p = &b->profiles[i];
		if (p->doc_len) {
			docs++;
			total_len += p->doc_len;
		}
		clout__score_profile_finish(p, b->reference_time);
		clout__score_profile_brand_safety(p, b->negative[i]);
		/* stub accounts (only seen as an edge end or a commenter) need no profile */
		if (p->followers < 0 && p->posts == 0 && p->doc_len == 0)
			continue;
		if ((rc = clout_store_index_put_profile(b->store, b->ws, (uint32_t)i, p, err)) < 0) {
			free(heads);
			return rc;
		}
	}
	if ((rc = runs_start(b, heads, err)) < 0)
		goto done;
	if ((rc = sort_held(b)) < 0) {
		rc = clout_error_set(err, rc, "out of memory");
		goto done;
	}
	for (size_t id = 0; id < b->terms.count && rc == 0; id++) {
		const uint32_t *held = b->pairs ? b->pairs + b->term_at[id] : NULL;
		uint32_t prev = 0, nheld = b->term_at[id + 1] - b->term_at[id];
		uint64_t df = nheld / 2;
		const char *term = clout_smap_string(&b->terms, (uint32_t)id);
		for (size_t r = 0; r < b->nruns; r++)
			if (heads[r].id == id)
				df += heads[r].n / 2;
		if (!df)
			continue;
		clout_buf_clear(&buf);
		if (df > UINT32_MAX || clout_buf_grow(&buf, (size_t)df * 15) < 0) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			break;
		}
		/* the term's pieces in account order: the runs, oldest first, then what is held */
		for (size_t r = 0; r < b->nruns && rc == 0; r++)
			if (heads[r].id == id)
				rc = run_piece(b, r, &heads[r], &buf, &prev, err);
		if (rc < 0)
			break;
		encode_pairs(b, held, nheld, &buf, &prev);
		if ((rc = clout_store_index_put_term(b->store, b->ws, term, (uint32_t)df, buf.ptr, buf.len, err)) < 0)
			break;
	}
done:
	free(heads);
	clout_buf_release(&buf);
	if (rc < 0)
		return rc;
	if ((rc = write_langs_and_facets(b, err)) < 0)
		return rc;
	memset(&meta, 0, sizeof(meta));
	meta.version = SCORE_INDEX_VERSION;
	meta.accounts = (uint64_t)counts->accounts;
	meta.posts = (uint64_t)counts->posts;
	meta.generation = b->generation;
	meta.docs = docs;
	meta.ndocs = b->nprofiles;
	meta.avg_doc_len = docs ? (double)total_len / (double)docs : 0;
	meta.reference_time = b->reference_time;
	return clout_store_index_put_meta(b->store, b->ws, &meta, err);
}

int clout__score_index_build(clout_store *store, int64_t workspace, const clout_text_model *model, clout_progress_fn progress, void *progress_ctx,
	clout_score_index_stats *out, clout_error *err)
{
	return clout__score_index_build_runs(store, workspace, model, progress, progress_ctx, SCORE_INDEX_MAX_POSTINGS, NULL,
		out, err);
}

int clout__score_index_build_runs(clout_store *store, int64_t workspace, const clout_text_model *model,
	clout_progress_fn progress, void *progress_ctx, size_t max_postings, size_t *runs_out, clout_score_index_stats *out,
	clout_error *err)
{
	builder b;
	clout_store_counts counts;
	int rc;
	bool began = false, limited = false;
	memset(&b, 0, sizeof(b));
	if (out)
		memset(out, 0, sizeof(*out));
	b.store = store;
	b.ws = workspace;
	b.progress = progress;
	b.progress_ctx = progress_ctx;
	b.err = err;
	b.max_postings = max_postings ? max_postings : 1;
	if ((rc = clout_store_counts_get(store, workspace, &counts, err)) < 0)
		return rc;
	if ((rc = clout_store_generation(store, workspace, &b.generation, err)) < 0)
		return rc;
	b.total_posts = (uint64_t)counts.posts;
	b.reference_time = counts.newest_post_at;
	if ((rc = clout_text_new(&b.text, model, err)) < 0)
		return rc;
	/* the profiles at their known number rather than doubled past it (the array is zeroed as it grows) */
	if (clout_imap_init(&b.index_of, (size_t)counts.accounts + 16) < 0 || clout_smap_init(&b.terms, 1 << 16) < 0 ||
	    clout_array_reserve(&b.profiles, &b.cap_profiles, (size_t)counts.accounts + 1, sizeof(*b.profiles),
		    (size_t)counts.accounts + 1) < 0 ||
	    clout_array_reserve(&b.negative, &b.cap_negative, (size_t)counts.accounts + 1, sizeof(*b.negative),
		    (size_t)counts.accounts + 1) < 0) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = clout_store_cache_limit(store, SCORE_INDEX_CACHE_BYTES, SCORE_INDEX_MAP_BYTES, err)) < 0)
		goto done;
	limited = true;
	if ((rc = clout_store_begin(store, err)) < 0)
		goto done;
	began = true;
	if ((rc = clout_store_foreach_account(store, workspace, on_account, &b, err)) < 0 ||
	    (rc = clout_store_foreach_snapshot(store, workspace, 0, on_snapshot, &b, err)) < 0)
		goto fail;
	rc = read_posts(&b);
	if (rc == 0)
		rc = flush_account(&b);
	if (rc < 0)
		goto fail;
	if ((rc = write_index(&b, &counts, err)) < 0)
		goto fail;
	if ((rc = clout_store_commit(store, err)) < 0)
		goto fail;
	began = false;
	if (progress)
		progress(progress_ctx, b.total_posts, b.total_posts);
	if (out) {
		out->accounts = b.nprofiles;
		out->posts = b.posts_seen;
		out->terms = b.terms.count;
		out->postings = b.postings_count;
		out->reference_time = b.reference_time;
	}
	goto done;
fail:
	if (err && !err->message[0])
		clout_error_set(err, rc, "building the discovery index: %s", clout_strerror(rc));
done:
	if (began)
		clout_store_rollback(store);
	/* the store's own cache again; should that fail, later work is only slower, never wrong */
	if (limited)
		clout_store_cache_default(store, NULL);
	clout_text_free(b.text);
	clout_imap_release(&b.index_of);
	clout_smap_release(&b.terms);
	free(b.held);
	free(b.pairs);
	free(b.term_at);
	free(b.tf);
	free(b.touched);
	free(b.rates);
	free(b.profiles);
	free(b.negative);
	if (rc == 0 && runs_out)
		*runs_out = b.nruns;
	for (size_t r = 0; r < b.nruns; r++)
		fclose(b.runs[r]);
	free(b.runs);
	return rc;
}
