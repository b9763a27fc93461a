/* test_graph_cache.c: the binary copy of an edge list (FILE.clout-csr, load option cache): written
 * on the first load, mapped on the next, and never used once the source or the load flags change or
 * the copy is damaged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "clout/graph.h"
#include "util/banned.h"

static char dir[64], source[128], copy[160];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/clout-graph-cache-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(source, sizeof(source), "%s/g.txt", dir);
	snprintf(copy, sizeof(copy), "%s/g.txt.clout-csr", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(copy);
	unlink(source);
	rmdir(dir);
	return 0;
}

static clout_graph *load(bool cache, bool reverse)
{
	clout_graph_load_options o = CLOUT_GRAPH_LOAD_OPTIONS_INIT;
	clout_graph *g = NULL;
	clout_error err = { 0 };
	o.cache = cache;
	o.reverse = reverse;
	if (clout_graph_load_edgelist(&g, source, &o, &err) < 0)
		fail_msg("loading %s: %s", source, err.message);
	return g;
}

/* Every node's id, in-arc sources and probability, as a string: what the samplers read. */
static void degrees(const clout_graph *g, char *out, size_t size)
{
	clout_graph_csr csr;
	size_t at = 0;
	clout_graph_csr_get(g, &csr);
	out[0] = '\0';
	for (uint32_t v = 0; v < csr.node_count && at < size; v++) {
		at += (size_t)snprintf(out + at, size - at, "%lld(p=%.3f):", (long long)clout_graph_node_id(g, v),
			csr.node_p ? (double)csr.node_p[v] : -1.0);
		for (uint64_t e = csr.in_offset[v]; e < csr.in_offset[v + 1] && at < size; e++)
			at += (size_t)snprintf(out + at, size - at, " %u", csr.in_src[e]);
		if (at < size)
			at += (size_t)snprintf(out + at, size - at, "; ");
	}
}

/* Rewrites the copy's last arc source (a valid node index either way) so that a graph read from it
 * differs from the parsed one: proof of which of the two a load used. */
static void plant_marker(void)
{
	FILE *f = fopen(copy, "r+b");
	struct stat st;
	uint32_t zero = 0;
	assert_non_null(f);
	assert_int_equal(stat(copy, &st), 0);
	assert_int_equal(fseek(f, (long)st.st_size - 8, SEEK_SET), 0); /* the last arc, before padding */
	assert_int_equal(fwrite(&zero, sizeof(zero), 1, f), 1);
	assert_int_equal(fclose(f), 0);
}

static void test_cache__written_then_mapped_with_the_same_graph(void **state)
{
	char parsed[512], mapped[512];
	clout_graph *g;
	(void)state;
	write_file(source, "1 2\n1 3\n2 3\n3 4\n4 1\n4 2\n");
	g = load(false, false);
	degrees(g, parsed, sizeof(parsed));
	clout_graph_free(g);
	assert_int_not_equal(access(copy, F_OK), 0); /* only asked for */
	g = load(true, false);
	clout_graph_free(g);
	assert_int_equal(access(copy, F_OK), 0);
	g = load(true, false);
	degrees(g, mapped, sizeof(mapped));
	assert_int_equal(clout_graph_arc_count(g), 6);
	assert_string_equal(mapped, parsed);
	clout_graph_free(g);
}

static void test_cache__used_while_current(void **state)
{
	char parsed[512], mapped[512];
	clout_graph *g;
	(void)state;
	write_file(source, "1 2\n1 3\n2 3\n3 4\n4 1\n4 2\n");
	g = load(true, false);
	degrees(g, parsed, sizeof(parsed));
	clout_graph_free(g);
	plant_marker();
	g = load(true, false);
	degrees(g, mapped, sizeof(mapped));
	assert_string_not_equal(mapped, parsed); /* the (marked) copy was read */
	clout_graph_free(g);
}

static void test_cache__stale_after_the_source_changes(void **state)
{
	clout_graph *g;
	(void)state;
	write_file(source, "1 2\n1 3\n2 3\n3 4\n4 1\n4 2\n");
	clout_graph_free(load(true, false));
	/* the same size, another arc: caught by the content hash whatever the timestamps say */
	write_file(source, "1 2\n1 3\n2 3\n3 4\n4 1\n4 3\n");
	g = load(true, false);
	assert_int_equal(clout_graph_in_degree(g, 2), 3); /* node 3 now has 1, 2 and 4 */
	clout_graph_free(g);
	write_file(source, "1 2\n1 3\n2 3\n3 4\n4 1\n4 3\n5 1\n");
	g = load(true, false);
	assert_int_equal(clout_graph_node_count(g), 5);
	clout_graph_free(g);
}

static void test_cache__not_shared_across_load_flags(void **state)
{
	clout_graph *g;
	(void)state;
	write_file(source, "1 2\n1 3\n1 4\n");
	clout_graph_free(load(true, false));
	g = load(true, true); /* reversed: 1 is influenced by 2, 3 and 4 */
	assert_int_equal(clout_graph_in_degree(g, 0), 3);
	clout_graph_free(g);
	g = load(true, false);
	assert_int_equal(clout_graph_in_degree(g, 0), 0);
	clout_graph_free(g);
}

static void test_cache__damaged_copy_is_rebuilt(void **state)
{
	char parsed[512], got[512];
	clout_graph *g;
	FILE *f;
	(void)state;
	write_file(source, "1 2\n1 3\n2 3\n3 4\n4 1\n4 2\n");
	g = load(false, false);
	degrees(g, parsed, sizeof(parsed));
	clout_graph_free(g);
	clout_graph_free(load(true, false));
	/* an arc source past the last node, then a truncated copy: neither may be read */
	f = fopen(copy, "r+b");
	assert_non_null(f);
	{
		struct stat st;
		uint32_t far = 1000;
		assert_int_equal(stat(copy, &st), 0);
		assert_int_equal(fseek(f, (long)st.st_size - 8, SEEK_SET), 0);
		assert_int_equal(fwrite(&far, sizeof(far), 1, f), 1);
	}
	assert_int_equal(fclose(f), 0);
	g = load(true, false);
	degrees(g, got, sizeof(got));
	assert_string_equal(got, parsed);
	clout_graph_free(g);
	assert_int_equal(truncate(copy, 40), 0);
	g = load(true, false);
	degrees(g, got, sizeof(got));
	assert_string_equal(got, parsed);
	clout_graph_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cache__written_then_mapped_with_the_same_graph, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache__used_while_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache__stale_after_the_source_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache__not_shared_across_load_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache__damaged_copy_is_rebuilt, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
