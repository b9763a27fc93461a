/*
 * test_session.c: the session handle: opening from options only, never creating a store for a
 * read-only caller, the lazily found workspace, the text model (shared or the session's own with
 * user lexicons), the per-call error, the stats operation with its JSON writer, a session without
 * a store, and the sentiment operation on the session's model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "clout/clout.h"
#include "unit/store_fixture.h"
#include "util/banned.h"

/* The store's location: a file of this process on SQLite, a scratch database on PostgreSQL
 * (the two engine runs of this test go side by side in one folder, so nothing is shared). */
static char STORE[SCRATCH_LOCATION_MAX];
static char LEXICON[64];

/* Makes the location empty again: no file, or an empty database. */
static void fresh_location(void)
{
	if (scratch_engine_is_pg())
		assert_int_equal(scratch_db_create(STORE, sizeof(STORE), "postgresql", "test_session"), 0);
	else
		scratch_file_remove(STORE);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void test_session__read_only_open_makes_no_store(void **state)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session *s = (clout_session *)1;
	clout_error err = { 0 };
	char want[SCRATCH_LOCATION_MAX + 16];
	(void)state;
	fresh_location();
	opts.location = STORE;
	assert_int_equal(clout_session_open(&s, &opts, &err), CLOUT_ENOTFOUND);
	assert_null(s);
	snprintf(want, sizeof(want), "no store at %s", STORE);
	assert_memory_equal(err.message, want, strlen(want));
	if (!scratch_engine_is_pg())
		assert_false(exists(STORE));
}

static void test_session__rejects_an_unknown_options_version(void **state)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session *s;
	clout_error err = { 0 };
	(void)state;
	opts.version = 99;
	opts.location = STORE;
	assert_int_equal(clout_session_open(&s, &opts, &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "version"));
}

static void test_session__create_makes_store_and_workspace(void **state)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session *s;
	clout_store_counts c;
	int64_t ws = 0;
	char *json;
	(void)state;
	fresh_location();
	opts.location = STORE;
	opts.workspace = "brand";
	opts.create = true;
	opts.user = "ana";
	opts.role = "admin";
	assert_int_equal(clout_session_open(&s, &opts, NULL), 0);
	if (!scratch_engine_is_pg())
		assert_true(exists(STORE));
	assert_string_equal(clout_session_location(s), STORE);
	assert_string_equal(clout_session_workspace_name(s), "brand");
	assert_string_equal(clout_session_user(s), "ana");
	assert_string_equal(clout_session_role(s), "admin");
	assert_int_equal(clout_session_workspace(s, &ws), 0);
	assert_true(ws > 0);
	assert_int_equal(clout_session_stats(s, false, &c), 0);
	assert_int_equal(c.accounts, 0);
	assert_int_equal(c.workspaces, 1);
	assert_int_equal(clout_session_stats_json(&json, &c, NULL), 0);
	assert_string_equal(json, "{\"workspaces\":1,\"people\":0,\"accounts\":0,\"posts\":0,\"edges\":0,\"snapshots\":0}\n");
	free(json);
	clout_session_free(s);
}

static void test_session__missing_workspace_is_named(void **state)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session *s;
	clout_store_counts c;
	int64_t ws;
	(void)state;
	opts.location = STORE;
	opts.workspace = "nowhere";
	assert_int_equal(clout_session_open(&s, &opts, NULL), 0); /* the store exists: made by the test before */
	assert_int_equal(clout_session_stats(s, false, &c), CLOUT_ENOTFOUND);
	assert_int_equal(clout_session_error(s)->code, CLOUT_ENOTFOUND);
	assert_non_null(strstr(clout_session_error(s)->message, "no workspace 'nowhere'"));
	assert_int_equal(clout_session_workspace(s, &ws), CLOUT_ENOTFOUND);
	/* the next operation starts with a clean error */
	assert_int_equal(clout_session_stats(s, true, &c), 0);
	assert_int_equal(clout_session_error(s)->code, 0);
	assert_int_equal(c.workspaces, 1);
	clout_session_free(s);
}

/* A workspace looked up by name (a login's): found without becoming the session's, not made,
 * and named when absent. */
static void test_session__workspace_find_leaves_the_session_as_it_was(void **state)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session *s;
	clout_store_counts c;
	int64_t brand = 0, ws = -1;
	(void)state;
	opts.location = STORE;
	opts.workspace = "nowhere";
	opts.create = true;
	assert_int_equal(clout_session_open(&s, &opts, NULL), 0); /* "brand" made by a test before */
	assert_int_equal(clout_session_workspace_find(s, "brand", &brand), 0);
	assert_true(brand > 0);
	assert_int_equal(clout_session_workspace_find(s, "elsewhere", &ws), CLOUT_ENOTFOUND);
	assert_int_equal(ws, 0);
	assert_non_null(strstr(clout_session_error(s)->message, "no workspace 'elsewhere'"));
	assert_string_equal(clout_session_workspace_name(s), "nowhere");
	assert_int_equal(clout_session_stats(s, true, &c), 0);
	assert_int_equal(c.workspaces, 1); /* nothing made, though the session may create */
	assert_int_equal(clout_session_workspace(s, &ws), 0);
	assert_true(ws != brand);
	clout_session_free(s);
}

static void test_session__arena_lives_until_reset(void **state)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session *s;
	(void)state;
	opts.location = STORE;
	assert_int_equal(clout_session_open(&s, &opts, NULL), 0);
	char *a = clout_session_alloc(s, 100), *b = clout_session_alloc(s, 1 << 20);
	assert_non_null(a);
	assert_non_null(b);
	memset(a, 1, 100);
	memset(b, 2, 1 << 20);
	assert_int_equal(a[99], 1);
	clout_session_reset(s);
	assert_non_null(clout_session_alloc(s, 10));
	clout_session_free(s);
}

static void test_session__lexicons_reach_the_session_model(void **state)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session_lexicon lex[] = { { "en", LEXICON } };
	clout_session *s, *shared;
	const clout_text_model *model, *model2;
	clout_text_model *outside;
	clout_text *t;
	clout_sentiment r;
	FILE *f = fopen(LEXICON, "w");
	(void)state;
	assert_non_null(f);
	fputs("clouty\t3.5\n", f);
	fclose(f);
	opts.location = STORE;
	opts.lexicons = lex;
	opts.nlexicons = 1;
	assert_int_equal(clout_session_open(&s, &opts, NULL), 0);
	assert_int_equal(clout_session_text_model(s, &model), 0);
	assert_int_equal(clout_session_text_model(s, &model2), 0);
	assert_ptr_equal(model, model2); /* loaded once */
	assert_int_equal(clout_text_new(&t, model, NULL), 0);
	assert_int_equal(clout_text_sentiment(t, "so clouty", 9, "en", &r), 0);
	assert_string_equal(r.label, "positive");
	clout_text_free(t);
	clout_session_free(s);

	/* a model passed in is used as it is, and outlives the session */
	assert_int_equal(clout_text_model_new(&outside, NULL), 0);
	opts.text_model = outside;
	assert_int_equal(clout_session_open(&shared, &opts, NULL), 0);
	assert_int_equal(clout_session_text_model(shared, &model), 0);
	assert_ptr_equal(model, outside);
	clout_session_free(shared);
	assert_int_equal(clout_text_new(&t, outside, NULL), 0);
	assert_int_equal(clout_text_sentiment(t, "so clouty", 9, "en", &r), 0);
	assert_string_equal(r.label, "neutral");
	clout_text_free(t);
	clout_text_model_free(outside);

	/* a bad lexicon is the session's error, when the model is first needed */
	opts.text_model = NULL;
	lex[0].path = "test_session.missing";
	assert_int_equal(clout_session_open(&s, &opts, NULL), 0);
	assert_int_equal(clout_session_text_model(s, &model), CLOUT_EIO);
	assert_non_null(strstr(clout_session_error(s)->message, "test_session.missing"));
	clout_session_free(s);
	unlink(LEXICON);
	scratch_store_remove(STORE);
}

/* Collects the output of the sentiment operation. */
typedef struct collected {
	char data[4096];
	size_t len;
	int bad;
} collected;

static int collect(void *ctx, const char *data, size_t len)
{
	collected *c = ctx;
	assert_true(c->len + len < sizeof(c->data));
	memcpy(c->data + c->len, data, len);
	c->len += len;
	c->data[c->len] = '\0';
	return 0;
}

static int collect_bad(void *ctx, const clout_error *err)
{
	collected *c = ctx;
	assert_int_equal(err->code, CLOUT_EBADDATA);
	c->bad++;
	return 0;
}

static const char POSTS[] = "{\"id\":\"a\",\"text\":\"so clouty\"}\n"
			    "{\"id\":2,\"text\":\"I do not love it\"}\n"
			    "not json\n"
			    "{\"id\":3,\"text\":\"Worst service ever\"}\n";

/* Runs the sentiment operation on s over POSTS with threads; the stats in *stats. */
static int run_sentiment(clout_session *s, unsigned threads, collected *c, clout_text_lines_stats *stats)
{
	clout_session_sentiment_options o = CLOUT_SESSION_SENTIMENT_OPTIONS_INIT;
	FILE *in = fmemopen((char *)POSTS, sizeof(POSTS) - 1, "r");
	int rc;
	assert_non_null(in);
	memset(c, 0, sizeof(*c));
	o.name = "posts";
	o.write = collect;
	o.bad = collect_bad;
	o.ctx = c;
	o.threads = threads;
	rc = clout_session_sentiment_lines(s, in, &o, stats);
	fclose(in);
	return rc;
}

static void test_session__no_store_session_has_text_only(void **state)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session *s;
	clout_store_counts counts;
	clout_user user;
	int64_t ws;
	const clout_text_model *model;
	(void)state;
	fresh_location();
	opts.no_store = true;
	opts.location = STORE;
	opts.create = true; /* unused without a store */
	assert_int_equal(clout_session_open(&s, &opts, NULL), 0);
	if (!scratch_engine_is_pg())
		assert_false(exists(STORE));
	assert_null(clout_session_store(s));
	assert_int_equal(clout_session_workspace(s, &ws), CLOUT_EINVAL);
	assert_string_equal(clout_session_error(s)->message, "this session has no store");
	assert_int_equal(clout_session_stats(s, true, &counts), CLOUT_EINVAL);
	assert_string_equal(clout_session_error(s)->message, "this session has no store");
	assert_int_equal(clout_auth_user_get(&user, s, "ann"), CLOUT_EINVAL);
	assert_string_equal(clout_session_error(s)->message, "this session has no store");
	assert_int_equal(clout_session_text_model(s, &model), 0);
	assert_non_null(model);
	clout_session_free(s);
}

static void test_session__sentiment_lines_with_the_session_model(void **state)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session_lexicon lex[] = { { "en", LEXICON } };
	clout_session_param neg[] = { { "en", "negation_scalar", 0.5 } };
	clout_session_sentiment_options bad_version = CLOUT_SESSION_SENTIMENT_OPTIONS_INIT;
	clout_session *plain, *tuned;
	clout_text_lines_stats stats;
	collected c1, c4, t1;
	FILE *f = fopen(LEXICON, "w");
	(void)state;
	assert_non_null(f);
	fputs("clouty\t3.5\n", f);
	fclose(f);
	opts.no_store = true;
	assert_int_equal(clout_session_open(&plain, &opts, NULL), 0);
	assert_int_equal(run_sentiment(plain, 1, &c1, &stats), 0);
	assert_int_equal(stats.records, 3);
	assert_int_equal(stats.bad, 1);
	assert_int_equal(c1.bad, 1);
	assert_non_null(strstr(c1.data, "{\"id\":\"a\",\"lang\":\"en\",\"compound\":0.0000,\"label\":\"neutral\"}\n"));
	assert_non_null(strstr(c1.data, "{\"id\":3,"));
	/* threads change nothing in the output */
	assert_int_equal(run_sentiment(plain, 4, &c4, &stats), 0);
	assert_string_equal(c1.data, c4.data);

	/* the user's lexicon and parameters reach the operation through the session */
	opts.lexicons = lex;
	opts.nlexicons = 1;
	opts.params = neg;
	opts.nparams = 1;
	assert_int_equal(clout_session_open(&tuned, &opts, NULL), 0);
	assert_int_equal(run_sentiment(tuned, 2, &t1, &stats), 0);
	assert_non_null(strstr(t1.data, "{\"id\":\"a\",\"lang\":\"en\",\"compound\":0."));
	assert_non_null(strstr(t1.data, "\"label\":\"positive\"}\n{\"id\":2"));
	assert_string_not_equal(strchr(t1.data, '\n') + 1, strchr(c1.data, '\n') + 1); /* the negation too */
	clout_session_free(tuned);

	/* an unknown parameter is the operation's error, named on the session */
	neg[0].name = "bogus";
	assert_int_equal(clout_session_open(&tuned, &opts, NULL), 0);
	assert_int_equal(run_sentiment(tuned, 1, &t1, &stats), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(tuned)->message, "unknown sentiment parameter 'bogus'"));
	assert_int_equal(t1.len, 0);
	clout_session_free(tuned);

	bad_version.version = 99;
	assert_int_equal(clout_session_sentiment_lines(plain, stdin, &bad_version, &stats), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(plain)->message, "version"));
	clout_session_free(plain);
	unlink(LEXICON);
}

int main(void)
{
	snprintf(STORE, sizeof(STORE), "test_session_%d.db", (int)getpid());
	snprintf(LEXICON, sizeof(LEXICON), "test_session_%d.lexicon", (int)getpid());
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session__read_only_open_makes_no_store),
		cmocka_unit_test(test_session__rejects_an_unknown_options_version),
		cmocka_unit_test(test_session__create_makes_store_and_workspace),
		cmocka_unit_test(test_session__missing_workspace_is_named),
		cmocka_unit_test(test_session__workspace_find_leaves_the_session_as_it_was),
		cmocka_unit_test(test_session__arena_lives_until_reset),
		cmocka_unit_test(test_session__lexicons_reach_the_session_model),
		cmocka_unit_test(test_session__no_store_session_has_text_only),
		cmocka_unit_test(test_session__sentiment_lines_with_the_session_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
