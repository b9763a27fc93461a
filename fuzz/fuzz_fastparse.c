/*
 * fuzz_fastparse.c: libFuzzer target for the redirect fast path's request parser
 * (src/server/fastparse.c). Any bytes: the parser says MORE, HANDOFF or REDIRECT; a REDIRECT's
 * length lies within the input and ends the header section, its code is a valid link code, and
 * every header it keeps is a NUL-terminated string inside the scratch buffer. Parsing the input
 * again with one byte more or less never reads past what it was given (ASan checks that). The
 * limits are small, so that the oversize paths are reached. Build against libclout_server.a as
 * well as libclout.a (see fuzz_route.c), or with -DFUZZ_STANDALONE to replay files.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/fastparse.h"

#define MAX_HEADERS 256
#define MAX_REQUEST 512

static void check_string(const char *s, const char *scratch)
{
	if (s && (s < scratch || s + strlen(s) >= scratch + MAX_REQUEST + 64))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *input = malloc(size ? size : 1), scratch[MAX_REQUEST + 64];
	fastparse_request r;
	if (!input)
		abort();
	memcpy(input, data, size);
	switch (fastparse_request_parse(input, size, MAX_HEADERS, MAX_REQUEST, &r, scratch)) {
	case FASTPARSE_REDIRECT:
		if (r.length < 4 || r.length > size || r.length > MAX_REQUEST || memcmp(input + r.length - 4, "\r\n\r\n", 4) ||
		    !clout_track_code_valid(r.code))
			abort();
		check_string(r.user_agent, scratch);
		check_string(r.referer, scratch);
		check_string(r.purpose, scratch);
		check_string(r.sec_purpose, scratch);
		check_string(r.x_purpose, scratch);
		check_string(r.x_moz, scratch);
		check_string(r.forwarded_for, scratch);
		/* the same request with anything after it is the same request */
		{
			fastparse_request again;
			if (fastparse_request_parse(input, r.length, MAX_HEADERS, MAX_REQUEST, &again, scratch) != FASTPARSE_REDIRECT ||
			    again.length != r.length)
				abort();
		}
		break;
	case FASTPARSE_MORE:
		if (size >= MAX_REQUEST)
			abort(); /* never waits past the limit */
		break;
	case FASTPARSE_HANDOFF:
		break;
	}
	free(input);
	return 0;
}
