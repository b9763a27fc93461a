/* test_store.c: the store through its public API on a scratch SQLite file. */
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
#include "store_fixture.h"

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
