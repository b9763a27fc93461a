/*
 * test_webhook.c: webhooks in the store (add, refusals, list, remove), events enqueued only for
 * subscribed webhooks of the workspace, the delivery log, and the signature against a value
 * computed independently (python3 hmac); the store cases run on SQLite and, when $CLOUT_TEST_PG
 * names a scratch cluster, on PostgreSQL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clout/clout.h"
#include "store_fixture.h"
#include "util/banned.h"

typedef engine_fixture fixture;

static int setup_sqlite(void **state)
{
	return engine_fixture_open(state, "sqlite", "test_webhook");
}

static int setup_pg(void **state)
{
	return engine_fixture_open(state, "postgresql", "test_webhook");
}

static int teardown(void **state)
{
	return engine_fixture_teardown(state);
}

static void test_sign__known_value(void **state)
{
	char sig[CLOUT_WEBHOOK_SIGNATURE_MAX];
	(void)state;
	/* python3 -c 'import hmac,hashlib;print(hmac.new(b"key-of-sixteen!!",b"1700000000.{\"a\":1}",hashlib.sha256).hexdigest())' */
	clout_webhook_sign(sig, "key-of-sixteen!!", 1700000000, "{\"a\":1}", 7);
	assert_string_equal(sig, "t=1700000000,v1=48f2aae27e5e37399712fce11c34d6b700930ea19ee307f2e75f4a5eb1e26921");
}

static void test_hooks__add_enqueue_log_remove(void **state)
{
	fixture *f = *state;
	char gen[CLOUT_WEBHOOK_SECRET_GEN];
	clout_webhook *hooks;
	clout_webhook_delivery *log;
	size_t n;
	int64_t a, b, c;
	if (!f)
		skip();
	assert_int_equal(clout_webhook_add(&a, f->s, "https://h.example/a", "link.created,conversion.created",
		"sixteen-byte-key", gen), 0);
	assert_int_equal(clout_webhook_add(&b, f->s, "http://h.example/b", "conversion.created", NULL, gen),
		0);
	assert_int_equal(strlen(gen), 64);
	assert_int_equal(clout_webhook_add(&c, f->other_s, "http://h.example/c", "link.created", NULL, gen),
		0);
	assert_int_equal(clout_webhook_add(NULL, f->s, "ftp://h.example/", "link.created", NULL, gen),
		CLOUT_EINVAL);
	assert_int_equal(clout_webhook_add(NULL, f->s, "http://h.example/", "link.created,", NULL, gen),
		CLOUT_EINVAL);
	assert_int_equal(clout_webhook_add(NULL, f->s, "http://h.example/", "link", NULL, gen),
		CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(f->s)->message, "'link' is not an event"));
	assert_int_equal(clout_webhook_add(NULL, f->s, "http://h.example/", "link.created", "short", gen),
		CLOUT_EINVAL);
	assert_int_equal(clout_webhook_list(&hooks, &n, f->s), 0);
	assert_int_equal(n, 2);
	assert_string_equal(hooks[0].events, "link.created,conversion.created");
	clout_webhooks_free(hooks, n);
	/* link.created reaches a only (b does not subscribe, c is another workspace's) */
	assert_int_equal(clout_webhook_enqueue(f->s, "link.created", "{\"code\":\"x\"}"), 0);
	assert_int_equal(clout_webhook_enqueue(f->s, "conversion.created", "{}"), 0);
	assert_int_equal(clout_webhook_enqueue(f->s, "link.created", "{not json"), CLOUT_EINVAL);
	assert_int_equal(clout_webhook_enqueue(f->s, "link", "{}"), CLOUT_EINVAL);
	assert_int_equal(clout_webhook_log(&log, &n, f->s), 0);
	assert_int_equal(n, 3);
	assert_int_equal(log[0].webhook_id, a);
	assert_string_equal(log[0].event, "link.created");
	assert_int_equal(log[0].status, CLOUT_DELIVERY_PENDING);
	assert_int_equal(log[0].attempts, 0);
	assert_int_equal(log[1].webhook_id + log[2].webhook_id, a + b);
	clout_webhook_deliveries_free(log, n);
	assert_int_equal(clout_webhook_log(&log, &n, f->other_s), 0);
	assert_int_equal(n, 0);
	clout_webhook_deliveries_free(log, n);
	/* removal takes the deliveries with it, and only in its workspace */
	assert_int_equal(clout_webhook_remove(f->other_s, a), CLOUT_ENOTFOUND);
	assert_int_equal(clout_webhook_remove(f->s, a), 0);
	assert_int_equal(clout_webhook_log(&log, &n, f->s), 0);
	assert_int_equal(n, 1);
	assert_int_equal(log[0].webhook_id, b);
	clout_webhook_deliveries_free(log, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign__known_value),
		cmocka_unit_test_setup_teardown(test_hooks__add_enqueue_log_remove, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(test_hooks__add_enqueue_log_remove, setup_pg, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
