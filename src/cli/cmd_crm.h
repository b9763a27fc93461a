/* cmd_crm.h: what the `clout crm` subcommands (cmd_crm.c, cmd_crm_log.c) share beside cli_begin. */
#ifndef CLOUT_CLI_CMD_CRM_H
#define CLOUT_CLI_CMD_CRM_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/begin.h"
#include "cli/cli.h"
#include "clout/crm.h"

/* Records the call's action on "person:ID" in the audit log; 0 or the exit status after printing. */
int crm_cli_audit(cli_call *call, const char *action, int64_t person);

/* Prints a person as a table, CSV or JSON; the exit status. */
int crm_cli_print_person(const clout_crm_person *p, cli_format format);

/* The relationship subcommands (cmd_crm_log.c). */
int crm_cmd_stage(const cli_context *ctx, int argc, char **argv);
int crm_cmd_consent(const cli_context *ctx, int argc, char **argv);
int crm_cmd_nda(const cli_context *ctx, int argc, char **argv);
int crm_cmd_log(const cli_context *ctx, int argc, char **argv);
int crm_cmd_interactions(const cli_context *ctx, int argc, char **argv);
int crm_cmd_feedback(const cli_context *ctx, int argc, char **argv);
int crm_cmd_balance(const cli_context *ctx, int argc, char **argv);
int crm_cmd_currency(const cli_context *ctx, int argc, char **argv);
int crm_cmd_erase(const cli_context *ctx, int argc, char **argv);

#endif
