/* commands.h: every subcommand's entry point (one cmd_<name>.c each). */
#ifndef CLOUT_CLI_COMMANDS_H
#define CLOUT_CLI_COMMANDS_H

int cmd_discover(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_gen_graph(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_sentiment(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_spread(int argc, char **argv);
int cmd_overlap(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_listen(int argc, char **argv);

#include <stdbool.h>
#include <stdint.h>

#include "clout/clout.h"

/* Rebuilds the discovery index after data changed; prints the error and returns an exit status. */
int cli_build_index(const char *cmd, clout_store *store, int64_t ws, bool quiet);

#endif
