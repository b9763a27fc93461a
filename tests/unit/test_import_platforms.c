/*
 * test_import_platforms.c: the platform formats (twitter-v2, instagram-graph, youtube-data,
 * tiktok-research) on the real recorded payloads in tests/fixtures/platforms and on the small
 * made-up ones in tests/fixtures/import: what each file yields, a few exact field values read back
 * through the store API, idempotence, and bad input.
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

#include "clout/import.h"
#include "clout/store.h"
#include "store_fixture.h"
#include "import_fixture.h"
#include "util/banned.h"

typedef struct fixture {
	char dir[256];
	char db[SCRATCH_LOCATION_MAX];
	clout_session *session;
	clout_store *store; /* the session's */
	int64_t ws;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/clout-test-import-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	if (scratch_session_fresh(f->db, sizeof(f->db), &f->session, &f->store, &f->ws) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char path[400];
	clout_session_free(f->session);
	scratch_store_remove(f->db);
	snprintf(path, sizeof(path), "%s/rejects", f->dir);
	unlink(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static const char *recorded(const char *rel)
{
	static char path[1024];
	const char *root = getenv("CLOUT_SOURCE");
	snprintf(path, sizeof(path), "%s/tests/fixtures/platforms/%s", root ? root : ".", rel);
	return path;
}

static const char *local(const char *rel)
{
	static char path[1024];
	const char *root = getenv("CLOUT_SOURCE");
	snprintf(path, sizeof(path), "%s/tests/fixtures/import/%s", root ? root : ".", rel);
	return path;
}

/* Imports one file; returns the result code, with stats and the error message. */
static int import(fixture *f, const char *path, const char *format, bool skip_bad, clout_import_stats *stats,
	clout_error *err)
{
	clout_import_options opts = CLOUT_IMPORT_OPTIONS_INIT;
	char rejects[400];
	snprintf(rejects, sizeof(rejects), "%s/rejects", f->dir);
	opts.format = format;
	opts.skip_bad = skip_bad;
	opts.reject_path = rejects;
	memset(err, 0, sizeof(*err));
	return fixture_import_paths(f->session, &path, 1, &opts, stats, err);
}

static void expect_stats(fixture *f, const char *path, const char *format, const char *detected, uint64_t records,
	uint64_t accounts, uint64_t posts, uint64_t edges)
{
	clout_import_stats st;
	clout_error err;
	int rc = import(f, path, format, false, &st, &err);
	if (rc != 0)
		fail_msg("%s: %s", path, err.message);
	assert_string_equal(st.files[0].format, detected);
	assert_int_equal(st.records, records);
	assert_int_equal(st.accounts, accounts);
	assert_int_equal(st.posts, posts);
	assert_int_equal(st.edges, edges);
	assert_int_equal(st.rejected, 0);
	clout_import_stats_release(&st);
}

/* Imports a payload that names no author: refused without --author (store unchanged), filed under
 * the given account with it. */
static void expect_authorless(fixture *f, const char *path, const char *author, uint64_t posts, const char *needle)
{
	clout_import_options opts = CLOUT_IMPORT_OPTIONS_INIT;
	clout_import_stats st;
	clout_error err = { 0 };
	clout_store_counts before, after;
	assert_int_equal(clout_store_counts_get(f->store, f->ws, &before, NULL), 0);
	assert_int_equal(fixture_import_paths(f->session, &path, 1, &opts, &st, &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, needle));
	assert_non_null(strstr(err.message, "--author"));
	assert_int_equal(clout_store_counts_get(f->store, f->ws, &after, NULL), 0);
	assert_int_equal(after.posts, before.posts);
	opts.author = author;
	if (fixture_import_paths(f->session, &path, 1, &opts, &st, &err) != 0)
		fail_msg("%s: %s", path, err.message);
	assert_int_equal(st.posts, posts);
	clout_import_stats_release(&st);
}

static clout_store_counts counts(fixture *f)
{
	clout_store_counts c;
	clout_error err = { 0 };
	assert_int_equal(clout_store_counts_get(f->store, f->ws, &c, &err), 0);
	return c;
}

static clout_account_row account(fixture *f, const char *platform, const char *key)
{
	clout_account_row row;
	clout_error err = { 0 };
	int64_t id;
	if (clout_store_find_account(f->store, f->ws, platform, key, &id, &err) != 0)
		fail_msg("account %s:%s not found: %s", platform, key, err.message);
	assert_int_equal(clout_store_get_account(f->store, f->ws, id, &row, &err), 0);
	return row;
}

/* The post of an account created at a given time, copied out of the callback. */
typedef struct found_post {
	int64_t created_at;
	bool found;
	clout_post_row row;
	char text[512], lang[8];
} found_post;

static int find_post_cb(void *ctx, const clout_post_row *row)
{
	found_post *fp = ctx;
	if (row->created_at != fp->created_at)
		return 0;
	fp->found = true;
	fp->row = *row;
	snprintf(fp->text, sizeof(fp->text), "%.*s", (int)row->text_len, row->text ? row->text : "");
	snprintf(fp->lang, sizeof(fp->lang), "%s", row->lang ? row->lang : "");
	fp->row.text = NULL;
	fp->row.lang = NULL;
	return 1;
}

static found_post post_at(fixture *f, int64_t account, int64_t created_at)
{
	found_post fp = { .created_at = created_at };
	clout_error err = { 0 };
	clout_store_foreach_post(f->store, f->ws, account, 0, find_post_cb, &fp, &err);
	if (!fp.found)
		fail_msg("no post of account %lld at %lld", (long long)account, (long long)created_at);
	return fp;
}

/* ---- twitter ----------------------------------------------------------------------------------- */

static void test_import_twitter__two_tweets(void **state)
{
	fixture *f = *state;
	clout_account_row a;
	found_post p;
	expect_stats(f, recorded("twitter/two_tweets.jsonl"), NULL, "twitter-v2", 1, 2, 2, 2);
	assert_int_equal(counts(f).accounts, 2);
	assert_int_equal(counts(f).posts, 2);
	assert_int_equal(counts(f).edges, 2); /* a mention and a retweet of bibaigna96 */
	a = account(f, "twitter", "1379899464345923590");
	assert_string_equal(a.handle, "LachiVeronica");
	assert_int_equal(a.following, 4);
	assert_int_equal(a.post_count, 2);
	/* 2021-05-18T19:24:56Z */
	p = post_at(f, a.id, 1621365896);
	assert_int_equal(p.row.kind, CLOUT_POST_REPOST);
	assert_string_equal(p.lang, ""); /* "und" is no language */
	assert_int_equal(p.row.shares, 1);
	assert_int_equal(p.row.likes, 0);
	assert_int_equal(p.row.parent_author_id, account(f, "twitter", "1380086327023169540").id);
}

static void test_import_twitter__flat(void **state)
{
	fixture *f = *state;
	clout_account_row a;
	found_post p;
	expect_stats(f, recorded("twitter/flat.jsonl"), NULL, "twitter-v2", 100, 178, 186, 252);
	/* the same users and tweets recur across lines: the store holds each once */
	assert_int_equal(counts(f).accounts, 178);
	assert_int_equal(counts(f).posts, 164);
	assert_int_equal(counts(f).edges, 247);
	a = account(f, "twitter", "@williamserafino");
	assert_string_equal(a.ext_id, "2718660392");
	assert_string_equal(a.name, "William Serafino");
	assert_int_equal(a.followers, 28341);
	assert_int_equal(a.following, 600);
	assert_int_equal(a.post_count, 7397);
	assert_int_equal(a.verified, 0);
	/* the retweeted tweet, merged into line 1: 2021-04-08T15:07:30Z */
	p = post_at(f, a.id, 1617894450);
	assert_int_equal(p.row.likes, 241);
	assert_int_equal(p.row.shares, 410);
	assert_int_equal(p.row.comments, 13);
	assert_int_equal(p.row.quotes, 16);
	assert_string_equal(p.lang, "es");
	assert_true(strncmp(p.text, "De manera simult", 16) == 0);
}

static void test_import_twitter__page_of_users(void **state)
{
	fixture *f = *state;
	clout_account_row a;
	expect_stats(f, recorded("twitter/users.jsonl"), NULL, "twitter-v2", 1, 91, 52, 27);
	a = account(f, "twitter", "119369819");
	assert_string_equal(a.handle, "DoDirty78");
	assert_int_equal(a.followers, 580);
	assert_int_equal(a.following, 518);
	assert_int_equal(a.post_count, 55186);
	assert_int_equal(a.created_at, 1267620564); /* 2010-03-03T12:49:24Z */
}

static void test_import_twitter__other_pages(void **state)
{
	fixture *f = *state;
	expect_stats(f, recorded("twitter/cashtags.jsonl"), NULL, "twitter-v2", 1, 1, 2, 0);
	expect_stats(f, recorded("twitter/mentions_tweet.jsonl"), "twitter-v2", "twitter-v2", 1, 2, 3, 12);
	/* ids above 2^53 survive exactly */
	assert_string_equal(account(f, "twitter", "@S3NT1N3L17").ext_id, "1221317221714157569");
	assert_int_equal(counts(f).edges, 10);
}

static void test_import_twitter__truncated_stream_line(void **state)
{
	fixture *f = *state;
	clout_import_stats st;
	clout_error err;
	const char *path = recorded("twitter/streaming_output_with_error.jsonl");
	assert_int_equal(import(f, path, NULL, false, &st, &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, "streaming_output_with_error.jsonl:8: invalid json"));
	assert_int_equal(counts(f).posts, 0);
	assert_int_equal(counts(f).accounts, 0);
	assert_int_equal(import(f, path, NULL, true, &st, &err), 0);
	assert_int_equal(st.records, 7);
	assert_int_equal(st.posts, 11);
	assert_int_equal(st.accounts, 11);
	assert_int_equal(st.edges, 7);
	assert_int_equal(st.rejected, 1);
	assert_non_null(st.reject_path);
	clout_import_stats_release(&st);
	/* __twarc.retrieved_at is the time the counts were seen: a follower snapshot */
	assert_int_equal(counts(f).snapshots, 11);
}

static void test_import_twitter__fields_and_edges(void **state)
{
	fixture *f = *state;
	clout_account_row a;
	found_post p;
	expect_stats(f, local("twitter_good.jsonl"), NULL, "twitter-v2", 1, 1, 1, 1);
	a = account(f, "twitter", "9007199254740993");
	assert_string_equal(a.handle, "alice");
	assert_int_equal(a.followers, 1000);
	p = post_at(f, a.id, 1646128800);
	assert_int_equal(p.row.kind, CLOUT_POST_ORIGINAL);
	assert_int_equal(p.row.likes, 5);
	assert_int_equal(p.row.comments, 1);
	assert_int_equal(p.row.shares, 2);
	assert_int_equal(p.row.quotes, 0);
	assert_int_equal(p.row.views, 100);
	assert_string_equal(p.text, "hello @bob #acme");
	/* a stub: the mention gives it its handle and nothing else */
	a = account(f, "twitter", "42");
	assert_string_equal(a.handle, "bob");
	assert_int_equal(a.followers, CLOUT_UNKNOWN);
	assert_null(a.name);
}

static void test_import_twitter__error_line_counts_nothing(void **state)
{
	fixture *f = *state;
	expect_stats(f, local("twitter_error_line.jsonl"), NULL, "twitter-v2", 1, 1, 1, 1);
}

static void test_import_twitter__idempotent(void **state)
{
	fixture *f = *state;
	clout_store_counts once, twice;
	expect_stats(f, recorded("twitter/flat.jsonl"), NULL, "twitter-v2", 100, 178, 186, 252);
	expect_stats(f, recorded("twitter/users.jsonl"), NULL, "twitter-v2", 1, 91, 52, 27);
	once = counts(f);
	expect_stats(f, recorded("twitter/flat.jsonl"), NULL, "twitter-v2", 100, 178, 186, 252);
	expect_stats(f, recorded("twitter/users.jsonl"), NULL, "twitter-v2", 1, 91, 52, 27);
	twice = counts(f);
	assert_int_equal(once.accounts, twice.accounts);
	assert_int_equal(once.posts, twice.posts);
	assert_int_equal(once.edges, twice.edges);
	assert_int_equal(once.snapshots, twice.snapshots);
}

/* ---- bad input --------------------------------------------------------------------------------- */

static void expect_bad(fixture *f, const char *bad, const char *format, const char *where, const char *what)
{
	char path[1024];
	clout_import_stats st;
	clout_error err;
	clout_store_counts before, after;
	snprintf(path, sizeof(path), "%s", bad);
	expect_stats(f, local("twitter_good.jsonl"), NULL, "twitter-v2", 1, 1, 1, 1);
	before = counts(f);
	assert_int_equal(import(f, path, format, false, &st, &err), CLOUT_EBADDATA);
	if (!strstr(err.message, where) || !strstr(err.message, what))
		fail_msg("'%s' lacks '%s' or '%s'", err.message, where, what);
	after = counts(f);
	assert_int_equal(before.accounts, after.accounts);
	assert_int_equal(before.posts, after.posts);
	assert_int_equal(before.edges, after.edges);
}

static void test_import_platforms__rejects_wrong_type(void **state)
{
	expect_bad(*state, local("twitter_bad_type.jsonl"), NULL, "twitter_bad_type.jsonl:2:",
		"data[0].public_metrics.like_count: \"many\" is not a count");
	expect_bad(*state, local("instagram_bad_like.json"), NULL, "instagram_bad_like.json:1:",
		"media.data[1].like_count: expected a count, got boolean");
	expect_bad(*state, local("youtube_bad_count.json"), NULL, "youtube_bad_count.json:1:",
		"items[0].statistics.viewCount: \"12x\" is not a count");
	expect_bad(*state, local("tiktok_bad_count.json"), "tiktok-research", "tiktok_bad_count.json:1:",
		"data.videos[0].view_count");
}

static void test_import_platforms__rejects_negative_count(void **state)
{
	expect_bad(*state, local("twitter_negative.jsonl"), "twitter-v2", "twitter_negative.jsonl:2:",
		"data[0].public_metrics.like_count: negative count -3");
}

static void test_import_platforms__rejects_truncated_line(void **state)
{
	expect_bad(*state, local("twitter_truncated.jsonl"), NULL, "twitter_truncated.jsonl:2:", "invalid json");
}

static void test_import_platforms__rejects_invalid_utf8(void **state)
{
	expect_bad(*state, local("twitter_bad_utf8.jsonl"), NULL, "twitter_bad_utf8.jsonl:2:", "UTF-8");
}

static void test_import_platforms__skip_bad_keeps_good_records(void **state)
{
	fixture *f = *state;
	clout_import_stats st;
	clout_error err;
	char line[1024] = "";
	FILE *rejects;
	assert_int_equal(import(f, local("twitter_bad_type.jsonl"), NULL, true, &st, &err), 0);
	assert_int_equal(st.records, 1);
	assert_int_equal(st.rejected, 1);
	assert_non_null(st.reject_path);
	rejects = fopen(st.reject_path, "r");
	assert_non_null(rejects);
	assert_non_null(fgets(line, sizeof(line), rejects));
	fclose(rejects);
	assert_non_null(strstr(line, "twitter_bad_type.jsonl:2: data[0].public_metrics.like_count"));
	clout_import_stats_release(&st);
	assert_int_equal(counts(f).posts, 1);
}

static void test_import_platforms__unknown_format(void **state)
{
	fixture *f = *state;
	clout_import_stats st;
	clout_error err;
	assert_int_equal(import(f, local("twitter_good.jsonl"), "myspace", false, &st, &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "unknown format 'myspace'"));
}

/* ---- instagram, youtube, tiktok -------------------------------------------------------------------- */

static void test_import_instagram__fixtures(void **state)
{
	fixture *f = *state;
	clout_account_row a;
	found_post p;
	expect_stats(f, recorded("instagram/users_user_fields.json"), NULL, "instagram-graph", 1, 1, 0, 0);
	a = account(f, "instagram", "@facebookfordevelopers");
	assert_string_equal(a.ext_id, "17841407673135339");
	assert_string_equal(a.name, "Facebook for Developers");
	assert_int_equal(a.followers, 64363);
	assert_int_equal(a.post_count, 427);
	/* media and insights that name no owner need --author, and are then filed under it */
	expect_authorless(f, recorded("instagram/medias_medias_fields.json"), "17841407673135339", 2, "names no owner");
	p = post_at(f, a.id, 1623232049); /* 2021-06-09T09:47:29+0000 */
	assert_string_equal(p.text, "Peach new");
	assert_int_equal(p.row.likes, 1);
	assert_int_equal(p.row.account_id, a.id);
	expect_authorless(f, recorded("instagram/hashtags_hashtag_recent_medias_p1.json"), "17841407673135339", 5, "names no owner");
	expect_authorless(f, recorded("instagram/medias_insights_new.json"), "17841407673135339", 1, "name no owner");
}

static void test_import_instagram__business_discovery(void **state)
{
	fixture *f = *state;
	clout_account_row a;
	found_post p;
	expect_stats(f, local("instagram_business_discovery.json"), NULL, "instagram-graph", 1, 1, 2, 0);
	a = account(f, "instagram", "17841405309211844");
	assert_string_equal(a.handle, "bluebottle");
	assert_int_equal(a.followers, 267793);
	assert_int_equal(a.following, 300);
	assert_int_equal(a.post_count, 1205);
	p = post_at(f, a.id, 1685631600); /* 2023-06-01T15:00:00+0000 */
	assert_int_equal(p.row.likes, 1906);
	assert_int_equal(p.row.comments, 17);
	assert_string_equal(p.text, "Cold brew season #ad");
	p = post_at(f, a.id, 1685449800);
	assert_int_equal(p.row.views, 12000);
}

static void test_import_youtube__fixtures(void **state)
{
	fixture *f = *state;
	clout_account_row a;
	found_post p;
	expect_stats(f, recorded("youtube/channel_api_response.json"), NULL, "youtube-data", 1, 1, 0, 0);
	expect_stats(f, recorded("youtube/video_api_response.json"), NULL, "youtube-data", 1, 1, 1, 0);
	a = account(f, "youtube", "UC_x5XG1OV2P6uZZ5FSM9Ttw");
	assert_string_equal(a.handle, "googledevelopers");
	assert_string_equal(a.name, "Google Developers");
	assert_string_equal(a.country, "US");
	assert_int_equal(a.followers, 1927873);
	assert_int_equal(a.post_count, 5026);
	assert_int_equal(a.views, 160361638);
	assert_int_equal(a.created_at, 1187829283); /* 2007-08-23T00:34:43Z */
	p = post_at(f, a.id, 1553200669); /* 2019-03-21T20:37:49Z */
	assert_int_equal(p.row.views, 7920);
	assert_int_equal(p.row.likes, 190);
	assert_int_equal(p.row.comments, 32);
	assert_string_equal(p.lang, "en");
	assert_true(strncmp(p.text, "What are Actions on Google (Assistant on Air)\n\nIn the first episode", 66) == 0);
}

static void test_import_tiktok__fixtures(void **state)
{
	fixture *f = *state;
	clout_account_row a;
	found_post p;
	/* the recorded response has no username: its videos need --author */
	expect_authorless(f, recorded("tiktok/query_videos_no_username.json"), "some.creator", 2, "names no username");
	p = post_at(f, account(f, "tiktok", "some.creator").id, 1685577600);
	assert_int_equal(p.row.views, 2480);
	assert_int_equal(p.row.comments, 7);
	expect_stats(f, local("tiktok_videos.json"), NULL, "tiktok-research", 1, 1, 2, 0);
	expect_stats(f, local("tiktok_user.json"), NULL, "tiktok-research", 1, 1, 0, 0);
	a = account(f, "tiktok", "chef.marie");
	assert_string_equal(a.name, "Marie Cuisine");
	assert_string_equal(a.country, "FR");
	assert_int_equal(a.followers, 250000);
	assert_int_equal(a.post_count, 412);
	assert_int_equal(a.verified, 1);
	p = post_at(f, a.id, 1676000000);
	assert_int_equal(p.row.views, 120000);
	assert_int_equal(p.row.likes, 9000);
	assert_int_equal(p.row.comments, 150);
	assert_int_equal(p.row.shares, 320);
	assert_string_equal(p.text, "3 knife tricks #cooking #ad\n\ntoday we sharpen");
	/* the recording holds one video twice; the local file names chef.marie as its author: refiled */
	assert_int_equal(counts(f).posts, 3);
}

/* ---- comment threads, owner from paging, mentions, refusals by name, counts --------------------- */

static void test_import_youtube__comment_threads(void **state)
{
	fixture *f = *state;
	clout_account_row sarah, lab, tom;
	found_post p;
	/* two threads: 2 top-level comments + 2 replies, by 4 channels; one reply edge per comment */
	expect_stats(f, local("youtube_comment_threads.json"), NULL, "youtube-data", 1, 4, 4, 4);
	sarah = account(f, "youtube", "@sarahbakes");
	assert_string_equal(sarah.ext_id, "UCsarahBakes111111111111");
	lab = account(f, "youtube", "UCkitchenLab0000000000000");
	assert_string_equal(lab.handle, "kitchenlab");
	tom = account(f, "youtube", "UCtomBecker2222222222222");
	assert_string_equal(tom.name, "Tom Becker");
	p = post_at(f, sarah.id, 1709403611); /* 2024-03-02T18:20:11Z */
	assert_int_equal(p.row.kind, CLOUT_POST_REPLY);
	assert_int_equal(p.row.likes, 42);
	assert_int_equal(p.row.comments, 2);
	assert_int_equal(p.row.parent_author_id, lab.id); /* the video's channel */
	assert_string_equal(p.text, "Made this tonight, the garlic butter trick is *amazing*!");
	p = post_at(f, tom.id, 1709449920); /* 2024-03-03T07:12:00Z: a reply under sarah's comment */
	assert_int_equal(p.row.parent_author_id, sarah.id);
	assert_int_equal(p.row.conversation_owner_id, 0); /* the video is not in the store */
	/* comments.list: a reply by the channel; its parent is the top-level comment */
	expect_stats(f, local("youtube_comments.json"), NULL, "youtube-data", 1, 1, 1, 0);
	assert_int_equal(counts(f).posts, 5);
}

static void test_import_youtube__other_kinds_refused_by_name(void **state)
{
	expect_bad(*state, local("youtube_playlist_items.json"), NULL, "youtube_playlist_items.json:1:",
		"youtube#playlistItemListResponse is not supported yet");
	expect_bad(*state, local("tiktok_comments.json"), NULL, "tiktok_comments.json:1:",
		"data.comments is not supported yet");
}

static void test_import_instagram__owner_from_paging(void **state)
{
	fixture *f = *state;
	clout_account_row a;
	found_post p;
	/* a /{ig-user-id}/media page: the owner is the id in paging.next */
	expect_stats(f, local("instagram_user_media_page.json"), NULL, "instagram-graph", 1, 0, 2, 0);
	a = account(f, "instagram", "17841400000000001");
	p = post_at(f, a.id, 1709457300); /* 2024-03-03T09:15:00+0000 */
	assert_int_equal(p.row.likes, 340);
	/* the real recorded page names its owner the same way */
	expect_authorless(f, recorded("instagram/medias_medias_fields.json"), "17841407673135339", 2, "fields=owner");
	/* pages that name no owner say why */
	expect_authorless(f, local("instagram_tags_page.json"), "17841400000000009", 1, "/17841400000000001/tags page");
	expect_authorless(f, local("instagram_media_no_paging.json"), "17841400000000009", 1, "no paging.next");
	expect_authorless(f, recorded("instagram/hashtags_hashtag_recent_medias_p1.json"), "17841407673135339", 5,
		"the account that searched, not the owner");
}

static void test_import_instagram__mentioned_media(void **state)
{
	fixture *f = *state;
	clout_account_row ana;
	found_post p;
	expect_stats(f, local("instagram_mentioned_media_owner.json"), NULL, "instagram-graph", 1, 1, 1, 1);
	ana = account(f, "instagram", "@ana.bakes");
	assert_string_equal(ana.ext_id, "17841400000000777");
	p = post_at(f, ana.id, 1709978400); /* 2024-03-09T10:00:00+0000 */
	assert_int_equal(p.row.likes, 120);
	/* without owner: the response's id is the account mentioned, not the author */
	expect_authorless(f, local("instagram_mentioned_media.json"), "17841400000000009", 1, "is the account it mentions");
	expect_bad(*state, local("instagram_comments.json"), NULL, "instagram_comments.json:1:",
		"an instagram comments page is not supported yet");
}

static void test_import_platforms__guessed_format_named(void **state)
{
	fixture *f = *state;
	char path[400];
	FILE *fp;
	clout_import_stats st;
	clout_error err;
	snprintf(path, sizeof(path), "%s/hello.txt", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("hello world\nthis is not an edge list\n", fp);
	fclose(fp);
	assert_int_equal(import(f, path, NULL, false, &st, &err), CLOUT_EBADDATA);
	if (!strstr(err.message, "hello.txt:2:") || !strstr(err.message, "format guessed: an edge list") ||
	    !strstr(err.message, "--from"))
		fail_msg("no guess in: %s", err.message);
	assert_int_equal(counts(f).edges, 0);
	/* a format named with --from is not called a guess */
	assert_int_equal(import(f, path, "edges", false, &st, &err), CLOUT_EBADDATA);
	assert_null(strstr(err.message, "guessed"));
	unlink(path);
}

static void test_import_platforms__accounts_counted_once(void **state)
{
	fixture *f = *state;
	const char *paths[2] = { recorded("twitter/users.jsonl"), NULL };
	char copy[1024];
	clout_import_options opts = CLOUT_IMPORT_OPTIONS_INIT;
	clout_import_stats st;
	clout_error err;
	snprintf(copy, sizeof(copy), "%s", paths[0]);
	paths[1] = copy;
	/* the same page twice: 91 accounts, each seen twice (96 account records a page) */
	assert_int_equal(fixture_import_paths(f->session, paths, 2, &opts, &st, &err), 0);
	assert_int_equal(st.accounts, 91);
	assert_int_equal(st.files[1].accounts, 91);
	assert_int_equal(st.snapshots, 192);
	clout_import_stats_release(&st);
	/* a clout account with a history of two snapshots is one account */
	{
		char path[400];
		FILE *fp;
		snprintf(path, sizeof(path), "%s/hist.jsonl", f->dir);
		fp = fopen(path, "w");
		assert_non_null(fp);
		fputs("{\"type\":\"account\",\"platform\":\"x\",\"id\":\"1\",\"followers\":30,\"observed_at\":300,"
		      "\"history\":[{\"at\":100,\"followers\":10},{\"at\":200,\"followers\":20}]}\n", fp);
		fclose(fp);
		paths[0] = path;
		assert_int_equal(fixture_import_paths(f->session, paths, 1, &opts, &st, &err), 0);
		assert_int_equal(st.accounts, 1);
		assert_int_equal(st.snapshots, 3);
		clout_import_stats_release(&st);
		unlink(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_twitter__two_tweets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_twitter__flat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_twitter__page_of_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_twitter__other_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_twitter__truncated_stream_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_twitter__fields_and_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_twitter__error_line_counts_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_twitter__idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_platforms__rejects_wrong_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_platforms__rejects_negative_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_platforms__rejects_truncated_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_platforms__rejects_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_platforms__skip_bad_keeps_good_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_platforms__unknown_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_instagram__fixtures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_instagram__business_discovery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_youtube__fixtures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_tiktok__fixtures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_youtube__comment_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_youtube__other_kinds_refused_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_instagram__owner_from_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_instagram__mentioned_media, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_platforms__guessed_format_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_platforms__accounts_counted_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
