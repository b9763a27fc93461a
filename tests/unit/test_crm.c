/*
 * test_crm.c: people and relationships through the public API, on the engine the store tests use:
 * names unique without regard to case, accounts with one owner, stage history and owners who must
 * be users, consent and the withheld rule, the interaction log (contact refused after an opt-out,
 * bad input changing nothing), feedback's closed loop, the balance sheet against figures worked
 * out by hand, and erasure (personal data gone, counts kept).
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
#include "clout/convert.h"
#include "clout/track.h"
#include "unit/store_fixture.h"
#include "util/banned.h"

typedef struct fixture {
	char location[SCRATCH_LOCATION_MAX];
	clout_session *s;
} fixture;

static void put_account(clout_session *s, const char *platform, const char *ext_id, const char *handle, int64_t followers)
{
	clout_account a;
	clout_error err = { 0 };
	int64_t ws;
	clout_account_init(&a);
	a.platform = platform;
	a.ext_id = ext_id;
	a.handle = handle;
	a.name = "Real Name";
	a.bio = "a bio with personal words";
	a.followers = followers;
	assert_int_equal(clout_session_workspace(s, &ws), 0);
	assert_int_equal(clout_store_put_account(clout_session_store(s), ws, &a, NULL, &err), 0);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_error err = { 0 };
	if (!f)
		return -1;
	if (scratch_engine_is_pg()) {
		if (scratch_db_create(f->location, sizeof(f->location), "postgresql", "test_crm") < 0)
			return -1;
	} else {
		snprintf(f->location, sizeof(f->location), "test_crm_%d.db", (int)getpid());
		scratch_file_remove(f->location);
	}
	opts.location = f->location;
	opts.create = true;
	opts.user = "ana";
	if (clout_session_open(&f->s, &opts, &err) < 0) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	put_account(f->s, "instagram", "1", "anna_h", 1000);
	put_account(f->s, "instagram", "2", "ben_h", 2000);
	put_account(f->s, "tiktok", "3", "ben_tt", 500);
	put_account(f->s, "youtube", "4", "carl_h", 10);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	clout_session_free(f->s);
	scratch_store_remove(f->location);
	free(f);
	return 0;
}

/* The one number sql answers, read on a connection of its own. */
static int64_t count_rows(clout_session *s, const char *sql)
{
	clout_sql *db = NULL;
	clout_sql_stmt *st;
	clout_error err = { 0 };
	int64_t n = -1;
	assert_int_equal(clout_sql_open(&db, clout_session_location(s), NULL, &err), 0);
	assert_int_equal(clout_sql_stmt_get(db, &st, sql, &err), 0);
	assert_int_equal(clout_sql_run_int64(db, st, &n, "count", &err), 1);
	clout_sql_free(db);
	return n;
}

/* Runs one statement on a connection of its own. */
static void exec_sql(clout_session *s, const char *sql)
{
	clout_sql *db = NULL;
	clout_error err = { 0 };
	assert_int_equal(clout_sql_open(&db, clout_session_location(s), NULL, &err), 0);
	if (clout_sql_exec(db, sql, &err) < 0)
		fail_msg("%s: %s", sql, err.message);
	clout_sql_free(db);
}

/* A post of account ext_id 2 (@ben_h) that listening matched, with a note, an alert and ben_h on
 * the partner list; as listening writes them. */
static void listened_post(clout_session *s)
{
	exec_sql(s, "INSERT INTO post (workspace_id, platform, ext_id, account_id, created_at, text, likes, comments)"
		    " SELECT workspace_id, 'instagram', 'p1', id, 1772323200, 'love my acme knives #ad', 40, 2 FROM account"
		    " WHERE ext_id = '2'");
	exec_sql(s, "INSERT INTO listen_mention (workspace_id, rule_id, rule_name, kind, team, priority, post_id, account_id,"
		    " platform, post_ext_id, handle, posted_at, sentiment, label, status, created_at, due_at)"
		    " SELECT p.workspace_id, r, 'acme', 'brand', 'pr', 'normal', p.id, p.account_id, 'instagram', 'p1', 'ben_h',"
		    " 1772323200, 0.8, 'positive', 'new', 1772323200, 1772326800 FROM post p, (SELECT 1 AS r UNION SELECT 2) rr"
		    " WHERE p.ext_id = 'p1'");
	exec_sql(s, "INSERT INTO listen_note (mention_id, author, note, created_at) SELECT id, 'ana', 'ben_h is happy', 1"
		    " FROM listen_mention WHERE rule_id = 1");
	exec_sql(s, "INSERT INTO listen_alert (workspace_id, kind, dedup_key, rule_name, at, post_id, detail, created_at)"
		    " SELECT workspace_id, 'influencer', 'inf:p1', 'acme', 1772323200, id, '@ben_h posted', 1 FROM post"
		    " WHERE ext_id = 'p1'");
	exec_sql(s, "INSERT INTO listen_partner (workspace_id, platform, handle, created_at) SELECT workspace_id,"
		    " 'instagram', 'ben_h', 1 FROM account WHERE ext_id = '2'");
}

static void test_crm__names_are_unique_without_regard_to_case(void **state)
{
	fixture *f = *state;
	const char *accounts[] = { "@anna_h" };
	clout_crm_person p;
	int64_t id = 0, found = 0;
	assert_int_equal(clout_crm_add(&id, f->s, "Anna", accounts, 1, NULL), 0);
	assert_int_equal(clout_crm_add(NULL, f->s, "anna", NULL, 0, NULL), CLOUT_EEXISTS);
	assert_non_null(strstr(clout_session_error(f->s)->message, "name: there is already a person"));
	assert_int_equal(clout_crm_find(&found, f->s, "ANNA"), 0);
	assert_int_equal(found, id);
	assert_int_equal(clout_crm_get(&p, f->s, "anna"), 0);
	assert_string_equal(p.name, "Anna");
	assert_int_equal(p.naccounts, 1);
	assert_string_equal(p.accounts[0].handle, "anna_h");
	assert_int_equal(p.stage, CLOUT_CRM_STAGE_IDENTIFIED);
	assert_int_equal(p.sharing, CLOUT_CRM_SHARING_NONE);
	assert_true(p.created_at > 0);
	clout_crm_person_release(&p);
	assert_int_equal(clout_crm_find(&found, f->s, "nobody"), CLOUT_ENOTFOUND);
	assert_string_equal(clout_session_error(f->s)->message, "no person 'nobody' in workspace 'default'");
	assert_int_equal(clout_crm_add(NULL, f->s, "", NULL, 0, NULL), CLOUT_EINVAL);
	assert_int_equal(clout_crm_add(NULL, f->s, "@anna", NULL, 0, NULL), CLOUT_EINVAL);
}

static void test_crm__a_failed_add_leaves_nothing(void **state)
{
	fixture *f = *state;
	const char *good_then_bad[] = { "@ben_h", "@nobody" };
	const char *taken[] = { "@anna_h" };
	assert_int_equal(clout_crm_add(NULL, f->s, "anna", taken, 1, NULL), 0);
	assert_int_equal(clout_crm_add(NULL, f->s, "ben", good_then_bad, 2, NULL), CLOUT_ENOTFOUND);
	assert_non_null(strstr(clout_session_error(f->s)->message, "account: no account 'nobody'"));
	assert_int_equal(clout_crm_add(NULL, f->s, "zed", taken, 1, NULL), CLOUT_ECONFLICT);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM person"), 1);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM account WHERE person_id IS NOT NULL"), 1);
	assert_int_equal(clout_crm_link(f->s, "anna", "tiktok:3", NULL), 0);
	assert_int_equal(clout_crm_unlink(f->s, "anna", "@ben_h", NULL), CLOUT_ENOTFOUND);
	assert_int_equal(clout_crm_unlink(f->s, "anna", "tiktok:3", NULL), 0);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM account WHERE person_id IS NOT NULL"), 1);
}

static int count_change(void *ctx, const clout_crm_stage_change *c)
{
	int *n = ctx;
	if (*n == 1) {
		assert_int_equal(c->stage, CLOUT_CRM_STAGE_CONTACTED);
		assert_string_equal(c->owner, "ana");
		assert_string_equal(c->by_user, "ana");
	}
	(*n)++;
	return 0;
}

static void test_crm__stage_history_and_owner(void **state)
{
	fixture *f = *state;
	clout_crm_person p;
	int n = 0;
	assert_int_equal(clout_crm_add(NULL, f->s, "ben", NULL, 0, NULL), 0);
	assert_int_equal(clout_crm_stage_set(f->s, "ben", "contacted", "ana"), CLOUT_ENOTFOUND); /* no user yet */
	assert_non_null(strstr(clout_session_error(f->s)->message, "owner: no user 'ana'"));
	assert_int_equal(clout_auth_user_add(NULL, f->s, "ana", CLOUT_ROLE_PR, "password1",
				 CLOUT_PASSWORD_MIN, 0), 0);
	assert_int_equal(clout_crm_stage_set(f->s, "ben", "flirting", NULL), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(f->s)->message, "stage: 'flirting' is not a stage"));
	assert_int_equal(clout_crm_stage_set(f->s, "ben", "contacted", "ana"), 0);
	assert_int_equal(clout_crm_stage_set(f->s, "ben", "partner", NULL), 0);
	assert_int_equal(clout_crm_stage_foreach(f->s, "ben", count_change, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(clout_crm_get(&p, f->s, "ben"), 0);
	assert_int_equal(p.stage, CLOUT_CRM_STAGE_PARTNER);
	assert_string_equal(p.owner, "ana");
	clout_crm_person_release(&p);
}

static void test_crm__withheld_rule(void **state)
{
	clout_crm_person p = { 0 };
	(void)state;
	p.consent = CLOUT_CRM_CONSENT_IN;
	p.sharing = CLOUT_CRM_SHARING_NONE;
	assert_true(clout_crm_withheld(&p, CLOUT_CRM_AUDIENCE_WORKSPACE));
	assert_true(clout_crm_withheld(&p, CLOUT_CRM_AUDIENCE_SHARE));
	p.sharing = CLOUT_CRM_SHARING_BRAND;
	assert_false(clout_crm_withheld(&p, CLOUT_CRM_AUDIENCE_WORKSPACE));
	assert_true(clout_crm_withheld(&p, CLOUT_CRM_AUDIENCE_SHARE));
	p.sharing = CLOUT_CRM_SHARING_PUBLIC;
	assert_false(clout_crm_withheld(&p, CLOUT_CRM_AUDIENCE_WORKSPACE));
	assert_false(clout_crm_withheld(&p, CLOUT_CRM_AUDIENCE_SHARE));
	p.consent = CLOUT_CRM_CONSENT_OUT;
	assert_true(clout_crm_withheld(&p, CLOUT_CRM_AUDIENCE_WORKSPACE));
	assert_true(clout_crm_withheld(NULL, CLOUT_CRM_AUDIENCE_WORKSPACE));
}

static void test_crm__withheld_account_follows_its_owner(void **state)
{
	fixture *f = *state;
	clout_crm_consent_options o = CLOUT_CRM_CONSENT_OPTIONS_INIT;
	const char *accounts[] = { "@ben_h" };
	bool withheld = false;
	int64_t person = -1, id = 0;
	assert_int_equal(clout_crm_add(&id, f->s, "ben", accounts, 1, NULL), 0);
	o.consent = CLOUT_CRM_CONSENT_IN;
	o.sharing = "public";
	o.source = "signed form";
	o.date = "2026-02-03";
	assert_int_equal(clout_crm_consent_set(f->s, "ben", &o), 0);
	assert_int_equal(clout_crm_withheld_account(&withheld, &person, f->s, "ben_h", CLOUT_CRM_AUDIENCE_SHARE), 0);
	assert_false(withheld);
	assert_int_equal(person, id);
	assert_int_equal(clout_crm_withheld_account(&withheld, &person, f->s, "@anna_h", CLOUT_CRM_AUDIENCE_SHARE), 0);
	assert_true(withheld); /* no one owns it: no consent on record */
	assert_int_equal(person, 0);
	assert_int_equal(clout_crm_withheld_account(&withheld, NULL, f->s, "@anna_h", CLOUT_CRM_AUDIENCE_WORKSPACE), 0);
	assert_false(withheld);
	o.date = "2026-02-30";
	o.sharing = "none";
	assert_int_equal(clout_crm_consent_set(f->s, "ben", &o), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(f->s)->message, "date: '2026-02-30' is not a date"));
	o.date = NULL;
	o.sharing = "everyone";
	assert_int_equal(clout_crm_consent_set(f->s, "ben", &o), CLOUT_EINVAL);
	assert_int_equal(clout_crm_withheld_account(&withheld, NULL, f->s, "ben_h", CLOUT_CRM_AUDIENCE_SHARE), 0);
	assert_false(withheld); /* the failed changes changed nothing */
	o.consent = CLOUT_CRM_CONSENT_OUT;
	o.sharing = NULL;
	assert_int_equal(clout_crm_consent_set(f->s, "ben", &o), 0);
	assert_int_equal(clout_crm_withheld_account(&withheld, NULL, f->s, "ben_h", CLOUT_CRM_AUDIENCE_WORKSPACE), 0);
	assert_true(withheld);
}

typedef struct seen {
	int n;
	int64_t value;
	char kind[32];
	int64_t shipped;
	char logged_by[32];
} seen;

static int last_interaction(void *ctx, const clout_crm_interaction *r)
{
	seen *s = ctx;
	s->n++;
	s->value = r->value_minor;
	snprintf(s->kind, sizeof(s->kind), "%s", r->kind);
	snprintf(s->logged_by, sizeof(s->logged_by), "%s", r->logged_by);
	s->shipped = r->shipped_at;
	return 0;
}

static void test_crm__log_refuses_contact_after_an_opt_out(void **state)
{
	fixture *f = *state;
	clout_crm_consent_options c = CLOUT_CRM_CONSENT_OPTIONS_INIT;
	clout_crm_log_options o = CLOUT_CRM_LOG_OPTIONS_INIT;
	seen sn = { 0 };
	assert_int_equal(clout_crm_add(NULL, f->s, "carl", NULL, 0, NULL), 0);
	c.consent = CLOUT_CRM_CONSENT_OUT;
	assert_int_equal(clout_crm_consent_set(f->s, "carl", &c), 0);
	o.kind = "gift";
	o.value = "10";
	o.currency = "EUR";
	assert_int_equal(clout_crm_log(NULL, f->s, "carl", &o), CLOUT_EDENIED);
	assert_non_null(strstr(clout_session_error(f->s)->message, "'carl' opted out"));
	o.kind = "dm";
	o.value = o.currency = NULL;
	assert_int_equal(clout_crm_log(NULL, f->s, "carl", &o), CLOUT_EDENIED);
	o.kind = "mention"; /* not a contact: still logged */
	assert_int_equal(clout_crm_log(NULL, f->s, "carl", &o), 0);
	assert_int_equal(clout_crm_interaction_foreach(f->s, "carl", last_interaction, &sn), 0);
	assert_int_equal(sn.n, 1);
	assert_string_equal(sn.kind, "mention");
	assert_string_equal(sn.logged_by, "ana");
}

static void test_crm__log_bad_input_changes_nothing(void **state)
{
	fixture *f = *state;
	clout_crm_log_options o = CLOUT_CRM_LOG_OPTIONS_INIT;
	seen sn = { 0 };
	assert_int_equal(clout_crm_add(NULL, f->s, "ben", NULL, 0, NULL), 0);
	o.kind = "gift";
	o.product = "knife set";
	o.currency = "EUR";
	o.value = "-80";
	assert_int_equal(clout_crm_log(NULL, f->s, "ben", &o), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(f->s)->message, "value: '-80' is negative"));
	o.value = "80";
	o.currency = "EURO";
	assert_int_equal(clout_crm_log(NULL, f->s, "ben", &o), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(f->s)->message, "currency: 'EURO'"));
	o.currency = "eur";
	o.shipped = "2026-13-01";
	assert_int_equal(clout_crm_log(NULL, f->s, "ben", &o), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(f->s)->message, "shipped:"));
	o.shipped = "2026-03-01";
	o.kind = "hug";
	assert_int_equal(clout_crm_log(NULL, f->s, "ben", &o), CLOUT_EINVAL);
	o.kind = "gift";
	assert_int_equal(clout_crm_log(NULL, f->s, "nobody", &o), CLOUT_ENOTFOUND);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM crm_interaction"), 0);
	assert_int_equal(clout_crm_log(NULL, f->s, "ben", &o), 0);
	assert_int_equal(clout_crm_interaction_foreach(f->s, "ben", last_interaction, &sn), 0);
	assert_int_equal(sn.n, 1);
	assert_int_equal(sn.value, 8000);
	assert_int_equal(sn.shipped, 1772323200); /* 2026-03-01T00:00:00Z */
}

static int feedback_check(void *ctx, const clout_crm_feedback *fb)
{
	int *n = ctx;
	assert_int_equal(fb->status, CLOUT_CRM_FEEDBACK_TOLD);
	assert_string_equal(fb->closed_by, "ana");
	assert_string_equal(fb->product, "knife set");
	(*n)++;
	return 0;
}

static void test_crm__feedback_loop_records_who_closed_it(void **state)
{
	fixture *f = *state;
	int64_t id = 0;
	int n = 0;
	assert_int_equal(clout_crm_add(NULL, f->s, "ben", NULL, 0, NULL), 0);
	assert_int_equal(clout_crm_feedback_add(&id, f->s, "ben", "knife set", ""), CLOUT_EINVAL);
	assert_int_equal(clout_crm_feedback_add(&id, f->s, "ben", "knife set", "the handle is slippery"), 0);
	assert_int_equal(clout_crm_feedback_set(f->s, id, "done"), CLOUT_EINVAL);
	assert_int_equal(clout_crm_feedback_set(f->s, id + 100, "acted"), CLOUT_ENOTFOUND);
	assert_int_equal(clout_crm_feedback_set(f->s, id, "acknowledged"), 0);
	assert_int_equal(clout_crm_feedback_set(f->s, id, "told"), 0);
	assert_int_equal(clout_crm_feedback_foreach(f->s, "ben", feedback_check, &n), 0);
	assert_int_equal(n, 1);
}

static void test_crm__balance_sheet(void **state)
{
	fixture *f = *state;
	const char *accounts[] = { "@ben_h", "@ben_tt" };
	clout_crm_log_options o = CLOUT_CRM_LOG_OPTIONS_INIT;
	clout_conversion_input in = CLOUT_CONVERSION_INPUT_INIT;
	clout_conversion conv = { 0 };
	clout_promo_code code = { 0 };
	clout_crm_balance b;
	int64_t ws;
	char *json;
	assert_int_equal(clout_crm_add(NULL, f->s, "ben", accounts, 2, NULL), 0);
	assert_int_equal(clout_crm_balance_get(&b, f->s, "ben", NULL), CLOUT_EINVAL); /* no workspace currency */
	assert_int_equal(clout_crm_currency_set(f->s, "eur"), 0);
	o.kind = "gift";
	o.value = "80";
	o.currency = "EUR";
	assert_int_equal(clout_crm_log(NULL, f->s, "ben", &o), 0);
	o.kind = "payment";
	o.value = "500";
	assert_int_equal(clout_crm_log(NULL, f->s, "ben", &o), 0);
	o.kind = "private_access";
	o.value = "20";
	o.currency = "USD";
	assert_int_equal(clout_crm_log(NULL, f->s, "ben", &o), 0);
	o.kind = "mention";
	o.value = o.currency = NULL;
	assert_int_equal(clout_crm_log(NULL, f->s, "ben", &o), 0);
	assert_int_equal(clout_session_workspace(f->s, &ws), 0);
	assert_int_equal(clout_convert_code_create(&code, f->s, "BEN10", "@ben_tt", "spring"), 0);
	in.order_id = "o1";
	in.amount = "116";
	in.currency = "EUR";
	in.code = "BEN10";
	assert_int_equal(clout_convert_record(&conv, f->s, &in, NULL), 1);
	listened_post(f->s);
	assert_int_equal(clout_crm_balance_get(&b, f->s, "ben", NULL), 0);
	assert_string_equal(b.currency, "EUR");
	assert_int_equal(b.listened_mentions, 1); /* one post, matched by two rules */
	assert_int_equal(b.posts, 1);
	assert_int_equal(b.engagements, 42);
	assert_int_equal(b.fees, 50000);
	assert_int_equal(b.gifts, 8000);
	assert_int_equal(b.given_total, 58000);
	assert_int_equal(b.mentions, 1);
	assert_int_equal(b.reach, 2500);
	assert_int_equal(b.revenue, 11600);
	assert_true(b.conversions > 0.99 && b.conversions < 1.01);
	assert_true(b.ratio > 0.1999 && b.ratio < 0.2001); /* 116 / 580 */
	assert_int_equal(b.nother, 1);
	assert_string_equal(b.other[0].currency, "USD");
	assert_int_equal(b.other[0].minor, 2000);
	json = clout_crm_balance_json(&b);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"ratio\":0.2"));
	free(json);
	clout_crm_balance_release(&b);
	clout_conversion_release(&conv);
	clout_promo_code_release(&code);
}

static void test_crm__erase_keeps_only_counts(void **state)
{
	fixture *f = *state;
	const char *accounts[] = { "@ben_h" };
	clout_crm_log_options o = CLOUT_CRM_LOG_OPTIONS_INIT;
	clout_promo_code code = { 0 };
	int64_t ws, id = 0, erased = 0;
	assert_int_equal(clout_crm_add(&id, f->s, "ben", accounts, 1, NULL), 0);
	assert_int_equal(clout_crm_add(NULL, f->s, "anna", NULL, 0, NULL), 0);
	o.kind = "thanks";
	assert_int_equal(clout_crm_log(NULL, f->s, "ben", &o), 0);
	assert_int_equal(clout_crm_log(NULL, f->s, "anna", &o), 0);
	assert_int_equal(clout_crm_feedback_add(NULL, f->s, "ben", NULL, "love it"), 0);
	assert_int_equal(clout_session_workspace(f->s, &ws), 0);
	assert_int_equal(clout_convert_code_create(&code, f->s, "BEN10", "ben_h", NULL), 0);
	clout_promo_code_release(&code);
	listened_post(f->s);
	assert_int_equal(clout_crm_erase(&erased, f->s, "Ben"), 0);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM listen_mention WHERE handle IS NULL"), 2);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM listen_note"), 0);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM listen_alert WHERE detail LIKE '%ben%'"), 0);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM listen_partner"), 0);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM post WHERE text IS NULL AND likes = 40"), 1);
	assert_int_equal(erased, id);
	assert_int_equal(clout_crm_find(&id, f->s, "ben"), CLOUT_ENOTFOUND);
	assert_int_equal(clout_crm_add(NULL, f->s, "erased-1", NULL, 0, NULL), CLOUT_EINVAL);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM person WHERE key LIKE 'erased-%' AND consent = 'out'"
					  " AND sharing = 'none' AND owner IS NULL"), 1); /* the anonymous stub */
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM person WHERE key = 'ben'"), 0);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM crm_interaction"), 1); /* anna's */
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM crm_feedback"), 0);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM account WHERE handle = 'ben_h' OR name IS NOT NULL"
					  " AND ext_id = '2'"), 0);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM account WHERE ext_id LIKE 'erased-%' AND followers = 2000"
					  " AND bio IS NULL"), 1);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM track_code WHERE influencer IS NOT NULL"), 0);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM track_code"), 1);
	assert_int_equal(clout_crm_erase(NULL, f->s, "ben"), CLOUT_ENOTFOUND);
}

static void test_crm__nda_dates(void **state)
{
	fixture *f = *state;
	clout_crm_person p;
	assert_int_equal(clout_crm_add(NULL, f->s, "anna", NULL, 0, NULL), 0);
	assert_int_equal(clout_crm_nda_set(f->s, "anna", "inked", NULL, NULL, NULL), CLOUT_EINVAL);
	assert_int_equal(clout_crm_nda_set(f->s, "anna", "signed", NULL, "2026-03-01", "2026-02-01"), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(f->s)->message, "expires: before"));
	assert_int_equal(clout_crm_nda_set(f->s, "anna", "signed", "2026-02-20", "2026-03-01", "2027-03-01"), 0);
	assert_int_equal(clout_crm_get(&p, f->s, "anna"), 0);
	assert_int_equal(p.nda, CLOUT_CRM_NDA_SIGNED);
	assert_int_equal(p.nda_signed_at, 1772323200);
	clout_crm_person_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_crm__names_are_unique_without_regard_to_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crm__a_failed_add_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crm__stage_history_and_owner, setup, teardown),
		cmocka_unit_test(test_crm__withheld_rule),
		cmocka_unit_test_setup_teardown(test_crm__withheld_account_follows_its_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crm__log_refuses_contact_after_an_opt_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crm__log_bad_input_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crm__feedback_loop_records_who_closed_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crm__balance_sheet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crm__erase_keeps_only_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crm__nda_dates, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
