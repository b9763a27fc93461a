/*
 * test_listen_store.c: saved listening rules on the store (SQLite, or PostgreSQL when the store
 * tests run there): add with its checks, names unique per workspace, list in order, remove, and a
 * rule set loaded from the saved rules matching as the rules say.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clout/listen.h"
#include "clout/store.h"
#include "clout/text.h"
#include "unit/store_fixture.h"
#include "util/banned.h"

typedef struct fixture {
	char path[SCRATCH_LOCATION_MAX];
	clout_store *store;
	int64_t ws;
	clout_session *s; /* a session on the same store, in the default workspace */
	clout_text *t;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "test_listen_store.db");
	if (scratch_store_open(f->path, sizeof(f->path), &f->store, &f->ws) < 0 ||
	    scratch_session_open(f->path, "default", &f->s) < 0 || clout_text_new(&f->t, NULL, NULL) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	clout_text_free(f->t);
	clout_session_free(f->s);
	clout_store_free(f->store);
	scratch_db_drop(f->path);
	free(f);
	return 0;
}

typedef struct listing {
	int n;
	char names[8][32];
	char kinds[8][16];
	int64_t created[8];
} listing;

static int collect(void *ctx, const clout_listen_rule *r)
{
	listing *l = ctx;
	if (l->n < 8) {
		snprintf(l->names[l->n], sizeof(l->names[0]), "%s", r->name);
		snprintf(l->kinds[l->n], sizeof(l->kinds[0]), "%s", r->kind);
		l->created[l->n] = r->created_at;
		l->n++;
	}
	return 0;
}

static void test_rules__add_list_remove(void **state)
{
	fixture *f = *state;
	clout_error err = { 0 };
	clout_listen_rule r = CLOUT_LISTEN_RULE_INIT;
	int64_t id1, id2;
	r.name = "acme-fr";
	r.expr = "(acme OR #acme) lang:fr NOT jobs";
	r.created_at = 1700000000;
	assert_int_equal(clout_listen_rule_add(f->s, &r, &id1), 0);
	r.name = "globex";
	r.expr = "#globex OR globex";
	r.kind = "competitor";
	r.created_at = 0;
	assert_int_equal(clout_listen_rule_add(f->s, &r, &id2), 0);
	assert_true(id2 > id1);
	/* the same name again, a malformed rule, bad fields: refused, nothing saved */
	assert_int_equal(clout_listen_rule_add(f->s, &r, NULL), CLOUT_EEXISTS);
	assert_string_equal(clout_session_error(f->s)->message, "rule 'globex' exists");
	r.name = "bad";
	r.expr = "(acme OR acmeco lang:fr";
	assert_int_equal(clout_listen_rule_add(f->s, &r, NULL), CLOUT_EBADDATA);
	assert_string_equal(clout_session_error(f->s)->message, "rule 'bad':1:24: expected ')'");
	r.expr = "acme";
	r.team = "legal";
	assert_int_equal(clout_listen_rule_add(f->s, &r, NULL), CLOUT_EINVAL);
	r.team = "pr";
	r.priority = "urgent";
	assert_int_equal(clout_listen_rule_add(f->s, &r, NULL), CLOUT_EINVAL);
	r.priority = "high";
	r.kind = "friend";
	assert_int_equal(clout_listen_rule_add(f->s, &r, NULL), CLOUT_EINVAL);
	r.kind = "brand";
	r.name = "two words";
	assert_int_equal(clout_listen_rule_add(f->s, &r, NULL), CLOUT_EINVAL);

	listing l = { 0 };
	assert_int_equal(clout_listen_rule_foreach(f->s, NULL, collect, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.names[0], "acme-fr");
	assert_int_equal(l.created[0], 1700000000);
	assert_string_equal(l.names[1], "globex");
	assert_string_equal(l.kinds[1], "competitor");
	assert_true(l.created[1] > 1700000000); /* 0 means now */

	/* another workspace sees none of them and may reuse the names */
	int64_t other;
	assert_int_equal(clout_store_workspace(f->store, &other, "other", true, &err), 0);
	(void)other;
	clout_session *in_other;
	assert_int_equal(scratch_session_open(f->path, "other", &in_other), 0);
	memset(&l, 0, sizeof(l));
	assert_int_equal(clout_listen_rule_foreach(in_other, NULL, collect, &l), 0);
	assert_int_equal(l.n, 0);
	r.name = "globex";
	r.expr = "globex";
	assert_int_equal(clout_listen_rule_add(in_other, &r, NULL), 0);
	clout_session_free(in_other);

	assert_int_equal(clout_listen_rule_remove(f->s, "globex"), 0);
	assert_int_equal(clout_listen_rule_remove(f->s, "globex"), CLOUT_ENOTFOUND);
	memset(&l, 0, sizeof(l));
	assert_int_equal(clout_listen_rule_foreach(f->s, NULL, collect, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(clout_listen_rule_foreach(f->s, "globex", collect, &l), CLOUT_ENOTFOUND);
}

static int note(void *ctx, uint32_t id)
{
	*(uint64_t *)ctx |= 1ull << id;
	return 0;
}

static void test_rules__load_into_a_set(void **state)
{
	fixture *f = *state;
	clout_error err = { 0 };
	clout_listen_rule r = CLOUT_LISTEN_RULE_INIT;
	const char *names[] = { "acme", "globex", "launch" };
	const char *exprs[] = { "acme NOT jobs", "#globex", "launch* lang:en" };
	for (int k = 0; k < 3; k++) {
		r.name = names[k];
		r.expr = exprs[k];
		assert_int_equal(clout_listen_rule_add(f->s, &r, NULL), 0);
	}
	clout_listen_set *set;
	clout_listen_matcher *m;
	assert_int_equal(clout_listen_set_new(&set, &err), 0);
	assert_int_equal(clout_listen_set_load(f->s, set, NULL), 0);
	assert_int_equal(clout_listen_set_count(set), 3);
	assert_string_equal(clout_listen_set_name(set, 1), "globex");
	assert_int_equal(clout_listen_set_compile(set, false, &err), 0);
	assert_int_equal(clout_listen_matcher_new(&m, f->t, &err), 0);
	const char *text = "Acme launches at #Globex";
	clout_listen_post post = { text, strlen(text), "en", NULL, NULL, false, false };
	uint64_t mask = 0;
	assert_int_equal(clout_listen_match(m, set, &post, note, &mask, &err), 0);
	assert_int_equal(mask, 7);
	post.lang = "fr";
	mask = 0;
	assert_int_equal(clout_listen_match(m, set, &post, note, &mask, &err), 0);
	assert_int_equal(mask, 3);
	/* one rule by name */
	clout_listen_set *one;
	assert_int_equal(clout_listen_set_new(&one, &err), 0);
	assert_int_equal(clout_listen_set_load(f->s, one, "launch"), 0);
	assert_int_equal(clout_listen_set_count(one), 1);
	assert_int_equal(clout_listen_set_load(f->s, one, "nope"), CLOUT_ENOTFOUND);
	clout_listen_set_free(one);
	clout_listen_matcher_free(m);
	clout_listen_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rules__add_list_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules__load_into_a_set, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
