/*
 * clout/session.h: the session handle every whole operation of libclout takes.
 *
 * A session holds what one command or one request works with: the store connection, the
 * workspace, the acting user and role, the text model (shared read-only between sessions and
 * threads when the front end passes one in, else loaded on first use with the session's user
 * lexicons and parameters), a per-call arena, and the last error. A session opened with no_store
 * has only the text model, the arena and the error: enough for the sentiment operation. Configuration reaches it through
 * clout_session_options only: nothing below the front end's main reads the environment.
 *
 * A session is used by one thread at a time. The operations built on it (clout_import_run,
 * clout_score_discover_run, clout_plan_run, ...) clear its error on entry and leave a message there
 * when they fail; their results stay valid until released, whatever happens to the session.
 */
#ifndef CLOUT_SESSION_H
#define CLOUT_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "clout/common.h"
#include "clout/store.h"
#include "clout/text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clout_session clout_session;

/* A user lexicon to add to the session's own text model. */
typedef struct clout_session_lexicon {
	const char *lang; /* "en" or "fr" */
	const char *path;
} clout_session_lexicon;

/* A rules.txt parameter to set on the session's own text model (as clout_text_set_param). */
typedef struct clout_session_param {
	const char *lang; /* "en" or "fr" */
	const char *name;
	double value;
} clout_session_param;

#define CLOUT_SESSION_OPTIONS_VERSION 2

typedef struct clout_session_options {
	unsigned int version;
	const char *location;  /* the store: a path (SQLite) or a postgresql:// URI; NULL or "": "./clout.db" */
	const char *workspace; /* NULL: "default" */
	/*
	 * Whether the store (a file) and the workspace may be created. Read-only commands leave it
	 * false: a store that does not exist is then CLOUT_ENOTFOUND ("no store at PATH") and no file
	 * is made.
	 */
	bool create;
	const char *user;      /* the acting user, NULL for the local user (the server fills it) */
	const char *role;      /* the acting user's role, NULL for the local user */
	/* A text model to share (borrowed, read-only: it must outlive the session); NULL: the session
	 * loads its own on first use, with lexicons added. */
	const clout_text_model *text_model;
	const clout_session_lexicon *lexicons;
	size_t nlexicons;
	/* Parameters set on the session's own model after its lexicons (ignored with text_model). */
	const clout_session_param *params;
	size_t nparams;
	/*
	 * A session without a store, for the operations that need only the text model
	 * (clout_session_sentiment_lines): location, workspace and create are then unused,
	 * clout_session_store returns NULL and an operation that needs the store answers CLOUT_EINVAL
	 * ("this session has no store").
	 */
	bool no_store;
} clout_session_options;

#define CLOUT_SESSION_OPTIONS_INIT \
	{ CLOUT_SESSION_OPTIONS_VERSION, NULL, NULL, false, NULL, NULL, NULL, NULL, 0, NULL, 0, false }

/*
 * Opens the store at opts->location (migrating its schema; none with opts->no_store) and returns a session for the caller
 * to free with clout_session_free. The workspace is looked up when an operation first needs it.
 * CLOUT_ENOTFOUND when the store does not exist and opts->create is false, CLOUT_EINVAL for a bad
 * options version, or what clout_store_open returns; the message is in err.
 */
int clout_session_open(clout_session **out, const clout_session_options *opts, clout_error *err);

/* Frees s and closes its store (NULL-safe). */
void clout_session_free(clout_session *s);

/* The last error of an operation on s (code 0 when it succeeded); borrowed from s. */
const clout_error *clout_session_error(const clout_session *s);

/* The error object operations write into (borrowed from s). */
clout_error *clout_session_err(clout_session *s);

/* The store (borrowed from s), or NULL for a session opened with no_store. */
clout_store *clout_session_store(clout_session *s);

/*
 * 0 when s has a store, else CLOUT_EINVAL with "this session has no store" on s: what an operation
 * that needs the store and no workspace calls first (clout_session_workspace calls it).
 */
int clout_session_need_store(clout_session *s);

/* The store's location as given (or the default). */
const char *clout_session_location(const clout_session *s);

/* The workspace's name. */
const char *clout_session_workspace_name(const clout_session *s);

/*
 * The workspace's id, looked up (and created when the options allowed it) on first call.
 * CLOUT_ENOTFOUND ("no workspace 'NAME' in LOCATION") when absent; the message is on s.
 */
int clout_session_workspace(clout_session *s, int64_t *out);

/*
 * The id of the workspace called name in s's store, which is not created and does not become s's
 * workspace (a login names the workspace it wants). CLOUT_ENOTFOUND ("no workspace 'NAME' in
 * LOCATION") when there is none; the message is on s.
 */
int clout_session_workspace_find(clout_session *s, const char *name, int64_t *out);

/*
 * Makes s act in workspace (an id the front end resolved, e.g. from a caller's credential) as user
 * with role (either may be NULL), until the next call: a server keeps one session per worker and
 * hands it to each request in turn. CLOUT_ENOMEM (s is then unchanged).
 */
int clout_session_act_as(clout_session *s, int64_t workspace, const char *user, const char *role);

/* The acting user and role (NULL for the local user). */
const char *clout_session_user(const clout_session *s);
const char *clout_session_role(const clout_session *s);

/*
 * The text model: the one passed in the options, else the session's own, loaded on first call
 * with the options' lexicons and then its params. Errors as clout_text_model_new,
 * clout_text_load_lexicon and clout_text_set_param, on s.
 */
int clout_session_text_model(clout_session *s, const clout_text_model **out);

/*
 * Memory from the session's per-call arena: it lives until clout_session_reset (which every
 * operation calls on entry) or clout_session_free. NULL when out of memory.
 */
void *clout_session_alloc(clout_session *s, size_t size);

/* Starts a new call: clears the error and forgets what the arena holds. */
void clout_session_reset(clout_session *s);

#define CLOUT_SESSION_SENTIMENT_OPTIONS_VERSION 1

/* How clout_session_sentiment_lines reads and writes (see clout_text_lines_options). */
typedef struct clout_session_sentiment_options {
	unsigned int version;
	const char *name;   /* the input's name in messages ("posts.jsonl", "<stdin>", "body") */
	const char *lang;   /* "en", "fr"; NULL or "auto": detect per record */
	bool plain;         /* one text per line (id = line number) instead of JSON lines */
	size_t max_line;    /* longest line scored (0: CLOUT_TEXT_LINES_MAX_DEFAULT) */
	/* The output in input order, in blocks of whole JSON lines; non-zero stops the run. */
	int (*write)(void *ctx, const char *data, size_t len);
	/* Per malformed line (skipped), CLOUT_EBADDATA and "NAME:LINE: what"; non-zero stops. May be NULL. */
	int (*bad)(void *ctx, const clout_error *err);
	void *ctx;
	unsigned threads;   /* scoring threads (0 or 1: the calling thread); the output does not depend on it */
} clout_session_sentiment_options;

#define CLOUT_SESSION_SENTIMENT_OPTIONS_INIT \
	{ CLOUT_SESSION_SENTIMENT_OPTIONS_VERSION, "<input>", NULL, false, 0, NULL, NULL, NULL, 1 }

/*
 * The sentiment operation over a stream: scores the JSON lines (or plain lines) read from in with
 * the session's text model (shared read-only by its threads, each with its own clout_text
 * handle) and hands one JSON line per record (clout_text_sentiment_record_json) to opts->write,
 * in input order; malformed lines go to opts->bad and are counted in out->bad. Needs no store.
 * Returns 0, the callbacks' non-zero value (the error on s then has code 0 unless the callback
 * set one), CLOUT_EINVAL for bad options or lang, CLOUT_EIO on a read error, CLOUT_ENOMEM, or
 * what loading the session's text model returns; the message is on s.
 */
int clout_session_sentiment_lines(clout_session *s, FILE *in, const clout_session_sentiment_options *opts,
	clout_text_lines_stats *out);

/* Counts of what the store holds in the session's workspace, or in every workspace when all. */
int clout_session_stats(clout_session *s, bool all, clout_store_counts *out);

/* The JSON of counts ({"workspaces":..,"people":..,"accounts":..,"posts":..,"edges":..,
 * "snapshots":..}) as a NUL-terminated string the caller frees with free(). CLOUT_ENOMEM. */
int clout_session_stats_json(char **out, const clout_store_counts *counts, clout_error *err);

#ifdef __cplusplus
}
#endif
#endif
