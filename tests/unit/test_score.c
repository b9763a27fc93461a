/* test_score.c: the account-level parts of discovery: tiers, the engagement norm, flag names, and
 * a whole index + query on a small hand-made store. */
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

static void test_score__tier_boundaries(void **state)
{
	(void)state;
	assert_string_equal(clout_score_tier(0), "nano");
	assert_string_equal(clout_score_tier(9999), "nano");
	assert_string_equal(clout_score_tier(10000), "micro");
	assert_string_equal(clout_score_tier(99999), "micro");
	assert_string_equal(clout_score_tier(100000), "mid");
	assert_string_equal(clout_score_tier(500000), "macro");
	assert_string_equal(clout_score_tier(1000000), "mega");
	assert_string_equal(clout_score_tier(-1), "unknown");
}

static void test_score__engagement_norm_follows_the_seeds(void **state)
{
	(void)state;
	assert_true(clout_score_engagement_norm(500) == 0.08);
	assert_true(clout_score_engagement_norm(1000) == 0.08);
	assert_true(clout_score_engagement_norm(1e7) > 0.0159 && clout_score_engagement_norm(1e7) < 0.0161);
	assert_true(clout_score_engagement_norm(1e5) < clout_score_engagement_norm(1e4));
}

static void test_score__flag_names(void **state)
{
	char buf[96];
	(void)state;
	clout_score_flag_names(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	clout_score_flag_names(CLOUT_FLAG_DORMANT, buf, sizeof(buf));
	assert_string_equal(buf, "dormant");
	clout_score_flag_names(CLOUT_FLAG_SUSPICIOUS_GROWTH | CLOUT_FLAG_DORMANT, buf, sizeof(buf));
	assert_string_equal(buf, "suspicious-growth,dormant");
	clout_score_flag_names(7, buf, sizeof(buf));
	assert_string_equal(buf, "suspicious-growth,engagement-anomaly,dormant");
}

static void put_account(clout_store *s, int64_t ws, const char *id, int64_t followers)
{
	clout_account a;
	clout_account_init(&a);
	a.platform = "instagram";
	a.ext_id = id;
	a.handle = id;
	a.followers = followers;
	a.lang = "en";
	assert_int_equal(clout_store_put_account(s, ws, &a, NULL, NULL), 0);
}

static void put_post(clout_store *s, int64_t ws, const char *id, const char *author, const char *text, int64_t at,
	int64_t likes)
{
	clout_post p;
	clout_post_init(&p);
	p.platform = "instagram";
	p.ext_id = id;
	p.author_ext_id = author;
	p.text = text;
	p.text_len = strlen(text);
	p.lang = "en";
	p.created_at = at;
	p.likes = likes;
	p.comments = 0;
	assert_int_equal(clout_store_put_post(s, ws, &p, NULL, NULL), 0);
}

static void test_score__ranks_the_topical_account_first(void **state)
{
	char path[SCRATCH_LOCATION_MAX], id[80];
	clout_store *s;
	clout_discover_query q = CLOUT_DISCOVER_QUERY_INIT;
	clout_discover_results r;
	clout_error err = { 0 };
	int64_t ws, t = 1780000000;
	(void)state;
	snprintf(path, sizeof(path), "test_score_%d.db", (int)getpid());
	assert_int_equal(scratch_store_open(path, sizeof(path), &s, &ws), 0);
	put_account(s, ws, "cook", 5000);
	put_account(s, ws, "runner", 5000);
	put_account(s, ws, "quiet", 5000);
	for (int i = 0; i < 6; i++) {
		snprintf(id, sizeof(id), "c%d", i);
		put_post(s, ws, id, "cook", "Slow cooking a stew tonight, home cooking at its best", t - i * 86400, 300);
		snprintf(id, sizeof(id), "r%d", i);
		put_post(s, ws, id, "runner", "Morning run done, cooking breakfast after", t - i * 86400, 300);
		snprintf(id, sizeof(id), "q%d", i);
		put_post(s, ws, id, "quiet", "Marathon training, long run today", t - i * 86400, 300);
	}
	assert_int_equal(clout_score_discover(s, ws, &q, &r, &err), CLOUT_EINVAL); /* no topic */
	q.topic = "home cooking";
	assert_int_equal(clout_score_discover(s, ws, &q, &r, &err), CLOUT_ENOTFOUND); /* no index */
	assert_int_equal(clout_score_index_build(s, ws, NULL, NULL, NULL, &err), 0);
	assert_int_equal(clout_score_discover(s, ws, &q, &r, &err), 0);
	assert_int_equal(r.count, 2);
	assert_string_equal(r.items[0].handle, "cook");
	assert_string_equal(r.items[1].handle, "runner");
	assert_true(r.items[0].relevance == 1.0);
	assert_true(r.items[1].relevance < 1.0);
	/* same audience and engagement: reach and resonance are equal */
	assert_true(r.items[0].reach == r.items[1].reach);
	assert_true(r.items[0].engagement_rate > 0.059 && r.items[0].engagement_rate < 0.061);
	assert_false(r.index_stale);
	clout_discover_results_release(&r);
	put_account(s, ws, "late", 10);
	assert_int_equal(clout_score_discover(s, ws, &q, &r, &err), 0);
	assert_true(r.index_stale);
	clout_discover_results_release(&r);
	clout_store_free(s);
	scratch_store_remove(path);
}

static int stop_at_first(void *ctx, uint64_t done, uint64_t total)
{
	(void)done;
	(void)total;
	return ++*(int *)ctx >= 1;
}

/* Many batches of posts cross from the reading thread: all are counted, and an interruption
 * (with the reader waiting on a full queue) leaves no index behind and does not hang. */
static void test_score__index_over_many_batches_and_interrupted(void **state)
{
	char path[SCRATCH_LOCATION_MAX], id[80];
	clout_store *s;
	clout_discover_query q = CLOUT_DISCOVER_QUERY_INIT;
	clout_discover_results r;
	clout_score_index_stats st;
	clout_error err = { 0 };
	int64_t ws, t = 1780000000;
	int calls = 0;
	(void)state;
	snprintf(path, sizeof(path), "test_score_batches_%d.db", (int)getpid());
	assert_int_equal(scratch_store_open(path, sizeof(path), &s, &ws), 0);
	assert_int_equal(clout_store_begin(s, NULL), 0);
	put_account(s, ws, "cook", 5000);
	put_account(s, ws, "runner", 5000);
	for (int i = 0; i < 70000; i++) {
		snprintf(id, sizeof(id), "p%d", i);
		put_post(s, ws, id, i % 2 ? "cook" : "runner", i % 2 ? "home cooking tonight" : "long run today",
			t - i * 60, 100);
	}
	assert_int_equal(clout_store_commit(s, NULL), 0);
	assert_int_equal(clout_score_index_build(s, ws, stop_at_first, &calls, &st, &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "interrupted"));
	q.topic = "home cooking";
	assert_int_equal(clout_score_discover(s, ws, &q, &r, &err), CLOUT_ENOTFOUND);
	assert_int_equal(clout_score_index_build(s, ws, NULL, NULL, &st, &err), 0);
	assert_int_equal(st.posts, 70000);
	assert_int_equal(st.accounts, 2);
	assert_int_equal(clout_score_discover(s, ws, &q, &r, &err), 0);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.items[0].handle, "cook");
	clout_discover_results_release(&r);
	clout_store_free(s);
	scratch_store_remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score__tier_boundaries),
		cmocka_unit_test(test_score__engagement_norm_follows_the_seeds),
		cmocka_unit_test(test_score__flag_names),
		cmocka_unit_test(test_score__ranks_the_topical_account_first),
		cmocka_unit_test(test_score__index_over_many_batches_and_interrupted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
