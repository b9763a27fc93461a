/*
 * clout/import.h: importing social data into the store.
 *
 * Formats: "clout" (clout's own JSON lines and CSV for accounts, posts and edges; docs/formats.md),
 * "twitter-v2", "instagram-graph", "youtube-data", "tiktok-research" (the platforms' native API
 * payloads, one response page or one object per line, or one pretty-printed document per file) and
 * "edges" (SNAP-style `src dst [weight|timestamp type]` lines). Files may be gzip-compressed.
 *
 * An import of several files is one transaction: a malformed record stops it with
 * "FILE:LINE: what is wrong" (CLOUT_EBADDATA) and the store is left exactly as it was, unless
 * skip_bad is set, in which case good records are imported and every rejected record is written
 * with its reason to the reject file. Memory stays constant whatever the file size.
 */
#ifndef CLOUT_IMPORT_H
#define CLOUT_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CLOUT_IMPORT_OPTIONS_VERSION 1

typedef struct clout_import_options {
	unsigned int version;
	const char *format;        /* NULL or "auto" to detect per file */
	bool skip_bad;             /* import good records, write rejects */
	const char *reject_path;   /* where rejects go with skip_bad (default: first FILE + ".rejects") */
	const char *platform;      /* platform of edge-list node ids (default "graph") */
	const char *edge_kind;     /* kind of edge-list edges (default "follow") */
	bool edges_reverse;        /* edge lists: store dst -> src (e.g. retweet lists as influence) */
	size_t max_record_bytes;   /* longest line or document accepted (default 16 MiB) */
	const char *author;        /* platform id of the account that owns records naming none (an
	                              Instagram /{user-id}/media page, one creator's TikTok query,
	                              media insights); without it such records are bad records */
	clout_progress_fn progress;/* called with bytes read and total bytes of all files */
	void *progress_ctx;
} clout_import_options;

#define CLOUT_IMPORT_OPTIONS_INIT { CLOUT_IMPORT_OPTIONS_VERSION, NULL, false, NULL, NULL, NULL, false, 0, NULL, NULL, NULL }

/*
 * accounts counts distinct accounts (platform and id) with an account record; snapshots counts
 * the account records themselves: an account seen several times (a clout history, a user in several
 * response pages) is one account and several snapshots of its counts.
 */
typedef struct clout_import_file_stats {
	const char *path;
	char format[32];
	uint64_t bytes, records, accounts, posts, edges, rejected;
	uint64_t snapshots;
} clout_import_file_stats;

typedef struct clout_import_stats {
	uint64_t bytes, records, accounts, posts, edges, rejected;
	uint64_t snapshots;
	clout_import_file_stats *files; /* one per input file, owned by the stats */
	size_t nfiles;
	char *reject_path;              /* the reject file, when rejects were written (owned) */
} clout_import_stats;

/* Frees what clout_import_files left in stats. */
void clout_import_stats_release(clout_import_stats *stats);

/* Imports paths[0..npaths) into workspace in one transaction (see above). */
int clout_import_files(clout_store *store, int64_t workspace, const char *const *paths, size_t npaths,
	const clout_import_options *opts, clout_import_stats *stats, clout_error *err);

/* Detects the format of a file; out gets the format name. */
int clout_import_detect(const char *path, char *out, size_t out_size, clout_error *err);

/* The list of format names, ended by NULL. */
const char *const *clout_import_formats(void);

#ifdef __cplusplus
}
#endif
#endif
