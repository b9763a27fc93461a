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
 *
 * Record sources: the same parsers read a file, a file descriptor (a pipe, a socket, stdin) or a
 * memory buffer, gzip-compressed or not, with clout_import_run (into the store) or one record
 * at a time with clout_import_reader (for a listener on a stream or an HTTP ingest endpoint).
 * Nothing is read twice, so a source need not be seekable.
 */
#ifndef CLOUT_IMPORT_H
#define CLOUT_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/score.h"
#include "clout/session.h"
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
	/* clout_import_run only: */
	bool no_index;             /* leave the discovery index as it is */
	clout_progress_fn index_progress; /* the index rebuild's progress, in posts */
	void *index_progress_ctx;
} clout_import_options;

#define CLOUT_IMPORT_OPTIONS_INIT { CLOUT_IMPORT_OPTIONS_VERSION, NULL, false, NULL, NULL, NULL, false, 0, NULL, NULL, NULL, false, NULL, NULL }

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
	/* Where the time went, in seconds: the reader thread's CPU (read, parse, check, sort into
	 * chunks); the writer's CPU in the store's bulk writes and its wall time waiting for the next
	 * chunk; the wall time of the load's end (after a fresh load, the secondary indexes built
	 * again) and of the commit. */
	double read_cpu, write_cpu, write_wait, rebuild_seconds, commit_seconds;
} clout_import_stats;

/* Where records come from. */
typedef enum clout_import_source_kind {
	CLOUT_SOURCE_PATH = 1, /* the file at path */
	CLOUT_SOURCE_FD,       /* fd, read to its end (borrowed: not closed) */
	CLOUT_SOURCE_MEMORY    /* data[0..len) (borrowed) */
} clout_import_source_kind;

typedef struct clout_import_source {
	clout_import_source_kind kind;
	const char *path;
	int fd;
	const void *data;
	size_t len;
	const char *name; /* the name in messages ("FILE:LINE: ..."); NULL: the path, "<stdin>" for fd 0,
	                     "<fd>" or "<memory>" */
} clout_import_source;

#define CLOUT_IMPORT_SOURCE_PATH(p) { CLOUT_SOURCE_PATH, (p), -1, NULL, 0, NULL }
#define CLOUT_IMPORT_SOURCE_FD(f, n) { CLOUT_SOURCE_FD, NULL, (f), NULL, 0, (n) }
#define CLOUT_IMPORT_SOURCE_MEMORY(d, l, n) { CLOUT_SOURCE_MEMORY, NULL, -1, (d), (l), (n) }

/* Frees what an import left in stats. */
void clout_import_stats_release(clout_import_stats *stats);

/* What clout_import_run did. */
typedef struct clout_import_result {
	clout_import_stats stats;       /* the import's (valid when the import itself succeeded) */
	double seconds;                 /* time the import took */
	bool indexed;                   /* the discovery index was rebuilt */
	double index_seconds;           /* the time the rebuild took (not in seconds) */
	clout_score_index_stats index;  /* the rebuild's, when indexed */
} clout_import_result;

/*
 * The whole import operation: imports sources[0..nsources) into the session's workspace (created if
 * the session may create) in one transaction (see above; the file stats' paths are the sources'
 * names; skip_bad on a source that is not a path needs opts->reject_path, else CLOUT_EINVAL), then,
 * unless opts->no_index, rebuilds the discovery index with the session's text model. When the import succeeds and the rebuild fails, out->stats
 * is kept (the data is in) and the rebuild's error is returned. Errors on the session; release out
 * with clout_import_result_release.
 */
int clout_import_run(clout_session *s, const clout_import_source *sources, size_t nsources,
	const clout_import_options *opts, clout_import_result *out);

/* Frees what clout_import_run left in result (NULL-safe). */
void clout_import_result_release(clout_import_result *result);

/*
 * The JSON of an import ({"files":[{path, format, bytes, records, accounts, posts, edges,
 * rejected}], "records", "accounts", "posts", "edges", "rejected", "rejects", "seconds"}) as a
 * NUL-terminated string ending in a newline, for the caller to free(). CLOUT_ENOMEM.
 */
int clout_import_result_json(char **out, const clout_import_result *result, clout_error *err);

/* ---- one record at a time ------------------------------------------------------------------ */

typedef struct clout_import_reader clout_import_reader;

/* One record: what one JSON line, one JSON document or one CSV row holds. Borrowed from the reader
 * until the next call on it. Accounts seen only in passing (mentions) have weak set. */
typedef struct clout_import_record {
	const char *name;     /* the source's name */
	uint64_t line;        /* the record's (first) line */
	const clout_account *accounts;
	size_t naccounts;
	const clout_post *posts;
	size_t nposts;
	const clout_edge *edges;
	size_t nedges;
} clout_import_record;

/*
 * Opens source and detects its format (or takes opts->format), reading its first record's line:
 * on a stream this waits for it. opts (may be NULL for the defaults) gives format, platform,
 * edge_kind, edges_reverse, author and max_record_bytes; the rest is ignored. Errors as
 * an import: "NAME:LINE: what" (CLOUT_EBADDATA), CLOUT_ENOTFOUND, CLOUT_EIO.
 */
int clout_import_reader_open(clout_import_reader **out, const clout_import_source *source,
	const clout_import_options *opts, clout_error *err);

/* The detected format ("clout", "twitter-v2", ...). */
const char *clout_import_reader_format(const clout_import_reader *reader);

/*
 * The next record, checked as an import checks it: 1 and *out; 0 at the end; CLOUT_EBADDATA
 * for a bad record ("NAME:LINE: what"), after which the next call goes on with the record after it;
 * any other negative code ends the source (a read error, truncated gzip data).
 */
int clout_import_reader_next(clout_import_reader *reader, clout_import_record *out, clout_error *err);

/* Closes reader (NULL-safe); the source itself (fd, memory) is the caller's. */
void clout_import_reader_free(clout_import_reader *reader);

/* Detects the format of a file; out gets the format name. */
int clout_import_detect(const char *path, char *out, size_t out_size, clout_error *err);

/* The list of format names, ended by NULL. */
const char *const *clout_import_formats(void);

#ifdef __cplusplus
}
#endif
#endif
