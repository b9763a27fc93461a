/*
 * campaign_common.h: what the campaign, contract and calendar commands share: parsing a command
 * with positional arguments, opening the workspace's store, and printing a library JSON text.
 */
#ifndef CLOUT_CLI_CAMPAIGN_COMMON_H
#define CLOUT_CLI_CAMPAIGN_COMMON_H

#include "cli/cli.h"

/* What a campaign command works on once its store is open. */
typedef struct cli_ws {
	clout_session *session;
	clout_store *store;
	int64_t ws;
} cli_ws;

/* Parses argv against spec into *args and *nargs (free *args). True when the command should stop and
 * return *status (after --help or a usage error). */
bool cli_parse_args(const cli_command_spec *spec, int argc, char **argv, char ***args, int *nargs, int *status);

/* Opens the store and workspace (create: may be made). 0, or the exit status after printing why. */
int cli_ws_open(cli_ws *w, const char *cmd, const cli_context *ctx, const char *db, const char *workspace, bool create);
void cli_ws_close(cli_ws *w);

/* Prints json (a library writer's malloc'd text) on one line and frees it. */
int cli_emit_json(const char *cmd, char *json);

#endif
