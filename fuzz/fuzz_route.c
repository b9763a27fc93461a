/*
 * fuzz_route.c: libFuzzer target for the server's route matcher (src/server/routes.c): any method
 * and path must either find a route whose parameters lie inside the path, or say 404 or 405 (with
 * the allowed methods). The input is "METHOD PATH". Build against libclout_server.a as well as
 * libclout.a (see fuzz_edgelist.c), or with -DFUZZ_STANDALONE to replay files.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *input = malloc(size + 1), *path;
	const route *r;
	route_params params;
	char allow[64];
	if (!input)
		abort();
	memcpy(input, data, size);
	input[size] = '\0';
	path = strchr(input, ' ');
	if (path)
		*path++ = '\0';
	else
		path = input + strlen(input);
	switch (route_match(input, path, &r, &params, allow, sizeof(allow))) {
	case ROUTE_FOUND:
		if (!r || params.count > ROUTE_MAX_PARAMS)
			abort();
		for (int i = 0; i < params.count; i++)
			if (params.values[i] < path || params.values[i] + params.value_lens[i] > path + strlen(path) ||
			    params.value_lens[i] == 0 || memchr(params.values[i], '/', params.value_lens[i]))
				abort();
		break;
	case ROUTE_NO_METHOD:
		if (r || !allow[0])
			abort();
		break;
	case ROUTE_NO_PATH:
		if (r)
			abort();
		break;
	}
	free(input);
	return 0;
}
