/*
 * bulk_fresh.c: the keys a fresh bulk load has written straight into its tables, where the engine
 * takes rows over a connection (PostgreSQL; see clout_sql_in_process). A fresh load starts on a
 * store with no account in any workspace (clout_store_bulk_load_begin), so a post or an edge is
 * new unless an earlier batch of the same load wrote its key: the bulk writes (post.c, edge.c) ask
 * here, send the new rows with one COPY into the table itself (no staging table, no conflict
 * clause, the ids handed out in the batch's key order as the staging path would), and take the
 * rest, keys met again, through the staging path, which merges them into the stored rows.
 *
 * Memory is bounded: each table keeps at most store->fresh_cap keys (STORE_FRESH_KEYS_MAX, 2M,
 * unless a test sets less), posts at most 32 bytes of key text per key on average: at the default
 * cap about 110 MB for posts (64 MB of text, 12 bytes of hash and offset per key, the slots) and
 * at most 96 MB for edges (12 bytes per slot, 8M slots). A batch that would pass the cap
 * turns the table's direct path off for the rest of the load (the set is freed): from then on
 * every batch of that table takes the staging path whole, which is right whatever the store holds.
 *
 * Posts are kept exactly (platform, ext_id as text): a key taken for new that was written before
 * would fail the COPY. Edges (no ids) are kept as a 64-bit hash of their key: a collision only
 * sends a new edge through the staging path, which inserts it all the same.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/map.h"
#include "util/banned.h"

struct store_fresh {
	clout_smap posts;  /* platform US ext_id */
	clout_imap edges;  /* hash of (kind, src, dst, ts) */
	bool posts_off, edges_off;
};

int store_fresh_start(clout_store *store, clout_error *err)
{
	store_fresh *f;
	if (store->fresh || clout_sql_in_process(store->db))
		return 0;
	if (!(f = calloc(1, sizeof(*f))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if (clout_smap_init(&f->posts, 1024) < 0 || clout_imap_init(&f->edges, 1024) < 0) {
		clout_smap_release(&f->posts);
		free(f);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	store->fresh = f;
	return 0;
}

void store_fresh_free(store_fresh *f)
{
	if (!f)
		return;
	clout_smap_release(&f->posts);
	clout_imap_release(&f->edges);
	free(f);
}

/* Whether a table may take n more keys; false (and its set freed) once it may not. */
static bool room(clout_store *store, size_t held, size_t chars, size_t n, bool *off)
{
	size_t cap = store->fresh_cap ? store->fresh_cap : STORE_FRESH_KEYS_MAX;
	if (*off)
		return false;
	if (held + n <= cap && chars <= cap * 32)
		return true;
	*off = true;
	return false;
}

int store_fresh_posts(clout_store *store, size_t n)
{
	store_fresh *f = store->fresh;
	if (!f || !store->fresh_load)
		return 0;
	if (room(store, f->posts.count, f->posts.chars_len, n, &f->posts_off))
		return 1;
	clout_smap_release(&f->posts);
	return 2;
}

int store_fresh_post_new(clout_store *store, const char *platform, const char *ext_id)
{
	store_fresh *f = store->fresh;
	char key[2 * 257];
	size_t plen = strlen(platform), elen = strlen(ext_id);
	int64_t before, id;
	if (plen + 1 + elen > sizeof(key))
		return 0; /* longer than any checked key */
	memcpy(key, platform, plen);
	key[plen] = '\x1f';
	memcpy(key + plen + 1, ext_id, elen);
	before = (int64_t)f->posts.count;
	if (f->posts_off)
		return 0;
	if ((id = clout_smap_intern(&f->posts, key, plen + 1 + elen)) < 0) {
		/* out of memory: the staging path from here on */
		f->posts_off = true;
		clout_smap_release(&f->posts);
		return 0;
	}
	return id >= before; /* a new id: the key was not there */
}

int store_fresh_edges(clout_store *store, size_t n)
{
	store_fresh *f = store->fresh;
	if (!f || !store->fresh_load)
		return 0;
	if (room(store, f->edges.count, 0, n, &f->edges_off))
		return 1;
	clout_imap_release(&f->edges);
	return 0;
}

static uint64_t mix(uint64_t h, uint64_t x)
{
	h ^= x + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 29);
}

int store_fresh_edge_new(clout_store *store, const char *kind, int64_t src, int64_t dst, int64_t ts)
{
	uint64_t h = 0xcbf29ce484222325ull;
	uint32_t held;
	store_fresh *f = store->fresh;
	int rc;
	if (f->edges_off)
		return 0;
	for (const unsigned char *p = (const unsigned char *)kind; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	h = mix(mix(mix(h, (uint64_t)src), (uint64_t)dst), (uint64_t)ts);
	if ((int64_t)h == INT64_MIN) /* the map's empty slot */
		h = 0;
	if ((rc = clout_imap_intern(&f->edges, (int64_t)h, 0, &held)) < 0) {
		f->edges_off = true;
		clout_imap_release(&f->edges);
		return 0;
	}
	return rc;
}
