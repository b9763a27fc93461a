/*
 * begin.h: the one way a store command starts and ends: parse its arguments against its option
 * table, read its output format, check what it parsed, open its session and workspace; then
 * release all that. The campaign, contract, calendar and report commands use it.
 */
#ifndef CLOUT_CLI_BEGIN_H
#define CLOUT_CLI_BEGIN_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"

typedef struct cli_call cli_call;

/* A check of what was parsed, before the store is opened: 0 to go on, else the exit status (after
 * printing why). */
typedef int (*cli_check_fn)(cli_call *call, void *arg);

/* A store command's call. Set cmd (and create, own_format, check when needed) before cli_begin;
 * the option table points --db, --workspace and -o at db, workspace and format_name. */
struct cli_call {
	const char *cmd;
	bool create;             /* the store and the workspace may be made */
	bool own_format;         /* the command reads format_name itself (in check): -o is not table|csv|json */
	cli_check_fn check;      /* may be NULL */
	void *check_arg;
	const char *db, *workspace, *format_name; /* the common options, as parsed */
	char **args;             /* positional arguments (borrowed from argv) */
	int nargs;
	cli_format format;       /* from format_name, unless own_format */
	clout_session *session;
	int64_t ws;
};

/* --db and --workspace, and -o, pointing into call. */
#define CLI_OPT_STORE(call) CLI_OPT_DB(&(call)->db), CLI_OPT_WORKSPACE(&(call)->workspace)
#define CLI_OPT_OUTPUT(call) CLI_OPT_FORMAT(&(call)->format_name)

/*
 * Parses argv against spec, reads the -o format, runs call->check, and opens the session and its
 * workspace, in that order, so that bad usage is told before any store is opened (or made). True
 * when the command should stop and return *status (EXIT_OK after --help, else after printing
 * why); false to go on with call->session. Call cli_end in both cases.
 */
bool cli_begin(cli_call *call, const cli_context *ctx, const cli_command_spec *spec, int argc, char **argv,
	int *status);

/* Closes the session and frees the arguments (safe after any cli_begin). */
void cli_end(cli_call *call);

/* The audit record of the call's write (cli_audit on its session and workspace). */
int cli_call_audit(cli_call *call, const char *action, const char *object);

#endif
