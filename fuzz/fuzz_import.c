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
	clout_session *session = NULL;
	clout_session_options so = CLOUT_SESSION_OPTIONS_INIT;
	clout_import_options opts = CLOUT_IMPORT_OPTIONS_INIT;
	clout_import_result result;
	FILE *f;
	snprintf(path, sizeof(path), "/tmp/clout-fuzz-%d.in", (int)getpid());
	if (!(f = fopen(path, "wb")))
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	so.location = ":memory:";
	so.create = true;
	if (clout_session_open(&session, &so, NULL) == 0) {
		clout_import_source source = CLOUT_IMPORT_SOURCE_PATH(path);
		opts.max_record_bytes = 1 << 20;
		opts.no_index = true;
		clout_import_run(session, &source, 1, &opts, &result);
		clout_import_result_release(&result);
	}
	clout_session_free(session);
	unlink(path);
	return 0;
}
