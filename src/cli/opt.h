/*
 * opt.h: the option-spec tables every command declares. One table both parses argv and prints
 * --help, so the usage text never drifts from the parser.
 */
#ifndef CLOUT_CLI_OPT_H
#define CLOUT_CLI_OPT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum {
	CLI_OPT_END = 0,
	CLI_OPT_FLAG,   /* bool *value */
	CLI_OPT_STRING, /* const char **value */
	CLI_OPT_INT,        /* int64_t *value, >= 0 */
	CLI_OPT_POS_INT,    /* int64_t *value, >= 1 */
	CLI_OPT_DOUBLE,     /* double *value, finite and >= 0 */
	CLI_OPT_POS_DOUBLE, /* double *value, finite and > 0 */
	CLI_OPT_FRACTION,   /* double *value, in [0, 1] */
	CLI_OPT_REAL,       /* double *value, any finite number (a parameter that may be negative) */
	CLI_OPT_LIST        /* cli_list *value: the option may repeat */
} cli_opt_type;

typedef struct cli_list {
	const char **items;
	int count;
} cli_list;

typedef struct cli_opt {
	cli_opt_type type;
	const char *long_name;  /* without -- */
	char short_name;        /* 0 if none */
	void *value;
	const char *value_name; /* shown in usage: "PATH" */
	const char *help;
} cli_opt;

typedef struct cli_command_spec {
	const char *name;       /* "import" */
	const char *synopsis;   /* "[options] FILE..." */
	const char *summary;    /* one line */
	const cli_opt *options;
	int min_args, max_args; /* positional arguments; max -1 = unlimited */
} cli_command_spec;

/* The common options, spliced into tables. */
#define CLI_OPT_DB(ptr) { CLI_OPT_STRING, "db", 0, (ptr), "PATH", "store location (default $CLOUT_DB, else ./clout.db)" }
#define CLI_OPT_WORKSPACE(ptr) { CLI_OPT_STRING, "workspace", 'w', (ptr), "NAME", "workspace (default \"default\")" }
/* -q, --quiet: the one meaning of -q in every command. */
#define CLI_OPT_QUIET(ptr) { CLI_OPT_FLAG, "quiet", 'q', (ptr), NULL, "print nothing on success (errors still go to stderr)" }
#define CLI_OPT_FORMAT(ptr) { CLI_OPT_STRING, "output", 'o', (ptr), "FORMAT", "output format: table, csv or json" }

/*
 * Parses argv[1..argc) against spec. Positional arguments are collected into *args and *nargs (borrowed
 * from argv). Returns 0, 1 when --help was printed, -1 after printing a usage error to stderr.
 */
int cli_opt_parse(const cli_command_spec *spec, int argc, char **argv, char ***args, int *nargs);
void cli_opt_usage(FILE *out, const cli_command_spec *spec);

/*
 * The one number parser of the CLI (options and numeric arguments alike): parses text as type
 * (CLI_OPT_INT, _POS_INT, _DOUBLE, _POS_DOUBLE, _FRACTION or _REAL) into *out (int64_t or double). On bad
 * text prints "clout CMD: FIELD: 'TEXT' is not ..." (field as given: "--budget", "ID") and
 * returns -1; 0 on success.
 */
int cli_opt_number(const char *cmd, const char *field, const char *text, cli_opt_type type, void *out);

#endif
