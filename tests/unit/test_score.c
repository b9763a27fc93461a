/* test_score.c: the account-level parts of discovery: the engagement norm, and
 * whole index + query runs on small hand-made stores: ranking, one viral post, the relevance and
 * audience floors, normalised weights, the languages searched, and queries refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>

#include <cmocka.h>

#include "clout/clout.h"
#include "lib/score/internal.h"
#include "lib/store/store_internal.h"
#include "store_fixture.h"
#include "util/buf.h"
#include "util/banned.h"

static void test_score__engagement_norm_follows_the_seeds(void **state)
{
	(void)state;
	assert_true(clout_score_engagement_norm(500) == 0.08);
	assert_true(clout_score_engagement_norm(1000) == 0.08);
	assert_true(clout_score_engagement_norm(1e7) > 0.0159 && clout_score_engagement_norm(1e7) < 0.0161);
	assert_true(clout_score_engagement_norm(1e5) < clout_score_engagement_norm(1e4));
}

static void put_account_in(clout_store *s, int64_t ws, const char *id, int64_t followers, const char *lang,
	const char *country)
{
	clout_account a;
	clout_account_init(&a);
	a.platform = "instagram";
	a.ext_id = id;
	a.handle = id;
	a.followers = followers;
	a.lang = lang;
	a.country = country;
	assert_int_equal(clout_store_put_account(s, ws, &a, NULL, NULL), 0);
}

static void put_account(clout_store *s, int64_t ws, const char *id, int64_t followers)
{
	put_account_in(s, ws, id, followers, "en", "US");
}

static void put_post_in(clout_store *s, int64_t ws, const char *id, const char *author, const char *text, int64_t at,
	int64_t likes, const char *lang)
{
	clout_post p;
	clout_post_init(&p);
	p.platform = "instagram";
	p.ext_id = id;
	p.author_ext_id = author;
	p.text = text;
	p.text_len = strlen(text);
	p.lang = lang;
	p.created_at = at;
	p.likes = likes;
	p.comments = 0;
	assert_int_equal(clout_store_put_post(s, ws, &p, NULL, NULL), 0);
}

static void put_post(clout_store *s, int64_t ws, const char *id, const char *author, const char *text, int64_t at,
	int64_t likes)
{
	put_post_in(s, ws, id, author, text, at, likes, "en");
}

static void put_post_seen(clout_store *s, int64_t ws, const char *id, const char *author, const char *text, int64_t at,
	int64_t likes, int64_t views)
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
	p.views = views;
	assert_int_equal(clout_store_put_post(s, ws, &p, NULL, NULL), 0);
}

/* The session operations, with the session's error copied to err for the checks. */
static int discover(clout_session *se, const clout_score_query *q, clout_score_results *r, clout_error *err)
{
	int rc = clout_score_discover_run(se, q, r);
	*err = *clout_session_error(se);
	return rc;
}

static int index_build(clout_session *se, clout_progress_fn progress, void *ctx, clout_score_index_stats *st,
	clout_error *err)
{
	int rc = clout_score_index_run(se, progress, ctx, st);
	*err = *clout_session_error(se);
	return rc;
}

static void test_score__ranks_the_topical_account_first(void **state)
{
	char path[SCRATCH_LOCATION_MAX], id[80];
	clout_store *s;
	clout_session *se;
	clout_score_query q = CLOUT_SCORE_QUERY_INIT;
	clout_score_results r;
	clout_error err = { 0 };
	int64_t ws, t = 1780000000;
	(void)state;
	snprintf(path, sizeof(path), "test_score_%d.db", (int)getpid());
	assert_int_equal(scratch_session_fresh(path, sizeof(path), &se, &s, &ws), 0);
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
	assert_int_equal(discover(se, &q, &r, &err), CLOUT_EINVAL); /* no topic */
	q.topic = "home cooking";
	assert_int_equal(discover(se, &q, &r, &err), CLOUT_ENOTFOUND); /* no index */
	assert_int_equal(index_build(se, NULL, NULL, NULL, &err), 0);
	assert_int_equal(discover(se, &q, &r, &err), 0);
	assert_int_equal(r.count, 2);
	assert_string_equal(r.items[0].handle, "cook");
	assert_string_equal(r.items[1].handle, "runner");
	assert_true(r.items[0].relevance == 1.0);
	assert_true(r.items[1].relevance < 1.0);
	/* same audience and engagement: reach and resonance are equal */
	assert_true(r.items[0].reach == r.items[1].reach);
	assert_true(r.items[0].engagement_rate > 0.059 && r.items[0].engagement_rate < 0.061);
	assert_false(r.index_stale);
	clout_score_results_release(&r);
	put_account(s, ws, "late", 10);
	assert_int_equal(discover(se, &q, &r, &err), 0);
	assert_true(r.index_stale);
	clout_score_results_release(&r);
	clout_session_free(se);
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
	clout_session *se;
	clout_score_query q = CLOUT_SCORE_QUERY_INIT;
	clout_score_results r;
	clout_score_index_stats st;
	clout_error err = { 0 };
	int64_t ws, t = 1780000000;
	int calls = 0;
	(void)state;
	snprintf(path, sizeof(path), "test_score_batches_%d.db", (int)getpid());
	assert_int_equal(scratch_session_fresh(path, sizeof(path), &se, &s, &ws), 0);
	assert_int_equal(clout_store_begin(s, NULL), 0);
	put_account(s, ws, "cook", 5000);
	put_account(s, ws, "runner", 5000);
	for (int i = 0; i < 70000; i++) {
		snprintf(id, sizeof(id), "p%d", i);
		put_post(s, ws, id, i % 2 ? "cook" : "runner", i % 2 ? "home cooking tonight" : "long run today",
			t - i * 60, 100);
	}
	assert_int_equal(clout_store_commit(s, NULL), 0);
	assert_int_equal(index_build(se, stop_at_first, &calls, &st, &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "interrupted"));
	q.topic = "home cooking";
	assert_int_equal(discover(se, &q, &r, &err), CLOUT_ENOTFOUND);
	assert_int_equal(index_build(se, NULL, NULL, &st, &err), 0);
	assert_int_equal(st.posts, 70000);
	assert_int_equal(st.accounts, 2);
	assert_int_equal(discover(se, &q, &r, &err), 0);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.items[0].handle, "cook");
	clout_score_results_release(&r);
	clout_session_free(se);
	scratch_store_remove(path);
}

/* The index of a store where, for "home cooking": "steady" (every post 300 likes), "viral" (ten
 * posts of 10 likes and one of 60,000), "watched" (300 likes a post, and one post of 50,000 likes
 * seen by 2M), "side" (cooking once in eleven posts), "tiny" (300 followers), and "chef"
 * (French, "cuisine maison"). */
static void build_store(clout_session **se, clout_store **s, int64_t *ws, char *path, size_t cap)
{
	char id[80];
	int64_t t = 1780000000;
	clout_error err = { 0 };
	assert_int_equal(scratch_session_fresh(path, cap, se, s, ws), 0);
	put_account(*s, *ws, "steady", 5000);
	put_account(*s, *ws, "viral", 5000);
	put_account(*s, *ws, "side", 5000);
	put_account(*s, *ws, "tiny", 300);
	put_account_in(*s, *ws, "chef", 5000, "fr", "FR");
	put_account(*s, *ws, "watched", 5000);
	for (int i = 0; i < 11; i++) {
		snprintf(id, sizeof(id), "s%d", i);
		put_post(*s, *ws, id, "steady", "Home cooking tonight: a slow roast and fresh bread", t - i * 86400, 300);
		snprintf(id, sizeof(id), "v%d", i);
		put_post(*s, *ws, id, "viral", "Home cooking tonight: a slow roast and fresh bread", t - i * 86400,
			i == 5 ? 60000 : 10);
		snprintf(id, sizeof(id), "t%d", i);
		put_post(*s, *ws, id, "tiny", "Home cooking tonight: a slow roast and fresh bread", t - i * 86400, 30);
		snprintf(id, sizeof(id), "d%d", i);
		put_post(*s, *ws, id, "side", i == 0 ? "Home cooking tonight, rarely" :
			"Marathon training: a long run in the rain, then stretching, recovery, a protein shake and a nap",
			t - i * 86400, 300);
		snprintf(id, sizeof(id), "w%d", i);
		put_post_seen(*s, *ws, id, "watched", "Home cooking tonight: a slow roast and fresh bread", t - i * 86400,
			i == 5 ? 50000 : 300, i == 5 ? 2000000 : 4000);
		snprintf(id, sizeof(id), "w%d", i);
		put_post_seen(*s, *ws, id, "watched", "Home cooking tonight: a slow roast and fresh bread", t - i * 86400,
			i == 5 ? 50000 : 300, i == 5 ? 2000000 : 4000);
		snprintf(id, sizeof(id), "c%d", i);
		put_post_in(*s, *ws, id, "chef", "La cuisine maison ce soir : un rôti et du pain frais", t - i * 86400, 300, "fr");
	}
	assert_int_equal(index_build(*se, NULL, NULL, NULL, &err), 0);
}

static const clout_score_result *find_result(const clout_score_results *r, const char *handle)
{
	for (size_t i = 0; i < r->count; i++)
		if (!strcmp(r->items[i].handle, handle))
			return &r->items[i];
	return NULL;
}

static void test_score__one_viral_post_does_not_make_resonance(void **state)
{
	char path[SCRATCH_LOCATION_MAX];
	clout_store *s;
	clout_session *se;
	int64_t ws;
	clout_score_query q = CLOUT_SCORE_QUERY_INIT;
	clout_score_results r;
	clout_error err = { 0 };
	const clout_score_result *steady, *viral;
	(void)state;
	snprintf(path, sizeof(path), "test_score_viral_%d.db", (int)getpid());
	build_store(&se, &s, &ws, path, sizeof(path));
	q.topic = "home cooking";
	q.lang = "en";
	assert_int_equal(discover(se, &q, &r, &err), 0);
	steady = find_result(&r, "steady");
	viral = find_result(&r, "viral");
	assert_non_null(steady);
	assert_non_null(viral);
	/* the median post: 10 likes of 5,000 followers, though the mean post is over 100% */
	assert_true(viral->engagement_rate > 0.0019 && viral->engagement_rate < 0.0021);
	assert_true(viral->engagement_mean > 1.0);
	assert_true(viral->flags & CLOUT_FLAG_VIRAL_OUTLIER);
	assert_false(steady->flags & CLOUT_FLAG_VIRAL_OUTLIER);
	assert_true(steady->resonance > viral->resonance);
	assert_true(steady->score > viral->score);
	/* a post seen by two million (views known) is rated on the audience that saw it: 2.5%, not 1,000% */
	{
		const clout_score_result *watched = find_result(&r, "watched");
		assert_non_null(watched);
		assert_true(watched->engagement_max < 0.07);
		assert_false(watched->flags & CLOUT_FLAG_VIRAL_OUTLIER);
	}
	clout_score_results_release(&r);
	clout_session_free(se);
	scratch_store_remove(path);
}

static void test_score__floors_and_weights(void **state)
{
	char path[SCRATCH_LOCATION_MAX];
	clout_store *s;
	clout_session *se;
	int64_t ws;
	clout_score_query q = CLOUT_SCORE_QUERY_INIT;
	clout_score_results r;
	clout_error err = { 0 };
	(void)state;
	snprintf(path, sizeof(path), "test_score_floors_%d.db", (int)getpid());
	build_store(&se, &s, &ws, path, sizeof(path));
	q.topic = "home cooking";
	q.lang = "en";
	q.no_expansion = true;
	/* by default "tiny" is under the audience floor */
	assert_int_equal(discover(se, &q, &r, &err), 0);
	assert_null(find_result(&r, "tiny"));
	assert_non_null(find_result(&r, "side"));
	assert_int_equal(r.min_followers, 1000);
	assert_true(r.min_relevance == CLOUT_SCORE_DEFAULT_MIN_RELEVANCE);
	assert_int_equal(r.matched, 4);
	clout_score_results_release(&r);
	/* "side" (cooking once in eleven posts) is under a floor of 0.5: not a match, counted below it */
	q.min_relevance = 0.5;
	assert_int_equal(discover(se, &q, &r, &err), 0);
	assert_null(find_result(&r, "side"));
	assert_int_equal(r.matched, 3);
	assert_int_equal(r.count, 3);
	assert_int_equal(r.below_floor, 1);
	clout_score_results_release(&r);
	/* both floors lifted */
	q.min_followers = 0;
	q.min_relevance = 0;
	assert_int_equal(discover(se, &q, &r, &err), 0);
	assert_non_null(find_result(&r, "tiny"));
	assert_non_null(find_result(&r, "side"));
	assert_int_equal(r.matched, 5);
	clout_score_results_release(&r);
	/* custom weights are normalised to sum to 1, and the score is made with them */
	q.w_relevance = 0.2;
	q.w_reach = 0.7;
	q.w_resonance = 0.1;
	q.limit = 1;
	assert_int_equal(discover(se, &q, &r, &err), 0);
	assert_true(fabs(r.w_relevance + r.w_reach + r.w_resonance - 1) < 1e-9);
	assert_true(fabs(r.w_relevance - 0.2) < 1e-9 && fabs(r.w_reach - 0.7) < 1e-9);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.matched, 5); /* every match counted, one shown */
	q.w_relevance = 2;
	q.w_reach = 7;
	q.w_resonance = 1;
	{
		clout_score_results r2;
		assert_int_equal(discover(se, &q, &r2, &err), 0);
		assert_true(fabs(r2.items[0].score - r.items[0].score) < 1e-9);
		assert_true(r2.items[0].score <= 1.0);
		clout_score_results_release(&r2);
	}
	clout_score_results_release(&r);
	clout_session_free(se);
	scratch_store_remove(path);
}

static void test_score__languages(void **state)
{
	char path[SCRATCH_LOCATION_MAX];
	clout_store *s;
	clout_session *se;
	int64_t ws;
	clout_score_query q = CLOUT_SCORE_QUERY_INIT;
	clout_score_results r;
	clout_error err = { 0 };
	static const char *const bad[] = { "de", "EN", "", "en,", "en,de" };
	(void)state;
	snprintf(path, sizeof(path), "test_score_langs_%d.db", (int)getpid());
	build_store(&se, &s, &ws, path, sizeof(path));
	q.topic = "home cooking";
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		q.lang = bad[i];
		assert_int_equal(discover(se, &q, &r, &err), CLOUT_EINVAL);
		if (!strstr(err.message, "en, fr"))
			fail_msg("--lang '%s': %s", bad[i], err.message);
	}
	/* no --lang: the topic's language decides, and the French account is not searched */
	q.lang = NULL;
	assert_int_equal(discover(se, &q, &r, &err), 0);
	assert_string_equal(r.langs, "en");
	assert_null(find_result(&r, "chef"));
	assert_non_null(find_result(&r, "steady"));
	clout_score_results_release(&r);
	q.topic = "la cuisine maison";
	assert_int_equal(discover(se, &q, &r, &err), 0);
	assert_string_equal(r.langs, "fr");
	assert_int_equal(r.count, 1);
	assert_string_equal(r.items[0].handle, "chef");
	clout_score_results_release(&r);
	/* a mix asked for */
	q.topic = "home cooking cuisine maison";
	q.lang = "en,fr";
	q.min_relevance = 0.1; /* the French words are rarer here: they weigh more */
	assert_int_equal(discover(se, &q, &r, &err), 0);
	assert_non_null(find_result(&r, "chef"));
	assert_non_null(find_result(&r, "steady"));
	/* terms are shown as written: "cooking", not the stem "cook" */
	assert_non_null(strstr(r.terms, "cooking"));
	assert_non_null(strstr(r.stems, "cook"));
	clout_score_results_release(&r);
	/* filters naming nothing in the workspace are errors, not empty lists */
	q.lang = NULL;
	q.platform = "myspace";
	assert_int_equal(discover(se, &q, &r, &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "platform"));
	assert_non_null(strstr(err.message, "instagram"));
	q.platform = NULL;
	q.country = "ZZ";
	assert_int_equal(discover(se, &q, &r, &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "FR"));
	q.country = "France";
	assert_int_equal(discover(se, &q, &r, &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "alpha-2"));
	q.country = "fr";
	q.lang = "fr";
	q.min_relevance = CLOUT_SCORE_DEFAULT_MIN_RELEVANCE;
	q.topic = "cuisine";
	assert_int_equal(discover(se, &q, &r, &err), 0);
	assert_int_equal(r.count, 1);
	clout_score_results_release(&r);
	clout_session_free(se);
	scratch_store_remove(path);
}

static unsigned flags_of(clout_session *session, const char *topic, const char *id)
{
	clout_score_query q = CLOUT_SCORE_QUERY_INIT;
	clout_score_results r;
	unsigned flags = 0xffffffffu;
	q.topic = topic;
	q.no_expansion = true;
	assert_int_equal(clout_score_index_run(session, NULL, NULL, NULL), 0);
	assert_int_equal(clout_score_discover_run(session, &q, &r), 0);
	for (size_t i = 0; i < r.count; i++)
		if (!strcmp(r.items[i].ext_id, id))
			flags = r.items[i].flags;
	clout_score_results_release(&r);
	assert_true(flags != 0xffffffffu);
	return flags;
}

static void test_score__user_lexicon_changes_the_brand_safety_flag(void **state)
{
	char path[64], lexicon[80], id[80];
	clout_store *s;
	clout_session *session;
	clout_session_options o = CLOUT_SESSION_OPTIONS_INIT;
	clout_session_lexicon lex = { "en", lexicon };
	int64_t ws, t = 1780000000;
	FILE *f;
	(void)state;
	snprintf(path, sizeof(path), "test_score_lex_%d.db", (int)getpid());
	snprintf(lexicon, sizeof(lexicon), "test_score_lex_%d.tsv", (int)getpid());
	scratch_store_remove(path);
	assert_int_equal(clout_store_open(&s, path, NULL), 0);
	assert_int_equal(clout_store_workspace(s, &ws, NULL, true, NULL), 0);
	/* "grimbly" means nothing to the built-in lexicon; "wicked" is negative there */
	put_account(s, ws, "slang", 5000);
	put_account(s, ws, "rocker", 5000);
	for (int i = 0; i < 6; i++) {
		snprintf(id, sizeof(id), "s%d", i);
		put_post(s, ws, id, "slang", "this pizza place is so grimbly tonight", t - i * 86400, 300);
		snprintf(id, sizeof(id), "w%d", i);
		put_post(s, ws, id, "rocker", "a wicked horrible pizza, truly wicked and nasty", t - i * 86400, 300);
	}
	clout_store_free(s);
	f = fopen(lexicon, "w");
	assert_non_null(f);
	fputs("# a brand's slang: grimbly is bad, wicked is praise\ngrimbly\t-3.5\nwicked\t3.5\nhorrible\t2\nnasty\t2\n", f);
	fclose(f);

	o.location = path;
	assert_int_equal(clout_session_open(&session, &o, NULL), 0);
	assert_false(flags_of(session, "pizza", "slang") & CLOUT_FLAG_NEGATIVE_CONTENT);
	assert_true(flags_of(session, "pizza", "rocker") & CLOUT_FLAG_NEGATIVE_CONTENT);
	clout_session_free(session);

	o.lexicons = &lex;
	o.nlexicons = 1;
	assert_int_equal(clout_session_open(&session, &o, NULL), 0);
	assert_true(flags_of(session, "pizza", "slang") & CLOUT_FLAG_NEGATIVE_CONTENT);
	assert_false(flags_of(session, "pizza", "rocker") & CLOUT_FLAG_NEGATIVE_CONTENT);
	clout_session_free(session);
	unlink(lexicon);
	scratch_store_remove(path);
}

/* The index's term rows and meta as text: term, df and the postings' bytes in hex. */
static char *dump_terms(clout_store *s, int64_t ws)
{
	static const char sql[] = "SELECT term, df, postings FROM discover_term WHERE workspace_id = ?1 ORDER BY term";
	clout_buf out = CLOUT_BUF_INIT;
	clout_error err = { 0 };
	clout_sql_stmt *st = NULL;
	int rc;
	assert_int_equal(clout_sql_stmt_get(s->db, &st, sql, &err), 0);
	assert_int_equal(clout_sql_bind_int64(s->db, st, 1, ws), 0);
	while ((rc = clout_sql_step(s->db, st, "dump", &err)) == CLOUT_SQL_ROW) {
		size_t len = 0;
		const unsigned char *p = clout_sql_column_blob(s->db, st, 2, &len);
		clout_buf_printf(&out, "%s %lld ", clout_sql_column_text(s->db, st, 0, NULL),
			(long long)clout_sql_column_int64(s->db, st, 1));
		for (size_t i = 0; i < len; i++)
			clout_buf_printf(&out, "%02x", p[i]);
		clout_buf_putc(&out, '\n');
	}
	assert_int_equal(rc, CLOUT_SQL_DONE);
	clout_sql_reset(s->db, st);
	return clout_buf_detach(&out, NULL);
}

/* Postings spilled to runs on disk and merged give the index that memory alone gives. */
static void test_score__index_by_runs_is_the_same(void **state)
{
	static const char *const words[] = { "cooking", "stew", "marathon", "run", "garden", "tomato", "coffee",
		"espresso", "bike", "climb", "vegan", "bread" };
	char path[SCRATCH_LOCATION_MAX], id[100], author[32], text[200];
	clout_store *s;
	clout_error err = { 0 };
	clout_score_index_stats one, many;
	int64_t ws, t = 1780000000;
	size_t runs = 0;
	(void)state;
	snprintf(path, sizeof(path), "test_score_runs_%d.db", (int)getpid());
	assert_int_equal(scratch_store_open(path, sizeof(path), &s, &ws), 0);
	assert_int_equal(clout_store_begin(s, &err), 0);
	for (int a = 0; a < 60; a++) {
		snprintf(author, sizeof(author), "acct%02d", a);
		put_account(s, ws, author, 1000 + a * 37);
		for (int k = 0; k < 5; k++) {
			snprintf(id, sizeof(id), "%s_%d", author, k);
			snprintf(text, sizeof(text), "%s %s and %s, day %d", words[(a + k) % 12], words[(a * 7 + k) % 12],
				words[(a * 5 + 3 * k) % 12], a % 9);
			put_post(s, ws, id, author, text, t - (a * 5 + k) * 3600, 10 + a + k);
		}
	}
	assert_int_equal(clout_store_commit(s, &err), 0);
	assert_int_equal(clout__score_index_build_runs(s, ws, NULL, NULL, NULL, 0x100000, &runs, &one, &err), 0);
	assert_int_equal(runs, 0);
	char *in_memory = dump_terms(s, ws);
	assert_true(strlen(in_memory) > 100);
	/* a budget of 7 postings: a run every account or two */
	assert_int_equal(clout__score_index_build_runs(s, ws, NULL, NULL, NULL, 7, &runs, &many, &err), 0);
	assert_true(runs > 20);
	char *by_runs = dump_terms(s, ws);
	assert_string_equal(in_memory, by_runs);
	assert_int_equal(one.postings, many.postings);
	assert_int_equal(one.terms, many.terms);
	free(in_memory);
	free(by_runs);
	clout_store_free(s);
	scratch_store_remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score__engagement_norm_follows_the_seeds),
		cmocka_unit_test(test_score__ranks_the_topical_account_first),
		cmocka_unit_test(test_score__index_over_many_batches_and_interrupted),
		cmocka_unit_test(test_score__index_by_runs_is_the_same),
		cmocka_unit_test(test_score__one_viral_post_does_not_make_resonance),
		cmocka_unit_test(test_score__floors_and_weights),
		cmocka_unit_test(test_score__languages),
		cmocka_unit_test(test_score__user_lexicon_changes_the_brand_safety_flag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
