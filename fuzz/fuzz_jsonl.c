/*
 * fuzz_jsonl.c: libFuzzer target for the JSON line reader of `clout sentiment`
 * (src/lib/text/jsonl.c): any bytes as one line through the fast reader and the full parser.
 * Aborts when the fast reader accepts a line the full parser refuses, or reads another id or
 * text than the full parser does, or when the combined reader answers otherwise than the full
 * parser. Build with clang -fsanitize=fuzzer,address; CTest replays fuzz/corpus/jsonl.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clout/common.h"
#include "lib/text/jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *line, size_t len)
{
	clout__jsonl_post fast, full, both;
	char what[256], what2[256];
	int f = clout__jsonl_fast(&fast, line, len);
	int rc = clout__jsonl_full(&full, line, len, what, sizeof(what));
	int rc2 = clout__jsonl_read(&both, line, len, what2, sizeof(what2));
	if (rc2 != rc)
		abort();
	if (f) {
		if (rc != 0 || fast.text_len != full.text_len || memcmp(fast.text, full.text, full.text_len) ||
		    (fast.id_json == NULL) != (full.id_json == NULL))
			abort();
		if (full.id_json ? fast.id_len != full.id_len || memcmp(fast.id_json, full.id_json, full.id_len)
				 : fast.id_int != full.id_int)
			abort();
		if (fast.text < line || fast.text + fast.text_len > line + len)
			abort();
	} else if (rc == CLOUT_EBADDATA && strcmp(what, what2))
		abort();
	clout__jsonl_release(&full);
	clout__jsonl_release(&both);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the input as it comes, and each of its lines (what the sentiment operation hands over) */
	char *copy = malloc(size ? size : 1);
	const char *p, *end, *nl;
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	check(copy, size);
	for (p = copy, end = copy + size; p < end; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		check(p, (size_t)(nl - p));
	}
	free(copy);
	return 0;
}
