/*
 * fuzz_listen_rule.c: libFuzzer target for the listening rule parser: any bytes as a rule. A rule
 * that parses must compile into a database and match posts (its own text, and a fixed post) without
 * error; a rule that does not must fail with CLOUT_EBADDATA and a message "rule 'f':LINE:COLUMN: ..."
 * (or CLOUT_ENOMEM). Anything else aborts. CTest replays fuzz/corpus/listen_rule through fuzz/replay.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/listen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_match(void *ctx, uint32_t id)
{
	(void)id;
	++*(int *)ctx;
	return 0;
}

static void check_message(const char *message)
{
	unsigned line = 0, col = 0;
	int used = 0;
	if (sscanf(message, "rule 'f':%u:%u: %n", &line, &col, &used) != 2 || used == 0 || line == 0 || col == 0 ||
		message[used] == '\0')
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static clout_text *t;
	clout_listen_set *set = NULL;
	clout_listen_matcher *m = NULL;
	clout_error err = { 0 };
	char *expr = malloc(size + 1);
	if (!expr || (!t && clout_text_new(&t, NULL, NULL) < 0) || clout_listen_set_new(&set, NULL) < 0 ||
		clout_listen_matcher_new(&m, t, NULL) < 0)
		abort();
	memcpy(expr, data, size);
	expr[size] = '\0';
	int rc = clout_listen_set_add(set, t, "f", expr, NULL, &err);
	if (rc == CLOUT_EBADDATA) {
		check_message(err.message);
		if (clout_listen_set_count(set) != 0)
			abort();
	} else if (rc == 0) {
		int n = 0;
		const char *fixed = "Acme launches #acme in Paris with @acme: caf\xC3\xA9 cr\xC3\xA8me recall https://acme.com";
		clout_listen_post posts[2] = {
			{ expr, strlen(expr), NULL, "twitter", "@acme", true, false },
			{ fixed, strlen(fixed), "fr", "instagram", NULL, false, true },
		};
		if (clout_listen_set_compile(set, false, &err) < 0)
			abort();
		for (int k = 0; k < 2; k++)
			if (clout_listen_match(m, set, &posts[k], count_match, &n, &err) < 0)
				abort();
		if (n > 2)
			abort();
	} else if (rc != CLOUT_ENOMEM) {
		abort();
	}
	clout_listen_matcher_free(m);
	clout_listen_set_free(set);
	free(expr);
	return 0;
}
