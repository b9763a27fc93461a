/*
 * internal.h: what the import framework (import.c) shares with the format files (fmt_*.c):
 * the streaming line reader, the per-record batch, the format table and the JSON field helpers
 * that turn a wrong field into a message naming its path.
 */
#ifndef CLOUT_LIB_IMPORT_INTERNAL_H
#define CLOUT_LIB_IMPORT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "clout/import.h"
#include "util/arena.h"
#include "util/json.h"
#include "util/map.h"
#include "util/stream.h"

/*
 * Imports sources[0..nsources) into workspace of store in one transaction (see clout/import.h):
 * clout_import_run's work. stats is released with clout_import_stats_release.
 */
int clout__import_sources(clout_store *store, int64_t workspace, const clout_import_source *sources, size_t nsources,
	const clout_import_options *opts, clout_import_stats *stats, clout_error *err);

/* ---- streaming reader (plain or gzip, from a file, a descriptor or memory) ------------------ */

typedef struct clout__reader {
	clout_stream *stream;
	bool own_stream;
	const char *name;    /* the input's name in messages */
	char *buf;
	size_t cap, start, end;
	size_t max_line;
	bool eof;
	bool pinned;         /* the buffer still holds everything from the start */
	int broken;          /* the input failed (truncated gzip data, a read error): its code */
	uint64_t line;       /* number of the line last returned (1-based) */
	uint64_t file_size;  /* input bytes, when known */
} clout__reader;

/* Opens a reader on the file at path (the stream is the reader's). */
int clout__reader_open(clout__reader *r, const char *path, size_t max_line, clout_error *err);
/* Opens a reader on stream (borrowed). */
int clout__reader_open_stream(clout__reader *r, clout_stream *stream, size_t max_line, clout_error *err);
void clout__reader_close(clout__reader *r);
/*
 * The next line without its end of line (LF or CRLF): 1 and *line, *len; 0 at the end; negative on
 * error. The line is followed by CLOUT_JSON_PADDING readable bytes. A line longer than max_line is
 * skipped whole and reported as CLOUT_EBADDATA ("line is longer than ..."): a bad record; when the
 * input itself fails (r->broken is then set), nothing follows.
 */
int clout__reader_next(clout__reader *r, const char **line, size_t *len, clout_error *err);
/* Goes back to the first line, once, after detection has looked at the first lines. */
int clout__reader_restart(clout__reader *r, clout_error *err);
/* Input bytes consumed so far (compressed bytes for gzip). */
uint64_t clout__reader_offset(clout__reader *r);
/* The whole (decompressed) input from its start, at most max bytes, padded; borrowed from r. */
int clout__reader_slurp(clout__reader *r, const char **out, size_t *len, size_t max, clout_error *err);

/* ---- the batch of one record ----------------------------------------------------------------- */

typedef struct clout__batch {
	clout_account *accounts;
	size_t naccounts, cap_accounts;
	clout_post *posts;
	size_t nposts, cap_posts;
	clout_edge *edges;
	size_t nedges, cap_edges;
} clout__batch;

typedef struct clout__import clout__import;
struct chunk;
struct clout_queue;

#define CLOUT__DEFAULT_MAX_RECORD (16u << 20)

/* The state of an import, or of a record iterator. */
struct clout__import {
	clout_store *store;
	int64_t workspace;
	clout_import_options opts;
	clout_json_parser *parser;
	clout_arena arena;
	clout__batch batch;
	clout_error record_err;
	clout_error *err;
	const char *path;
	uint64_t line, record_line;
	FILE *rejects;
	clout_import_stats *stats;
	clout_import_file_stats *file;
	uint64_t bytes_before, bytes_total;
	clout__reader *reader;
	const clout_import_source *sources;
	uint32_t file_index;
	struct chunk *chunk;   /* being filled by the reader thread */
	struct clout_queue *queue;
	clout_error reader_err; /* the reader thread's error */
	clout_imap seen_file;   /* hashes of (platform, id) of the accounts of this input, and of all inputs */
	clout_imap seen_all;
	/* what happens to a record once read: a checked record that carries something is accepted
	 * (the batch is cleared after, unless accept sets ready); a bad one is refused (return 0 to go
	 * on, or the error that ends the input, set on im->err) */
	int (*accept)(clout__import *im);
	int (*refuse)(clout__import *im, int rc, const char *raw, size_t raw_len);
	bool ready;            /* the record iterator holds the batch for its caller */
};


/* Forgets the current record's entries and its memory. */
void clout__batch_clear(clout__import *im);

/* Appends an initialized entry to the current record's batch (NULL when out of memory). */
clout_account *clout__add_account(clout__import *im);
clout_post *clout__add_post(clout__import *im);
clout_edge *clout__add_edge(clout__import *im);

/* Memory for the current record (freed when the record is done). */
clout_arena *clout__record_arena(clout__import *im);
const clout_import_options *clout__options(clout__import *im);
/* Sets the error for the current record: the framework prefixes "FILE:LINE: ". */
int clout__bad(clout__import *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- formats ----------------------------------------------------------------------------------- */

typedef struct clout__format {
	const char *name;
	/* JSON formats: how surely root is of this format (0 no, higher is surer). */
	int (*sniff_json)(const clout_jv *root);
	/* Turns one JSON record (a line, or a whole document) into batch entries. */
	int (*json_record)(clout__import *im, const clout_jv *root);
	/* Text formats: how surely the first line (and the path) is of this format. */
	int (*sniff_text)(const char *path, const char *line, size_t len);
	/* Text formats: one physical line; start/end bracket each file. */
	int (*text_begin)(clout__import *im, void **state);
	int (*text_line)(clout__import *im, void *state, const char *line, size_t len);
	int (*text_end)(clout__import *im, void *state);
} clout__format;

extern const clout__format clout__format_clout_json;
extern const clout__format clout__format_clout_csv;
extern const clout__format clout__format_edges;
extern const clout__format clout__format_twitter;
extern const clout__format clout__format_instagram;
extern const clout__format clout__format_youtube;
extern const clout__format clout__format_tiktok;

/* Whether name is a format (or "clout"). */
bool clout__known_format(const char *name);

/* ---- reading one input step by step (parse.c) ------------------------------------------------- */

typedef enum { MODE_JSON_LINES, MODE_JSON_DOCUMENT, MODE_TEXT, MODE_EMPTY } clout__read_mode;

typedef struct clout__parse {
	clout__reader *reader;
	const clout__format *format;
	clout__read_mode mode;
	void *text_state;
	bool text_begun, done;
	bool guessed; /* the format was detected, not named: a failure says which and why */
} clout__parse;

/* Detects r's format (or takes im->opts.format) and goes back to its start. Errors on im->err. */
int clout__parse_begin(clout__import *im, clout__parse *p, clout__reader *r);
/* Reads one line (or the whole document, or the end of a text format), handing any record it
 * completes to clout__record_done: 1, 0 at the end, negative on error (on im->err). */
int clout__parse_step(clout__import *im, clout__parse *p);
/* Ends the input (a text format's end, even after an error). */
void clout__parse_end(clout__import *im, clout__parse *p);
/* "clout" or the format's name. */
const char *clout__parse_format_name(const clout__parse *p);

/* Opens the stream of source (source.c). */
int clout__source_open(clout_stream **out, const clout_import_source *source, clout_error *err);
/* The input size of source when known, else 0. */
int clout__source_size(const clout_import_source *source, uint64_t *out, clout_error *err);

/* Text formats report a record's first line when it spans several (CSV quoted newlines). */
void clout__set_record_line(clout__import *im, uint64_t line);
/* The physical line the reader is at. */
uint64_t clout__current_line(clout__import *im);
/* Text formats call this when a record is complete: applies or rejects it. */
int clout__record_done(clout__import *im, int rc, const char *raw, size_t raw_len);

/* ---- JSON field helpers (path is the record-relative path of obj, e.g. "data[3]") -------------- */

/* A string field: *out is NULL when absent or null; a non-string is an error. */
int clout__jv_str(clout__import *im, const clout_jv *obj, const char *path, const char *key, const char **out);
/* An id: a string, or an integer written as decimal; NULL when absent. */
int clout__jv_id(clout__import *im, const clout_jv *obj, const char *path, const char *key, const char **out);
/* A count: a non-negative integer, or a string of digits (YouTube); CLOUT_UNKNOWN when absent. */
int clout__jv_count(clout__import *im, const clout_jv *obj, const char *path, const char *key, int64_t *out);
/* A number (integer or real, or numeric string); *out untouched when absent. */
int clout__jv_number(clout__import *im, const clout_jv *obj, const char *path, const char *key, double *out);
/* A boolean: 1/0, CLOUT_UNKNOWN when absent. */
int clout__jv_bool(clout__import *im, const clout_jv *obj, const char *path, const char *key, int *out);
/* A time: ISO 8601 ("2021-04-01T15:52:31.000Z", "+0000" offsets) or unix seconds; CLOUT_UNKNOWN when absent. */
int clout__jv_time(clout__import *im, const clout_jv *obj, const char *path, const char *key, int64_t *out);
/* Parses an ISO 8601 time into unix seconds; false when malformed. */
bool clout__parse_time(const char *s, size_t len, int64_t *out);
/* "path.key" or "key" in the record arena, for messages. */
const char *clout__path(clout__import *im, const char *path, const char *key);
/* "path[i]" in the record arena. */
const char *clout__path_index(clout__import *im, const char *path, const char *key, size_t i);

#endif
