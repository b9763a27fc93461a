/*
 * import.c: the import framework: format detection, the one transaction around all files,
 * per-record batches, FILE:LINE errors, --skip-bad rejects, and progress. Formats (fmt_*.c) only
 * turn records into batch entries.
 *
 * An import runs on two threads. The reader thread reads, parses and checks records; a record
 * that passes is copied into a chunk of many records, and a full chunk is sorted (accounts and
 * posts by key) and queued. The calling thread takes chunks in order and hands each to the
 * store's bulk writes, a few set-based statements per table (on PostgreSQL a COPY into a staging
 * table, then one INSERT ... SELECT: no round trip per row); a store writes far faster in key order
 * than in file order (its indexes are B-trees), and reading overlaps writing. Every record is
 * checked before it joins a chunk, so a bad record is refused (or rejected) whole, and the store only fails for reasons that
 * end the import (a full disk, say). The queue holds at most QUEUE_MAX chunks: memory stays
 * bounded whatever the size of the input.
 */
#include <pthread.h>
#include <stdarg.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/import/internal.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/queue.h"
#include "util/banned.h"


void clout_import_stats_release(clout_import_stats *stats)
{
	if (!stats)
		return;
	free(stats->files);
	free(stats->reject_path);
	memset(stats, 0, sizeof(*stats));
}

/* Seconds of the clock (CLOCK_MONOTONIC, or the calling thread's CPU time). */
static double clock_seconds(clockid_t clock)
{
	struct timespec ts;
	if (clock_gettime(clock, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- chunks: records on their way from the reader thread to the store ----------------------------- */

#define CHUNK_RECORDS 32768
#define CHUNK_ENTRIES 131072
#define CHUNK_BYTES (16u << 20)
#define QUEUE_MAX 2
#define KINDS_MAX 64

typedef struct chunk_account { clout_account v; uint32_t rec; } chunk_account;
/* author, parent, src and dst: positions in the chunk's refs (UINT32_MAX: none) */
typedef struct chunk_post { clout_post v; uint32_t rec, author, parent; } chunk_post;
typedef struct chunk_edge { clout_edge v; uint32_t rec, src, dst; } chunk_edge;
/* an account a post or an edge names, or a weak account (created as a stub if the store lacks it;
 * handle, when known, names an account that has none) */
typedef struct chunk_ref { const char *platform, *ext_id, *handle; uint32_t rec; } chunk_ref;
typedef struct chunk_origin { uint32_t file; uint64_t line; } chunk_origin;
/* what a chunk's accounts, refs and posts are sorted by: the key, then the original position; pre
 * holds the id's first 24 bytes big-endian (zero-padded: a 19-digit id fits), so most comparisons
 * need no strcmp; whole: the id is shorter than 24 bytes, so pre is all of it (two such keys with
 * the same pre have the same id: no strcmp either, the common case of an account named again) */
typedef struct sort_key { uint64_t pre[3]; const char *platform, *id; uint32_t at; bool whole; } sort_key;

typedef struct chunk {
	clout_arena arena;
	size_t bytes;
	bool nomem;
	chunk_account *accounts;
	size_t naccounts, cap_accounts;
	chunk_post *posts;
	size_t nposts, cap_posts;
	chunk_edge *edges;
	size_t nedges, cap_edges;
	chunk_ref *refs;
	size_t nrefs, cap_refs;
	int64_t *ref_ids; /* the store's id of each ref, found by the writer */
	size_t cap_ref_ids;
	chunk_origin *recs;
	size_t nrecs, cap_recs;
	/* the order to write in, made by the reader thread when the chunk is full */
	sort_key *order, *order_tmp;
	size_t cap_order, cap_order_tmp;
	uint32_t *account_order, *ref_order, *post_order;
	size_t cap_account_order, cap_ref_order, cap_post_order;
	/* what the writer hands the store's bulk writes: records, refs, and account ids (two per record) */
	const clout_account **aptrs;
	const clout_post **pptrs;
	const clout_edge **eptrs;
	size_t cap_aptrs, cap_pptrs, cap_eptrs;
	clout_account_ref *arefs;
	size_t cap_arefs;
	int64_t *ends;
	size_t cap_ends;
	const char **kinds;  /* the edge kinds of the chunk, once each (edges point at these) */
	size_t nkinds, cap_kinds;
	uint64_t done_bytes; /* input bytes read when the chunk was closed, for progress */
} chunk;


static void chunk_free(chunk *c)
{
	if (!c)
		return;
	clout_arena_release(&c->arena);
	free(c->accounts);
	free(c->posts);
	free(c->edges);
	free(c->refs);
	free(c->ref_ids);
	free(c->recs);
	free(c->order);
	free(c->order_tmp);
	free(c->account_order);
	free(c->ref_order);
	free(c->post_order);
	free(c->aptrs);
	free(c->pptrs);
	free(c->eptrs);
	free(c->arefs);
	free(c->ends);
	free(c->kinds);
	free(c);
}

static void chunk_reset(chunk *c)
{
	clout_arena_reset(&c->arena);
	c->bytes = 0;
	c->nomem = false;
	c->naccounts = c->nposts = c->nedges = c->nrefs = c->nrecs = c->nkinds = 0;
	c->done_bytes = 0;
}

/* A copy of s in the chunk (NULL stays NULL). */
static const char *chunk_str(chunk *c, const char *s, size_t len)
{
	char *p;
	if (!s)
		return NULL;
	if (!(p = clout_arena_strndup(&c->arena, s, len)))
		c->nomem = true;
	c->bytes += len + 1;
	return p;
}
#define CHUNK_STR(c, s) chunk_str((c), (s), (s) ? strlen(s) : 0)

/* The chunk's one copy of an edge kind or a platform (a chunk holds a handful), so the writer and
 * the sort compare pointers. */
static const char *chunk_kind(chunk *c, const char *kind)
{
	const char *k;
	if (!kind)
		return NULL;
	for (size_t i = 0; i < c->nkinds; i++)
		if (!strcmp(c->kinds[i], kind))
			return c->kinds[i];
	/* past a few dozen, a copy each (comparisons then fall back to strcmp): no quadratic search */
	if (c->nkinds >= KINDS_MAX)
		return CHUNK_STR(c, kind);
	if (clout_array_reserve(&c->kinds, &c->cap_kinds, c->nkinds + 1, sizeof(*c->kinds), 8) < 0 ||
	    !(k = CHUNK_STR(c, kind))) {
		c->nomem = true;
		return NULL;
	}
	return c->kinds[c->nkinds++] = k;
}

/* Notes that the chunk names account (platform, ext_id): its position in refs, or UINT32_MAX. */
static uint32_t chunk_ref_add(chunk *c, const char *platform, const char *ext_id, const char *handle, uint32_t rec)
{
	if (!ext_id || !*ext_id)
		return UINT32_MAX;
	if (clout_array_reserve(&c->refs, &c->cap_refs, c->nrefs + 1, sizeof(*c->refs), 1024) < 0) {
		c->nomem = true;
		return UINT32_MAX;
	}
	c->refs[c->nrefs] = (chunk_ref){ platform, ext_id, handle && *handle ? handle : NULL, rec };
	return (uint32_t)c->nrefs++;
}

/* Copies the current record's batch into the chunk. */
static int chunk_add_record(clout__import *im, chunk *c)
{
	clout__batch *b = &im->batch;
	uint32_t rec = (uint32_t)c->nrecs;
	if (clout_array_reserve(&c->recs, &c->cap_recs, c->nrecs + 1, sizeof(*c->recs), 1024) < 0 ||
	    clout_array_reserve(&c->accounts, &c->cap_accounts, c->naccounts + b->naccounts, sizeof(*c->accounts), 256) < 0 ||
	    clout_array_reserve(&c->posts, &c->cap_posts, c->nposts + b->nposts, sizeof(*c->posts), 1024) < 0 ||
	    clout_array_reserve(&c->edges, &c->cap_edges, c->nedges + b->nedges, sizeof(*c->edges), 1024) < 0)
		return CLOUT_ENOMEM;
	c->recs[c->nrecs++] = (chunk_origin){ im->file_index, im->record_line };
	for (size_t i = 0; i < b->naccounts; i++) {
		const clout_account *a = &b->accounts[i];
		chunk_account *d;
		if (a->weak) {
			const char *platform = chunk_kind(c, a->platform);
			chunk_ref_add(c, platform, CHUNK_STR(c, a->ext_id), CHUNK_STR(c, a->handle), rec);
			continue;
		}
		d = &c->accounts[c->naccounts++];
		d->v = *a;
		d->rec = rec;
		d->v.platform = chunk_kind(c, a->platform);
		d->v.ext_id = CHUNK_STR(c, a->ext_id);
		d->v.handle = CHUNK_STR(c, a->handle);
		d->v.name = CHUNK_STR(c, a->name);
		d->v.bio = CHUNK_STR(c, a->bio);
		d->v.lang = CHUNK_STR(c, a->lang);
		d->v.country = CHUNK_STR(c, a->country);
		d->v.person = CHUNK_STR(c, a->person);
		d->v.url = CHUNK_STR(c, a->url);
		d->v.currency = CHUNK_STR(c, a->currency);
	}
	for (size_t i = 0; i < b->nposts; i++) {
		const clout_post *p = &b->posts[i];
		chunk_post *d = &c->posts[c->nposts++];
		d->v = *p;
		d->rec = rec;
		d->v.platform = chunk_kind(c, p->platform);
		d->v.ext_id = CHUNK_STR(c, p->ext_id);
		d->v.author_ext_id = CHUNK_STR(c, p->author_ext_id);
		d->v.text = chunk_str(c, p->text, p->text_len);
		d->v.lang = CHUNK_STR(c, p->lang);
		d->v.url = CHUNK_STR(c, p->url);
		d->v.parent_ext_id = CHUNK_STR(c, p->parent_ext_id);
		d->v.parent_author_ext_id = CHUNK_STR(c, p->parent_author_ext_id);
		d->v.conversation_ext_id = CHUNK_STR(c, p->conversation_ext_id);
		d->author = chunk_ref_add(c, d->v.platform, d->v.author_ext_id, NULL, rec);
		d->parent = chunk_ref_add(c, d->v.platform, d->v.parent_author_ext_id, NULL, rec);
	}
	for (size_t i = 0; i < b->nedges; i++) {
		const clout_edge *e = &b->edges[i];
		chunk_edge *d = &c->edges[c->nedges++];
		d->v = *e;
		d->rec = rec;
		d->v.platform = chunk_kind(c, e->platform);
		d->v.src_ext_id = CHUNK_STR(c, e->src_ext_id);
		d->v.dst_ext_id = CHUNK_STR(c, e->dst_ext_id);
		d->v.kind = chunk_kind(c, e->kind);
		d->src = chunk_ref_add(c, d->v.platform, d->v.src_ext_id, NULL, rec);
		d->dst = chunk_ref_add(c, d->v.platform, d->v.dst_ext_id, NULL, rec);
	}
	return c->nomem ? CLOUT_ENOMEM : 0;
}

static bool chunk_full(const chunk *c)
{
	return c->nrecs >= CHUNK_RECORDS || c->bytes >= CHUNK_BYTES ||
	       c->naccounts + c->nposts + c->nedges + c->nrefs >= CHUNK_ENTRIES;
}

static inline int sort_key_cmp(const sort_key *p, const sort_key *q)
{
	int c;
	/* the store's key order: platform, then id (the platforms of a chunk are one copy each) */
	if (p->platform != q->platform && (c = strcmp(p->platform, q->platform)))
		return c;
	if (p->pre[0] != q->pre[0])
		return p->pre[0] < q->pre[0] ? -1 : 1;
	if (p->pre[1] != q->pre[1])
		return p->pre[1] < q->pre[1] ? -1 : 1;
	if (p->pre[2] != q->pre[2])
		return p->pre[2] < q->pre[2] ? -1 : 1;
	if (!(p->whole && q->whole) && (c = strcmp(p->id, q->id)))
		return c;
	return p->at < q->at ? -1 : p->at > q->at;
}

/* The sort key of (platform, id) at position at: the id's first 24 bytes as three big-endian
 * numbers (bytes after its end are 0, which sorts first, as strcmp does). */
static sort_key make_key(const char *platform, const char *id, size_t at)
{
	sort_key k = { { 0, 0, 0 }, platform, id, (uint32_t)at, false };
	size_t i = 0;
	for (; i < 24 && id[i]; i++)
		k.pre[i / 8] |= (uint64_t)(unsigned char)id[i] << (8 * (7 - i % 8));
	k.whole = i < 24;
	return k;
}

/*
 * Sorts a[0..n) with tmp (room for n) beside it: runs of 16 by insertion, then merged bottom-up,
 * the comparison inlined (qsort's call per comparison was most of the sort's time). Returns the
 * array that holds the result (a or tmp). Keys are distinct (the position breaks ties).
 */
static sort_key *sort_keys(sort_key *a, sort_key *tmp, size_t n)
{
	for (size_t lo = 0; lo < n; lo += 16) {
		size_t hi = lo + 16 < n ? lo + 16 : n;
		for (size_t i = lo + 1; i < hi; i++) {
			sort_key k = a[i];
			size_t j = i;
			for (; j > lo && sort_key_cmp(&a[j - 1], &k) > 0; j--)
				a[j] = a[j - 1];
			a[j] = k;
		}
	}
	for (size_t w = 16; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi)
				tmp[o++] = sort_key_cmp(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
			while (i < mid)
				tmp[o++] = a[i++];
			while (j < hi)
				tmp[o++] = a[j++];
		}
		sort_key *t = a;
		a = tmp;
		tmp = t;
	}
	return a;
}

/* Sorts the keys and writes the positions, in order, to *out. */
static int make_order(chunk *c, size_t n, uint32_t **out, size_t *cap)
{
	const sort_key *sorted;
	if (clout_array_reserve(out, cap, n, sizeof(**out), 1024) < 0 ||
	    clout_array_reserve(&c->order_tmp, &c->cap_order_tmp, n, sizeof(*c->order_tmp), 1024) < 0)
		return CLOUT_ENOMEM;
	sorted = sort_keys(c->order, c->order_tmp, n);
	for (size_t i = 0; i < n; i++)
		(*out)[i] = sorted[i].at;
	return 0;
}

/*
 * The order the writer follows: accounts and the accounts named by posts and edges by (platform,
 * id), posts by (platform, id); the store orders edges, once it knows their accounts' ids.
 * Records with the same key keep their file order, so the store ends up exactly as
 * if written in file order.
 */
static int chunk_sort(chunk *c)
{
	size_t most = c->naccounts;
	if (c->nrefs > most)
		most = c->nrefs;
	if (c->nposts > most)
		most = c->nposts;
	if (clout_array_reserve(&c->order, &c->cap_order, most, sizeof(*c->order), 1024) < 0)
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < c->naccounts; i++)
		c->order[i] = make_key(c->accounts[i].v.platform, c->accounts[i].v.ext_id, i);
	if (make_order(c, c->naccounts, &c->account_order, &c->cap_account_order) < 0)
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < c->nrefs; i++)
		c->order[i] = make_key(c->refs[i].platform, c->refs[i].ext_id, i);
	if (make_order(c, c->nrefs, &c->ref_order, &c->cap_ref_order) < 0)
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < c->nposts; i++)
		c->order[i] = make_key(c->posts[i].v.platform, c->posts[i].v.ext_id, i);
	if (make_order(c, c->nposts, &c->post_order, &c->cap_post_order) < 0)
		return CLOUT_ENOMEM;
	return 0;
}

/* A chunk to fill: a recycled one if any. */
static chunk *chunk_get(clout_queue *q)
{
	chunk *c = clout_queue_take_spare(q);
	if (c)
		chunk_reset(c);
	else
		c = calloc(1, sizeof(*c));
	return c;
}

static void chunk_recycle(clout_queue *q, chunk *c)
{
	if (!clout_queue_give_spare(q, c))
		chunk_free(c);
}

/* Sorts the chunk being filled and queues it (reader thread). */
static int chunk_close(clout__import *im)
{
	chunk *c = im->chunk;
	if (!c)
		return 0;
	im->chunk = NULL;
	if (c->nrecs == 0) {
		chunk_recycle(im->queue, c);
		return 0;
	}
	if (chunk_sort(c) < 0) {
		chunk_free(c);
		return clout_error_set(im->err, CLOUT_ENOMEM, "out of memory");
	}
	c->done_bytes = im->bytes_before + (im->reader ? clout__reader_offset(im->reader) : 0);
	if (!clout_queue_push(im->queue, c)) {
		chunk_free(c);
		return clout_error_set(im->err, CLOUT_ECONFLICT, "the store stopped the import");
	}
	return 0;
}

/* A 64-bit FNV-1a hash of (platform, ext_id), never INT64_MIN (the maps' empty slot). */
static int64_t account_key(const clout_account *a)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = a->platform ? a->platform : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (const char *p = a->ext_id ? a->ext_id : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return (int64_t)h == INT64_MIN ? 0 : (int64_t)h;
}

/* Counts an account record: a snapshot, and an account when its (platform, id) is new. */
static int count_account(clout__import *im, const clout_account *a)
{
	int64_t key = account_key(a);
	uint32_t ignored;
	im->file->snapshots++;
	if (!clout_imap_get(&im->seen_file, key, &ignored)) {
		if (clout_imap_put(&im->seen_file, key, 1) < 0)
			return CLOUT_ENOMEM;
		im->file->accounts++;
	}
	if (!clout_imap_get(&im->seen_all, key, &ignored)) {
		if (clout_imap_put(&im->seen_all, key, 1) < 0)
			return CLOUT_ENOMEM;
		im->stats->accounts++;
	}
	return 0;
}

/* Hands the checked record to the writer (reader thread): im->accept of the bulk import. */
static int batch_send(clout__import *im)
{
	clout__batch *b = &im->batch;
	int rc;
	if (!im->chunk && !(im->chunk = chunk_get(im->queue)))
		return clout_error_set(im->err, CLOUT_ENOMEM, "out of memory");
	if ((rc = chunk_add_record(im, im->chunk)) < 0)
		return clout_error_set(im->err, rc, "out of memory");
	for (size_t i = 0; i < b->naccounts; i++)
		if (!b->accounts[i].weak && count_account(im, &b->accounts[i]) < 0) /* a mention's name is no account record */
			return clout_error_set(im->err, CLOUT_ENOMEM, "out of memory");
	im->file->posts += b->nposts;
	im->file->edges += b->nedges;
	return chunk_full(im->chunk) ? chunk_close(im) : 0;
}

/* The record that a bulk write's *failed names, for the message (NULL: the failure is no record's). */
static const chunk_origin *failed_origin(const chunk *c, size_t failed, uint32_t rec_of_failed)
{
	return failed == SIZE_MAX ? NULL : &c->recs[rec_of_failed];
}

/*
 * Writes a chunk to the store (calling thread), a few set-based statements per table (the store's
 * bulk writes): accounts, then the accounts posts and edges name (their ids), then posts and edges
 * with those ids. The chunk's arrays are in key order already, so the store finds them sorted.
 */
/* ends holds first the ids of the chunk's refs, then the two ends of each post and of each edge. */
static size_t ends_needed(const chunk *c)
{
	size_t two_ends = 2 * (c->nposts + c->nedges);
	return c->nrefs > two_ends ? c->nrefs : two_ends;
}

static int chunk_write(clout__import *im, chunk *c, clout_error *err)
{
	clout_error e = { 0 };
	const chunk_origin *at = NULL;
	size_t failed = SIZE_MAX, n;
	int rc;
	if (clout_array_reserve(&c->ref_ids, &c->cap_ref_ids, c->nrefs, sizeof(*c->ref_ids), 1024) < 0 ||
	    clout_array_reserve(&c->aptrs, &c->cap_aptrs, c->naccounts, sizeof(*c->aptrs), 1024) < 0 ||
	    clout_array_reserve(&c->pptrs, &c->cap_pptrs, c->nposts, sizeof(*c->pptrs), 1024) < 0 ||
	    clout_array_reserve(&c->eptrs, &c->cap_eptrs, c->nedges, sizeof(*c->eptrs), 1024) < 0 ||
	    clout_array_reserve(&c->arefs, &c->cap_arefs, c->nrefs, sizeof(*c->arefs), 1024) < 0 ||
	    clout_array_reserve(&c->ends, &c->cap_ends, ends_needed(c), sizeof(*c->ends), 1024) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	n = c->naccounts;
	for (size_t i = 0; i < n; i++)
		c->aptrs[i] = &c->accounts[c->account_order[i]].v;
	rc = clout_store_put_accounts(im->store, im->workspace, c->aptrs, n, &failed, &e);
	if (rc < 0) {
		at = failed_origin(c, failed, failed == SIZE_MAX ? 0 : c->accounts[c->account_order[failed]].rec);
		goto done;
	}
	for (size_t i = 0; i < c->nrefs; i++) {
		const chunk_ref *r = &c->refs[c->ref_order[i]];
		c->arefs[i] = (clout_account_ref){ r->platform, r->ext_id, r->handle };
	}
	rc = clout_store_ensure_accounts(im->store, im->workspace, c->arefs, c->nrefs, c->ends, &failed, &e);
	if (rc < 0) {
		at = failed_origin(c, failed, failed == SIZE_MAX ? 0 : c->refs[c->ref_order[failed]].rec);
		goto done;
	}
	for (size_t i = 0; i < c->nrefs; i++)
		c->ref_ids[c->ref_order[i]] = c->ends[i];
	n = c->nposts;
	for (size_t i = 0; i < n; i++) {
		const chunk_post *p = &c->posts[c->post_order[i]];
		c->pptrs[i] = &p->v;
		c->ends[i] = c->ref_ids[p->author];
		c->ends[n + i] = p->parent == UINT32_MAX ? 0 : c->ref_ids[p->parent];
	}
	rc = clout_store_put_posts_as(im->store, im->workspace, c->pptrs, c->ends, c->ends + n, n,
		&failed, &e);
	if (rc < 0) {
		at = failed_origin(c, failed, failed == SIZE_MAX ? 0 : c->posts[c->post_order[failed]].rec);
		goto done;
	}
	n = c->nedges;
	for (size_t i = 0; i < n; i++) {
		const chunk_edge *d = &c->edges[i];
		c->eptrs[i] = &d->v;
		c->ends[i] = c->ref_ids[d->src];
		c->ends[n + i] = c->ref_ids[d->dst];
	}
	rc = clout_store_put_edges_between(im->store, im->workspace, c->eptrs, c->ends,
		c->ends + n, n, &failed, &e);
	if (rc < 0)
		at = failed_origin(c, failed, failed == SIZE_MAX ? 0 : c->edges[failed].rec);
done:
	/* A store that refuses writes (read-only) is no record's fault: its message names the store. */
	if (rc == CLOUT_EDENIED)
		return clout_error_set(err, rc, "%s", e.message);
	if (rc < 0 && at)
		return clout_error_set(err, rc, "%s:%llu: %s", im->stats->files[at->file].path, (unsigned long long)at->line, e.message);
	if (rc < 0)
		return clout_error_set(err, rc, "%s", e.message);
	return 0;
}

static void write_reject(clout__import *im, const char *raw, size_t raw_len)
{
	fprintf(im->rejects, "%s:%llu: %s\t", im->path, (unsigned long long)im->record_line, im->record_err.message);
	for (size_t i = 0; i < raw_len; i++) {
		/* one reject per line: escape the record's own line breaks */
		if (raw[i] == '\n')
			fputs("\\n", im->rejects);
		else if (raw[i] == '\r')
			fputs("\\r", im->rejects);
		else if (raw[i] == '\\')
			fputs("\\\\", im->rejects);
		else
			fputc(raw[i], im->rejects);
	}
	fputc('\n', im->rejects);
}

/* A bad record (im->refuse of the bulk import): to the reject file with --skip-bad, else the end. */
static int refuse_record(clout__import *im, int rc, const char *raw, size_t raw_len)
{
	if (im->opts.skip_bad && rc == CLOUT_EBADDATA && im->rejects) {
		write_reject(im, raw, raw_len);
		im->file->rejected++;
		clout_error_clear(&im->record_err);
		return 0;
	}
	clout_error_set(im->err, rc, "%s:%llu: %s", im->path, (unsigned long long)im->record_line,
		im->record_err.message);
	return rc;
}

/* Reads one input whole into chunks (reader thread). */
static int import_one(clout__import *im, const clout_import_source *source, clout_import_file_stats *fs)
{
	clout__reader r;
	clout__parse p;
	clout_stream *stream = NULL;
	int rc;
	im->file = fs;
	clout_imap_release(&im->seen_file);
	if (clout_imap_init(&im->seen_file, 1024) < 0)
		return clout_error_set(im->err, CLOUT_ENOMEM, "out of memory");
	if ((rc = clout__source_open(&stream, source, im->err)) < 0)
		return rc;
	fs->path = clout_stream_name(stream);
	if ((rc = clout__reader_open_stream(&r, stream, im->opts.max_record_bytes, im->err)) < 0) {
		clout_stream_free(stream);
		return rc;
	}
	if ((rc = clout__parse_begin(im, &p, &r)) == 0) {
		snprintf(fs->format, sizeof(fs->format), "%s", clout__parse_format_name(&p));
		while ((rc = clout__parse_step(im, &p)) > 0)
			;
	}
	clout__parse_end(im, &p);
	fs->bytes = r.file_size ? r.file_size : clout__reader_offset(&r);
	im->bytes_before += fs->bytes;
	clout__reader_close(&r);
	clout_stream_free(stream);
	return rc;
}

/* The reader thread: every file in turn, into chunks. */
static void *reader_main(void *arg)
{
	clout__import *im = arg;
	clout_import_stats *stats = im->stats;
	int rc = 0;
	for (size_t i = 0; i < stats->nfiles && rc == 0; i++) {
		im->file_index = (uint32_t)i;
		if ((rc = import_one(im, &im->sources[i], &stats->files[i])) < 0)
			break;
		stats->bytes += stats->files[i].bytes;
		stats->records += stats->files[i].records;
		stats->snapshots += stats->files[i].snapshots;
		stats->posts += stats->files[i].posts;
		stats->edges += stats->files[i].edges;
		stats->rejected += stats->files[i].rejected;
	}
	if (rc == 0)
		rc = chunk_close(im);
	chunk_free(im->chunk);
	im->chunk = NULL;
	if (rc == 0)
		clout_error_clear(im->err);
	else if (im->err->code == 0)
		clout_error_set(im->err, rc, "%s", clout_strerror(rc));
	stats->read_cpu = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
	clout_queue_finish(im->queue);
	return NULL;
}

/* Writes the chunks as they come (calling thread); the first failure stops the reader thread. */
static int write_chunks(clout__import *im, clout_error *err)
{
	clout_queue *q = im->queue;
	chunk *c;
	int rc = 0;
	double waited = clock_seconds(CLOCK_MONOTONIC);
	while ((c = clout_queue_pop(q))) {
		double cpu = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
		im->stats->write_wait += clock_seconds(CLOCK_MONOTONIC) - waited;
		if (rc == 0) {
			rc = chunk_write(im, c, err);
			im->stats->write_cpu += clock_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
			if (rc == 0 && im->opts.progress &&
			    im->opts.progress(im->opts.progress_ctx, c->done_bytes, im->bytes_total))
				rc = clout_error_set(err, CLOUT_EINVAL, "import interrupted");
			if (rc < 0)
				clout_queue_stop(q);
		}
		chunk_recycle(q, c);
		waited = clock_seconds(CLOCK_MONOTONIC);
	}
	return rc;
}

static int run_import(clout__import *im, clout_error *err)
{
	clout_queue q;
	pthread_t reader;
	chunk *c;
	int rc;
	if (clout_queue_init(&q, QUEUE_MAX) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "cannot start the import");
	im->queue = &q;
	im->err = &im->reader_err;
	if (pthread_create(&reader, NULL, reader_main, im) != 0) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "cannot start the import's reader thread");
	} else {
		rc = write_chunks(im, err);
		pthread_join(reader, NULL);
		/* the writer's failure comes first: it stopped the reader, or happened earlier in the files */
		if (rc == 0 && im->reader_err.code < 0) {
			*err = im->reader_err;
			rc = im->reader_err.code;
		}
		if (rc == 0 && im->opts.progress)
			im->opts.progress(im->opts.progress_ctx, im->bytes_total, im->bytes_total);
	}
	while ((c = clout_queue_take_spare(&q)))
		chunk_free(c);
	clout_queue_release(&q);
	im->queue = NULL;
	return rc;
}

int clout__import_sources(clout_store *store, int64_t workspace, const clout_import_source *sources, size_t npaths,
	const clout_import_options *opts, clout_import_stats *stats, clout_error *err)
{
	clout__import im;
	clout_buf reject_path = CLOUT_BUF_INIT;
	clout_error ignored;
	int rc = 0;
	double started;
	bool began = false, fresh = false;
	if (!err)
		err = &ignored;
	memset(stats, 0, sizeof(*stats));
	memset(&im, 0, sizeof(im));
	if (!opts || opts->version != CLOUT_IMPORT_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "import options of an unknown version");
	if (npaths == 0)
		return clout_error_set(err, CLOUT_EINVAL, "no file to import");
	if (npaths > UINT32_MAX)
		return clout_error_set(err, CLOUT_EINVAL, "too many files");
	im.opts = *opts;
	if (!im.opts.max_record_bytes)
		im.opts.max_record_bytes = CLOUT__DEFAULT_MAX_RECORD;
	if (im.opts.format && strcmp(im.opts.format, "auto") && !clout__known_format(im.opts.format))
		return clout_error_set(err, CLOUT_EINVAL,
			"unknown format '%s' (clout, twitter-v2, instagram-graph, youtube-data, tiktok-research, edges)",
			im.opts.format);
	im.store = store;
	im.workspace = workspace;
	im.err = err;
	im.stats = stats;
	im.sources = sources;
	im.accept = batch_send;
	im.refuse = refuse_record;
	stats->files = calloc(npaths, sizeof(*stats->files));
	if (!stats->files || clout_json_parser_new(&im.parser, im.opts.max_record_bytes) < 0 ||
	    clout_imap_init(&im.seen_all, 1024) < 0) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	stats->nfiles = npaths;
	for (size_t i = 0; i < npaths; i++) {
		uint64_t size;
		if ((rc = clout__source_size(&sources[i], &size, err)) < 0)
			goto done;
		im.bytes_total += size;
	}
	if (im.opts.skip_bad) {
		if (im.opts.reject_path)
			rc = clout_buf_puts(&reject_path, im.opts.reject_path);
		else if (sources[0].kind == CLOUT_SOURCE_PATH)
			rc = clout_buf_printf(&reject_path, "%s.rejects", sources[0].path);
		else {
			rc = clout_error_set(err, CLOUT_EINVAL, "skip_bad on a stream needs a reject path");
			goto done;
		}
		if (rc < 0 || !(im.rejects = fopen(reject_path.ptr, "w"))) {
			rc = clout_error_set(err, CLOUT_EIO, "%s: cannot write the reject file", reject_path.ptr);
			goto done;
		}
	}
	if ((rc = clout_store_begin(store, err)) < 0)
		goto done;
	began = true;
	if ((rc = clout_store_bulk_load_begin(store, &fresh, err)) < 0 || (rc = run_import(&im, err)) < 0)
		goto done;
	started = clock_seconds(CLOCK_MONOTONIC);
	if ((rc = clout_store_bulk_load_end(store, err)) < 0)
		goto done;
	stats->rebuild_seconds = clock_seconds(CLOCK_MONOTONIC) - started;
	started = clock_seconds(CLOCK_MONOTONIC);
	rc = clout_store_commit(store, err);
	stats->commit_seconds = clock_seconds(CLOCK_MONOTONIC) - started;
	began = rc < 0;
done:
	if (began)
		clout_store_rollback(store);
	if (im.rejects) {
		fclose(im.rejects);
		if (stats->rejected == 0 || rc < 0)
			remove(reject_path.ptr);
		else
			stats->reject_path = clout_buf_detach(&reject_path, NULL);
	}
	if (rc < 0) {
		free(stats->files);
		stats->files = NULL;
		stats->nfiles = 0;
	}
	clout_buf_release(&reject_path);
	clout_json_parser_free(im.parser);
	clout_arena_release(&im.arena);
	clout_imap_release(&im.seen_file);
	clout_imap_release(&im.seen_all);
	free(im.batch.accounts);
	free(im.batch.posts);
	free(im.batch.edges);
	return rc;
}
