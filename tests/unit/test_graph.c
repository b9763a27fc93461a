/* test_graph.c: the graph engine: loading, CSR merging, probabilities, Monte Carlo spread against
 * exact values, overlap and the R-MAT generator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "clout/graph.h"
#include "util/banned.h"

static const char *fixture(const char *name)
{
	static char path[4096];
	const char *root = getenv("CLOUT_SOURCE");
	snprintf(path, sizeof(path), "%s/tests/fixtures/graphs/%s", root ? root : "..", name);
	return path;
}

static clout_graph *load(const char *name, const clout_graph_load_options *opts)
{
	clout_graph *g = NULL;
	clout_error err = { 0 };
	int rc = clout_graph_load_edgelist(&g, fixture(name), opts, &err);
	if (rc < 0)
		fail_msg("loading %s: %s", name, err.message);
	return g;
}

static uint32_t node(const clout_graph *g, int64_t id)
{
	uint32_t v = UINT32_MAX;
	assert_int_equal(clout_graph_find_node(g, id, &v, NULL), 0);
	return v;
}

static void test_load__counts_nodes_and_arcs(void **state)
{
	(void)state;
	clout_graph *g = load("tiny.txt", NULL);
	assert_int_equal(clout_graph_node_count(g), 10);
	assert_int_equal(clout_graph_arc_count(g), 12);
	assert_int_equal(clout_graph_node_id(g, node(g, 7)), 7);
	assert_int_equal(clout_graph_in_degree(g, node(g, 5)), 2);
	assert_int_equal(clout_graph_out_degree(g, node(g, 1)), 3);
	clout_graph_free(g);
}

static void test_load__merges_duplicate_arcs(void **state)
{
	(void)state;
	clout_graph *g = load("dup.txt", NULL);
	assert_int_equal(clout_graph_arc_count(g), 2);
	assert_int_equal(clout_graph_in_degree(g, node(g, 2)), 1);
	clout_graph_free(g);
}

static void test_load__reverse_flips_influence(void **state)
{
	(void)state;
	clout_graph_load_options opts = CLOUT_GRAPH_LOAD_OPTIONS_INIT;
	opts.reverse = true;
	clout_graph *g = load("tiny.txt", &opts);
	assert_int_equal(clout_graph_out_degree(g, node(g, 5)), 2);
	assert_int_equal(clout_graph_in_degree(g, node(g, 1)), 3);
	clout_graph_free(g);
}

static void test_load__rejects_self_loops_with_place(void **state)
{
	(void)state;
	clout_graph *g = NULL;
	clout_error err = { 0 };
	clout_graph_load_options opts = CLOUT_GRAPH_LOAD_OPTIONS_INIT;
	assert_int_equal(clout_graph_load_edgelist(&g, fixture("selfloop.txt"), NULL, &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, "selfloop.txt:3: self-loop on node 2"));
	assert_null(g);
	opts.drop_self_loops = true;
	g = load("selfloop.txt", &opts);
	assert_int_equal(clout_graph_arc_count(g), 1);
	clout_graph_free(g);
}

static void test_load__rejects_malformed_line_with_place(void **state)
{
	(void)state;
	clout_graph *g = NULL;
	clout_error err = { 0 };
	assert_int_equal(clout_graph_load_edgelist(&g, fixture("malformed.txt"), NULL, &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, "malformed.txt:2: expected a target node id, got 'x'"));
	assert_int_equal(clout_graph_load_edgelist(&g, "no-such-file.txt", NULL, &err), CLOUT_ENOTFOUND);
}

static void test_load__reads_gzip_and_header(void **state)
{
	(void)state;
	gzFile f = gzopen("header.txt.gz", "wb");
	clout_graph_load_options opts = CLOUT_GRAPH_LOAD_OPTIONS_INIT;
	assert_non_null(f);
	gzputs(f, "3 2\n10 20\n20 30");
	gzclose(f);
	opts.header = true;
	clout_graph *g = NULL;
	clout_error err = { 0 };
	assert_int_equal(clout_graph_load_edgelist(&g, "header.txt.gz", &opts, &err), 0);
	assert_int_equal(clout_graph_node_count(g), 3);
	assert_int_equal(clout_graph_arc_count(g), 2);
	clout_graph_free(g);
	remove("header.txt.gz");
}

static void test_load__weights_column(void **state)
{
	(void)state;
	FILE *f = fopen("weighted.txt", "w");
	clout_graph *g = NULL;
	clout_error err = { 0 };
	clout_spread_result r;
	uint32_t seed;
	assert_non_null(f);
	/* 1 -> 3 with weight 3, 2 -> 3 with weight 1: p(1,3) = 3/4 under "weights" */
	fputs("1 3 2\n1 3 1\n2 3 1\n", f);
	fclose(f);
	assert_int_equal(clout_graph_load_edgelist(&g, "weighted.txt", NULL, &err), 0);
	assert_int_equal(clout_graph_set_probabilities(g, CLOUT_PROB_WEIGHTS, 0, 0, &err), 0);
	seed = node(g, 1);
	assert_int_equal(clout_graph_spread(g, CLOUT_MODEL_IC, &seed, 1, NULL, 40000, 7, 2, &r, &err), 0);
	assert_true(r.mean > 1.75 - 0.02 && r.mean < 1.75 + 0.02);
	clout_graph_free(g);
	remove("weighted.txt");
}

static void test_prob_parse__accepts_and_rejects(void **state)
{
	(void)state;
	clout_prob_kind kind;
	double p;
	clout_error err = { 0 };
	assert_int_equal(clout_graph_prob_parse("uniform:0.25", &kind, &p, &err), 0);
	assert_int_equal(kind, CLOUT_PROB_UNIFORM);
	assert_true(p == 0.25);
	assert_int_equal(clout_graph_prob_parse("uniform:1.5", &kind, &p, &err), CLOUT_EINVAL);
	assert_int_equal(clout_graph_prob_parse("magic", &kind, &p, &err), CLOUT_EINVAL);
	assert_int_equal(clout_graph_prob_parse("trivalency", &kind, &p, &err), 0);
}

/* Exact IC spread of seeds on a small graph by enumerating every live-arc world. */
static double exact_ic_spread(const int64_t *src, const int64_t *dst, const double *p, int m, const int64_t *seeds,
	int seed_count)
{
	double total = 0;
	for (uint32_t world = 0; world < (1u << m); world++) {
		double prob = 1;
		int64_t active[64];
		int count = 0;
		for (int e = 0; e < m; e++)
			prob *= (world >> e & 1) ? p[e] : 1 - p[e];
		for (int i = 0; i < seed_count; i++)
			active[count++] = seeds[i];
		for (int head = 0; head < count; head++)
			for (int e = 0; e < m; e++) {
				if (!(world >> e & 1) || src[e] != active[head])
					continue;
				int seen = 0;
				for (int j = 0; j < count; j++)
					seen |= active[j] == dst[e];
				if (!seen)
					active[count++] = dst[e];
			}
		total += prob * count;
	}
	return total;
}

static void test_spread__matches_exact_ic(void **state)
{
	(void)state;
	const int64_t src[] = { 1, 1, 2, 3, 4, 2, 5 }, dst[] = { 2, 3, 4, 4, 5, 5, 1 };
	double p[7];
	clout_graph *g = NULL;
	clout_error err = { 0 };
	clout_spread_result r;
	uint32_t seeds[1];
	int64_t seed_ids[1] = { 1 };
	assert_int_equal(clout_graph_from_arcs(&g, src, dst, NULL, 7, &err), 0);
	assert_int_equal(clout_graph_set_probabilities(g, CLOUT_PROB_UNIFORM, 0.4, 0, &err), 0);
	for (int e = 0; e < 7; e++)
		p[e] = 0.4;
	seeds[0] = node(g, 1);
	assert_int_equal(clout_graph_spread(g, CLOUT_MODEL_IC, seeds, 1, NULL, 100000, 3, 2, &r, &err), 0);
	double exact = exact_ic_spread(src, dst, p, 7, seed_ids, 1);
	assert_true(r.mean > exact - 4 * r.std_error - 1e-9 && r.mean < exact + 4 * r.std_error + 1e-9);
	clout_graph_free(g);
}

static void test_spread__same_for_any_thread_count(void **state)
{
	(void)state;
	clout_graph *g = load("tiny.txt", NULL);
	clout_spread_result one, two;
	uint32_t seeds[2] = { node(g, 1), node(g, 6) };
	assert_int_equal(clout_graph_spread(g, CLOUT_MODEL_IC, seeds, 2, NULL, 5000, 11, 1, &one, NULL), 0);
	assert_int_equal(clout_graph_spread(g, CLOUT_MODEL_IC, seeds, 2, NULL, 5000, 11, 2, &two, NULL), 0);
	assert_true(one.mean == two.mean);
	assert_int_equal(clout_graph_spread(g, CLOUT_MODEL_LT, seeds, 2, NULL, 5000, 11, 1, &one, NULL), 0);
	assert_int_equal(clout_graph_spread(g, CLOUT_MODEL_LT, seeds, 2, NULL, 5000, 11, 2, &two, NULL), 0);
	assert_true(one.mean == two.mean);
	clout_graph_free(g);
}

static void test_spread__certain_arcs_reach_everything_downstream(void **state)
{
	(void)state;
	clout_graph *g = load("tiny.txt", NULL);
	clout_spread_result r;
	uint32_t seed = node(g, 1);
	uint8_t target[10] = { 0 };
	assert_int_equal(clout_graph_set_probabilities(g, CLOUT_PROB_UNIFORM, 1.0, 0, NULL), 0);
	assert_int_equal(clout_graph_spread(g, CLOUT_MODEL_IC, &seed, 1, NULL, 10, 1, 1, &r, NULL), 0);
	assert_true(r.mean == 10.0);
	target[node(g, 9)] = 1;
	target[node(g, 10)] = 1;
	assert_int_equal(clout_graph_spread(g, CLOUT_MODEL_IC, &seed, 1, target, 10, 1, 1, &r, NULL), 0);
	assert_true(r.mean == 2.0);
	clout_graph_free(g);
}

static void test_overlap__counts_shared_audience(void **state)
{
	(void)state;
	clout_graph *g = load("tiny.txt", NULL);
	/* audiences: 2 -> {3, 5}, 3 -> {5}, 1 -> {2, 3, 4} */
	uint32_t nodes[3] = { node(g, 2), node(g, 3), node(g, 1) };
	uint64_t shared[9];
	double jaccard[9];
	assert_int_equal(clout_graph_overlap(g, nodes, 3, shared, jaccard, NULL), 0);
	assert_int_equal(shared[0], 2);
	assert_int_equal(shared[1], 1);
	assert_int_equal(shared[3], 1);
	assert_int_equal(shared[4], 1);
	assert_int_equal(shared[2], 1);
	assert_true(jaccard[1] == 0.5);
	assert_true(jaccard[2] == 0.25);
	clout_graph_free(g);
}

typedef struct arc_count {
	uint64_t arcs, checksum, max_id;
} arc_count;

static int count_arc(void *ctx, uint64_t src, uint64_t dst)
{
	arc_count *c = ctx;
	c->arcs++;
	c->checksum = c->checksum * 31 + src * 7 + dst;
	if (src > c->max_id)
		c->max_id = src;
	if (dst > c->max_id)
		c->max_id = dst;
	return 0;
}

static void test_rmat__reproducible_and_sized(void **state)
{
	(void)state;
	clout_rmat_options opts = CLOUT_RMAT_OPTIONS_INIT;
	arc_count a = { 0, 0, 0 }, b = { 0, 0, 0 };
	clout_error err = { 0 };
	opts.scale = 10;
	opts.edge_factor = 8;
	assert_int_equal(clout_graph_rmat(&opts, count_arc, &a, &err), 0);
	assert_int_equal(clout_graph_rmat(&opts, count_arc, &b, &err), 0);
	assert_true(a.checksum == b.checksum);
	assert_true(a.arcs <= 8192 && a.arcs > 7000);
	assert_true(a.max_id < 1024);
	opts.a = 0.9;
	assert_int_equal(clout_graph_rmat(&opts, count_arc, &b, &err), CLOUT_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load__counts_nodes_and_arcs),
		cmocka_unit_test(test_load__merges_duplicate_arcs),
		cmocka_unit_test(test_load__reverse_flips_influence),
		cmocka_unit_test(test_load__rejects_self_loops_with_place),
		cmocka_unit_test(test_load__rejects_malformed_line_with_place),
		cmocka_unit_test(test_load__reads_gzip_and_header),
		cmocka_unit_test(test_load__weights_column),
		cmocka_unit_test(test_prob_parse__accepts_and_rejects),
		cmocka_unit_test(test_spread__matches_exact_ic),
		cmocka_unit_test(test_spread__same_for_any_thread_count),
		cmocka_unit_test(test_spread__certain_arcs_reach_everything_downstream),
		cmocka_unit_test(test_overlap__counts_shared_audience),
		cmocka_unit_test(test_rmat__reproducible_and_sized),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
