/*
 * cli.h: what the clout CLI's commands share: the command signature, exit codes (sysexits),
 * opening the store from --db/$CLOUT_DB, output formats and the terminal progress bar.
 */
#ifndef CLOUT_CLI_CLI_H
#define CLOUT_CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "clout/clout.h"
#include "cli/opt.h"

/* Exit statuses scripts can rely on (sysexits.h values). */
enum {
	EXIT_OK = 0,
	EXIT_FAILURE_GENERIC = 1, /* a command ran and answered "no" (e.g. a check failed) */
	EXIT_USAGE = 64,
	EXIT_DATAERR = 65,
	EXIT_NOINPUT = 66,
	EXIT_SOFTWARE = 70,
	EXIT_IOERR = 74
};

typedef int (*cli_command_fn)(int argc, char **argv);

typedef struct cli_command {
	const char *name;
	cli_command_fn fn;
	const char *summary;
} cli_command;

/* Maps a libclout code to an exit status (the one place this is decided). */
int cli_exit_code(int clout_code);

/* Prints "clout CMD: message" for err and returns the exit status for its code. */
int cli_fail(const char *cmd, const clout_error *err);

/* Opens the store (location from --db, $CLOUT_DB or ./clout.db) and the workspace, creating it
 * when create is true. On failure prints and returns an exit status (> 0); 0 on success. */
int cli_open_store(const char *cmd, const char *db, const char *workspace, bool create, clout_store **store,
	int64_t *ws);

typedef enum { CLI_FORMAT_TABLE, CLI_FORMAT_CSV, CLI_FORMAT_JSON } cli_format;

/* Parses -o; NULL picks table on a terminal and json otherwise. -1 after printing an error. */
int cli_parse_format(const char *cmd, const char *name, cli_format *out);

/* Progress on stderr when it is a terminal: a bar of done/total bytes with a rate. */
typedef struct cli_progress {
	const char *label;
	bool enabled;
	double started, last_draw;
} cli_progress;

void cli_progress_init(cli_progress *p, const char *label);
int cli_progress_fn(void *ctx, uint64_t done, uint64_t total);
void cli_progress_done(cli_progress *p);

/* Writes s as a CSV field / JSON string to out. */
void cli_csv_field(FILE *out, const char *s);
void cli_json_string(FILE *out, const char *s);

/* Seconds since an arbitrary origin (monotonic). */
double cli_now(void);

#endif
