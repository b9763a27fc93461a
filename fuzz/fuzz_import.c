/*
 * fuzz_import.c: libFuzzer target for every import format. The input is written to a scratch file
 * and imported, auto-detected, into an in-memory store: any crash, leak or sanitizer report is a bug;
 * a clean error is the expected answer to garbage.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "clout/clout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	clout_store *store = NULL;
	clout_import_options opts = CLOUT_IMPORT_OPTIONS_INIT;
	clout_import_stats stats;
	const char *paths[1];
	int64_t ws;
	FILE *f;
	snprintf(path, sizeof(path), "/tmp/clout-fuzz-%d.in", (int)getpid());
	if (!(f = fopen(path, "wb")))
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (clout_store_open(&store, ":memory:", NULL) == 0 && clout_store_workspace(store, &ws, "default", true, NULL) == 0) {
		paths[0] = path;
		opts.max_record_bytes = 1 << 20;
		if (clout_import_files(store, ws, paths, 1, &opts, &stats, NULL) == 0)
			clout_import_stats_release(&stats);
	}
	clout_store_free(store);
	unlink(path);
	return 0;
}
