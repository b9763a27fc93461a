/* commands.h: every subcommand's entry point (one cmd_<name>.c each). */
#ifndef CLOUT_CLI_COMMANDS_H
#define CLOUT_CLI_COMMANDS_H

int cmd_stats(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_spread(int argc, char **argv);
int cmd_overlap(int argc, char **argv);
int cmd_gen_graph(int argc, char **argv);

#endif
