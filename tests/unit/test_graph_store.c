/* test_graph_store.c: the graph of a workspace's store edges, as the session operation loads it:
 * edges reversed into the influence direction, filtered by kind, keys resolved to accounts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "clout/clout.h"
#include "store_fixture.h"
#include "util/banned.h"

static void put_edge(clout_store *store, int64_t ws, const char *src, const char *dst, const char *kind, double weight)
{
	clout_edge e;
	clout_error err = { 0 };
	clout_edge_init(&e);
	e.platform = "twitter";
	e.src_ext_id = src;
	e.dst_ext_id = dst;
	e.kind = kind;
	e.weight = weight;
	if (clout_store_put_edge(store, ws, &e, &err) < 0)
		fail_msg("put_edge: %s", err.message);
}

static void test_graph_store__edges_point_from_influencer_to_audience(void **state)
{
	char path[SCRATCH_LOCATION_MAX];
	clout_session *session;
	clout_store *store;
	clout_graph *g = NULL;
	clout_graph_input input = CLOUT_GRAPH_INPUT_INIT;
	clout_key_resolver resolve;
	void *resolve_ctx;
	clout_error err = { 0 };
	int64_t ws, a, b;
	uint32_t va, vb, found;
	(void)state;
	snprintf(path, sizeof(path), "test_graph_store_%d.db", (int)getpid());
	assert_int_equal(scratch_session_fresh(path, sizeof(path), &session, &store, &ws), 0);
	/* b and c follow a; c retweeted b twice */
	put_edge(store, ws, "b", "a", "follow", 1);
	put_edge(store, ws, "c", "a", "follow", 1);
	put_edge(store, ws, "c", "b", "retweet", 2);
	assert_int_equal(clout_graph_input_open(&g, &resolve, &resolve_ctx, session, &input), 0);
	assert_int_equal(clout_graph_node_count(g), 3);
	assert_int_equal(clout_graph_arc_count(g), 3);
	assert_int_equal(clout_store_find_account(store, ws, NULL, "twitter:a", &a, &err), 0);
	assert_int_equal(clout_store_find_account(store, ws, NULL, "twitter:b", &b, &err), 0);
	assert_int_equal(clout_graph_find_node(g, a, &va, NULL), 0);
	assert_int_equal(clout_graph_find_node(g, b, &vb, NULL), 0);
	assert_int_equal(clout_graph_out_degree(g, va), 2); /* a influences its two followers */
	assert_int_equal(clout_graph_out_degree(g, vb), 1);
	/* keys are the workspace's accounts */
	assert_non_null(resolve);
	assert_int_equal(clout_graph_resolve(g, "twitter:a", resolve, resolve_ctx, &found, &err), 0);
	assert_int_equal(found, va);
	assert_int_equal(clout_graph_resolve(g, "twitter:nobody", resolve, resolve_ctx, &found, &err), CLOUT_ENOTFOUND);
	clout_graph_free(g);
	input.kind = "retweet";
	assert_int_equal(clout_graph_input_open(&g, NULL, NULL, session, &input), 0);
	assert_int_equal(clout_graph_arc_count(g), 1);
	clout_graph_free(g);
	/* a kind the workspace has no edges of */
	input.kind = "mention";
	assert_int_equal(clout_graph_input_open(&g, NULL, NULL, session, &input), CLOUT_EBADDATA);
	assert_null(g);
	clout_session_free(session);
	scratch_store_remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_graph_store__edges_point_from_influencer_to_audience),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
