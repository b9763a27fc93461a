/* test_graph_corpus.c: replays the edge-list fuzz corpus (fuzz/corpus/edgelist) through the loader
 * under the unit-test build (and so under the sanitizers in the sanitizer build): every input either
 * loads or fails with a message and no graph. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clout/graph.h"
#include "util/banned.h"

static void test_corpus__every_input_loads_or_fails_cleanly(void **state)
{
	(void)state;
	const char *root = getenv("CLOUT_SOURCE");
	char dir[4096], path[8192];
	struct dirent *entry;
	int files = 0;
	snprintf(dir, sizeof(dir), "%s/fuzz/corpus/edgelist", root ? root : "..");
	DIR *d = opendir(dir);
	assert_non_null(d);
	while ((entry = readdir(d)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
		for (int variant = 0; variant < 4; variant++) {
			clout_graph_load_options opts = CLOUT_GRAPH_LOAD_OPTIONS_INIT;
			clout_graph *g = NULL;
			clout_error err = { 0 };
			opts.threads = 2;
			opts.drop_self_loops = variant & 1;
			opts.low_memory = variant & 2;
			if (clout_graph_load_edgelist(&g, path, &opts, &err) == 0) {
				assert_non_null(g);
				assert_true(clout_graph_node_count(g) > 0);
				clout_graph_free(g);
			} else {
				assert_null(g);
				assert_true(err.message[0] != '\0');
			}
		}
		files++;
	}
	closedir(d);
	assert_true(files > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus__every_input_loads_or_fails_cleanly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
