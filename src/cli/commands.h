/* commands.h: every subcommand's entry point (one cmd_<name>.c each). */
#ifndef CLOUT_CLI_COMMANDS_H
#define CLOUT_CLI_COMMANDS_H

#include "cli/cli.h"

int cmd_discover(const cli_context *ctx, int argc, char **argv);
int cmd_index(const cli_context *ctx, int argc, char **argv);
int cmd_gen(const cli_context *ctx, int argc, char **argv);
int cmd_gen_graph(const cli_context *ctx, int argc, char **argv);
int cmd_import(const cli_context *ctx, int argc, char **argv);
int cmd_stats(const cli_context *ctx, int argc, char **argv);
int cmd_sentiment(const cli_context *ctx, int argc, char **argv);
int cmd_version(const cli_context *ctx, int argc, char **argv);
int cmd_plan(const cli_context *ctx, int argc, char **argv);
int cmd_spread(const cli_context *ctx, int argc, char **argv);
int cmd_overlap(const cli_context *ctx, int argc, char **argv);
int cmd_serve(const cli_context *ctx, int argc, char **argv);
int cmd_link(const cli_context *ctx, int argc, char **argv);
int cmd_user(const cli_context *ctx, int argc, char **argv);
int cmd_token(const cli_context *ctx, int argc, char **argv);
int cmd_audit(const cli_context *ctx, int argc, char **argv);
int cmd_webhook(const cli_context *ctx, int argc, char **argv);
int cmd_listen(const cli_context *ctx, int argc, char **argv);
/* cmd_listen_run.c, cmd_listen_inbox.c: the listen subcommands beyond rules */
int cmd_listen_run(const cli_context *ctx, int argc, char **argv);
int cmd_listen_alerts(const cli_context *ctx, int argc, char **argv);
int cmd_listen_partner(const cli_context *ctx, int argc, char **argv);
int cmd_listen_inbox(const cli_context *ctx, int argc, char **argv);
int cmd_listen_sov(const cli_context *ctx, int argc, char **argv);
int cmd_code(const cli_context *ctx, int argc, char **argv);
int cmd_conversion(const cli_context *ctx, int argc, char **argv);
int cmd_crm(const cli_context *ctx, int argc, char **argv);
int cmd_report(const cli_context *ctx, int argc, char **argv);
int cmd_campaign(const cli_context *ctx, int argc, char **argv);
int cmd_contract(const cli_context *ctx, int argc, char **argv);
int cmd_calendar(const cli_context *ctx, int argc, char **argv);

#endif
