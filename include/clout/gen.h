/*
 * clout/gen.h: the sample-data generator. It writes a realistic, seeded data set in clout's own
 * JSON-lines format (docs/formats.md): accounts on several platforms with heavy-tailed follower
 * counts and follower histories, English and French posts from topic communities with engagement
 * that falls as audiences grow (about 8% under 1k followers, 1.6% at 10M), replies to commenters,
 * a follow graph, and planted problems (bought followers, engagement pods, dormant accounts)
 * listed in planted.tsv so that detectors can be measured. The same options and seed give the
 * same bytes.
 */
#ifndef CLOUT_GEN_H
#define CLOUT_GEN_H

#include <stdint.h>

#include "clout/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CLOUT_GEN_OPTIONS_VERSION 1

typedef struct clout_gen_options {
	unsigned int version;
	uint64_t seed;
	uint64_t accounts;          /* number of accounts (>= 10) */
	double posts_per_account;   /* mean original posts per account */
	double follows_per_account; /* mean follow edges per account (0: no graph) */
	double planted_share;       /* share of accounts with each planted problem */
	int64_t now;                /* the data set's "today" (unix seconds) */
	const char *out_dir;        /* writes accounts.jsonl, posts.jsonl, edges.jsonl, planted.tsv */
	clout_progress_fn progress; /* accounts done / total */
	void *progress_ctx;
} clout_gen_options;

#define CLOUT_GEN_OPTIONS_INIT { CLOUT_GEN_OPTIONS_VERSION, 1, 1000, 12.0, 20.0, 0.03, 1793491200, ".", NULL, NULL }

typedef struct clout_gen_stats {
	uint64_t accounts, posts, edges, planted;
	uint64_t bytes;
} clout_gen_stats;

/* Writes the data set described by opts; CLOUT_EIO when out_dir cannot be written. */
int clout_gen_sample(const clout_gen_options *opts, clout_gen_stats *out, clout_error *err);

#ifdef __cplusplus
}
#endif
#endif
