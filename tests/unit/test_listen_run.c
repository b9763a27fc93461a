/*
 * test_listen_run.c: listening on the store (SQLite, or PostgreSQL when the store tests run there):
 * ingesting stores each mention once (with sentiment, routed round robin to the team's members on
 * duty), a bad record stores nothing; the spike test's false-alarm rate on quiet counts with a
 * daily cycle; the crisis, influencer and disclosure alerts each fire in their scenario and not in
 * its control; the inbox (assign, reply, close, conflicts, the report) and share of voice.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clout/auth.h"
#include "clout/listen.h"
#include "clout/store.h"
#include "unit/store_fixture.h"
#include "util/buf.h"
#include "util/rng.h"
#include "util/banned.h"

#define DAY0 1767225600 /* 2026-01-01 00:00 UTC */

typedef struct fixture {
	char path[SCRATCH_LOCATION_MAX];
	clout_store *store;
	int64_t ws;
	clout_session *s; /* a session on the same store, in the default workspace */
	clout_text *t;
	clout_listen_listener *l;
	int alerts[4]; /* spike, crisis, influencer, disclosure */
} fixture;

static int count_alert(void *ctx, const clout_listen_alert *a)
{
	fixture *f = ctx;
	static const char *const kinds[] = { "spike", "crisis", "influencer", "disclosure" };
	for (int i = 0; i < 4; i++)
		if (!strcmp(a->kind, kinds[i]))
			f->alerts[i]++;
	return 0;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "test_listen_run_%ld.db", (long)getpid());
	if (!f || scratch_store_open(f->path, sizeof(f->path), &f->store, &f->ws) < 0 ||
	    scratch_session_open(f->path, "default", &f->s) < 0 || clout_text_new(&f->t, NULL, NULL) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	clout_listen_listener_free(f->l);
	clout_text_free(f->t);
	clout_session_free(f->s);
	clout_store_free(f->store);
	scratch_db_drop(f->path);
	free(f);
	return 0;
}

static void add_rule(fixture *f, const char *name, const char *expr, const char *kind, const char *team)
{
	clout_listen_rule r = CLOUT_LISTEN_RULE_INIT;
	r.name = name;
	r.expr = expr;
	r.kind = kind;
	r.team = team;
	assert_int_equal(clout_listen_rule_add(f->s, &r, NULL), 0);
}

/* A listener on the fixture's store (made once the rules are saved). */
static void listen_start(fixture *f)
{
	clout_listen_run_options o = CLOUT_LISTEN_RUN_OPTIONS_INIT;
	o.on_alert = count_alert;
	o.ctx = f;
	clout_listen_listener_free(f->l);
	f->l = NULL;
	if (clout_listen_listener_new(&f->l, f->s, &o) < 0)
		fail_msg("listener: %s", clout_session_error(f->s)->message);
}

static int ingest(fixture *f, const char *text, clout_listen_run_stats *stats, clout_error *err)
{
	clout_import_source src = CLOUT_IMPORT_SOURCE_MEMORY(text, strlen(text), "test");
	memset(stats, 0, sizeof(*stats));
	return clout_listen_ingest(f->l, &src, NULL, stats, err);
}

static void post_line(clout_buf *b, const char *id, const char *author, int64_t at, const char *text)
{
	assert_int_equal(clout_buf_printf(b,
				 "{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"%s\",\"author\":\"%s\",\"created_at\":%lld,"
				 "\"lang\":\"en\",\"text\":\"%s\"}\n",
				 id, author, (long long)at, text),
		0);
}

static int count_mention(void *ctx, const clout_listen_mention *m)
{
	(void)m;
	(*(int *)ctx)++;
	return 0;
}

static int inbox_count(fixture *f, const char *status)
{
	clout_listen_inbox_query q = CLOUT_LISTEN_INBOX_QUERY_INIT;
	int n = 0;
	q.status = status;
	assert_int_equal(clout_listen_inbox_foreach(f->s, &q, count_mention, &n), 0);
	return n;
}

static void test_ingest__once_per_post_and_rule(void **state)
{
	fixture *f = *state;
	clout_listen_run_stats s;
	clout_error err = { 0 };
	const char *posts =
		"{\"type\":\"account\",\"platform\":\"twitter\",\"id\":\"1\",\"handle\":\"ann\",\"followers\":50}\n"
		"{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"a\",\"author\":\"1\",\"created_at\":1767225600,\"text\":\"Acme is wonderful, love it\"}\n"
		"{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"b\",\"author\":\"1\",\"created_at\":1767225700,\"text\":\"nothing to see\"}\n"
		"{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"c\",\"author\":\"1\",\"created_at\":1767225800,\"text\":\"#acme vs globex: acme wins\"}\n";
	add_rule(f, "acme", "acme OR #acme", "brand", "social");
	add_rule(f, "globex", "globex", "competitor", "social");
	listen_start(f);
	assert_int_equal(ingest(f, posts, &s, &err), 0);
	assert_int_equal(s.posts, 3);
	assert_int_equal(s.matched_posts, 2);
	assert_int_equal(s.mentions, 3);
	assert_int_equal(s.existing, 0);
	assert_int_equal(ingest(f, posts, &s, &err), 0);
	assert_int_equal(s.mentions, 0);
	assert_int_equal(s.existing, 3);
	assert_int_equal(inbox_count(f, NULL), 3);
	assert_int_equal(inbox_count(f, "new"), 3); /* nobody in the social team: unassigned */
}

typedef struct told {
	int n;
	int64_t last_id;
	bool in_order;
	char first_post[32];
} told;

static int note_told(void *ctx, const clout_listen_mention *m)
{
	told *t = ctx;
	if (m->id <= t->last_id || m->post_id <= 0 || strncmp(m->post_ext_id, "p", 1))
		t->in_order = false;
	if (!t->n)
		snprintf(t->first_post, sizeof(t->first_post), "%s", m->post_ext_id);
	t->last_id = m->id;
	t->n++;
	return 0;
}

/* Posts and mentions are stored a batch at a time: across batch ends, a post seen twice in one
 * batch or in two, mentions are told in input order with their ids, once each. */
static void test_ingest__batches_once_each_in_order(void **state)
{
	fixture *f = *state;
	clout_listen_run_options o = CLOUT_LISTEN_RUN_OPTIONS_INIT;
	clout_listen_run_stats s;
	clout_error err = { 0 };
	clout_buf b = CLOUT_BUF_INIT;
	told t = { 0, 0, true, "" };
	char id[32];
	add_rule(f, "acme", "acme", "brand", "social");
	add_rule(f, "globex", "globex", "competitor", "social");
	o.on_mention = note_told;
	o.ctx = &t;
	if (clout_listen_listener_new(&f->l, f->s, &o) < 0)
		fail_msg("listener: %s", clout_session_error(f->s)->message);
	/* 2,600 posts, every other one about acme, every tenth also about globex; p5 again right after
	 * itself and p7 again 1,500 posts later (in another batch) */
	for (int k = 0; k < 2600; k++) {
		snprintf(id, sizeof(id), "p%d", k);
		post_line(&b, id, "1", 1767225600 + k, k % 10 == 0 ? "acme and globex" : k % 2 ? "nothing" : "acme rocks");
		if (k == 5 || k == 1507)
			post_line(&b, k == 5 ? "p5" : "p8", "1", 1767225600 + k, "acme again");
	}
	assert_int_equal(ingest(f, b.ptr, &s, &err), 0);
	assert_int_equal(s.posts, 2602);
	assert_int_equal(s.matched_posts, 1302); /* 1,300 + p5's and p8's second records (p5 matches now) */
	/* acme: 1,300 even posts, plus p5 (its second record), once; globex: 260; p8 is even: again */
	assert_int_equal(s.mentions, 1300 + 1 + 260);
	assert_int_equal(s.existing, 1);
	assert_int_equal(t.n, (int)s.mentions);
	assert_true(t.in_order);
	assert_string_equal(t.first_post, "p0");
	clout_listen_inbox_query q = CLOUT_LISTEN_INBOX_QUERY_INIT;
	int stored = 0;
	q.limit = 5000;
	assert_int_equal(clout_listen_inbox_foreach(f->s, &q, count_mention, &stored), 0);
	assert_int_equal(stored, 1561);
	/* again: nothing new */
	t.n = 0;
	assert_int_equal(ingest(f, b.ptr, &s, &err), 0);
	assert_int_equal(s.mentions, 0);
	assert_int_equal(s.existing, 1300 + 260 + 1 + 1);
	assert_int_equal(t.n, 0);
	clout_buf_release(&b);
}

/* A session on the fixture's store in workspace, with the text model shared (as a server's are). */
static clout_session *shared_session(fixture *f, const char *workspace, const clout_text_model *model)
{
	clout_session_options o = CLOUT_SESSION_OPTIONS_INIT;
	clout_error err = { 0 };
	clout_session *s = NULL;
	o.location = f->path;
	o.workspace = workspace;
	o.create = true;
	o.text_model = model;
	if (clout_session_open(&s, &o, &err) < 0)
		fail_msg("session: %s", err.message);
	return s;
}

/* A listener moved to another session of its workspace stores through it (the one it was made on
 * is closed before the ingest), and refuses a session of another workspace. */
static void test_listener__moves_between_sessions(void **state)
{
	fixture *f = *state;
	clout_listen_run_options o = CLOUT_LISTEN_RUN_OPTIONS_INIT;
	clout_listen_run_stats s;
	clout_error err = { 0 };
	clout_text_model *model = NULL;
	add_rule(f, "acme", "acme", "brand", "social");
	assert_int_equal(clout_text_model_new(&model, &err), 0);
	clout_session *first = shared_session(f, "default", model), *next = shared_session(f, "default", model),
		      *other = shared_session(f, "other", model);
	assert_int_equal(clout_listen_listener_new(&f->l, first, &o), 0);
	assert_int_equal(clout_listen_listener_use(f->l, other), CLOUT_EINVAL);
	assert_string_equal(clout_session_error(other)->message, "listener: made for another workspace");
	assert_int_equal(clout_listen_listener_use(f->l, next), 0);
	clout_session_free(first);
	assert_int_equal(ingest(f, "{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"a\",\"author\":\"1\",\"text\":\"acme one\"}\n", &s,
				 &err),
		0);
	assert_int_equal(s.mentions, 1);
	assert_int_equal(inbox_count(f, NULL), 1);
	clout_listen_listener_free(f->l);
	f->l = NULL;
	clout_session_free(next);
	clout_session_free(other);
	clout_text_model_free(model);
}

static void test_ingest__bad_record_stores_nothing(void **state)
{
	fixture *f = *state;
	clout_listen_run_stats s;
	clout_error err = { 0 };
	const char *posts =
		"{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"a\",\"author\":\"1\",\"text\":\"acme one\"}\n"
		"{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"b\",\"author\":\"1\",\"text\":\"acme two\",\"likes\":-4}\n";
	add_rule(f, "acme", "acme", "brand", "social");
	listen_start(f);
	assert_int_equal(ingest(f, posts, &s, &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, "test:2:"));
	assert_int_equal(inbox_count(f, NULL), 0);
}

static void test_ingest__round_robin_over_members_on_duty(void **state)
{
	fixture *f = *state;
	clout_listen_run_stats s;
	clout_error err = { 0 };
	clout_buf b = CLOUT_BUF_INIT;
	const char *names[3] = { "ada", "bob", "cy" };
	clout_session *session = NULL;
	assert_int_equal(scratch_session_open(f->path, "default", &session), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(clout_auth_user_add(NULL, session, names[i], CLOUT_ROLE_SUPPORT, "a-long-password",
					 CLOUT_PASSWORD_MIN, f->ws),
			0);
	clout_session_free(session);
	assert_int_equal(clout_listen_duty_set(f->s, "cy", false), 0);
	add_rule(f, "help", "acme NEAR/3 (broken OR refund)", "brand", "support");
	listen_start(f);
	for (int i = 0; i < 4; i++) {
		char id[8];
		snprintf(id, sizeof(id), "p%d", i);
		post_line(&b, id, "9", DAY0 + i, "my acme kettle is broken");
	}
	assert_int_equal(ingest(f, b.ptr, &s, &err), 0);
	assert_int_equal(s.mentions, 4);
	clout_buf_release(&b);
	clout_listen_inbox_query q = CLOUT_LISTEN_INBOX_QUERY_INIT;
	int n = 0;
	q.owner = "ada";
	assert_int_equal(clout_listen_inbox_foreach(f->s, &q, count_mention, &n), 0);
	assert_int_equal(n, 2);
	n = 0;
	q.owner = "cy";
	assert_int_equal(clout_listen_inbox_foreach(f->s, &q, count_mention, &n), 0);
	assert_int_equal(n, 0); /* off duty */
	assert_int_equal(inbox_count(f, "assigned"), 4);
}

/* ---- alerts ---- */

static uint32_t poisson(clout_rng *r, double lambda)
{
	double limit = exp(-lambda), p = 1.0;
	uint32_t k = 0;
	do {
		k++;
		p *= clout_rng_uniform(r);
	} while (p > limit);
	return k - 1;
}

static void test_spike__quiet_daily_cycle_false_alarm_rate(void **state)
{
	enum { DAYS = 90, HOURS = DAYS * 24 };
	int64_t *counts = malloc(HOURS * sizeof(*counts)), history[168];
	clout_rng r;
	int alarms = 0, tested = 0, caught = 0;
	(void)state;
	clout_rng_seed(&r, 42);
	for (int h = 0; h < HOURS; h++)
		counts[h] = poisson(&r, 25.0 + 20.0 * sin(2.0 * M_PI * (double)(h % 24) / 24.0));
	for (int h = 7 * 24; h < HOURS; h++) {
		for (int k = 0; k < 168; k++)
			history[k] = counts[h - 1 - k];
		alarms += clout_listen_spike(history, 168, counts[h], 5.0, 10, NULL, NULL);
		caught += clout_listen_spike(history, 168, counts[h] * 3 + 20, 5.0, 10, NULL, NULL);
		tested++;
	}
	print_message("spike test on %d quiet hours (Poisson, daily cycle 5 to 45 an hour): %d false alarms, "
		      "%d of %d tripled hours caught\n",
		tested, alarms, caught, tested);
	assert_true(alarms <= tested / 1000); /* at most one false alarm in 1,000 quiet hours */
	assert_true(caught >= tested * 95 / 100);
	free(counts);
}

static void test_spike__needs_a_baseline(void **state)
{
	int64_t history[168];
	double base, limit;
	(void)state;
	for (int k = 0; k < 168; k++)
		history[k] = -1;
	assert_false(clout_listen_spike(history, 168, 1000, 5.0, 10, &base, &limit));
	assert_true(base < 0);
	for (int k = 0; k < 12; k++)
		history[k] = 4;
	assert_true(clout_listen_spike(history, 168, 15, 5.0, 10, &base, &limit));
	assert_true(fabs(base - 4.0) < 1e-9);
	assert_true(fabs(limit - 14.0) < 1e-9); /* 4 + 5 * sqrt(4) */
}

/* Two quiet days of "acme" posts, 20 an hour, one in ten negative; then an hour of 40. */
static void crisis_stream(clout_buf *b, int negative_last_hour)
{
	int n = 0;
	for (int h = 0; h < 49; h++) {
		int count = h < 48 ? 20 : 40, negative = h < 48 ? 2 : negative_last_hour;
		for (int i = 0; i < count; i++) {
			char id[16];
			snprintf(id, sizeof(id), "c%d", n++);
			post_line(b, id, "7", DAY0 + h * 3600 + i * 60,
				i < negative ? "acme is terrible, awful service, I hate it" : "acme store opens on main street");
		}
	}
}

static void test_alert__crisis_fires_on_a_negative_surge(void **state)
{
	fixture *f = *state;
	clout_listen_run_stats s;
	clout_error err = { 0 };
	clout_buf b = CLOUT_BUF_INIT;
	add_rule(f, "acme", "acme", "brand", "pr");
	listen_start(f);
	crisis_stream(&b, 30);
	assert_int_equal(ingest(f, b.ptr, &s, &err), 0);
	assert_int_equal(f->alerts[1], 1);
	clout_buf_release(&b);
}

static void test_alert__crisis_quiet_on_a_calm_busy_hour(void **state)
{
	fixture *f = *state;
	clout_listen_run_stats s;
	clout_error err = { 0 };
	clout_buf b = CLOUT_BUF_INIT;
	add_rule(f, "acme", "acme", "brand", "pr");
	listen_start(f);
	crisis_stream(&b, 4);
	assert_int_equal(ingest(f, b.ptr, &s, &err), 0);
	assert_int_equal(f->alerts[1], 0);
	assert_int_equal(f->alerts[0], 0); /* 40 is within 20's noise band: no spike either */
	clout_buf_release(&b);
}

static void test_alert__influencer_and_disclosure(void **state)
{
	fixture *f = *state;
	clout_listen_run_stats s;
	clout_error err = { 0 };
	const char *posts =
		"{\"type\":\"account\",\"platform\":\"instagram\",\"id\":\"1\",\"handle\":\"Star\",\"followers\":250000}\n"
		"{\"type\":\"account\",\"platform\":\"instagram\",\"id\":\"2\",\"handle\":\"small\",\"followers\":900}\n"
		"{\"type\":\"account\",\"platform\":\"instagram\",\"id\":\"3\",\"handle\":\"partner\",\"followers\":900}\n"
		/* influencer: reach above the threshold; control: a small account */
		"{\"type\":\"post\",\"platform\":\"instagram\",\"id\":\"i1\",\"author\":\"1\",\"created_at\":1767225600,\"text\":\"my #acme routine\"}\n"
		"{\"type\":\"post\",\"platform\":\"instagram\",\"id\":\"i2\",\"author\":\"2\",\"created_at\":1767225601,\"text\":\"my #acme routine\"}\n"
		/* disclosure: a partner without #ad; controls: with #ad, with the platform's flag, with the French marker */
		"{\"type\":\"post\",\"platform\":\"instagram\",\"id\":\"d1\",\"author\":\"3\",\"created_at\":1767225602,\"text\":\"obsessed with #acme serum\"}\n"
		"{\"type\":\"post\",\"platform\":\"instagram\",\"id\":\"d2\",\"author\":\"3\",\"created_at\":1767225603,\"text\":\"obsessed with #acme serum #ad\"}\n"
		"{\"type\":\"post\",\"platform\":\"instagram\",\"id\":\"d3\",\"author\":\"3\",\"created_at\":1767225604,\"text\":\"obsessed with #acme serum\",\"sponsored\":true}\n"
		"{\"type\":\"post\",\"platform\":\"instagram\",\"id\":\"d4\",\"author\":\"3\",\"created_at\":1767225605,\"text\":\"le sérum #acme, partenariat rémunéré\"}\n"
		/* a post by a non-partner without disclosure: no alert */
		"{\"type\":\"post\",\"platform\":\"instagram\",\"id\":\"d5\",\"author\":\"2\",\"created_at\":1767225606,\"text\":\"obsessed with #acme serum\"}\n";
	add_rule(f, "acme", "acme", "brand", "social");
	assert_int_equal(clout_listen_partner_add(f->s, "instagram", "@Partner"), 0);
	assert_int_equal(clout_listen_partner_add(f->s, "instagram", "partner"), CLOUT_EEXISTS);
	listen_start(f);
	assert_int_equal(ingest(f, posts, &s, &err), 0);
	assert_int_equal(f->alerts[2], 1);
	assert_int_equal(f->alerts[3], 1);
	assert_int_equal(s.alerts, 2);
	/* replaying raises nothing twice */
	assert_int_equal(ingest(f, posts, &s, &err), 0);
	assert_int_equal(s.alerts, 0);
}

/* ---- inbox and share of voice ---- */

static void test_inbox__assign_reply_close_and_report(void **state)
{
	fixture *f = *state;
	clout_listen_run_stats s;
	clout_error err = { 0 };
	clout_listen_team_report r[3];
	const char *posts =
		"{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"a\",\"author\":\"1\",\"created_at\":1767225600,\"text\":\"acme help\"}\n"
		"{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"b\",\"author\":\"1\",\"created_at\":1767225700,\"text\":\"acme again\"}\n";
	add_rule(f, "acme", "acme", "brand", "support");
	listen_start(f);
	assert_int_equal(ingest(f, posts, &s, &err), 0);
	assert_int_equal(clout_listen_inbox_assign(f->s, 1, "dee"), 0);
	assert_int_equal(clout_listen_inbox_assign(f->s, 99, "dee"), CLOUT_ENOTFOUND);
	assert_int_equal(clout_listen_inbox_assign(f->s, 1, ""), CLOUT_EINVAL);
	assert_int_equal(clout_listen_inbox_reply(f->s, 1, "dee", "  "), CLOUT_EINVAL);
	assert_int_equal(clout_listen_inbox_reply(f->s, 1, "dee", "sent a DM"), 0);
	assert_int_equal(clout_listen_inbox_close(f->s, 1), 0);
	assert_int_equal(clout_listen_inbox_close(f->s, 1), CLOUT_ECONFLICT);
	assert_int_equal(clout_listen_inbox_reply(f->s, 1, "dee", "late"), CLOUT_ECONFLICT);
	assert_int_equal(inbox_count(f, NULL), 1);
	assert_int_equal(inbox_count(f, "closed"), 1);
	assert_int_equal(clout_listen_inbox_report(f->s, 0, 0, 0, r), 0);
	assert_string_equal(r[2].team, "support");
	assert_int_equal(r[2].mentions, 2);
	assert_int_equal(r[2].answered, 1);
	assert_int_equal(r[2].within_sla, 1);
	assert_int_equal(r[2].open, 1);
	assert_true(r[2].median_s >= 0);
	/* the open mention is breached once its due time is past */
	assert_int_equal(clout_listen_inbox_report(f->s, 0, 0, 4102444800, r), 0);
	assert_int_equal(r[2].breached, 1);
	clout_listen_inbox_query q = CLOUT_LISTEN_INBOX_QUERY_INIT;
	int n = 0;
	q.breached = true;
	q.now = 4102444800;
	assert_int_equal(clout_listen_inbox_foreach(f->s, &q, count_mention, &n), 0);
	assert_int_equal(n, 1);
	q.team = "legal";
	assert_int_equal(clout_listen_inbox_foreach(f->s, &q, count_mention, &n), CLOUT_EINVAL);
	int64_t sla;
	assert_int_equal(clout_listen_sla_set(f->s, "support", "high", 900), 0);
	assert_int_equal(clout_listen_sla_get(f->s, "support", "high", &sla), 0);
	assert_int_equal(sla, 900);
	assert_int_equal(clout_listen_sla_get(f->s, "pr", "low", &sla), 0);
	assert_int_equal(sla, 86400);
	assert_int_equal(clout_listen_sla_set(f->s, "support", "urgent", 900), CLOUT_EINVAL);
}

static void test_sov__shares_by_day(void **state)
{
	fixture *f = *state;
	clout_listen_run_stats s;
	clout_error err = { 0 };
	clout_listen_sov_options o = CLOUT_LISTEN_SOV_OPTIONS_INIT;
	clout_listen_sov_row *rows = NULL;
	const char *competitors[] = { "globex" };
	size_t n = 0;
	const char *posts =
		"{\"type\":\"account\",\"platform\":\"twitter\",\"id\":\"1\",\"handle\":\"a\",\"followers\":100}\n"
		"{\"type\":\"account\",\"platform\":\"twitter\",\"id\":\"2\",\"handle\":\"b\",\"followers\":1000}\n"
		"{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"1\",\"author\":\"1\",\"created_at\":1767225600,\"text\":\"acme is great\"}\n"
		"{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"2\",\"author\":\"1\",\"created_at\":1767225700,\"text\":\"acme again\"}\n"
		"{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"3\",\"author\":\"2\",\"created_at\":1767225800,\"text\":\"acme and globex\"}\n"
		"{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"4\",\"author\":\"2\",\"created_at\":1767312000,\"text\":\"globex is awful\"}\n";
	add_rule(f, "acme", "acme", "brand", "social");
	add_rule(f, "globex", "globex", "competitor", "social");
	listen_start(f);
	assert_int_equal(ingest(f, posts, &s, &err), 0);
	o.brand = "acme";
	o.competitors = competitors;
	o.ncompetitors = 1;
	assert_int_equal(clout_listen_sov(f->s, &o, &rows, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].period, 1767225600);
	assert_string_equal(rows[0].rule, "acme");
	assert_int_equal(rows[0].mentions, 3);
	assert_int_equal(rows[0].reach, 1100); /* two distinct authors */
	assert_true(fabs(rows[0].share - 0.75) < 1e-9);
	assert_string_equal(rows[1].rule, "globex");
	assert_int_equal(rows[2].period, 1767312000);
	assert_int_equal(rows[2].negative, 1);
	assert_true(fabs(rows[2].share - 1.0) < 1e-9);
	free(rows);
	competitors[0] = "initech";
	assert_int_equal(clout_listen_sov(f->s, &o, &rows, &n), CLOUT_ENOTFOUND);
	o.brand = NULL;
	assert_int_equal(clout_listen_sov(f->s, &o, &rows, &n), CLOUT_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ingest__batches_once_each_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__once_per_post_and_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_record_stores_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listener__moves_between_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__round_robin_over_members_on_duty, setup, teardown),
		cmocka_unit_test(test_spike__quiet_daily_cycle_false_alarm_rate),
		cmocka_unit_test(test_spike__needs_a_baseline),
		cmocka_unit_test_setup_teardown(test_alert__crisis_fires_on_a_negative_surge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alert__crisis_quiet_on_a_calm_busy_hour, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alert__influencer_and_disclosure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inbox__assign_reply_close_and_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sov__shares_by_day, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
