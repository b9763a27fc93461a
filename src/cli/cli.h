/*
 * cli.h: what the clout CLI's commands share: the command signature, exit codes (sysexits),
 * opening the store from --db/$CLOUT_DB, the graph options, output formats and the terminal progress
 * bar.
 */
#ifndef CLOUT_CLI_CLI_H
#define CLOUT_CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "clout/clout.h"
#include "cli/opt.h"

/*
 * Exit statuses scripts can rely on (sysexits.h values), the same in every command. cli_exit_code
 * maps libclout's codes onto them; cli_print_exit_statuses prints this table for `clout help`
 * and docs/cli.md gives it too (tests/cli/test_exit.sh checks that the two agree).
 */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 64,       /* a wrong option, argument or value (CLOUT_EINVAL) */
	EXIT_DATAERR = 65,     /* input data is malformed, or conflicts with the store */
	EXIT_NOINPUT = 66,     /* a named file, store, workspace or account does not exist */
	EXIT_UNAVAILABLE = 69, /* the database server cannot be reached */
	EXIT_SOFTWARE = 70,    /* a bug or out of memory */
	EXIT_IOERR = 74,       /* a file or the store could not be read or written */
	EXIT_TEMPFAIL = 75,    /* rate limited: try again later */
	EXIT_NOPERM = 77       /* credentials refused, the store is read-only, or a contact refused */
};

/*
 * What main hands every command: the store location from a global --db before the command, else
 * $CLOUT_DB, else NULL (the library's default). Nothing below main reads the environment for it.
 */
typedef struct cli_context {
	const char *db;
	/* Where cli_open_session notes a store file it created (size CLI_PATH_MAX, "" when none):
	 * main removes it when the command fails, so that a failed command leaves no new file. */
	char *created_store;
} cli_context;

#define CLI_PATH_MAX 4096
#define CLI_DEFAULT_STORE "./clout.db" /* the store when neither --db nor $CLOUT_DB names one */

typedef int (*cli_command_fn)(const cli_context *ctx, int argc, char **argv);

typedef struct cli_command {
	const char *name;
	cli_command_fn fn;
	const char *summary;
} cli_command;

/* Maps a libclout code to an exit status (the one place this is decided). */
int cli_exit_code(int clout_code);

/* Prints the exit statuses and what each means, one a line (for `clout help`). */
void cli_print_exit_statuses(FILE *out);

/* Prints "clout CMD: PATH: cannot open: why" for a failed fopen (errno set) and returns the exit
 * status for it: EXIT_NOINPUT when the file does not exist, else EXIT_IOERR. */
int cli_fail_open(const char *cmd, const char *path);

/* "1 account", "2 accounts": the noun for count (one or the plural given). */
const char *cli_plural(uint64_t count, const char *one, const char *many);

/* Prints "clout CMD: message" for err and returns the exit status for its code. */
int cli_fail(const char *cmd, const clout_error *err);

/* Parses argv for a command that takes no positional arguments (spec's max_args is 0). Returns
 * true when the command should stop and return *status: EXIT_OK after --help, EXIT_USAGE after a
 * usage error (printed); false to go on. */
bool cli_parse_options(const cli_command_spec *spec, int argc, char **argv, int *status);

/*
 * Opens a session on the store (location from the command's --db, else ctx->db, else the
 * library's default) and workspace; create lets the store file and the workspace be made.
 * On failure prints and returns an exit status (> 0); 0 on success.
 */
int cli_open_session(const char *cmd, const cli_context *ctx, const char *db, const char *workspace, bool create,
	clout_session **out);

/* Appends action on object to the audit log as the session's user, from "cli". 0, or the exit
 * status after printing why it could not (the write it records is already done). */
int cli_audit(const char *cmd, clout_session *session, int64_t workspace, const char *action, const char *object);

/* Writes s as a JSON string (quoted, escaped) to out. */
void cli_json_string(FILE *out, const char *s);

/* Prints "clout CMD: message" for the session's last error and returns the exit status for it. */
int cli_fail_session(const char *cmd, const clout_session *session);

/*
 * The graph options of the commands that load a graph (overlap, spread, plan): an edge list
 * (--graph FILE) or the store's edges (--from-store, with --db, --workspace and --kind).
 * CLI_OPT_GRAPH splices them into an option table, with the command's own help for --graph,
 * --kind and --reverse.
 */
typedef struct cli_graph_opts {
	const char *path, *db, *workspace, *kind;
	bool from_store, reverse, header, drop_self_loops, cache;
	clout_session *session; /* with --from-store, the command's session (to label accounts) */
} cli_graph_opts;

#define CLI_OPT_GRAPH(o, graph_help, kind_help, reverse_help) \
	{ CLI_OPT_STRING, "graph", 'g', &(o)->path, "FILE", graph_help }, \
	{ CLI_OPT_FLAG, "from-store", 0, &(o)->from_store, NULL, "use the store's follow/interaction edges" }, \
	CLI_OPT_DB(&(o)->db), \
	CLI_OPT_WORKSPACE(&(o)->workspace), \
	{ CLI_OPT_STRING, "kind", 0, &(o)->kind, "KIND", kind_help }, \
	{ CLI_OPT_FLAG, "reverse", 0, &(o)->reverse, NULL, reverse_help }, \
	{ CLI_OPT_FLAG, "header", 0, &(o)->header, NULL, "the edge list's first line is \"n m\"" }, \
	{ CLI_OPT_FLAG, "drop-self-loops", 0, &(o)->drop_self_loops, NULL, "ignore \"a a\" lines instead of failing" }, \
	{ CLI_OPT_FLAG, "cache", 0, &(o)->cache, NULL, "keep a binary copy beside FILE (FILE.clout-csr) and map it next time" }

/* Opens the session a whole graph operation runs on: without a store for --graph FILE, else the
 * store of --db (not created); fills input with o's path, kind and load flags (the caller sets the
 * rest). On failure prints and returns an exit status (> 0); 0 on success. */
int cli_graph_session(const char *cmd, const cli_context *ctx, const cli_graph_opts *o, clout_session **session,
	clout_graph_input *input);

typedef enum { CLI_FORMAT_TABLE, CLI_FORMAT_CSV, CLI_FORMAT_JSON } cli_format;

/* Parses -o; NULL picks table on a terminal and json otherwise. -1 after printing an error. */
int cli_parse_format(const char *cmd, const char *name, cli_format *out);

/* Progress on stderr when it is a terminal: a bar of done/total with a rate in the callback's unit. */
typedef struct cli_progress {
	const char *label;
	const char *unit; /* NULL: bytes (shown as MB and MB/s); else the items counted ("posts") */
	bool enabled;
	double started, last_draw;
} cli_progress;

/* unit: NULL when the callback counts bytes, else the plural noun of what it counts ("accounts"). */
void cli_progress_init(cli_progress *p, const char *label, const char *unit);
int cli_progress_fn(void *ctx, uint64_t done, uint64_t total);
void cli_progress_done(cli_progress *p);

/* Writes s as a CSV field to out. */
void cli_csv_field(FILE *out, const char *s);

/* Prints a JSON text made by a library writer (json, or err's message when rc < 0) and frees it;
 * returns 0 or the exit status after printing the error. */
int cli_print_json(const char *cmd, int rc, char *json, const clout_error *err);

/* n with thousands separators ("1,234,567") in out (size >= 32 for any n); "?" when n < 0. */
const char *cli_thousands(int64_t n, char *out, size_t size);

/* Seconds since an arbitrary origin (monotonic). */
double cli_now(void);

#endif
