/*
 * campaign_common.h: what the campaign, contract and calendar commands share beside cli_begin
 * (cli/begin.h): printing a library JSON text.
 */
#ifndef CLOUT_CLI_CAMPAIGN_COMMON_H
#define CLOUT_CLI_CAMPAIGN_COMMON_H

#include "cli/cli.h"

/* Prints json (a library writer's malloc'd text) on one line and frees it. */
int cli_emit_json(const char *cmd, char *json);

#endif
