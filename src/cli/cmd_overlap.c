/*
 * cmd_overlap.c: `clout overlap ID...`: the pairwise audience overlap (shared followers and
 * Jaccard index) of a set of accounts in a follow graph.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

/* A count x count table under title, rows and columns named by names: of counts, else of ratios. */
static void print_matrix(const char *title, char **names, uint32_t count, const uint64_t *counts, const double *ratios)
{
	printf("%s\n%-20s", title, "");
	for (uint32_t j = 0; j < count; j++)
		printf(" %12.12s", names[j]);
	printf("\n");
	for (uint32_t i = 0; i < count; i++) {
		printf("%-20.20s", names[i]);
		for (uint32_t j = 0; j < count; j++) {
			if (counts)
				printf(" %12llu", (unsigned long long)counts[(size_t)i * count + j]);
			else
				printf(" %12.4f", ratios[(size_t)i * count + j]);
		}
		printf("\n");
	}
}

int cmd_overlap(const cli_context *ctx, int argc, char **argv)
{
	const char *format_name = NULL;
	cli_graph_opts c = { 0 };
	const cli_opt options[] = {
		CLI_OPT_GRAPH(&c, "edge list: \"a b\" means b is in a's audience (a influences b)",
			"store edge kind only (default: follow)", "\"a b\" means a follows b (b's audience holds a)"),
		CLI_OPT_FORMAT(&format_name),
		{ 0 },
	};
	const cli_command_spec spec = { "overlap", "(--graph FILE | --from-store) ID...",
		"Print the audience overlap (shared followers, Jaccard) of each pair of accounts.", options, 1, -1 };
	clout_graph_overlap_options opts = CLOUT_GRAPH_OVERLAP_OPTIONS_INIT;
	clout_session *session = NULL;
	clout_error err = { 0 };
	cli_format format;
	clout_graph_overlap_result r = { 0 };
	uint32_t count;
	const uint64_t *shared;
	const double *jaccard;
	char **args = NULL;
	int nargs, rc;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (cli_parse_format("overlap", format_name, &format) < 0) {
		free(args);
		return EXIT_USAGE;
	}
	if (!c.path == !c.from_store) {
		fprintf(stderr, "clout overlap: give exactly one of --graph FILE and --from-store\n");
		free(args);
		return EXIT_USAGE;
	}
	if (c.from_store && !c.kind)
		c.kind = "follow";
	if ((rc = cli_graph_session("overlap", ctx, &c, &session, &opts.graph)) != 0) {
		free(args);
		return rc;
	}
	opts.keys = (const char *const *)args;
	opts.count = (uint32_t)nargs;
	if (clout_graph_overlap_run(session, &opts, &r) < 0) {
		rc = cli_fail_session("overlap", session);
		goto done;
	}
	count = r.count;
	shared = r.shared;
	jaccard = r.jaccard;
	if (format == CLI_FORMAT_JSON) {
		char *json;
		int wrc = clout_graph_overlap_json(&json, &r, &err);
		if ((rc = cli_print_json("overlap", wrc, json, &err)) != 0)
			goto done;
	} else if (format == CLI_FORMAT_CSV) {
		printf("a,b,audience_a,audience_b,shared,jaccard\n");
		for (uint32_t i = 0; i < count; i++)
			for (uint32_t j = i + 1; j < count; j++) {
				cli_csv_field(stdout, args[i]);
				printf(",");
				cli_csv_field(stdout, args[j]);
				printf(",%llu,%llu,%llu,%.6f\n", (unsigned long long)shared[(size_t)i * count + i],
					(unsigned long long)shared[(size_t)j * count + j], (unsigned long long)shared[(size_t)i * count + j],
					jaccard[(size_t)i * count + j]);
			}
	} else {
		print_matrix("shared followers (diagonal: audience size)", args, count, shared, NULL);
		printf("\n");
		print_matrix("Jaccard", args, count, NULL, jaccard);
	}
	rc = EXIT_OK;
done:
	clout_session_free(session);
	clout_graph_overlap_result_release(&r);
	free(args);
	return rc;
}
