/*
 * clout/graph.h: influence graphs in memory.
 *
 * A clout_graph is a compact CSR of the *influence* direction: an arc u -> v means that u can
 * influence v (v follows u, v retweeted u, ...). Nodes are dense 32-bit indexes remapped from the
 * original 64-bit ids (SNAP ids or the store's account ids), which the graph keeps. Duplicate arcs
 * are merged (their weights add up); self-loops are refused unless the loader is told to drop them.
 *
 * Every arc carries an activation probability p(u,v) chosen by clout_graph_set_probabilities:
 * weighted cascade (1/indegree(v)), a uniform p, trivalency ({0.1, 0.01, 0.001} at random, fixed by
 * a seed) or interaction weights (w(u,v) / sum of the weights into v). The Linear Threshold model
 * needs the weights into each node to sum to at most 1; clout_graph_set_probabilities scales a
 * node's in-arcs down when they do not.
 */
#ifndef CLOUT_GRAPH_H
#define CLOUT_GRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/session.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clout_graph clout_graph;

typedef enum {
	CLOUT_PROB_WC = 0,      /* weighted cascade: p(u,v) = 1 / indegree(v) */
	CLOUT_PROB_UNIFORM,     /* p(u,v) = p */
	CLOUT_PROB_TRIVALENCY,  /* p(u,v) drawn from {0.1, 0.01, 0.001}, fixed by the seed */
	CLOUT_PROB_WEIGHTS      /* p(u,v) = w(u,v) / sum_x w(x,v): interaction counts */
} clout_prob_kind;

typedef enum {
	CLOUT_MODEL_IC = 0,     /* Independent Cascade */
	CLOUT_MODEL_LT          /* Linear Threshold */
} clout_model;

/* Parses "wc", "uniform:P", "trivalency" or "weights". CLOUT_EINVAL with a message otherwise. */
int clout_graph_prob_parse(const char *spec, clout_prob_kind *out, double *p_out, clout_error *err);
/* Parses "ic" or "lt". */
int clout_graph_model_parse(const char *name, clout_model *out, clout_error *err);

typedef struct clout_graph_load_options {
	unsigned version;
	bool reverse;          /* a line "a b" means b influences a (a retweeted b, a follows b) */
	bool header;           /* the first data line is "n m" and is skipped */
	bool drop_self_loops;  /* drop "a a" lines instead of failing */
	clout_progress_fn progress; /* bytes of the (uncompressed) input; may be NULL */
	void *progress_ctx;
	unsigned threads;      /* plain files are parsed in parallel; the graph does not depend on it */
	bool low_memory;       /* parse plain files twice rather than hold 8 bytes per arc meanwhile */
	bool cache;            /* keep a binary copy beside the file (FILE.clout-csr), checked against
	                          it, and map that instead of parsing when it is current */
} clout_graph_load_options;

#define CLOUT_GRAPH_LOAD_OPTIONS_VERSION 1
#define CLOUT_GRAPH_LOAD_OPTIONS_INIT { CLOUT_GRAPH_LOAD_OPTIONS_VERSION, false, false, false, NULL, NULL, 1, false, false }

/*
 * Loads a SNAP-style edge list, plain or gzip: one arc "src dst [weight]" per line, separated by
 * spaces, tabs or commas; lines starting with '#' or '%' and blank lines are skipped. Ids are
 * integers (up to 64 bits). The weight (an interaction count, > 0) defaults to 1. Errors name the
 * place ("path:line: what"): CLOUT_ENOTFOUND when the file does not exist, CLOUT_EIO when it cannot be read, CLOUT_EBADDATA for malformed
 * lines, self-loops (unless dropped) and an empty graph. Probabilities are WC until set otherwise.
 * Node indexes follow ascending original ids, whatever the file's order or compression.
 * Free the graph with clout_graph_free.
 */
int clout_graph_load_edgelist(clout_graph **out, const char *path, const clout_graph_load_options *opts,
	clout_error *err);

/* A graph from arrays of arcs (src influences dst), for tests and generators. weights may be NULL. */
int clout_graph_from_arcs(clout_graph **out, const int64_t *src, const int64_t *dst, const double *weights,
	uint64_t count, clout_error *err);

void clout_graph_free(clout_graph *graph);

/*
 * Resolving the keys that users write (in seed lists, cost files, on the command line) to node
 * ids: a resolver gets the key (NUL-terminated, trimmed) and sets *out, or returns CLOUT_ENOTFOUND.
 * NULL resolvers parse the key as an integer id.
 */
typedef int (*clout_key_resolver)(void *ctx, const char *key, int64_t *out, clout_error *err);

/* The node index of key: CLOUT_ENOTFOUND ("unknown id 'key'") when it is not in the graph. */
int clout_graph_resolve(const clout_graph *graph, const char *key, clout_key_resolver resolve, void *ctx,
	uint32_t *out, clout_error *err);

/*
 * Reads a node list: one key per line (the first field of a CSV or whitespace-separated line;
 * '#' comments and a header line whose first field is "id" are skipped). *out is malloc'd.
 * Errors name the place: "path:line: unknown id 'x'" (CLOUT_EBADDATA), CLOUT_ENOTFOUND for a missing file, CLOUT_EIO.
 */
int clout_graph_read_nodes(uint32_t **out, uint32_t *count_out, const clout_graph *graph, const char *path,
	clout_key_resolver resolve, void *ctx, clout_error *err);

/*
 * Reads a node list (as clout_graph_read_nodes) into a target set: *out is a malloc'd byte per node
 * of graph, 1 for the nodes listed. Errors as clout_graph_read_nodes, or CLOUT_ENOMEM.
 */
int clout_graph_read_target(uint8_t **out, const clout_graph *graph, const char *path, clout_key_resolver resolve,
	void *ctx, clout_error *err);

/* Sets every arc's probability (see clout_prob_kind); seed fixes trivalency draws. */
int clout_graph_set_probabilities(clout_graph *graph, clout_prob_kind kind, double p, uint64_t seed,
	clout_error *err);

uint32_t clout_graph_node_count(const clout_graph *graph);
uint64_t clout_graph_arc_count(const clout_graph *graph);
/* The original id of node index (index < node count). */
int64_t clout_graph_node_id(const clout_graph *graph, uint32_t index);
/* The index of the node with original id; CLOUT_ENOTFOUND (with a message) if it has no arcs. */
int clout_graph_find_node(const clout_graph *graph, int64_t id, uint32_t *out, clout_error *err);
/* In-degree and out-degree of a node (after merging duplicates). */
uint32_t clout_graph_in_degree(const clout_graph *graph, uint32_t index);
uint32_t clout_graph_out_degree(const clout_graph *graph, uint32_t index);
/* Bytes the graph holds in memory. */
uint64_t clout_graph_memory(const clout_graph *graph);

/*
 * The in-arc CSR of a graph, as samplers walk it (reverse-reachable sets): node v's in-arcs are
 * in_offset[v] .. in_offset[v + 1], from in_src[arc], each live with probability arc_p[arc], or
 * node_p[v] for all of them when arc_p is NULL. Borrowed from the graph, read-only.
 */
typedef struct clout_graph_csr {
	uint32_t node_count;
	uint64_t arc_count;
	const uint64_t *in_offset;
	const uint32_t *in_src;
	const float *arc_p;
	const float *node_p;
} clout_graph_csr;

/* Fills out with graph's in-arc CSR. */
void clout_graph_csr_get(const clout_graph *graph, clout_graph_csr *out);

/*
 * Audience overlap: for nodes[0..count), out receives a count x count row-major matrix of the
 * number of nodes each pair can directly influence in common (shared followers); the diagonal is
 * each node's audience size (out-degree). jaccard_out (may be NULL) gets |A and B| / |A or B|.
 * Both arrays are the caller's, count * count long.
 */
int clout_graph_overlap(const clout_graph *graph, const uint32_t *nodes, uint32_t count, uint64_t *out,
	double *jaccard_out, clout_error *err);

/* The audience overlap of a set of accounts, as clout_graph_overlap_run and clout_graph_overlap_keys return it. */
typedef struct clout_graph_overlap_result {
	uint32_t count;
	char **ids;        /* the keys as given, copied */
	uint64_t *shared;  /* count x count, row-major; the diagonal is each audience's size */
	double *jaccard;   /* count x count, row-major */
} clout_graph_overlap_result;

/*
 * The overlap of keys on a graph already loaded: resolves keys[0..count) with resolve (see
 * clout_key_resolver) and computes their shared audiences and Jaccard indexes. An unknown key is
 * CLOUT_ENOTFOUND naming it. Release out with clout_graph_overlap_result_release.
 */
int clout_graph_overlap_keys(clout_graph_overlap_result *out, const clout_graph *graph, const char *const *keys,
	uint32_t count, clout_key_resolver resolve, void *resolve_ctx, clout_error *err);

/* Frees what clout_graph_overlap_run or clout_graph_overlap_keys left in result (NULL-safe). */
void clout_graph_overlap_result_release(clout_graph_overlap_result *result);

/*
 * The JSON of an overlap ({"ids":[...], "audience":[...], "shared":[[...]], "jaccard":[[...]]}) as a
 * NUL-terminated string ending in a newline, for the caller to free(). CLOUT_ENOMEM.
 */
int clout_graph_overlap_json(char **out, const clout_graph_overlap_result *result, clout_error *err);

/*
 * Monte Carlo spread: the mean number of nodes activated by seeds under model over simulations
 * independent runs (forward simulation), with its standard error. When target is non-NULL (a byte
 * per node), only target nodes are counted. Runs on threads threads; the result depends only on
 * seed, not on threads.
 */
typedef struct clout_spread_result {
	double mean, std_error;
	uint64_t simulations;
} clout_spread_result;

int clout_graph_spread(const clout_graph *graph, clout_model model, const uint32_t *seeds, uint32_t seed_count,
	const uint8_t *target, uint64_t simulations, uint64_t seed, unsigned threads, clout_spread_result *out,
	clout_error *err);

/* ---- whole operations on a session: the graph from a file or from the session's store ---- */

/*
 * The graph part of the operations' options: an edge-list file (path, loaded as
 * clout_graph_load_edgelist loads it with load; the session may then have no store) or, with path
 * NULL, the edges of the session's workspace (of kind; NULL: every kind). Store edges point from
 * the actor to the account acted upon ("a follows b", "a retweeted b"), so they are reversed:
 * influence flows from b to a; node ids are then the store's internal account ids. prob, uniform_p
 * and seed set the probabilities (clout_graph_set_probabilities; load.cache keeps FILE.clout-csr).
 */
typedef struct clout_graph_input {
	const char *path;
	const char *kind;
	clout_graph_load_options load;
	clout_prob_kind prob;
	double uniform_p;
	uint64_t seed;          /* for trivalency */
} clout_graph_input;

#define CLOUT_GRAPH_INPUT_INIT { NULL, NULL, CLOUT_GRAPH_LOAD_OPTIONS_INIT, CLOUT_PROB_WC, 0, 0 }

/* Loads the graph that input names (see clout_graph_input), with its probabilities set. When it is
 * the store's, *resolve (may be NULL) gets the resolver of account keys ("platform:ext_id" or
 * "@handle") and *resolve_ctx its context, the session; else NULL (keys are node ids). Errors as
 * for clout_graph_load_edgelist and clout_graph_set_probabilities, CLOUT_EBADDATA for a
 * workspace without such edges, and "this session has no store" (CLOUT_EINVAL), on the session. */
int clout_graph_input_open(clout_graph **out, clout_key_resolver *resolve, void **resolve_ctx, clout_session *s,
	const clout_graph_input *input);

typedef struct clout_graph_spread_options {
	unsigned version;
	clout_graph_input graph;
	clout_model model;
	const char *seeds_path;   /* the seed set: a node list (clout_graph_read_nodes); required */
	const char *target_path;  /* count only these nodes; NULL: every node */
	uint64_t simulations;     /* > 0 */
	uint64_t seed;
	unsigned threads;         /* the result does not depend on it */
} clout_graph_spread_options;

#define CLOUT_GRAPH_SPREAD_OPTIONS_VERSION 1
#define CLOUT_GRAPH_SPREAD_OPTIONS_INIT \
	{ CLOUT_GRAPH_SPREAD_OPTIONS_VERSION, CLOUT_GRAPH_INPUT_INIT, CLOUT_MODEL_IC, NULL, NULL, 10000, 1, 1 }

/* What clout_graph_spread_run found, and what it ran on. */
typedef struct clout_graph_spread_outcome {
	clout_spread_result spread;
	uint32_t seeds;           /* seed count */
	uint32_t nodes;           /* of the graph */
	uint64_t arcs;
	double load_seconds, simulate_seconds;
} clout_graph_spread_outcome;

/*
 * The whole spread operation: loads the graph (opts->graph), reads the seeds and the target, and
 * runs clout_graph_spread. Errors name the place ("seeds.txt:3: unknown id 'x'", "g.txt:2: ...");
 * CLOUT_ENOTFOUND for a missing file, CLOUT_EBADDATA, CLOUT_EINVAL (bad options, no store), on
 * the session.
 */
int clout_graph_spread_run(clout_session *s, const clout_graph_spread_options *opts, clout_graph_spread_outcome *out);

/*
 * The JSON of a spread ({"spread", "std_error", "simulations", "seeds", "nodes", "arcs",
 * "seconds":{"load", "simulate"}}) as a NUL-terminated string ending in a newline, for the caller
 * to free(). CLOUT_ENOMEM.
 */
int clout_graph_spread_json(char **out, const clout_graph_spread_outcome *outcome, clout_error *err);

typedef struct clout_graph_overlap_options {
	unsigned version;
	clout_graph_input graph;  /* prob and seed are unused */
	const char *const *keys;  /* the accounts, as users write them (node ids for a file's graph) */
	uint32_t count;
} clout_graph_overlap_options;

#define CLOUT_GRAPH_OVERLAP_OPTIONS_VERSION 1
#define CLOUT_GRAPH_OVERLAP_OPTIONS_INIT { CLOUT_GRAPH_OVERLAP_OPTIONS_VERSION, CLOUT_GRAPH_INPUT_INIT, NULL, 0 }

/*
 * The whole overlap operation: loads the graph (opts->graph) and computes the shared audiences
 * and Jaccard indexes of opts->keys (clout_graph_overlap_keys). An unknown key is CLOUT_ENOTFOUND
 * naming it; graph errors as for clout_graph_input_open; on the session. Release out with
 * clout_graph_overlap_result_release (also after a failure).
 */
int clout_graph_overlap_run(clout_session *s, const clout_graph_overlap_options *opts, clout_graph_overlap_result *out);

/*
 * R-MAT (Chakrabarti, Zhan & Faloutsos 2004) / Kronecker graph generator: 2^scale nodes and
 * edge_factor * 2^scale arcs, each placed by recursively choosing one of four quadrants with
 * probabilities a, b, c and d = 1 - a - b - c. The same options give the same arcs on any
 * machine. Self-loops are dropped and duplicates kept (loaders merge them). fn receives each arc
 * and returns non-zero to stop (that value is returned).
 */
typedef struct clout_rmat_options {
	unsigned version;
	unsigned scale;        /* log2 of the node count, 1..31 */
	double edge_factor;    /* arcs per node */
	double a, b, c;        /* quadrant probabilities; d = 1 - a - b - c */
	uint64_t seed;
	bool scramble;         /* permute node ids so that degree does not follow the id */
} clout_rmat_options;

#define CLOUT_RMAT_OPTIONS_VERSION 1
#define CLOUT_RMAT_OPTIONS_INIT { CLOUT_RMAT_OPTIONS_VERSION, 16, 16.0, 0.57, 0.19, 0.19, 1, true }

typedef int (*clout_arc_fn)(void *ctx, uint64_t src, uint64_t dst);
int clout_graph_rmat(const clout_rmat_options *opts, clout_arc_fn fn, void *ctx, clout_error *err);

#ifdef __cplusplus
}
#endif
#endif
