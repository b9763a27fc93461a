/*
 * test_store_bulk.c: the store's bulk writes (clout_store_put_accounts, _ensure_accounts,
 * _put_posts_as, _put_edges_between) against the same records put one by one: the stores must end
 * the same (values, merges of repeated keys, stubs and their handles, snapshots, people), new ids
 * in key order, and a bad record in the middle of a batch must leave the store as it was. Runs on
 * the engine of $CLOUT_TEST_ENGINE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clout/clout.h"
#include "lib/store/store_internal.h"
#include "store_fixture.h"
#include "util/buf.h"
#include "util/banned.h"

typedef struct fixture {
	char one_path[SCRATCH_LOCATION_MAX], bulk_path[SCRATCH_LOCATION_MAX];
	clout_store *one, *bulk;
	int64_t one_ws, bulk_ws;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	snprintf(f->one_path, sizeof(f->one_path), "test_store_bulk_one_%d.db", (int)getpid());
	snprintf(f->bulk_path, sizeof(f->bulk_path), "test_store_bulk_bulk_%d.db", (int)getpid());
	assert_int_equal(scratch_store_open(f->one_path, sizeof(f->one_path), &f->one, &f->one_ws), 0);
	assert_int_equal(scratch_store_open(f->bulk_path, sizeof(f->bulk_path), &f->bulk, &f->bulk_ws), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	clout_store_free(f->one);
	clout_store_free(f->bulk);
	scratch_store_remove(f->one_path);
	scratch_store_remove(f->bulk_path);
	free(f);
	return 0;
}

/* Every row a query gives, as text ("|" between columns, "~" for NULL), one per line. */
static char *dump(clout_store *store, const char *sql, int64_t ws)
{
	clout_buf out = CLOUT_BUF_INIT;
	clout_error err = { 0 };
	clout_sql_stmt *st = NULL;
	int rc, ncols = 0;
	if (clout_sql_stmt_get(store->db, &st, sql, &err) < 0 || clout_sql_bind_int64(store->db, st, 1, ws) < 0)
		fail_msg("%s: %s", sql, err.message);
	for (const char *p = strstr(sql, "SELECT"); p && p < strstr(sql, " FROM "); p = strchr(p + 1, ','))
		ncols++;
	while ((rc = clout_sql_step(store->db, st, "dump", &err)) == CLOUT_SQL_ROW) {
		for (int c = 0; c < ncols; c++) {
			const char *t = clout_sql_column_text(store->db, st, c, NULL);
			clout_buf_printf(&out, "%s%s", c ? "|" : "", t ? t : "~");
		}
		clout_buf_putc(&out, '\n');
	}
	if (rc < 0)
		fail_msg("%s: %s", sql, err.message);
	clout_sql_reset(store->db, st);
	return clout_buf_detach(&out, NULL);
}

/* The store's records by their platform ids (never internal ids, which depend on write order). */
static const char *const DUMPS[] = {
	"SELECT a.platform, a.ext_id, a.handle, a.name, a.bio, a.lang, a.country, p.key, a.url, a.followers,"
	" a.following, a.post_count, a.listed, a.views, a.verified, a.created_at, a.price, a.currency"
	" FROM account a LEFT JOIN person p ON p.id = a.person_id WHERE a.workspace_id = ?1 ORDER BY a.ext_id",
	"SELECT key, name FROM person WHERE workspace_id = ?1 ORDER BY key",
	"SELECT a.ext_id, s.observed_at, s.followers, s.following, s.post_count FROM account_snapshot s"
	" JOIN account a ON a.id = s.account_id WHERE a.workspace_id = ?1 ORDER BY a.ext_id, s.observed_at",
	"SELECT p.ext_id, a.ext_id, p.created_at, p.kind, p.lang, p.text, p.url, p.parent_ext_id, pa.ext_id,"
	" p.conversation_ext_id, p.likes, p.comments, p.shares, p.quotes, p.views, p.saves, p.sponsored FROM post p"
	" JOIN account a ON a.id = p.account_id LEFT JOIN account pa ON pa.id = p.parent_account_id"
	" WHERE p.workspace_id = ?1 ORDER BY p.ext_id",
	"SELECT e.kind, s.ext_id, d.ext_id, e.ts, e.weight FROM edge e JOIN account s ON s.id = e.src"
	" JOIN account d ON d.id = e.dst WHERE e.workspace_id = ?1 ORDER BY e.kind, s.ext_id, d.ext_id, e.ts",
};

static void assert_same_stores(fixture *f)
{
	for (size_t i = 0; i < sizeof(DUMPS) / sizeof(*DUMPS); i++) {
		char *a = dump(f->one, DUMPS[i], f->one_ws), *b = dump(f->bulk, DUMPS[i], f->bulk_ws);
		if (strcmp(a, b))
			fail_msg("one by one:\n%s\nbulk:\n%s", a, b);
		assert_true(strlen(a) > 0);
		free(a);
		free(b);
	}
}

#define NACCOUNTS 8
#define NREFS 8
#define NPOSTS 5
#define NEDGES 4

typedef struct batch {
	clout_account accounts[NACCOUNTS];
	clout_account_ref refs[NREFS];
	clout_post posts[NPOSTS];
	clout_edge edges[NEDGES];
	/* which ref gives each post's author and parent author (-1: none), each edge's ends */
	int post_author[NPOSTS], post_parent[NPOSTS], edge_src[NEDGES], edge_dst[NEDGES];
} batch;

static clout_account acc(const char *id, const char *handle, const char *name, int64_t followers, int64_t observed,
	const char *person)
{
	clout_account a;
	clout_account_init(&a);
	a.platform = "instagram";
	a.ext_id = id;
	a.handle = handle;
	a.name = name;
	a.followers = followers;
	a.observed_at = observed;
	a.person = person;
	return a;
}

static clout_post post(const char *id, const char *author, const char *text, int64_t likes)
{
	clout_post p;
	clout_post_init(&p);
	p.platform = "instagram";
	p.ext_id = id;
	p.author_ext_id = author;
	p.text = text;
	p.text_len = text ? strlen(text) : 0;
	p.likes = likes;
	return p;
}

static clout_edge edge(const char *kind, double weight, int64_t ts)
{
	clout_edge e;
	clout_edge_init(&e);
	e.platform = "instagram";
	e.kind = kind;
	e.weight = weight;
	e.ts = ts;
	return e;
}

/* Records that repeat keys in one batch (later ones merge over earlier ones) and name accounts in
 * passing; round 2 updates what round 1 wrote. */
static void make_batch(batch *b, int round)
{
	bool r2 = round == 2;
	memset(b, 0, sizeof(*b));
	b->accounts[0] = acc("zed", NULL, "first", 100, 1000, NULL);
	b->accounts[1] = acc("bob", "bob", NULL, 7, CLOUT_UNKNOWN, "p1");
	b->accounts[2] = acc("zed", NULL, NULL, r2 ? 300 : 200, 1000, NULL);
	b->accounts[3] = acc("zed", NULL, r2 ? NULL : "last", CLOUT_UNKNOWN, 2000, "p2");
	b->accounts[4] = acc("amy", "amy", "Amy", 50, 1000, "p1");
	b->accounts[4].price = 120.5;
	b->accounts[4].currency = "EUR";
	b->accounts[5] = acc("bob", NULL, "Bob", CLOUT_UNKNOWN, 1000, NULL);
	b->accounts[5].following = 3;
	b->accounts[6] = acc("amy", NULL, NULL, r2 ? 60 : CLOUT_UNKNOWN, 1000, "p3");
	b->accounts[7] = acc(r2 ? "cat" : "dan", NULL, "new", 1, 500, NULL);
	b->refs[0] = (clout_account_ref){ "instagram", "stub2", NULL };
	b->refs[1] = (clout_account_ref){ "instagram", "zed", r2 ? "zed_late" : NULL };
	b->refs[2] = (clout_account_ref){ "instagram", "stub1", NULL };
	b->refs[3] = (clout_account_ref){ "instagram", "stub1", "s1" };
	b->refs[4] = (clout_account_ref){ "instagram", "stub1", "s1_other" };
	b->refs[5] = (clout_account_ref){ "instagram", "amy", "not_amy" };
	b->refs[6] = (clout_account_ref){ "instagram", r2 ? "stub3" : "stub2", "s2" };
	b->refs[7] = (clout_account_ref){ "instagram", "zed", "zed_h" };
	b->posts[0] = post("p9", "zed", "hello", 1);
	b->posts[1] = post("p1", "stub1", NULL, r2 ? CLOUT_UNKNOWN : 5);
	b->posts[2] = post("p9", "amy", r2 ? NULL : "hello again", CLOUT_UNKNOWN);
	b->posts[3] = post("p5", "stub2", "reply", 0);
	b->posts[3].kind = CLOUT_POST_REPLY;
	b->posts[3].parent_ext_id = "p9";
	b->posts[3].conversation_ext_id = "p9";
	b->posts[3].created_at = r2 ? 99 : 98;
	b->posts[4] = post("p1", "stub1", "text later", CLOUT_UNKNOWN);
	b->posts[4].views = 10;
	int pa[NPOSTS] = { 1, 2, 5, 0, 3 }, pp[NPOSTS] = { -1, -1, -1, 1, -1 };
	memcpy(b->post_author, pa, sizeof(pa));
	memcpy(b->post_parent, pp, sizeof(pp));
	b->edges[0] = edge("mention", 1, 5);
	b->edges[1] = edge("follow", 1, CLOUT_UNKNOWN);
	b->edges[2] = edge("mention", r2 ? 4 : 2, 5);
	b->edges[3] = edge("mention", 1, 6);
	int es[NEDGES] = { 1, 2, 1, 1 }, ed[NEDGES] = { 0, 1, 0, 0 };
	memcpy(b->edge_src, es, sizeof(es));
	memcpy(b->edge_dst, ed, sizeof(ed));
	for (int i = 0; i < NEDGES; i++) {
		b->edges[i].src_ext_id = b->refs[es[i]].ext_id;
		b->edges[i].dst_ext_id = b->refs[ed[i]].ext_id;
	}
}

/* The batch put record by record, as the import used to. */
static void put_one_by_one(clout_store *s, int64_t ws, const batch *b)
{
	clout_error err = { 0 };
	int64_t ids[NREFS];
	assert_int_equal(clout_store_begin(s, &err), 0);
	for (int i = 0; i < NACCOUNTS; i++)
		if (clout_store_put_account(s, ws, &b->accounts[i], NULL, &err) < 0)
			fail_msg("account %d: %s", i, err.message);
	for (int i = 0; i < NREFS; i++)
		if (clout_store_ensure_account(s, ws, b->refs[i].platform, b->refs[i].ext_id, b->refs[i].handle, &ids[i],
			    &err) < 0)
			fail_msg("ref %d: %s", i, err.message);
	for (int i = 0; i < NPOSTS; i++)
		if (clout_store_put_post_as(s, ws, &b->posts[i], ids[b->post_author[i]],
			    b->post_parent[i] < 0 ? 0 : ids[b->post_parent[i]], NULL, &err) < 0)
			fail_msg("post %d: %s", i, err.message);
	for (int i = 0; i < NEDGES; i++)
		if (clout_store_put_edge_between(s, ws, &b->edges[i], ids[b->edge_src[i]], ids[b->edge_dst[i]], &err) < 0)
			fail_msg("edge %d: %s", i, err.message);
	assert_int_equal(clout_store_commit(s, &err), 0);
}

/* The batch through the bulk writes, inside the open transaction. */
static void write_bulk(clout_store *s, int64_t ws, const batch *b)
{
	clout_error err = { 0 };
	const clout_account *accounts[NACCOUNTS];
	const clout_post *posts[NPOSTS];
	const clout_edge *edges[NEDGES];
	int64_t ids[NREFS], authors[NPOSTS], parents[NPOSTS], srcs[NEDGES], dsts[NEDGES];
	size_t failed = 0;
	for (int i = 0; i < NACCOUNTS; i++)
		accounts[i] = &b->accounts[i];
	if (clout_store_put_accounts(s, ws, accounts, NACCOUNTS, &failed, &err) < 0)
		fail_msg("accounts: %s", err.message);
	assert_int_equal(failed, SIZE_MAX);
	if (clout_store_ensure_accounts(s, ws, b->refs, NREFS, ids, &failed, &err) < 0)
		fail_msg("refs: %s", err.message);
	for (int i = 0; i < NPOSTS; i++) {
		posts[i] = &b->posts[i];
		authors[i] = ids[b->post_author[i]];
		parents[i] = b->post_parent[i] < 0 ? 0 : ids[b->post_parent[i]];
	}
	if (clout_store_put_posts_as(s, ws, posts, authors, parents, NPOSTS, &failed, &err) < 0)
		fail_msg("posts: %s", err.message);
	for (int i = 0; i < NEDGES; i++) {
		edges[i] = &b->edges[i];
		srcs[i] = ids[b->edge_src[i]];
		dsts[i] = ids[b->edge_dst[i]];
	}
	if (clout_store_put_edges_between(s, ws, edges, srcs, dsts, NEDGES, &failed, &err) < 0)
		fail_msg("edges: %s", err.message);
	for (int i = 0; i < NREFS; i++)
		for (int j = 0; j < NREFS; j++)
			assert_true((ids[i] == ids[j]) == !strcmp(b->refs[i].ext_id, b->refs[j].ext_id));
}

/* The batches through the bulk writes, in one transaction, in a bulk load (bracketed by
 * clout_store_bulk_load_*) when fresh is not NULL: *fresh then says whether it was a fresh load. */
static void put_bulk_batches(clout_store *s, int64_t ws, const batch *b, int nb, bool *fresh)
{
	clout_error err = { 0 };
	assert_int_equal(clout_store_begin(s, &err), 0);
	if (fresh)
		assert_int_equal(clout_store_bulk_load_begin(s, fresh, &err), 0);
	for (int i = 0; i < nb; i++)
		write_bulk(s, ws, &b[i]);
	if (fresh)
		assert_int_equal(clout_store_bulk_load_end(s, &err), 0);
	assert_int_equal(clout_store_commit(s, &err), 0);
}

static void put_bulk_load(clout_store *s, int64_t ws, const batch *b, bool *fresh)
{
	put_bulk_batches(s, ws, b, 1, fresh);
}

static void put_bulk(clout_store *s, int64_t ws, const batch *b)
{
	put_bulk_load(s, ws, b, NULL);
}

static void test_bulk__same_store_as_one_by_one(void **state)
{
	fixture *f = *state;
	batch b;
	make_batch(&b, 1);
	put_one_by_one(f->one, f->one_ws, &b);
	put_bulk(f->bulk, f->bulk_ws, &b);
	assert_same_stores(f);
	/* a second batch over the first: updates, new records and stubs */
	make_batch(&b, 2);
	put_one_by_one(f->one, f->one_ws, &b);
	put_bulk(f->bulk, f->bulk_ws, &b);
	assert_same_stores(f);
	/* the same batch again changes nothing */
	char *before = dump(f->bulk, DUMPS[3], f->bulk_ws);
	put_bulk(f->bulk, f->bulk_ws, &b);
	char *after = dump(f->bulk, DUMPS[3], f->bulk_ws);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_same_stores(f);
}

static void test_bulk__new_ids_in_key_order(void **state)
{
	fixture *f = *state;
	batch b;
	make_batch(&b, 1);
	put_bulk(f->bulk, f->bulk_ws, &b);
	/* accounts first (amy, bob, dan, zed), then the stubs (stub1, stub2) */
	char *order = dump(f->bulk, "SELECT ext_id FROM account WHERE workspace_id = ?1 ORDER BY id", f->bulk_ws);
	assert_string_equal(order, "amy\nbob\ndan\nzed\nstub1\nstub2\n");
	free(order);
	order = dump(f->bulk, "SELECT ext_id FROM post WHERE workspace_id = ?1 ORDER BY id", f->bulk_ws);
	assert_string_equal(order, "p1\np5\np9\n");
	free(order);
}

static void test_bulk__bad_record_in_the_middle_changes_nothing(void **state)
{
	fixture *f = *state;
	clout_error err = { 0 };
	clout_store_counts before, after;
	batch b;
	const clout_post *posts[NPOSTS];
	int64_t authors[NPOSTS], parents[NPOSTS] = { 0 };
	int64_t id = 0;
	size_t failed = 0;
	make_batch(&b, 1);
	put_bulk(f->bulk, f->bulk_ws, &b);
	assert_int_equal(clout_store_counts_get(f->bulk, f->bulk_ws, &before, &err), 0);
	assert_int_equal(clout_store_begin(f->bulk, &err), 0);
	assert_int_equal(clout_store_ensure_account(f->bulk, f->bulk_ws, "instagram", "amy", NULL, &id, &err), 0);
	for (int i = 0; i < NPOSTS; i++) {
		b.posts[i].ext_id = i == 0 ? "q0" : i == 1 ? "q1" : i == 2 ? "q2" : i == 3 ? "q3" : "q4";
		posts[i] = &b.posts[i];
		authors[i] = id;
	}
	b.posts[2].likes = -3;
	assert_int_equal(clout_store_put_posts_as(f->bulk, f->bulk_ws, posts, authors, parents, NPOSTS, &failed, &err),
		CLOUT_EBADDATA);
	assert_int_equal(failed, 2);
	assert_non_null(strstr(err.message, "likes"));
	/* a NUL in a text is refused before it reaches the store (PostgreSQL cannot keep one) */
	b.posts[2].likes = 1;
	b.posts[3].text = "a\0b";
	b.posts[3].text_len = 3;
	assert_int_equal(clout_store_put_posts_as(f->bulk, f->bulk_ws, posts, authors, parents, NPOSTS, &failed, &err),
		CLOUT_EBADDATA);
	assert_int_equal(failed, 3);
	/* a ref without an id, in the middle */
	clout_account_ref refs[3] = { { "instagram", "r1", NULL }, { "instagram", "", NULL }, { "instagram", "r3", NULL } };
	int64_t ids[3];
	assert_int_equal(clout_store_ensure_accounts(f->bulk, f->bulk_ws, refs, 3, ids, &failed, &err), CLOUT_EBADDATA);
	assert_int_equal(failed, 1);
	assert_int_equal(clout_store_rollback(f->bulk), 0);
	assert_int_equal(clout_store_counts_get(f->bulk, f->bulk_ws, &after, &err), 0);
	assert_memory_equal(&before, &after, sizeof(before));
	/* and outside a transaction a bulk write is refused */
	assert_int_equal(clout_store_put_posts_as(f->bulk, f->bulk_ws, posts, authors, parents, 1, &failed, &err),
		CLOUT_EINVAL);
}

/* The store's index definitions as text (each engine's catalog); on PostgreSQL its foreign keys
 * too, which a fresh load drops and makes again. */
static char *index_sql(clout_store *s)
{
	if (strcmp(clout_sql_engine(s->db), "sqlite")) {
		char *indexes = dump(s,
			"SELECT indexname, indexdef, ?1 FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname",
			0);
		char *keys = dump(s,
			"SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), ?1 FROM pg_constraint"
			" WHERE connamespace = current_schema()::regnamespace AND contype = 'f' ORDER BY 1, 2",
			0);
		clout_buf both = CLOUT_BUF_INIT;
		assert_non_null(strstr(keys, "edge|edge_src_fkey|FOREIGN KEY (src) REFERENCES account(id)"));
		clout_buf_printf(&both, "%s%s", indexes, keys);
		free(indexes);
		free(keys);
		return clout_buf_detach(&both, NULL);
	}
	return dump(s, "SELECT name, sql, ?1 FROM sqlite_master WHERE type = 'index' ORDER BY name", 0);
}

static void test_bulk__fresh_load_builds_the_indexes_again(void **state)
{
	fixture *f = *state;
	clout_error err = { 0 };
	bool fresh = false;
	batch b;
	char *before = index_sql(f->bulk), *after;
	/* rolled back: the indexes come back with the rest */
	assert_int_equal(clout_store_begin(f->bulk, &err), 0);
	assert_int_equal(clout_store_bulk_load_begin(f->bulk, &fresh, &err), 0);
	assert_true(fresh);
	assert_int_equal(clout_store_rollback(f->bulk), 0);
	after = index_sql(f->bulk);
	assert_string_equal(before, after);
	free(after);
	/* into the empty store, then into one with records: the same store as one by one */
	make_batch(&b, 1);
	put_one_by_one(f->one, f->one_ws, &b);
	assert_int_equal(clout_store_begin(f->bulk, &err), 0);
	assert_int_equal(clout_store_bulk_load_begin(f->bulk, &fresh, &err), 0);
	assert_true(fresh);
	assert_int_equal(clout_store_commit(f->bulk, &err), 0); /* the commit ends the load */
	after = index_sql(f->bulk);
	assert_string_equal(before, after);
	free(after);
	put_bulk_load(f->bulk, f->bulk_ws, &b, &fresh);
	assert_true(fresh);
	assert_same_stores(f);
	/* and a second batch over it, incremental */
	make_batch(&b, 2);
	put_one_by_one(f->one, f->one_ws, &b);
	put_bulk_load(f->bulk, f->bulk_ws, &b, &fresh);
	assert_false(fresh);
	assert_same_stores(f);
	assert_int_equal(clout_store_begin(f->bulk, &err), 0);
	assert_int_equal(clout_store_bulk_load_begin(f->bulk, &fresh, &err), 0);
	assert_false(fresh);
	assert_int_equal(clout_store_bulk_load_end(f->bulk, &err), 0);
	assert_int_equal(clout_store_commit(f->bulk, &err), 0);
	after = index_sql(f->bulk);
	assert_string_equal(before, after);
	free(after);
	free(before);
}

/* Round 2 with a new post (p7 instead of p5) among keys round 1 wrote. */
static void make_batch_2_new_post(batch *b)
{
	make_batch(b, 2);
	b->posts[3].ext_id = "p7";
}

/*
 * A fresh load of several batches in one transaction whose keys come back in later batches: the
 * store as the records put one by one, and the ids SQLite gives (posts 1, 2, 3 in round 1's key
 * order, then 4 for round 2's one new post; accounts, stubs and people likewise: a key met again
 * spends no id). With cap, the direct path's cap of keys (0: the default).
 */
static void fresh_load_of_batches(fixture *f, size_t cap)
{
	bool fresh = false;
	batch b[3];
	make_batch(&b[0], 1);
	make_batch_2_new_post(&b[1]);
	make_batch(&b[2], 1);
	for (int i = 0; i < 3; i++)
		put_one_by_one(f->one, f->one_ws, &b[i]);
	f->bulk->fresh_cap = cap;
	put_bulk_batches(f->bulk, f->bulk_ws, b, 3, &fresh);
	assert_true(fresh);
	assert_null(f->bulk->fresh); /* the sets go with the load */
	assert_same_stores(f);
	char *ids = dump(f->bulk, "SELECT id, ext_id, ?1 FROM post ORDER BY id", 0);
	assert_string_equal(ids, "1|p1|0\n2|p5|0\n3|p9|0\n4|p7|0\n");
	free(ids);
	ids = dump(f->bulk, "SELECT id, ext_id, ?1 FROM account ORDER BY id", 0);
	assert_string_equal(ids, "1|amy|0\n2|bob|0\n3|dan|0\n4|zed|0\n5|stub1|0\n6|stub2|0\n7|cat|0\n8|stub3|0\n");
	free(ids);
	ids = dump(f->bulk, "SELECT id, key, ?1 FROM person ORDER BY id", 0);
	assert_string_equal(ids, "1|p1|0\n2|p3|0\n3|p2|0\n");
	free(ids);
	ids = dump(f->bulk, "SELECT e.kind, s.ext_id, d.ext_id, e.ts, CAST(e.weight AS BIGINT), ?1 FROM edge e JOIN account s ON s.id = e.src"
		" JOIN account d ON d.id = e.dst ORDER BY 1, 2, 3, 4", 0);
	/* round 3 (= round 1) takes the weights back */
	assert_non_null(strstr(ids, "mention|zed|stub2|5|2|0\n"));
	free(ids);
}

static void test_bulk__fresh_load_merges_keys_met_again(void **state)
{
	fresh_load_of_batches(*state, 0);
}

/* Past the cap of keys, the rest of the load takes the staging path, and ends the same, ids and
 * all: with 6, the first batch (5 posts, 4 edges) goes straight, the second passes the cap; with
 * 2, the first batch does already. */
static void test_bulk__fresh_load_past_its_cap_of_keys(void **state)
{
	fresh_load_of_batches(*state, 6);
}

static void test_bulk__fresh_load_past_its_cap_at_once(void **state)
{
	fresh_load_of_batches(*state, 2);
}

/* A store with records takes the normal path: no direct path, no key sets. */
static void test_bulk__store_with_records_is_no_fresh_load(void **state)
{
	fixture *f = *state;
	clout_error err = { 0 };
	bool fresh = true;
	batch b;
	make_batch(&b, 1);
	put_bulk(f->bulk, f->bulk_ws, &b);
	assert_int_equal(clout_store_begin(f->bulk, &err), 0);
	assert_int_equal(clout_store_bulk_load_begin(f->bulk, &fresh, &err), 0);
	assert_false(fresh);
	assert_null(f->bulk->fresh);
	write_bulk(f->bulk, f->bulk_ws, &b);
	assert_int_equal(clout_store_bulk_load_end(f->bulk, &err), 0);
	assert_int_equal(clout_store_commit(f->bulk, &err), 0);
	put_one_by_one(f->one, f->one_ws, &b);
	put_one_by_one(f->one, f->one_ws, &b);
	assert_same_stores(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bulk__same_store_as_one_by_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk__new_ids_in_key_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk__bad_record_in_the_middle_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk__fresh_load_builds_the_indexes_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk__fresh_load_merges_keys_met_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk__fresh_load_past_its_cap_of_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk__fresh_load_past_its_cap_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk__store_with_records_is_no_fresh_load, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
