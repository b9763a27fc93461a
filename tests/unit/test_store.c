/* test_store.c: the store through its public API on a scratch SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "clout/clout.h"
#include "store_fixture.h"
#include "util/banned.h"

static int fn(void *ctx, const clout_post_row *row);
static int snap(void *ctx, int64_t account, int64_t at, int64_t followers);

typedef struct fixture {
	char path[SCRATCH_LOCATION_MAX];
	clout_store *store;
	int64_t ws;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "test_store_%d.db", (int)getpid());
	assert_int_equal(scratch_store_open(f->path, sizeof(f->path), &f->store, &f->ws), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	clout_store_free(f->store);
	scratch_store_remove(f->path);
	free(f);
	return 0;
}

static clout_account account(const char *id, int64_t followers)
{
	clout_account a;
	clout_account_init(&a);
	a.platform = "instagram";
	a.ext_id = id;
	a.handle = "chef_anna";
	a.followers = followers;
	return a;
}

static void test_store__migrates_on_open(void **state)
{
	fixture *f = *state;
	int version = 0;
	assert_int_equal(clout_store_schema_version(f->store, &version, NULL), 0);
	assert_true(version >= 1);
}

static void test_store__upsert_is_idempotent(void **state)
{
	fixture *f = *state;
	clout_account a = account("17841400000000001", 1200);
	clout_store_counts c;
	int64_t id1, id2;
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, &id1, NULL), 0);
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, &id2, NULL), 0);
	assert_int_equal(id1, id2);
	assert_int_equal(clout_store_counts_get(f->store, f->ws, &c, NULL), 0);
	assert_int_equal(c.accounts, 1);
}

static void test_store__unknown_never_overwrites_known(void **state)
{
	fixture *f = *state;
	clout_account a = account("42", 5000), b = account("42", CLOUT_UNKNOWN);
	clout_account_row row;
	int64_t id;
	b.handle = NULL;
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, &id, NULL), 0);
	assert_int_equal(clout_store_put_account(f->store, f->ws, &b, NULL, NULL), 0);
	assert_int_equal(clout_store_get_account(f->store, f->ws, id, &row, NULL), 0);
	assert_int_equal(row.followers, 5000);
	assert_string_equal(row.handle, "chef_anna");
}

static void test_store__rejects_negative_counts(void **state)
{
	fixture *f = *state;
	clout_account a = account("7", -5);
	clout_error err = { 0 };
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, NULL, &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, "followers"));
}

static void test_store__rollback_leaves_store_unchanged(void **state)
{
	fixture *f = *state;
	clout_account a = account("100", 10);
	clout_store_counts c;
	assert_int_equal(clout_store_begin(f->store, NULL), 0);
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, NULL, NULL), 0);
	assert_int_equal(clout_store_rollback(f->store), 0);
	assert_int_equal(clout_store_counts_get(f->store, f->ws, &c, NULL), 0);
	assert_int_equal(c.accounts, 0);
}

static void test_store__post_creates_stub_author_and_resolves_thread(void **state)
{
	fixture *f = *state;
	clout_post root, reply;
	clout_store_counts c;
	int64_t author, replier;
	struct seen { int n; int64_t owner, parent; } seen = { 0, 0, 0 };
	clout_post_init(&root);
	root.platform = "twitter";
	root.ext_id = "1001";
	root.author_ext_id = "1";
	root.text = "hello";
	root.text_len = 5;
	root.likes = 3;
	clout_post_init(&reply);
	reply.platform = "twitter";
	reply.ext_id = "1002";
	reply.author_ext_id = "1";
	reply.kind = CLOUT_POST_REPLY;
	reply.parent_author_ext_id = "2";
	reply.conversation_ext_id = "1001";
	assert_int_equal(clout_store_put_post(f->store, f->ws, &root, NULL, NULL), 0);
	assert_int_equal(clout_store_put_post(f->store, f->ws, &reply, NULL, NULL), 0);
	assert_int_equal(clout_store_counts_get(f->store, f->ws, &c, NULL), 0);
	assert_int_equal(c.accounts, 2);
	assert_int_equal(c.posts, 2);
	assert_int_equal(clout_store_find_account(f->store, f->ws, "twitter", "1", &author, NULL), 0);
	assert_int_equal(clout_store_find_account(f->store, f->ws, NULL, "twitter:2", &replier, NULL), 0);
	assert_int_equal(clout_store_foreach_post(f->store, f->ws, author, 0, fn, &seen, NULL), 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.owner, author);
	assert_int_equal(seen.parent, replier);
}

static int fn(void *ctx, const clout_post_row *row)
{
	struct seen { int n; int64_t owner, parent; } *s = ctx;
	s->n++;
	if (row->kind == CLOUT_POST_REPLY) {
		s->owner = row->conversation_owner_id;
		s->parent = row->parent_author_id;
	}
	return 0;
}

static void test_store__find_account_by_handle_and_errors(void **state)
{
	fixture *f = *state;
	clout_account a = account("9", 10);
	clout_error err = { 0 };
	int64_t id, found;
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, &id, NULL), 0);
	assert_int_equal(clout_store_find_account(f->store, f->ws, NULL, "@Chef_Anna", &found, NULL), 0);
	assert_int_equal(found, id);
	assert_int_equal(clout_store_find_account(f->store, f->ws, NULL, "nobody", &found, &err), CLOUT_ENOTFOUND);
	assert_non_null(strstr(err.message, "nobody"));
}

static void test_store__blobs_round_trip_and_clear(void **state)
{
	fixture *f = *state;
	void *out;
	size_t len;
	assert_int_equal(clout_store_put_blob(f->store, f->ws, "s", "k", "abc", 3, NULL), 0);
	assert_int_equal(clout_store_put_blob(f->store, f->ws, "s", "k", "abcd", 4, NULL), 0);
	assert_int_equal(clout_store_get_blob(f->store, f->ws, "s", "k", &out, &len, NULL), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(out, "abcd", 4);
	free(out);
	assert_int_equal(clout_store_clear_blobs(f->store, f->ws, "s", NULL), 0);
	assert_int_equal(clout_store_get_blob(f->store, f->ws, "s", "k", &out, &len, NULL), CLOUT_ENOTFOUND);
}

static void test_store__snapshots_keep_history(void **state)
{
	fixture *f = *state;
	clout_account a = account("55", 100);
	int64_t id;
	int count = 0;
	a.observed_at = 1000;
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, &id, NULL), 0);
	a.followers = 250;
	a.observed_at = 2000;
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, NULL, NULL), 0);
	assert_int_equal(clout_store_foreach_snapshot(f->store, f->ws, id, snap, &count, NULL), 0);
	assert_int_equal(count, 2);
}

static int snap(void *ctx, int64_t account, int64_t at, int64_t followers)
{
	int *count = ctx;
	(void)account;
	assert_true((*count == 0 && at == 1000 && followers == 100) || (*count == 1 && at == 2000 && followers == 250));
	(*count)++;
	return 0;
}

static void test_store__workspaces_are_isolated(void **state)
{
	fixture *f = *state;
	clout_account a = account("77", 10);
	clout_store_counts c;
	int64_t other;
	clout_error err = { 0 };
	assert_int_equal(clout_store_workspace(f->store, &other, "agency-b", false, &err), CLOUT_ENOTFOUND);
	assert_int_equal(clout_store_workspace(f->store, &other, "agency-b", true, NULL), 0);
	assert_int_equal(clout_store_put_account(f->store, other, &a, NULL, NULL), 0);
	assert_int_equal(clout_store_counts_get(f->store, f->ws, &c, NULL), 0);
	assert_int_equal(c.accounts, 0);
	assert_int_equal(clout_store_counts_get(f->store, other, &c, NULL), 0);
	assert_int_equal(c.accounts, 1);
}

/*
 * A transaction that meets thousands of new accounts switches to a complete in-memory account
 * table (no SELECT per new account): ids, merges and stub creation must behave exactly as before,
 * in the workspace it was made for and in no other, and a rollback must take it back.
 */
static void test_store__large_transaction_resolves_accounts_once(void **state)
{
	fixture *f = *state;
	clout_error err = { 0 };
	clout_store_counts c;
	clout_account_row row;
	int64_t first = 0, again = 0, other_ws, other_id, id;
	char key[32];
	clout_account a = account("known", 10);
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, &first, &err), 0);
	assert_int_equal(clout_store_workspace(f->store, &other_ws, "other", true, &err), 0);

	/* a rolled-back transaction leaves nothing, and the next one must not trust its ids */
	assert_int_equal(clout_store_begin(f->store, &err), 0);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "r%d", i);
		assert_int_equal(clout_store_ensure_account(f->store, f->ws, "instagram", key, NULL, &id, &err), 0);
	}
	clout_store_rollback(f->store);
	assert_int_equal(clout_store_counts_get(f->store, f->ws, &c, NULL), 0);
	assert_int_equal(c.accounts, 1);

	assert_int_equal(clout_store_begin(f->store, &err), 0);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "n%d", i);
		assert_int_equal(clout_store_ensure_account(f->store, f->ws, "instagram", key, NULL, &id, &err), 0);
		assert_true(id > first);
	}
	/* after the switch: an existing account is found, not duplicated, and merged */
	assert_int_equal(clout_store_ensure_account(f->store, f->ws, "instagram", "known", NULL, &again, &err), 0);
	assert_int_equal(again, first);
	a = account("known", CLOUT_UNKNOWN);
	a.name = "Anna";
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, &again, &err), 0);
	assert_int_equal(again, first);
	/* a stub made earlier in the transaction gets its fields */
	a = account("n42", 4242);
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, &id, &err), 0);
	assert_int_equal(clout_store_ensure_account(f->store, f->ws, "instagram", "n42", NULL, &again, &err), 0);
	assert_int_equal(id, again);
	/* a new full account */
	a = account("fresh", 7);
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, &id, &err), 0);
	assert_int_equal(clout_store_ensure_account(f->store, f->ws, "instagram", "fresh", NULL, &again, &err), 0);
	assert_int_equal(id, again);
	/* the same key in another workspace is another account */
	assert_int_equal(clout_store_ensure_account(f->store, other_ws, "instagram", "known", NULL, &other_id, &err), 0);
	assert_true(other_id != first);
	assert_int_equal(clout_store_commit(f->store, &err), 0);

	assert_int_equal(clout_store_counts_get(f->store, f->ws, &c, NULL), 0);
	assert_int_equal(c.accounts, 1 + 5000 + 1);
	assert_int_equal(clout_store_counts_get(f->store, other_ws, &c, NULL), 0);
	assert_int_equal(c.accounts, 1);
	assert_int_equal(clout_store_get_account(f->store, f->ws, first, &row, NULL), 0);
	assert_string_equal(row.name, "Anna");
	assert_int_equal(row.followers, 10);
	assert_int_equal(clout_store_find_account(f->store, f->ws, "instagram", "n42", &id, NULL), 0);
	assert_int_equal(clout_store_get_account(f->store, f->ws, id, &row, NULL), 0);
	assert_int_equal(row.followers, 4242);
}

/* Posts and edges written with resolved ids land on those accounts; bad ids are refused. */
static void test_store__puts_with_resolved_accounts(void **state)
{
	fixture *f = *state;
	clout_error err = { 0 };
	clout_post p;
	clout_edge e;
	clout_store_counts c;
	int64_t author, other, found;
	assert_int_equal(clout_store_ensure_account(f->store, f->ws, "twitter", "10", NULL, &author, &err), 0);
	assert_int_equal(clout_store_ensure_account(f->store, f->ws, "twitter", "11", NULL, &other, &err), 0);
	clout_post_init(&p);
	p.platform = "twitter";
	p.ext_id = "500";
	p.author_ext_id = "10";
	p.likes = 3;
	assert_int_equal(clout_store_put_post_as(f->store, f->ws, &p, author, 0, NULL, &err), 0);
	assert_int_equal(clout_store_put_post_as(f->store, f->ws, &p, 0, 0, NULL, &err), CLOUT_EINVAL);
	p.likes = -4;
	assert_int_equal(clout_store_put_post_as(f->store, f->ws, &p, author, 0, NULL, &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, "likes"));
	clout_edge_init(&e);
	e.platform = "twitter";
	e.src_ext_id = "11";
	e.dst_ext_id = "10";
	e.kind = "mention";
	assert_int_equal(clout_store_put_edge_between(f->store, f->ws, &e, other, author, &err), 0);
	assert_int_equal(clout_store_put_edge_between(f->store, f->ws, &e, other, -1, &err), CLOUT_EINVAL);
	assert_int_equal(clout_store_counts_get(f->store, f->ws, &c, NULL), 0);
	assert_int_equal(c.accounts, 2);
	assert_int_equal(c.posts, 1);
	assert_int_equal(c.edges, 1);
	assert_int_equal(clout_store_find_account(f->store, f->ws, "twitter", "10", &found, NULL), 0);
	assert_int_equal(found, author);
}

typedef struct index_seen {
	int profiles, terms;
	int64_t sum_index;
	bool named_ok, df_ok, postings_ok;
} index_seen;

static int seen_profile(void *ctx, uint32_t index, const clout_store_index_profile *p,
	const clout_store_index_names *names)
{
	index_seen *s = ctx;
	const char *ext_id = names->ext_id, *handle = names->handle, *name = names->name;
	char want[32];
	s->profiles++;
	s->sum_index += index;
	snprintf(want, sizeof(want), "a%u", index);
	/* every field comes back as written, and the account's names with it */
	if (p->account_id <= 0 || p->followers != 1000 + (int64_t)index || p->doc_len != index * 3 ||
	    strcmp(p->platform, "instagram") || strcmp(p->lang, index % 2 ? "fr" : "") ||
	    p->reach != 0.1 * index || p->penalty != 1.0 / 3 || p->engagement_max != 1e-300 * index || p->flags != index % 5 || p->first_post_at != -1 ||
	    !ext_id || strcmp(ext_id, want) || !handle || strcmp(handle, "chef_anna") || name || names->currency)
		s->named_ok = false;
	return 0;
}

static int seen_term(void *ctx, const char *term, uint32_t df, const void *postings, size_t len)
{
	index_seen *s = ctx;
	s->terms++;
	if (df != (uint32_t)strlen(term))
		s->df_ok = false;
	if (postings && (len != 3 || memcmp(postings, "\0\x80\x01", 3)))
		s->postings_ok = false;
	return 0;
}

/* The discovery index's tables: written by bulk loads in a transaction, read in batches (more
 * indexes and terms than one batch holds, some absent), replaced whole by the next build. */
static void test_store__discovery_index_tables(void **state)
{
	fixture *f = *state;
	clout_store_index_meta meta = { 0 }, back;
	clout_error err = { 0 };
	index_seen seen = { 0, 0, 0, true, true, true };
	uint32_t indexes[200];
	const char *terms[150];
	char names[150][16];
	assert_int_equal(clout_store_index_get_meta(f->store, f->ws, &back, &err), CLOUT_ENOTFOUND);
	assert_int_equal(clout_store_index_put_meta(f->store, f->ws, &meta, &err) < 0 ||
			 clout_store_index_put_term(f->store, f->ws, "x", 1, "", 0, &err) < 0, true); /* no transaction */
	assert_int_equal(clout_store_begin(f->store, NULL), 0);
	assert_int_equal(clout_store_index_clear(f->store, f->ws, NULL), 0);
	for (uint32_t i = 0; i < 130; i++) {
		clout_account a = account("", 10);
		clout_store_index_profile p;
		char id[16];
		memset(&p, 0, sizeof(p));
		snprintf(id, sizeof(id), "a%u", i);
		a.ext_id = id;
		assert_int_equal(clout_store_put_account(f->store, f->ws, &a, &p.account_id, NULL), 0);
		if (i % 2 == 0 && i > 100)
			continue; /* no profile: skipped when asked */
		p.followers = 1000 + i;
		p.doc_len = i * 3;
		p.first_post_at = p.last_post_at = -1;
		p.reach = 0.1 * i;
		p.penalty = 1.0 / 3;
		p.engagement_max = 1e-300 * i;
		p.flags = i % 5;
		snprintf(p.platform, sizeof(p.platform), "instagram");
		snprintf(p.lang, sizeof(p.lang), "%s", i % 2 ? "fr" : "");
		assert_int_equal(clout_store_index_put_profile(f->store, f->ws, i, &p, &err), 0);
	}
	for (int i = 0; i < 100; i++) {
		snprintf(names[i], sizeof(names[i]), "%.*s", i % 12 + 1, "termtermterm");
		names[i][0] = (char)('a' + i / 12);
		assert_int_equal(clout_store_index_put_term(f->store, f->ws, names[i], (uint32_t)strlen(names[i]),
					 "\0\x80\x01", 3, &err), 0);
	}
	meta.version = 3;
	meta.generation = 7;
	meta.ndocs = 130;
	meta.avg_doc_len = 2.5;
	assert_int_equal(clout_store_index_put_meta(f->store, f->ws, &meta, &err), 0);
	assert_int_equal(clout_store_commit(f->store, &err), 0);

	assert_int_equal(clout_store_index_get_meta(f->store, f->ws, &back, &err), 0);
	assert_int_equal(back.version, 3);
	assert_int_equal(back.generation, 7);
	assert_int_equal(back.ndocs, 130);
	assert_true(back.avg_doc_len == 2.5);
	for (uint32_t i = 0; i < 200; i++)
		indexes[i] = 199 - i; /* 130..199 have no profile, nor do the even ones above 100 */
	assert_int_equal(clout_store_index_get_profiles(f->store, f->ws, indexes, 200, seen_profile, &seen, &err), 0);
	assert_int_equal(seen.profiles, 130 - 14);
	assert_true(seen.named_ok);
	for (int i = 0; i < 150; i++) {
		if (i >= 100)
			snprintf(names[i], sizeof(names[i]), "absent%d", i);
		terms[i] = names[i];
	}
	assert_int_equal(clout_store_index_get_terms(f->store, f->ws, terms, 150, true, seen_term, &seen, &err), 0);
	assert_int_equal(seen.terms, 100);
	assert_int_equal(clout_store_index_get_terms(f->store, f->ws, terms, 150, false, seen_term, &seen, &err), 0);
	assert_int_equal(seen.terms, 200);
	assert_true(seen.df_ok && seen.postings_ok);
	/* another workspace sees none of it */
	{
		int64_t other;
		assert_int_equal(clout_store_workspace(f->store, &other, "other", true, NULL), 0);
		assert_int_equal(clout_store_index_get_meta(f->store, other, &back, NULL), CLOUT_ENOTFOUND);
		seen.profiles = 0;
		assert_int_equal(clout_store_index_get_profiles(f->store, other, indexes, 200, seen_profile, &seen, NULL), 0);
		assert_int_equal(seen.profiles, 0);
	}
	/* the next build replaces it whole; a rolled-back one leaves it */
	assert_int_equal(clout_store_begin(f->store, NULL), 0);
	assert_int_equal(clout_store_index_clear(f->store, f->ws, NULL), 0);
	assert_int_equal(clout_store_rollback(f->store), 0);
	assert_int_equal(clout_store_index_get_meta(f->store, f->ws, &back, NULL), 0);
	assert_int_equal(clout_store_begin(f->store, NULL), 0);
	assert_int_equal(clout_store_index_clear(f->store, f->ws, NULL), 0);
	assert_int_equal(clout_store_commit(f->store, NULL), 0);
	seen.profiles = 0;
	assert_int_equal(clout_store_index_get_profiles(f->store, f->ws, indexes, 200, seen_profile, &seen, NULL), 0);
	assert_int_equal(seen.profiles, 0);
}

/* A child process holds a write transaction: this one keeps reading what was committed, and on
 * SQLite a writer gives up after its lock timeout naming the holder; once the child commits, its
 * writes are seen. */
static void test_store__readers_and_a_blocked_writer_during_a_write(void **state)
{
	fixture *f = *state;
	clout_store_open_options opts = CLOUT_STORE_OPEN_OPTIONS_INIT;
	clout_store_counts c;
	clout_account a = account("before", 10), b = account("late", 30);
	clout_error err = { 0 };
	clout_store *s = NULL;
	int ready[2], release[2], status = 0;
	char ch = 0, holder[48];
	pid_t child;
	assert_int_equal(clout_store_put_account(f->store, f->ws, &a, NULL, NULL), 0);
	clout_store_free(f->store); /* no connection is open across the fork */
	f->store = NULL;
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(release), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		clout_store *w = NULL;
		clout_account d = account("during", 20);
		int ok = clout_store_open(&w, f->path, NULL) == 0 && clout_store_begin(w, NULL) == 0 &&
			clout_store_put_account(w, f->ws, &d, NULL, NULL) == 0;
		(void)!write(ready[1], ok ? "y" : "n", 1);
		(void)!read(release[0], &ch, 1);
		ok = ok && clout_store_commit(w, NULL) == 0;
		clout_store_free(w);
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(read(ready[0], &ch, 1), 1);
	assert_int_equal(ch, 'y');
	opts.lock_timeout_ms = 100;
	assert_int_equal(clout_store_open_ext(&s, f->path, &opts, &err), 0);
	assert_int_equal(clout_store_counts_get(s, f->ws, &c, &err), 0);
	assert_int_equal(c.accounts, 1); /* the child's account is not committed */
	if (!scratch_engine_is_pg()) {
		snprintf(holder, sizeof(holder), "process %d", (int)child);
		assert_int_equal(clout_store_begin(s, &err), CLOUT_ECONFLICT);
		assert_non_null(strstr(err.message, "is locked by another writer"));
		assert_non_null(strstr(err.message, holder));
		assert_int_equal(clout_store_put_account(s, f->ws, &b, NULL, &err), CLOUT_ECONFLICT);
		assert_non_null(strstr(err.message, holder));
	}
	assert_int_equal(write(release[1], "x", 1), 1);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(clout_store_counts_get(s, f->ws, &c, &err), 0);
	assert_int_equal(c.accounts, 2);
	assert_int_equal(clout_store_put_account(s, f->ws, &b, NULL, &err), 0);
	f->store = s;
	for (int i = 0; i < 2; i++) {
		close(ready[i]);
		close(release[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store__migrates_on_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__upsert_is_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__unknown_never_overwrites_known, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__rejects_negative_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__rollback_leaves_store_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__post_creates_stub_author_and_resolves_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__find_account_by_handle_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__blobs_round_trip_and_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__snapshots_keep_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__workspaces_are_isolated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__large_transaction_resolves_accounts_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__puts_with_resolved_accounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__discovery_index_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__readers_and_a_blocked_writer_during_a_write, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
