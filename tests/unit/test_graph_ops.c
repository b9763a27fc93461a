/* test_graph_ops.c: the whole graph operations on a session without a store (the graph from an
 * edge list): clout_graph_spread_run and clout_graph_overlap_run, their errors naming the place,
 * the spread's JSON writer, and clout_plan_graph_run (plan-from-file). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clout/graph.h"
#include "clout/plan.h"
#include "clout/session.h"
#include "util/banned.h"

static const char *fixture(const char *name)
{
	static char path[4][4096];
	static int next;
	const char *root = getenv("CLOUT_SOURCE");
	char *p = path[next++ % 4];
	snprintf(p, sizeof(path[0]), "%s/tests/fixtures/graphs/%s", root ? root : "..", name);
	return p;
}

static int session_setup(void **state)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session *s = NULL;
	opts.no_store = true;
	if (clout_session_open(&s, &opts, NULL) < 0)
		return -1;
	*state = s;
	return 0;
}

static int session_teardown(void **state)
{
	clout_session_free(*state);
	return 0;
}

static void test_spread_run__certain_arcs_and_json(void **state)
{
	clout_session *s = *state;
	clout_graph_spread_options opts = CLOUT_GRAPH_SPREAD_OPTIONS_INIT;
	clout_graph_spread_outcome out;
	char *json = NULL;
	opts.graph.path = fixture("tiny.txt");
	opts.graph.prob = CLOUT_PROB_UNIFORM;
	opts.graph.uniform_p = 1.0;
	opts.seeds_path = fixture("seeds.txt"); /* 1 and 7: node 1 reaches every node */
	opts.simulations = 10;
	assert_int_equal(clout_graph_spread_run(s, &opts, &out), 0);
	assert_true(out.spread.mean == 10.0);
	assert_int_equal(out.seeds, 2);
	assert_int_equal(out.nodes, 10);
	assert_int_equal(out.arcs, 12);
	assert_int_equal(out.spread.simulations, 10);
	assert_int_equal(clout_graph_spread_json(&json, &out, NULL), 0);
	assert_non_null(strstr(json, "\"spread\":10.0,"));
	assert_non_null(strstr(json, "\"seeds\":2,\"nodes\":10,\"arcs\":12,"));
	free(json);

	opts.target_path = fixture("seeds.txt"); /* count only 1 and 7 */
	assert_int_equal(clout_graph_spread_run(s, &opts, &out), 0);
	assert_true(out.spread.mean == 2.0);
}

static void test_spread_run__missing_seed_file(void **state)
{
	clout_session *s = *state;
	clout_graph_spread_options opts = CLOUT_GRAPH_SPREAD_OPTIONS_INIT;
	clout_graph_spread_outcome out;
	opts.graph.path = fixture("tiny.txt");
	opts.seeds_path = fixture("no_such_seeds.txt");
	assert_int_equal(clout_graph_spread_run(s, &opts, &out), CLOUT_ENOTFOUND);
	assert_int_equal(clout_session_error(s)->code, CLOUT_ENOTFOUND);
	assert_non_null(strstr(clout_session_error(s)->message, "no_such_seeds.txt"));
}

static void test_spread_run__bad_graph_line_names_file_and_line(void **state)
{
	clout_session *s = *state;
	clout_graph_spread_options opts = CLOUT_GRAPH_SPREAD_OPTIONS_INIT;
	clout_graph_spread_outcome out;
	opts.graph.path = fixture("malformed.txt");
	opts.seeds_path = fixture("seeds.txt");
	assert_int_equal(clout_graph_spread_run(s, &opts, &out), CLOUT_EBADDATA);
	assert_non_null(strstr(clout_session_error(s)->message, "malformed.txt:2:"));
}

static void test_spread_run__unknown_seed_names_line(void **state)
{
	clout_session *s = *state;
	clout_graph_spread_options opts = CLOUT_GRAPH_SPREAD_OPTIONS_INIT;
	clout_graph_spread_outcome out;
	opts.graph.path = fixture("tiny.txt");
	opts.seeds_path = fixture("costs_unknown.csv");
	assert_true(clout_graph_spread_run(s, &opts, &out) < 0);
	assert_non_null(strstr(clout_session_error(s)->message, "costs_unknown.csv:3: unknown id '42'"));
}

static void test_spread_run__store_graph_needs_a_store(void **state)
{
	clout_session *s = *state;
	clout_graph_spread_options opts = CLOUT_GRAPH_SPREAD_OPTIONS_INIT;
	clout_graph_spread_outcome out;
	opts.seeds_path = fixture("seeds.txt"); /* no graph path: the session's store, which it has not */
	assert_int_equal(clout_graph_spread_run(s, &opts, &out), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(s)->message, "no store"));
	opts.version = 99;
	assert_int_equal(clout_graph_spread_run(s, &opts, &out), CLOUT_EINVAL);
}

static void test_overlap_run__shared_audiences(void **state)
{
	clout_session *s = *state;
	clout_graph_overlap_options opts = CLOUT_GRAPH_OVERLAP_OPTIONS_INIT;
	clout_graph_overlap_result r;
	const char *keys[] = { "2", "3", "1" };
	opts.graph.path = fixture("tiny.txt");
	opts.keys = keys;
	opts.count = 3;
	assert_int_equal(clout_graph_overlap_run(s, &opts, &r), 0);
	assert_int_equal(r.count, 3);
	assert_string_equal(r.ids[2], "1");
	assert_int_equal(r.shared[0], 2); /* 2 -> {3, 5} */
	assert_int_equal(r.shared[4], 1); /* 3 -> {5} */
	assert_int_equal(r.shared[8], 3); /* 1 -> {2, 3, 4} */
	assert_int_equal(r.shared[1], 1); /* 5 */
	assert_true(r.jaccard[1] == 0.5);
	clout_graph_overlap_result_release(&r);

	opts.graph.load.reverse = true; /* now 5's audience is {2, 3} */
	keys[0] = "5";
	opts.count = 1;
	assert_int_equal(clout_graph_overlap_run(s, &opts, &r), 0);
	assert_int_equal(r.shared[0], 2);
	clout_graph_overlap_result_release(&r);
}

static void test_overlap_run__errors(void **state)
{
	clout_session *s = *state;
	clout_graph_overlap_options opts = CLOUT_GRAPH_OVERLAP_OPTIONS_INIT;
	clout_graph_overlap_result r;
	const char *keys[] = { "1", "99" };
	opts.keys = keys;
	opts.count = 2;
	opts.graph.path = fixture("tiny.txt");
	assert_int_equal(clout_graph_overlap_run(s, &opts, &r), CLOUT_ENOTFOUND);
	assert_non_null(strstr(clout_session_error(s)->message, "unknown id '99'"));
	assert_int_equal(r.count, 0);
	clout_graph_overlap_result_release(&r);

	opts.graph.path = fixture("no_such_graph.txt");
	assert_int_equal(clout_graph_overlap_run(s, &opts, &r), CLOUT_ENOTFOUND);
	assert_non_null(strstr(clout_session_error(s)->message, "no_such_graph.txt"));
	clout_graph_overlap_result_release(&r);

	opts.graph.path = fixture("malformed.txt");
	assert_int_equal(clout_graph_overlap_run(s, &opts, &r), CLOUT_EBADDATA);
	assert_non_null(strstr(clout_session_error(s)->message, "malformed.txt:2:"));
	clout_graph_overlap_result_release(&r);
}

static void test_plan_graph_run__costs_file_and_target(void **state)
{
	clout_session *s = *state;
	clout_plan_graph_options opts = CLOUT_PLAN_GRAPH_OPTIONS_INIT;
	clout_plan_outcome out;
	opts.graph.path = fixture("tiny.txt");
	opts.plan.budget = 1;
	opts.plan.seed = 3;
	assert_int_equal(clout_plan_graph_run(s, &opts, &out), 0);
	assert_int_equal(out.result->pick_count, 1);
	assert_int_equal(clout_graph_node_id(out.graph, out.result->picks[0].node), 1); /* 1 reaches everyone */
	assert_null(out.costs);
	assert_true(out.has_forecast);
	assert_true(out.result->delta == 1.0 / 10);
	clout_plan_outcome_release(&out);

	opts.costs_path = fixture("costs.csv");
	opts.target_path = fixture("target.txt");
	opts.forecast = false;
	opts.plan.budget = 100;
	assert_int_equal(clout_plan_graph_run(s, &opts, &out), 0);
	assert_non_null(out.costs);
	assert_false(out.has_forecast);
	assert_true(out.result->total_cost <= 100);
	assert_true(out.result->audience < 10); /* only the target counts */
	clout_plan_outcome_release(&out);
}

static void test_plan_graph_run__errors(void **state)
{
	clout_session *s = *state;
	clout_plan_graph_options opts = CLOUT_PLAN_GRAPH_OPTIONS_INIT;
	clout_plan_outcome out;
	opts.plan.budget = 2;
	opts.graph.path = fixture("tiny.txt");
	opts.costs_path = fixture("no_such_costs.csv");
	assert_int_equal(clout_plan_graph_run(s, &opts, &out), CLOUT_ENOTFOUND);
	assert_non_null(strstr(clout_session_error(s)->message, "no_such_costs.csv"));
	clout_plan_outcome_release(&out);

	opts.costs_path = fixture("costs_unknown.csv");
	assert_int_equal(clout_plan_graph_run(s, &opts, &out), CLOUT_EBADDATA);
	assert_non_null(strstr(clout_session_error(s)->message, "costs_unknown.csv:3: unknown id '42'"));
	clout_plan_outcome_release(&out);

	opts.costs_path = NULL;
	opts.graph.path = fixture("malformed.txt");
	assert_int_equal(clout_plan_graph_run(s, &opts, &out), CLOUT_EBADDATA);
	assert_non_null(strstr(clout_session_error(s)->message, "malformed.txt:2:"));
	clout_plan_outcome_release(&out);

	opts.graph.path = NULL; /* the store's graph, on a session without one */
	assert_int_equal(clout_plan_graph_run(s, &opts, &out), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(s)->message, "no store"));
	clout_plan_outcome_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_spread_run__certain_arcs_and_json, session_setup, session_teardown),
		cmocka_unit_test_setup_teardown(test_spread_run__missing_seed_file, session_setup, session_teardown),
		cmocka_unit_test_setup_teardown(test_spread_run__bad_graph_line_names_file_and_line, session_setup,
			session_teardown),
		cmocka_unit_test_setup_teardown(test_spread_run__unknown_seed_names_line, session_setup, session_teardown),
		cmocka_unit_test_setup_teardown(test_spread_run__store_graph_needs_a_store, session_setup, session_teardown),
		cmocka_unit_test_setup_teardown(test_overlap_run__shared_audiences, session_setup, session_teardown),
		cmocka_unit_test_setup_teardown(test_overlap_run__errors, session_setup, session_teardown),
		cmocka_unit_test_setup_teardown(test_plan_graph_run__costs_file_and_target, session_setup, session_teardown),
		cmocka_unit_test_setup_teardown(test_plan_graph_run__errors, session_setup, session_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
