/*
 * test_track.c: tracking links and clicks: click classes, user-agent classes, referrer hosts,
 * URLs and codes, the redirect target, links in the store, and the group-commit recorder.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clout/clout.h"
#include "lib/store/store_internal.h"
#include "lib/track/internal.h"
#include "store_fixture.h"
#include "util/banned.h"

static const char *BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
static const uint8_t ADDRESS[4] = { 192, 0, 2, 7 };

static clout_click_class class_of(const clout_click_request *req)
{
	track_rules rules;
	track_facts facts;
	clout_error err = { 0 };
	assert_int_equal(track_rules_load(&rules, &err), 0);
	track_classify(&rules, req, &facts);
	track_rules_release(&rules);
	return facts.click_class;
}

static void test_classify__browser_is_human(void **state)
{
	clout_click_request req = { .user_agent = BROWSER };
	(void)state;
	assert_int_equal(class_of(&req), CLOUT_CLICK_HUMAN);
}

static void test_classify__head_prefetch_preview_bot_are_apart(void **state)
{
	clout_click_request head = { .head = true, .user_agent = BROWSER };
	clout_click_request sec = { .user_agent = BROWSER, .sec_purpose = "prefetch;prerender" };
	clout_click_request purpose = { .user_agent = BROWSER, .purpose = "prefetch" };
	clout_click_request safari = { .user_agent = BROWSER, .x_purpose = "preview" };
	clout_click_request slack = { .user_agent = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" };
	clout_click_request meta = { .user_agent = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)" };
	clout_click_request google = { .user_agent = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" };
	clout_click_request tool = { .user_agent = "curl/7.88.1" };
	clout_click_request none = { 0 };
	(void)state;
	assert_int_equal(class_of(&head), CLOUT_CLICK_HEAD);
	assert_int_equal(class_of(&sec), CLOUT_CLICK_PREFETCH);
	assert_int_equal(class_of(&purpose), CLOUT_CLICK_PREFETCH);
	assert_int_equal(class_of(&safari), CLOUT_CLICK_PREFETCH);
	assert_int_equal(class_of(&slack), CLOUT_CLICK_PREVIEW);
	assert_int_equal(class_of(&meta), CLOUT_CLICK_PREVIEW);
	assert_int_equal(class_of(&google), CLOUT_CLICK_BOT);
	assert_int_equal(class_of(&tool), CLOUT_CLICK_BOT);
	assert_int_equal(class_of(&none), CLOUT_CLICK_BOT);
}

static void test_classify__user_agent_classes(void **state)
{
	(void)state;
	assert_string_equal(track_ua_class(BROWSER), "desktop");
	assert_string_equal(track_ua_class("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"), "mobile");
	assert_string_equal(track_ua_class("Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36"), "mobile");
	assert_string_equal(track_ua_class("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)"), "tablet");
	assert_string_equal(track_ua_class("Mozilla/5.0 (Linux; Android 13; SM-X700) Safari/537.36"), "tablet");
	assert_string_equal(track_ua_class("curl/8.0"), "other");
	assert_string_equal(track_ua_class(NULL), "none");
}

static void test_classify__referrer_host_only(void **state)
{
	char host[TRACK_HOST_MAX];
	(void)state;
	track_url_host(host, sizeof(host), "https://User:pw@WWW.Instagram.com:443/p/abc?x=1");
	assert_string_equal(host, "www.instagram.com");
	track_url_host(host, sizeof(host), "http://[2001:db8::1]:8080/x");
	assert_string_equal(host, "[2001:db8::1]");
	track_url_host(host, sizeof(host), "android-app://com.example");
	assert_string_equal(host, "");
	track_url_host(host, sizeof(host), NULL);
	assert_string_equal(host, "");
}

static void test_rules__bad_line_is_named(void **state)
{
	static const char text[] = "# comment\nbot Googlebot\n\nrobot Foo\n";
	track_rules rules;
	clout_error err = { 0 };
	(void)state;
	assert_int_equal(track_rules_parse(&rules, text, strlen(text), "ua.txt", &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, "ua.txt:4"));
	assert_int_equal(track_rules_parse(&rules, text, 24, "ua.txt", &err), 0);
	assert_int_equal(rules.count, 1);
	track_rules_release(&rules);
}

static clout_click_class class_with(const track_rules *rules, const char *ua)
{
	clout_click_request req = { .user_agent = ua };
	track_facts facts;
	track_classify(rules, &req, &facts);
	return facts.click_class;
}

static void test_rules__any_place_any_case_previews_first(void **state)
{
	static const char text[] = "bot crawl\nbot crawler-x\npreview LinkFetch\nbot ~\nbot zz\n";
	track_rules rules;
	clout_error err = { 0 };
	(void)state;
	assert_int_equal(track_rules_parse(&rules, text, strlen(text), "ua.txt", &err), 0);
	assert_int_equal(class_with(&rules, "Mozilla/5.0 Safari"), CLOUT_CLICK_HUMAN);
	assert_int_equal(class_with(&rules, "CRAWLER/1.0"), CLOUT_CLICK_BOT);
	assert_int_equal(class_with(&rules, "my-crawl"), CLOUT_CLICK_BOT);          /* a token at the very end */
	assert_int_equal(class_with(&rules, "crawler then linkfetch/2"), CLOUT_CLICK_PREVIEW); /* a preview after a bot token */
	assert_int_equal(class_with(&rules, "a~b"), CLOUT_CLICK_BOT);              /* a one-byte token */
	assert_int_equal(class_with(&rules, "z"), CLOUT_CLICK_HUMAN);              /* shorter than every token */
	assert_int_equal(class_with(&rules, "xzz"), CLOUT_CLICK_BOT);
	track_rules_release(&rules);
}

/* Classes ua with rules: both readings of track_facts. */
static void classes_with(const track_rules *rules, const char *ua, clout_click_class *click, const char **ua_class)
{
	clout_click_request req = { .user_agent = ua };
	track_facts facts;
	track_classify(rules, &req, &facts);
	*click = facts.click_class;
	*ua_class = facts.ua_class;
}

static void test_classify__ua_cache_collision_long_and_empty(void **state)
{
	static const char text[] = "bot crawl\npreview LinkFetch\n";
	char a[64], b[64];
	char *longer;
	track_rules rules, other;
	clout_error err = { 0 };
	clout_click_class click;
	const char *uac;
	uint64_t hits;
	int i = 0, j = 0;
	(void)state;
	assert_int_equal(track_rules_parse(&rules, text, strlen(text), "ua.txt", &err), 0);
	/* two User-Agents of one cache slot, one a bot on a phone, one a desktop browser */
	snprintf(a, sizeof(a), "crawl (iPhone) Mobile/%d", i);
	for (j = 0; j < 100000; j++) {
		snprintf(b, sizeof(b), "Mozilla/5.0 (X11; Linux) Safari/%d", j);
		if (track_ua_cache_slot(b, strlen(b)) == track_ua_cache_slot(a, strlen(a)))
			break;
	}
	assert_true(j < 100000);
	for (int round = 0; round < 3; round++) {
		classes_with(&rules, a, &click, &uac);
		assert_int_equal(click, CLOUT_CLICK_BOT);
		assert_string_equal(uac, "mobile");
		classes_with(&rules, b, &click, &uac);
		assert_int_equal(click, CLOUT_CLICK_HUMAN);
		assert_string_equal(uac, "desktop");
	}
	/* a repeated User-Agent is answered from the cache, with the same classes */
	hits = track_ua_cache_hits();
	classes_with(&rules, b, &click, &uac);
	assert_int_equal(track_ua_cache_hits(), hits + 1);
	assert_int_equal(click, CLOUT_CLICK_HUMAN);
	assert_string_equal(uac, "desktop");
	/* other rules never take the classes the first ones cached */
	assert_int_equal(track_rules_parse(&other, "bot safari\n", 11, "ua2.txt", &err), 0);
	classes_with(&other, b, &click, &uac);
	assert_int_equal(click, CLOUT_CLICK_BOT);
	classes_with(&rules, b, &click, &uac);
	assert_int_equal(click, CLOUT_CLICK_HUMAN);
	track_rules_release(&other);
	/* long User-Agents (past the cache's and the fold buffer's size), twice each */
	longer = malloc(3000);
	assert_non_null(longer);
	memset(longer, 'x', 2999);
	longer[2999] = '\0';
	memcpy(longer, "Mozilla/5.0 (iPad) ", 19);
	memcpy(longer + 500, "LinkFetch", 9);
	for (int round = 0; round < 2; round++) {
		classes_with(&rules, longer, &click, &uac);
		assert_int_equal(click, CLOUT_CLICK_PREVIEW);
		assert_string_equal(uac, "tablet");
	}
	longer[400] = '\0'; /* past the cache's size, before the preview token */
	for (int round = 0; round < 2; round++) {
		classes_with(&rules, longer, &click, &uac);
		assert_int_equal(click, CLOUT_CLICK_HUMAN);
		assert_string_equal(uac, "tablet");
	}
	free(longer);
	/* empty and missing User-Agents: bots of class none, whatever the cache holds */
	for (int round = 0; round < 2; round++) {
		classes_with(&rules, "", &click, &uac);
		assert_int_equal(click, CLOUT_CLICK_BOT);
		assert_string_equal(uac, "none");
		classes_with(&rules, NULL, &click, &uac);
		assert_int_equal(click, CLOUT_CLICK_BOT);
		assert_string_equal(uac, "none");
	}
	track_rules_release(&rules);
}

static void test_url__problems_and_codes(void **state)
{
	(void)state;
	assert_null(track_url_problem("https://shop.example.com/p?x=1"));
	assert_non_null(track_url_problem("ftp://shop.example.com/"));
	assert_non_null(track_url_problem("https:///nohost"));
	assert_non_null(track_url_problem("https://a.example/x y"));
	assert_non_null(track_url_problem("https://a.example/\r\nSet-Cookie: x"));
	assert_non_null(track_url_problem(""));
	assert_true(clout_track_code_valid("spring-24_A"));
	assert_false(clout_track_code_valid(""));
	assert_false(clout_track_code_valid("a/b"));
	assert_false(clout_track_code_valid("a%20b"));
}

static void test_url__destination_keeps_query_and_fragment(void **state)
{
	const char *cases[][2] = {
		{ "https://s.example/p", "https://s.example/p?clout_click=42" },
		{ "https://s.example/p?x=1", "https://s.example/p?x=1&clout_click=42" },
		{ "https://s.example/p?", "https://s.example/p?clout_click=42" },
		{ "https://s.example/p?x=1#top", "https://s.example/p?x=1&clout_click=42#top" },
		{ "https://s.example/#a?b", "https://s.example/?clout_click=42#a?b" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = track_destination(cases[i][0], 42);
		assert_string_equal(got, cases[i][1]);
		free(got);
	}
}

typedef struct fixture {
	char path[SCRATCH_LOCATION_MAX];
	char state_dir[64];
	clout_track_recorder_options opts;
	clout_store *store;
	int64_t ws;
	clout_session *s; /* on the same store, in the same workspace: what the operations take */
} fixture;

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "test_track.db");
	if (scratch_store_open(f->path, sizeof(f->path), &f->store, &f->ws) < 0 ||
	    scratch_session_open(f->path, "default", &f->s) < 0)
		return -1;
	snprintf(f->state_dir, sizeof(f->state_dir), "test_track-%d.clicks", (int)getpid());
	f->opts = (clout_track_recorder_options)CLOUT_TRACK_RECORDER_OPTIONS_INIT;
	f->opts.state_dir = f->state_dir;
	*state = f;
	return 0;
}

/* The recorder's options: its own state directory, folding only when asked (or at start and stop). */
static const clout_track_recorder_options *recorder_options(fixture *f)
{
	f->opts.fold_interval_ms = 3600 * 1000;
	return &f->opts;
}

static int teardown(void **state)
{
	fixture *f = *state;
	clout_session_free(f->s);
	clout_store_free(f->store);
	scratch_db_drop(f->path);
	remove_dir(f->state_dir);
	free(f);
	return 0;
}

static void test_link__create_get_and_conflicts(void **state)
{
	fixture *f = *state;
	clout_link_options o = CLOUT_LINK_OPTIONS_INIT;
	clout_link a, b, got;
	clout_session *other = NULL;
	char *json;
	o.url = "https://shop.example.com/p";
	o.influencer = "@anna";
	o.campaign = "spring";
	assert_int_equal(clout_track_link_create(&a, f->s, &o), 0);
	assert_true(clout_track_code_valid(a.code));
	assert_string_equal(a.influencer, "anna");
	o.code = "spring";
	assert_int_equal(clout_track_link_create(&b, f->s, &o), 0);
	assert_int_equal(clout_track_link_create(&got, f->s, &o), CLOUT_EEXISTS);
	assert_non_null(strstr(clout_session_error(f->s)->message, "code:"));
	assert_int_equal(clout_track_link_get(&got, f->s, "spring"), 0);
	assert_string_equal(got.url, "https://shop.example.com/p");
	assert_string_equal(got.campaign, "spring");
	json = clout_link_json(&got, "https://go.example/");
	assert_non_null(strstr(json, "\"short_url\":\"https://go.example/r/spring\""));
	free(json);
	clout_link_release(&got);
	/* another workspace does not see it, and cannot take its code */
	assert_int_equal(scratch_session_open(f->path, "other", &other), 0);
	assert_int_equal(clout_track_link_get(&got, other, "spring"), CLOUT_ENOTFOUND);
	assert_int_equal(clout_track_link_create(&got, other, &o), CLOUT_EEXISTS);
	clout_session_free(other);
	o.code = NULL;
	o.url = "javascript:alert(1)";
	assert_int_equal(clout_track_link_create(&got, f->s, &o), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(f->s)->message, "url:"));
	clout_link_release(&a);
	clout_link_release(&b);
}

typedef struct waiter {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int done;
	clout_click_result results[8];
	char locations[8][256];
} waiter;

typedef struct slot {
	waiter *w;
	int index;
} slot;

static void on_done(void *ctx, const clout_click_result *r)
{
	slot *s = ctx;
	pthread_mutex_lock(&s->w->lock);
	s->w->results[s->index] = *r;
	snprintf(s->w->locations[s->index], sizeof(s->w->locations[s->index]), "%s", r->location ? r->location : "");
	s->w->results[s->index].location = NULL;
	s->w->done++;
	pthread_cond_signal(&s->w->cond);
	pthread_mutex_unlock(&s->w->lock);
}

static void test_recorder__commits_then_answers(void **state)
{
	fixture *f = *state;
	clout_link_options o = CLOUT_LINK_OPTIONS_INIT;
	clout_track_recorder *rec;
	clout_link link;
	clout_link_stats stats;
	clout_error err = { 0 };
	waiter w = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };
	slot slots[6];
	clout_click_request human = { .user_agent = BROWSER, .referer = "https://t.co/xyz", .address = ADDRESS,
		.address_len = 4 };
	clout_click_request bot = { .user_agent = "Googlebot/2.1", .address = ADDRESS, .address_len = 4 };
	clout_click_request head = { .head = true, .user_agent = BROWSER, .address = ADDRESS, .address_len = 4 };
	o.url = "https://shop.example.com/p?x=1";
	o.code = "rec";
	assert_int_equal(clout_track_link_create(&link, f->s, &o), 0);
	clout_link_release(&link);
	assert_int_equal(clout_track_recorder_new(&rec, f->path, recorder_options(f), &err), 0);
	for (int i = 0; i < 6; i++)
		slots[i] = (slot){ &w, i };
	assert_int_equal(clout_track_recorder_submit(rec, "rec", &human, on_done, &slots[0]), 0);
	assert_int_equal(clout_track_recorder_submit(rec, "rec", &human, on_done, &slots[1]), 0);
	assert_int_equal(clout_track_recorder_submit(rec, "rec", &bot, on_done, &slots[2]), 0);
	assert_int_equal(clout_track_recorder_submit(rec, "rec", &head, on_done, &slots[3]), 0);
	assert_int_equal(clout_track_recorder_submit(rec, "nosuchcode", &human, on_done, &slots[4]), 0);
	assert_int_equal(clout_track_recorder_submit(rec, "bad/code", &human, on_done, &slots[5]), CLOUT_EINVAL);
	/* stop commits what is queued and answers it before it returns */
	clout_track_recorder_stop(rec);
	assert_int_equal(w.done, 5);
	assert_int_equal(clout_track_recorder_submit(rec, "rec", &human, on_done, &slots[5]), CLOUT_EUNAVAILABLE);
	clout_track_recorder_free(rec);
	assert_int_equal(w.results[0].code, 0);
	assert_int_equal(w.results[1].code, 0);
	assert_true(w.results[1].click_id > w.results[0].click_id);
	assert_int_equal(w.results[2].click_class, CLOUT_CLICK_BOT);
	assert_int_equal(w.results[3].click_class, CLOUT_CLICK_HEAD);
	assert_int_equal(w.results[4].code, CLOUT_ENOTFOUND);
	{
		char want[128];
		snprintf(want, sizeof(want), "https://shop.example.com/p?x=1&clout_click=%lld", (long long)w.results[0].click_id);
		assert_string_equal(w.locations[0], want);
	}
	assert_int_equal(clout_track_link_stats(&stats, f->s, "rec"), 0);
	assert_int_equal(stats.clicks, 2);
	assert_int_equal(stats.unique_clicks, 1); /* the second: the same address within the window */
	assert_int_equal(stats.by_class[CLOUT_CLICK_BOT], 1);
	assert_int_equal(stats.by_class[CLOUT_CLICK_HEAD], 1);
	assert_true(stats.first_click_at > 0 && stats.last_click_at >= stats.first_click_at);
}

/* Prepares and logs clicks on "log" as the server's fast path does: (human, human, bot, HEAD). */
static void log_four_clicks(clout_track_recorder *rec, int64_t ids[4])
{
	clout_click_request human = { .user_agent = BROWSER, .referer = "https://t.co/x", .address = ADDRESS,
		.address_len = 4 };
	clout_click_request bot = { .user_agent = "Googlebot/2.1", .address = ADDRESS, .address_len = 4 };
	clout_click_request head = { .head = true, .user_agent = BROWSER, .address = ADDRESS, .address_len = 4 };
	const clout_click_request *reqs[4] = { &human, &human, &bot, &head };
	uint8_t records[4 * CLOUT_CLICK_RECORD_MAX];
	uint64_t by_class[CLOUT_CLICK_CLASSES] = { 0 };
	size_t len = 0;
	clout_error err = { 0 };
	for (int i = 0; i < 4; i++) {
		clout_click_prepared p;
		char location[CLOUT_CLICK_LOCATION_MAX], want[128];
		assert_int_equal(clout_track_recorder_prepare(rec, "log", reqs[i], &p, location, &err), 0);
		snprintf(want, sizeof(want), "https://shop.example.com/l?clout_click=%lld#top", (long long)p.click_id);
		assert_string_equal(location, want);
		memcpy(records + len, p.record, p.record_len);
		len += p.record_len;
		by_class[p.click_class]++;
		ids[i] = p.click_id;
		if (i == 1) { /* two batches */
			assert_int_equal(clout_track_recorder_log(rec, records, len, 2, by_class, &err), 0);
			len = 0;
		}
	}
	assert_int_equal(clout_track_recorder_log(rec, records, len, 2, by_class, &err), 0);
	{
		clout_click_prepared p;
		char location[CLOUT_CLICK_LOCATION_MAX];
		assert_int_equal(clout_track_recorder_prepare(rec, "nosuchcode", &human, &p, location, &err), CLOUT_ENOTFOUND);
		assert_int_equal(clout_track_recorder_prepare(rec, "bad/code", &human, &p, location, &err), CLOUT_ENOTFOUND);
	}
}

static void make_link(fixture *f)
{
	clout_link_options o = CLOUT_LINK_OPTIONS_INIT;
	clout_link link;
	o.url = "https://shop.example.com/l#top";
	o.code = "log";
	assert_int_equal(clout_track_link_create(&link, f->s, &o), 0);
	clout_link_release(&link);
}

static void expect_four(fixture *f, int64_t clicks)
{
	clout_link_stats stats;
	assert_int_equal(clout_track_link_stats(&stats, f->s, "log"), 0);
	assert_int_equal(stats.clicks, clicks ? 2 : 0);
	assert_int_equal(stats.unique_clicks, clicks ? 1 : 0);
	assert_int_equal(stats.by_class[CLOUT_CLICK_BOT], clicks ? 1 : 0);
	assert_int_equal(stats.by_class[CLOUT_CLICK_HEAD], clicks ? 1 : 0);
}

/* Clicks logged by a process that dies (SIGKILL) before folding them are in the store once the
 * next recorder has started, once each. */
static void test_recorder__log_replays_after_a_kill(void **state)
{
	fixture *f = *state;
	clout_track_recorder *rec;
	clout_error err = { 0 };
	int64_t ids[4];
	int status, fds[2];
	pid_t child;
	make_link(f);
	assert_int_equal(pipe(fds), 0);
	if ((child = fork()) == 0) {
		close(fds[0]);
		if (clout_track_recorder_new(&rec, f->path, recorder_options(f), &err) < 0)
			_exit(2);
		log_four_clicks(rec, ids);
		if (write(fds[1], ids, sizeof(ids)) != (ssize_t)sizeof(ids))
			_exit(3);
		raise(SIGKILL);
		_exit(4);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], ids, sizeof(ids)), (ssize_t)sizeof(ids));
	close(fds[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	expect_four(f, 0); /* logged, not folded */
	assert_int_equal(clout_track_recorder_new(&rec, f->path, recorder_options(f), &err), 0);
	expect_four(f, 4); /* folded at start, before anything else */
	clout_track_recorder_free(rec);
	expect_four(f, 4);
	for (int i = 0; i < 4; i++) {
		static const char sql[] = "SELECT COUNT(*) FROM track_click WHERE id = ?1";
		store_bind b;
		int64_t count = -1;
		assert_int_equal(store_stmt(f->store, &b, sql, &err), 0);
		sb_int(&b, 1, ids[i]);
		assert_int_equal(clout_sql_run_int64(f->store->db, b.st, &count, "count", &err), 1);
		assert_int_equal(count, 1); /* each logged id kept, once */
	}
}

/* Folding a segment again (a crash between the fold's commit and the segment's removal) adds
 * nothing, and a torn record at its end is skipped. */
static void test_recorder__fold_is_idempotent(void **state)
{
	fixture *f = *state;
	clout_track_recorder *rec;
	clout_error err = { 0 };
	int64_t ids[4];
	char path[600], name[256] = "";
	uint8_t saved[4096];
	ssize_t n;
	int fd;
	DIR *d;
	struct dirent *e;
	make_link(f);
	assert_int_equal(clout_track_recorder_new(&rec, f->path, recorder_options(f), &err), 0);
	log_four_clicks(rec, ids);
	assert_non_null(d = opendir(f->state_dir));
	while ((e = readdir(d)) != NULL)
		if (!strncmp(e->d_name, "clicks-", 7))
			snprintf(name, sizeof(name), "%s", e->d_name);
	closedir(d);
	assert_true(name[0]);
	snprintf(path, sizeof(path), "%s/%s", f->state_dir, name);
	assert_true((fd = open(path, O_RDONLY)) >= 0);
	n = read(fd, saved, sizeof(saved));
	close(fd);
	assert_true(n > 0 && n < (ssize_t)sizeof(saved) - 8);
	assert_int_equal(clout_track_recorder_fold(rec, &err), 0);
	expect_four(f, 4);
	assert_int_equal(access(path, F_OK), -1); /* folded, then removed */
	clout_track_recorder_free(rec);
	/* as if the process died after the fold's commit, before the removal: the same segment again
	 * (under an older name), with half a record after it, is folded by the next start */
	snprintf(path, sizeof(path), "%s/clicks-0000000000000000.log", f->state_dir);
	memcpy(saved + n, saved, 8);
	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) >= 0);
	assert_int_equal(write(fd, saved, (size_t)n + 8), n + 8);
	close(fd);
	assert_int_equal(clout_track_recorder_new(&rec, f->path, recorder_options(f), &err), 0);
	expect_four(f, 4);
	assert_int_equal(access(path, F_OK), -1);
	clout_track_recorder_free(rec);
	expect_four(f, 4);
}

/* Two recorders on one store (two servers sharing a database, each with its own click log) hand
 * out ids from different blocks: no id is given twice, and both logs fold into the one store. */
static void test_recorder__two_servers_never_share_an_id(void **state)
{
	fixture *f = *state;
	clout_track_recorder *a, *b;
	clout_track_recorder_options other = CLOUT_TRACK_RECORDER_OPTIONS_INIT;
	clout_error err = { 0 };
	char other_dir[80];
	int64_t ids_a[4], ids_b[4];
	make_link(f);
	snprintf(other_dir, sizeof(other_dir), "test_track-%d-b.clicks", (int)getpid());
	other.state_dir = other_dir;
	other.fold_interval_ms = 3600 * 1000;
	assert_int_equal(clout_track_recorder_new(&a, f->path, recorder_options(f), &err), 0);
	/* the same state directory is refused: it is locked by the first */
	assert_int_equal(clout_track_recorder_new(&b, f->path, recorder_options(f), &err), CLOUT_EUNAVAILABLE);
	assert_non_null(strstr(err.message, "in use"));
	assert_int_equal(clout_track_recorder_new(&b, f->path, &other, &err), 0);
	log_four_clicks(a, ids_a);
	log_four_clicks(b, ids_b);
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			assert_true(ids_a[i] != ids_b[j]);
	clout_track_recorder_free(a);
	clout_track_recorder_free(b);
	remove_dir(other_dir);
	{
		clout_link_stats stats;
		assert_int_equal(clout_track_link_stats(&stats, f->s, "log"), 0);
		assert_int_equal(stats.clicks, 4);
		assert_int_equal(stats.by_class[CLOUT_CLICK_BOT], 2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify__browser_is_human),
		cmocka_unit_test(test_classify__head_prefetch_preview_bot_are_apart),
		cmocka_unit_test(test_classify__user_agent_classes),
		cmocka_unit_test(test_rules__any_place_any_case_previews_first),
		cmocka_unit_test(test_classify__ua_cache_collision_long_and_empty),
		cmocka_unit_test(test_classify__referrer_host_only),
		cmocka_unit_test(test_rules__bad_line_is_named),
		cmocka_unit_test(test_url__problems_and_codes),
		cmocka_unit_test(test_url__destination_keeps_query_and_fragment),
		cmocka_unit_test_setup_teardown(test_link__create_get_and_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recorder__commits_then_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recorder__log_replays_after_a_kill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recorder__fold_is_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recorder__two_servers_never_share_an_id, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
