/*
 * test_fastparse.c: the redirect fast path's request parser (src/server/fastparse.c): what it
 * answers itself, what it waits for, and everything it hands to libmicrohttpd.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "server/fastparse.h"
#include "util/banned.h"

#define MAX_HEADERS 16384
#define MAX_REQUEST (MAX_HEADERS + 16384)

static char scratch[MAX_REQUEST + 64];

static fastparse_verdict parse(const char *text, fastparse_request *out)
{
	return fastparse_request_parse(text, strlen(text), MAX_HEADERS, MAX_REQUEST, out, scratch);
}

static void test_parse__plain_redirects(void **state)
{
	fastparse_request r;
	const char *get = "GET /r/spring-24_x HTTP/1.1\r\nHost: go.example\r\nUser-Agent:  Mozilla/5.0 (X11) \r\n"
			  "Referer: https://t.co/x\r\nSec-Purpose: prefetch\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n";
	(void)state;
	assert_int_equal(parse(get, &r), FASTPARSE_REDIRECT);
	assert_int_equal(r.length, strlen(get));
	assert_false(r.head);
	assert_false(r.close);
	assert_string_equal(r.code, "spring-24_x");
	assert_string_equal(r.user_agent, "Mozilla/5.0 (X11)"); /* trimmed */
	assert_string_equal(r.referer, "https://t.co/x");
	assert_string_equal(r.sec_purpose, "prefetch");
	assert_string_equal(r.forwarded_for, "203.0.113.9");
	assert_null(r.purpose);
	assert_null(r.x_moz);
	assert_int_equal(parse("HEAD /r/a?utm_source=ig&x=1 HTTP/1.1\r\nConnection: close\r\n\r\n", &r), FASTPARSE_REDIRECT);
	assert_true(r.head);
	assert_true(r.close);
	assert_string_equal(r.code, "a");
	assert_int_equal(parse("GET /r/a HTTP/1.1\r\nconnection: Keep-Alive\r\ncontent-length: 0\r\n\r\n", &r),
		FASTPARSE_REDIRECT);
	assert_false(r.close);
	/* the first of a repeated header, as libmicrohttpd's lookup gives it */
	assert_int_equal(parse("GET /r/a HTTP/1.1\r\nUser-Agent: one\r\nuser-agent: two\r\n\r\n", &r), FASTPARSE_REDIRECT);
	assert_string_equal(r.user_agent, "one");
}

static void test_parse__pipelined_requests_one_at_a_time(void **state)
{
	fastparse_request r;
	const char *two = "GET /r/a HTTP/1.1\r\n\r\nGET /api/v1/links HTTP/1.1\r\n\r\n";
	(void)state;
	assert_int_equal(parse(two, &r), FASTPARSE_REDIRECT);
	assert_int_equal(r.length, strlen("GET /r/a HTTP/1.1\r\n\r\n"));
	assert_int_equal(parse(two + r.length, &r), FASTPARSE_HANDOFF);
}

static void test_parse__waits_for_the_rest(void **state)
{
	fastparse_request r;
	const char *partial[] = { "", "G", "GE", "GET", "GET ", "GET /r", "GET /r/", "HEAD /r/abc", "GET /r/abc?x=",
		"GET /r/abc HTTP/1", "GET /r/abc HTTP/1.1\r", "GET /r/abc HTTP/1.1\r\nUser-Agent: x",
		"GET /r/abc HTTP/1.1\r\nUser-Agent: x\r\n", "GET /r/abc HTTP/1.1\r\n\r" };
	(void)state;
	for (size_t i = 0; i < sizeof(partial) / sizeof(*partial); i++)
		assert_int_equal(parse(partial[i], &r), FASTPARSE_MORE);
}

static void test_parse__everything_else_goes_to_libmicrohttpd(void **state)
{
	fastparse_request r;
	const char *other[] = {
		"POST /r/abc HTTP/1.1\r\n\r\n",
		"GET /api/v1/links HTTP/1.1\r\n\r\n",
		"GET /healthz HTTP/1.1\r\n\r\n",
		"GET /r/ HTTP/1.1\r\n\r\n",            /* no code */
		"GET /r/ab.c HTTP/1.1\r\n\r\n",        /* not a code */
		"GET /r/ab%63 HTTP/1.1\r\n\r\n",       /* an escape to decode */
		"GET /r/abc/more HTTP/1.1\r\n\r\n",
		"GET /r/abc?q=%20 HTTP/1.1\r\n\r\n",
		"GET /r/abc HTTP/1.0\r\n\r\n",
		"GET /r/abc HTTP/2.0\r\n\r\n",
		"GET /r/abc  HTTP/1.1\r\n\r\n",
		"GET /r/abc HTTP/1.1\n\n",             /* bare LF */
		"GET /r/abc HTTP/1.1\r\nUser-Agent: a\r\n b\r\n\r\n", /* obsolete folding */
		"GET /r/abc HTTP/1.1\r\nNo colon\r\n\r\n",
		"GET /r/abc HTTP/1.1\r\n: empty name\r\n\r\n",
		"GET /r/abc HTTP/1.1\r\nBad Name: x\r\n\r\n",
		"GET /r/abc HTTP/1.1\r\nUser-Agent: a\x01z\r\n\r\n",
		"GET /r/abc HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
		"GET /r/abc HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
		"GET /r/abc HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
		"GET /r/abc HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
		"GET /r/abc HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n",
		"get /r/abc HTTP/1.1\r\n\r\n",
		"GET /r/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", /* 65 characters */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(other) / sizeof(*other); i++) {
		if (parse(other[i], &r) != FASTPARSE_HANDOFF)
			fail_msg("not handed off: %s", other[i]);
	}
}

static void test_parse__limits_hand_off(void **state)
{
	fastparse_request r;
	size_t big = MAX_HEADERS + 100;
	char *text = malloc(big + 64), *huge;
	(void)state;
	/* headers past the limit: libmicrohttpd's path answers (431) */
	memcpy(text, "GET /r/abc HTTP/1.1\r\nX-Pad: ", 28);
	memset(text + 28, 'a', big);
	memcpy(text + 28 + big, "\r\n\r\n", 5);
	assert_int_equal(parse(text, &r), FASTPARSE_HANDOFF);
	/* ... and a request that is not complete within the connection's memory */
	assert_non_null(huge = malloc(MAX_REQUEST + 1));
	memcpy(huge, "GET /r/abc HTTP/1.1\r\nX-Pad: ", 28);
	memset(huge + 28, 'a', MAX_REQUEST - 28);
	assert_int_equal(fastparse_request_parse(huge, MAX_REQUEST, MAX_HEADERS, MAX_REQUEST, &r, scratch),
		FASTPARSE_HANDOFF);
	/* just under the limit: answered here */
	memcpy(text, "GET /r/abc HTTP/1.1\r\nX-Pad: ", 28);
	memset(text + 28, 'a', MAX_HEADERS - 100);
	memcpy(text + 28 + MAX_HEADERS - 100, "\r\n\r\n", 5);
	assert_int_equal(parse(text, &r), FASTPARSE_REDIRECT);
	free(text);
	free(huge);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse__plain_redirects),
		cmocka_unit_test(test_parse__pipelined_requests_one_at_a_time),
		cmocka_unit_test(test_parse__waits_for_the_rest),
		cmocka_unit_test(test_parse__everything_else_goes_to_libmicrohttpd),
		cmocka_unit_test(test_parse__limits_hand_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
