/*
 * fuzz_query.c: libFuzzer target for the server's query-string parser (src/server/query.c): any
 * bytes split into at most QUERY_MAX_PARAMS non-empty names whose strings lie in the buffer, or
 * flagged malformed or overflowing. Build against libclout_server.a (see fuzz_route.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = malloc(size + 1);
	query q;
	if (!raw)
		abort();
	memcpy(raw, data, size);
	raw[size] = '\0';
	query_parse(&q, raw);
	if (q.count > QUERY_MAX_PARAMS)
		abort();
	for (size_t i = 0; i < q.count; i++) {
		if (!q.names[i][0] || q.names[i] < raw || q.names[i] > raw + size || q.values[i] == NULL)
			abort();
		if (query_get(&q, q.names[i]) == NULL)
			abort();
	}
	free(raw);
	return 0;
}
