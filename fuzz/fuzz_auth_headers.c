/*
 * fuzz_auth_headers.c: libFuzzer target for the server's credential parsers: any bytes as an
 * Authorization header and a Cookie header. What a parser returns must lie inside the input and
 * keep its promises (a token of at most AUTH_TOKEN_MAX allowed characters, a cookie value without
 * ';'); anything else aborts. CTest
 * replays fuzz/corpus/auth_headers through fuzz/replay.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/auth_parse.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const char *text, size_t text_len, const char *p, size_t len)
{
	if (p < text || p + len > text + text_len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	const char *p;
	size_t len, tlen;
	int rc;
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	tlen = strlen(text);
	if ((rc = auth_parse_bearer(text, &p, &len)) == 1) {
		inside(text, tlen, p, len);
		if (len == 0 || len > AUTH_TOKEN_MAX)
			abort();
		for (size_t i = 0; i < len; i++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", p[i]))
				abort();
	} else if (rc != 0 && rc != -1) {
		abort();
	}
	if (auth_parse_cookie(text, "clout_session", &p, &len) == 1) {
		inside(text, tlen, p, len);
		if (memchr(p, ';', len))
			abort();
	}
	free(text);
	return 0;
}
