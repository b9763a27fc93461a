/*
 * test_convert.c: money, promo codes, conversions (idempotent, conflicting), refunds, postback
 * signatures, and the attribution models on a hand-made history of clicks and orders whose
 * figures are worked out by hand below. Runs on the engine of $CLOUT_TEST_ENGINE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clout/clout.h"
#include "clout/convert.h"
#include "lib/store/track.h"
#include "store_fixture.h"
#include "util/banned.h"

#define DAY 86400000LL
#define HOUR 3600000LL
static const int64_t T0 = 1700000000000LL; /* 2023-11-14 22:13:20 UTC */

typedef struct fixture {
	char path[SCRATCH_LOCATION_MAX];
	clout_store *store;
	int64_t ws;
	clout_session *s; /* on the same store, in the same workspace: what the operations take */
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "test_convert.db");
	if (scratch_store_open(f->path, sizeof(f->path), &f->store, &f->ws) < 0 ||
	    scratch_session_open(f->path, "default", &f->s) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	clout_session_free(f->s);
	clout_store_free(f->store);
	scratch_db_drop(f->path);
	free(f);
	return 0;
}

static int64_t minor(const char *text, const char *currency)
{
	clout_error err = { 0 };
	int64_t v = -1;
	assert_int_equal(clout_convert_money_parse(&v, text, currency, &err), 0);
	return v;
}

static void refused(const char *text, const char *currency, const char *field)
{
	clout_error err = { 0 };
	int64_t v;
	assert_int_equal(clout_convert_money_parse(&v, text, currency, &err), CLOUT_EINVAL);
	assert_true(!strncmp(err.message, field, strlen(field)));
}

static void test_money__parse_exactly(void **state)
{
	char out[40];
	(void)state;
	assert_int_equal(minor("100", "EUR"), 10000);
	assert_int_equal(minor("100.5", "EUR"), 10050);
	assert_int_equal(minor("99.99", "EUR"), 9999);
	assert_int_equal(minor("0.07", "USD"), 7);
	assert_int_equal(minor("99.990", "EUR"), 9999);
	assert_int_equal(minor("100", "JPY"), 100);
	assert_int_equal(minor("1.234", "KWD"), 1234);
	assert_int_equal(minor("92233720368547758.07", "EUR"), INT64_MAX);
	refused("100.5", "JPY", "amount:");
	refused("99.999", "EUR", "amount:");
	refused("1.", "EUR", "amount:");
	refused(".5", "EUR", "amount:");
	refused("-1", "EUR", "amount:");
	refused("1e3", "EUR", "amount:");
	refused("1,50", "EUR", "amount:");
	refused("", "EUR", "amount:");
	refused("92233720368547758.08", "EUR", "amount:");
	refused("1", "XYZ", "currency:");
	refused("1", "eur", "currency:");
	assert_int_equal(clout_convert_currency_exponent("CLF"), 4);
	assert_string_equal(clout_convert_money_format(out, sizeof(out), 1234, "EUR"), "12.34");
	assert_string_equal(clout_convert_money_format(out, sizeof(out), 5, "EUR"), "0.05");
	assert_string_equal(clout_convert_money_format(out, sizeof(out), -50, "EUR"), "-0.50");
	assert_string_equal(clout_convert_money_format(out, sizeof(out), 100, "JPY"), "100");
	assert_string_equal(clout_convert_money_format(out, sizeof(out), 1, "KWD"), "0.001");
}

static void test_code__create_normalized_unique(void **state)
{
	fixture *f = *state;
	clout_promo_code code;
	assert_int_equal(clout_convert_code_create(&code, f->s, "anna10", "@anna", "spring"), 0);
	assert_string_equal(code.code, "ANNA10");
	assert_string_equal(code.influencer, "anna");
	clout_promo_code_release(&code);
	assert_int_equal(clout_convert_code_create(&code, f->s, "ANNA10", "bob", NULL), CLOUT_EEXISTS);
	assert_int_equal(clout_convert_code_create(&code, f->s, "no space", "bob", NULL), CLOUT_EINVAL);
	assert_true(!strncmp(clout_session_error(f->s)->message, "code:", 5));
	assert_int_equal(clout_convert_code_create(&code, f->s, "BOB", NULL, NULL), CLOUT_EINVAL);
	assert_true(!strncmp(clout_session_error(f->s)->message, "influencer:", 11));
}

static int record(fixture *f, clout_conversion *out, const char *order, const char *amount, const char *currency,
	int64_t click, const char *code, const char *customer, int64_t at, clout_error *err)
{
	clout_conversion_input in = CLOUT_CONVERSION_INPUT_INIT;
	in.order_id = order;
	in.amount = amount;
	in.currency = currency;
	in.click_id = click;
	in.code = code;
	in.customer_id = customer;
	in.at_ms = at;
	int rc = clout_convert_record(out, f->s, &in, NULL);
	*err = *clout_session_error(f->s);
	return rc;
}

static void test_conversion__idempotent_and_conflicts(void **state)
{
	fixture *f = *state;
	clout_error err = { 0 };
	clout_conversion c;
	assert_int_equal(record(f, &c, "o-1", "19.90", "eur", 0, NULL, NULL, T0, &err), 1);
	assert_int_equal(c.amount_minor, 1990);
	assert_string_equal(c.currency, "EUR");
	assert_int_equal(c.by, CLOUT_ATTRIBUTED_NONE);
	clout_conversion_release(&c);
	assert_int_equal(record(f, &c, "o-1", "19.9", "EUR", 0, NULL, NULL, T0, &err), 0);
	assert_int_equal(c.amount_minor, 1990);
	clout_conversion_release(&c);
	assert_int_equal(record(f, &c, "o-1", "19.91", "EUR", 0, NULL, NULL, T0, &err), CLOUT_ECONFLICT);
	assert_true(!strncmp(err.message, "order_id:", 9));
	assert_int_equal(record(f, &c, "o-1", "19.90", "USD", 0, NULL, NULL, T0, &err), CLOUT_ECONFLICT);
	assert_int_equal(record(f, &c, "", "1", "EUR", 0, NULL, NULL, T0, &err), CLOUT_EINVAL);
	assert_true(!strncmp(err.message, "order_id:", 9));
	assert_int_equal(record(f, &c, "o-2", "1", "EURO", 0, NULL, NULL, T0, &err), CLOUT_EINVAL);
	assert_true(!strncmp(err.message, "currency:", 9));
	/* an unknown click id or code is kept out, with a warning; the order is still recorded */
	assert_int_equal(record(f, &c, "o-3", "5", "EUR", 987654, "NOPE", NULL, T0, &err), 1);
	assert_int_equal(c.click_id, 0);
	assert_null(c.code);
	assert_non_null(c.warning);
	assert_true(!strncmp(c.warning, "click_id:", 9));
	clout_conversion_release(&c);
	assert_int_equal(clout_convert_get(&c, f->s, "o-404"), CLOUT_ENOTFOUND);
}

static void test_refund__partial_full_idempotent(void **state)
{
	fixture *f = *state;
	clout_error err = { 0 };
	clout_conversion c;
	assert_int_equal(record(f, &c, "r-1", "100", "EUR", 0, NULL, NULL, T0, &err), 1);
	clout_conversion_release(&c);
	assert_int_equal(clout_convert_refund(&c, f->s, "r-1", NULL, "10"), CLOUT_EINVAL);
	assert_true(!strncmp(clout_session_error(f->s)->message, "refund_id:", 10));
	assert_int_equal(clout_convert_refund(&c, f->s, "r-1", "ret-1", "25.50"), 1);
	assert_int_equal(c.refunded_minor, 2550);
	clout_conversion_release(&c);
	assert_int_equal(clout_convert_refund(&c, f->s, "r-1", "ret-1", "25.50"), 0);
	assert_int_equal(c.refunded_minor, 2550);
	clout_conversion_release(&c);
	assert_int_equal(clout_convert_refund(&c, f->s, "r-1", "ret-1", "20"), CLOUT_ECONFLICT);
	assert_int_equal(clout_convert_refund(&c, f->s, "r-1", "ret-2", "80"), CLOUT_EINVAL);
	assert_true(!strncmp(clout_session_error(f->s)->message, "amount:", 7));
	assert_int_equal(clout_convert_refund(&c, f->s, "r-1", NULL, NULL), 1);
	assert_int_equal(c.refunded_minor, 10000);
	clout_conversion_release(&c);
	assert_int_equal(clout_convert_refund(&c, f->s, "r-1", NULL, NULL), 0);
	assert_int_equal(c.refunded_minor, 10000);
	clout_conversion_release(&c);
	assert_int_equal(clout_convert_refund(&c, f->s, "nope", NULL, NULL), CLOUT_ENOTFOUND);
}

static void test_signature__made_checked_refused(void **state)
{
	fixture *f = *state;
	clout_error err = { 0 };
	char secret[65], again[65], rotated[65], header[128];
	const char body[] = "{\"order_id\":\"1\"}";
	const int64_t now = 1800000000;
	assert_int_equal(clout_convert_secret(secret, f->s, false), 0);
	assert_int_equal(strlen(secret), 64);
	assert_int_equal(clout_convert_secret(again, f->s, false), 0);
	assert_string_equal(secret, again);
	assert_int_equal(clout_convert_signature_make(header, sizeof(header), body, strlen(body), secret, now, &err), 0);
	assert_int_equal(clout_convert_signature_check(header, body, strlen(body), secret, now + 10, &err), 0);
	assert_int_equal(clout_convert_signature_check(header, "{\"order_id\":\"2\"}", strlen(body), secret, now, &err),
		CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "does not match"));
	assert_int_equal(clout_convert_signature_check(header, body, strlen(body), secret, now + 301, &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "replayed"));
	assert_int_equal(clout_convert_signature_check("v1=00", body, strlen(body), secret, now, &err), CLOUT_EINVAL);
	assert_int_equal(clout_convert_signature_check("t=1800000000,v1=zz", body, strlen(body), secret, now, &err),
		CLOUT_EINVAL);
	assert_int_equal(clout_convert_secret(rotated, f->s, true), 0);
	assert_string_not_equal(rotated, secret);
	assert_int_equal(clout_convert_signature_check(header, body, strlen(body), rotated, now, &err), CLOUT_EINVAL);
}

/* ---- attribution on a hand-made history ---- */

static int64_t make_link(fixture *f, const char *code, const char *influencer, const char *campaign)
{
	clout_link_options o = CLOUT_LINK_OPTIONS_INIT;
	clout_link l;
	int64_t id;
	o.url = "https://shop.example.com/";
	o.code = code;
	o.influencer = influencer;
	o.campaign = campaign;
	assert_int_equal(clout_track_link_create(&l, f->s, &o), 0);
	id = l.id;
	clout_link_release(&l);
	return id;
}

static int64_t click(fixture *f, int64_t link_id, int64_t at, clout_click_class cls)
{
	static uint8_t n;
	uint8_t hash[16] = { ++n };
	clout__store_click c = { 0, link_id, at, hash, sizeof(hash), cls, "browser", NULL };
	clout_error err = { 0 };
	bool unique;
	if (clout__store_click_insert(f->store, &c, at - 1800000, &unique, &err) < 0)
		fail_msg("click: %s", err.message);
	return c.id;
}

/*
 * Links A (anna, spring), B (bob, spring), C (anna, autumn); promo code ANNA10 (anna, spring).
 * Clicks: c1 on A at T0, c2 on B at T0+1d, c3 on C at T0+2d, c4 on A at T0+3d by a bot.
 * Orders:
 *   o1 100.00 EUR, click c1, customer u1, T0+1h         -> A; refunded 25.00 (net 75.00)
 *   o2  30.00 EUR, click c2, customer u1, T0+1d+1h      touches c1, c2 (c2 named)
 *   o3  10.01 EUR, customer u1, T0+2d                    touches c1, c2
 *   o4  50.00 USD, code anna10, customer u1, T0+2d      -> the code, whatever the model
 *   o5  20.00 EUR, click c4 (a bot)                      -> nothing (warning)
 *   o6   5.00 EUR, customer u2                           -> nothing (no touch)
 *   o7   1.00 EUR, customer u1, T0+40d                   -> nothing (c1, c2 out of the 30-day window)
 * last:   A 1 conv 75.00 (25.00 refunded); B 2 conv 30.00 + 10.01 = 40.01; ANNA10 1 conv 50.00 USD
 * first:  A 3 conv 75.00 + 30.00 + 10.01 = 115.01; B 0
 * linear: A 1 + 0.5 + 0.5 = 2 conv, 75.00 + 15.00 + 5.00 = 95.00 (o3's odd cent goes to the later c2)
 *         B 0.5 + 0.5 = 1 conv, 15.00 + 5.01 = 20.01
 */
typedef struct history {
	int64_t c1, c2, c3, c4;
} history;

static void make_history(fixture *f, history *h)
{
	clout_error err = { 0 };
	clout_conversion c;
	clout_promo_code code;
	int64_t a = make_link(f, "A", "anna", "spring"), b = make_link(f, "B", "@bob", "spring"), cc = make_link(f, "C", "anna", "autumn");
	h->c1 = click(f, a, T0, CLOUT_CLICK_HUMAN);
	h->c2 = click(f, b, T0 + DAY, CLOUT_CLICK_HUMAN);
	h->c3 = click(f, cc, T0 + 2 * DAY, CLOUT_CLICK_HUMAN);
	h->c4 = click(f, a, T0 + 3 * DAY, CLOUT_CLICK_BOT);
	assert_int_equal(clout_convert_code_create(&code, f->s, "anna10", "anna", "spring"), 0);
	clout_promo_code_release(&code);
	assert_int_equal(record(f, &c, "o1", "100", "EUR", h->c1, NULL, "u1", T0 + HOUR, &err), 1);
	assert_int_equal(c.by, CLOUT_ATTRIBUTED_CLICK);
	assert_string_equal(c.link, "A");
	assert_string_equal(c.influencer, "anna");
	clout_conversion_release(&c);
	assert_int_equal(record(f, &c, "o2", "30", "EUR", h->c2, NULL, "u1", T0 + DAY + HOUR, &err), 1);
	assert_string_equal(c.link, "B");
	clout_conversion_release(&c);
	assert_int_equal(record(f, &c, "o3", "10.01", "EUR", 0, NULL, "u1", T0 + 2 * DAY, &err), 1);
	assert_int_equal(c.by, CLOUT_ATTRIBUTED_CUSTOMER);
	assert_string_equal(c.link, "B");
	clout_conversion_release(&c);
	assert_int_equal(record(f, &c, "o4", "50", "USD", 0, "anna10", "u1", T0 + 2 * DAY, &err), 1);
	assert_int_equal(c.by, CLOUT_ATTRIBUTED_CODE);
	assert_string_equal(c.code, "ANNA10");
	assert_string_equal(c.campaign, "spring");
	clout_conversion_release(&c);
	assert_int_equal(record(f, &c, "o5", "20", "EUR", h->c4, NULL, NULL, T0 + 3 * DAY, &err), 1);
	assert_int_equal(c.by, CLOUT_ATTRIBUTED_NONE);
	assert_non_null(c.warning);
	clout_conversion_release(&c);
	assert_int_equal(record(f, &c, "o6", "5", "EUR", 0, NULL, "u2", T0 + 3 * DAY, &err), 1);
	assert_int_equal(c.by, CLOUT_ATTRIBUTED_NONE);
	clout_conversion_release(&c);
	assert_int_equal(record(f, &c, "o7", "1", "EUR", 0, NULL, "u1", T0 + 40 * DAY, &err), 1);
	assert_int_equal(c.by, CLOUT_ATTRIBUTED_NONE);
	clout_conversion_release(&c);
	assert_int_equal(clout_convert_refund(&c, f->s, "o1", "ret", "25"), 1);
	clout_conversion_release(&c);
}

static const clout_convert_report_row *row_named(const clout_convert_report *r, const char *name)
{
	for (size_t i = 0; i < r->count; i++) {
		const clout_convert_report_row *row = &r->rows[i];
		const char *key = row->link ? row->link : row->promo_code ? row->promo_code
			: r->opts.group == CLOUT_GROUP_INFLUENCER ? row->influencer : row->campaign;
		if (key && !strcmp(key, name))
			return row;
	}
	fail_msg("no row %s", name);
	return NULL;
}

static void revenue_is(const clout_convert_report_row *row, const char *currency, int64_t net, int64_t refunded)
{
	for (size_t i = 0; i < row->revenue_count; i++)
		if (!strcmp(row->revenue[i].currency, currency)) {
			assert_int_equal(row->revenue[i].net_minor, net);
			assert_int_equal(row->revenue[i].refunded_minor, refunded);
			return;
		}
	assert_int_equal(net, 0);
	assert_int_equal(refunded, 0);
}

static void report(fixture *f, clout_convert_report *r, clout_convert_model model, clout_convert_group group)
{
	clout_convert_report_options o = CLOUT_CONVERT_REPORT_OPTIONS_INIT;
	o.model = model;
	o.group = group;
	assert_int_equal(clout_convert_report_build(r, f->s, &o), 0);
}

static void test_attribution__last_first_linear(void **state)
{
	fixture *f = *state;
	clout_convert_report r;
	const clout_convert_report_row *a, *b, *c, *code;
	history h;
	make_history(f, &h);

	report(f, &r, CLOUT_MODEL_LAST, CLOUT_GROUP_LINK);
	assert_int_equal(r.count, 4);
	a = row_named(&r, "A");
	b = row_named(&r, "B");
	c = row_named(&r, "C");
	code = row_named(&r, "ANNA10");
	assert_int_equal(a->clicks, 1);
	assert_int_equal(a->unique_clicks, 1);
	assert_int_equal(a->bot_clicks, 1);
	assert_true(a->conversions == 1.0);
	revenue_is(a, "EUR", 7500, 2500);
	assert_true(b->conversions == 2.0);
	revenue_is(b, "EUR", 4001, 0);
	assert_true(clout_convert_report_rate(b) == 2.0);
	assert_true(c->conversions == 0.0);
	assert_int_equal(c->clicks, 1);
	assert_true(code->conversions == 1.0);
	revenue_is(code, "USD", 5000, 0);
	revenue_is(code, "EUR", 0, 0);
	assert_true(clout_convert_report_rate(code) < 0);
	clout_convert_report_release(&r);

	report(f, &r, CLOUT_MODEL_FIRST, CLOUT_GROUP_LINK);
	a = row_named(&r, "A");
	b = row_named(&r, "B");
	assert_true(a->conversions == 3.0);
	revenue_is(a, "EUR", 11501, 2500);
	assert_true(b->conversions == 0.0);
	revenue_is(b, "EUR", 0, 0);
	clout_convert_report_release(&r);

	report(f, &r, CLOUT_MODEL_LINEAR, CLOUT_GROUP_LINK);
	a = row_named(&r, "A");
	b = row_named(&r, "B");
	assert_true(a->conversions == 2.0);
	revenue_is(a, "EUR", 9500, 2500);
	assert_true(b->conversions == 1.0);
	revenue_is(b, "EUR", 2001, 0);
	clout_convert_report_release(&r);

	/* by influencer (last): anna = A + C + ANNA10, bob = B; currencies stay apart */
	report(f, &r, CLOUT_MODEL_LAST, CLOUT_GROUP_INFLUENCER);
	assert_int_equal(r.count, 2);
	a = row_named(&r, "anna");
	assert_int_equal(a->clicks, 2);
	assert_true(a->conversions == 2.0);
	revenue_is(a, "EUR", 7500, 2500);
	revenue_is(a, "USD", 5000, 0);
	clout_convert_report_release(&r);

	/* by campaign (linear): spring = A + B + ANNA10, autumn = C */
	report(f, &r, CLOUT_MODEL_LINEAR, CLOUT_GROUP_CAMPAIGN);
	a = row_named(&r, "spring");
	assert_true(a->conversions == 4.0);
	revenue_is(a, "EUR", 11501, 2500);
	revenue_is(a, "USD", 5000, 0);
	clout_convert_report_release(&r);
}

static void test_report__filters_days_json(void **state)
{
	fixture *f = *state;
	clout_convert_report_options o = CLOUT_CONVERT_REPORT_OPTIONS_INIT;
	clout_convert_report r;
	history h;
	char *json;
	make_history(f, &h);
	o.campaign = "spring";
	assert_int_equal(clout_convert_report_build(&r, f->s, &o), 0);
	assert_int_equal(r.count, 3); /* A, B, ANNA10 */
	clout_convert_report_release(&r);
	o.campaign = NULL;
	o.influencer = "@anna";
	o.by_day = true;
	assert_int_equal(clout_convert_report_build(&r, f->s, &o), 0);
	/* A: day of c1 + o1 (both 2023-11-14), day of c4 (bot, 2023-11-17); C: 2023-11-16; ANNA10: 2023-11-16 */
	assert_int_equal(r.count, 4);
	assert_string_equal(r.rows[0].link, "A");
	assert_int_equal(r.rows[0].day, T0 / DAY);
	assert_true(r.rows[0].conversions == 1.0);
	assert_int_equal(r.rows[1].day, (T0 + 3 * DAY) / DAY);
	assert_int_equal(r.rows[1].bot_clicks, 1);
	json = clout_convert_report_json(&r);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"day\":\"2023-11-14\""));
	assert_non_null(strstr(json, "{\"currency\":\"USD\",\"net\":\"50.00\",\"refunded\":\"0.00\"}"));
	free(json);
	clout_convert_report_release(&r);
	/* from/to: only T0+1d .. T0+2d: c2 and o2 */
	o.influencer = NULL;
	o.by_day = false;
	o.from_ms = T0 + DAY;
	o.to_ms = T0 + 2 * DAY;
	assert_int_equal(clout_convert_report_build(&r, f->s, &o), 0);
	assert_true(row_named(&r, "B")->conversions == 1.0);
	assert_int_equal(row_named(&r, "B")->clicks, 1);
	assert_int_equal(row_named(&r, "A")->clicks, 0);
	clout_convert_report_release(&r);
	o.to_ms = o.from_ms;
	assert_int_equal(clout_convert_report_build(&r, f->s, &o), CLOUT_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money__parse_exactly),
		cmocka_unit_test_setup_teardown(test_code__create_normalized_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conversion__idempotent_and_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refund__partial_full_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signature__made_checked_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attribution__last_first_linear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__filters_days_json, setup, teardown),
	};
	if (scratch_engine_is_pg() && !scratch_pg_url())
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
