/* cmd_gen.c: `clout gen`: write a seeded sample data set (or, with `gen graph`, an R-MAT graph). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "clout/gen.h"
#include "util/banned.h"

int cmd_gen(const cli_context *ctx, int argc, char **argv)
{
	(void)ctx;
	clout_gen_options opts = CLOUT_GEN_OPTIONS_INIT;
	const char *out = "sample";
	int64_t accounts = (int64_t)opts.accounts, seed = (int64_t)opts.seed, now = opts.now;
	double posts = opts.posts_per_account, follows = opts.follows_per_account, planted = opts.planted_share;
	bool quiet = false;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "out", 'o', &out, "DIR", "directory to write (default ./sample)" },
		{ CLI_OPT_POS_INT, "accounts", 'n', &accounts, "N", "number of accounts (default 1000)" },
		{ CLI_OPT_DOUBLE, "posts", 0, &posts, "MEAN", "mean original posts per account (default 12)" },
		{ CLI_OPT_DOUBLE, "follows", 0, &follows, "MEAN", "mean follow edges per account, 0 for none (default 20)" },
		{ CLI_OPT_FRACTION, "planted", 0, &planted, "SHARE", "share of accounts with each planted problem (default 0.03)" },
		{ CLI_OPT_INT, "seed", 's', &seed, "N", "random seed (default 1)" },
		{ CLI_OPT_INT, "now", 0, &now, "UNIX", "the data set's today (default 2026-11-01)" },
		CLI_OPT_QUIET(&quiet),
		{ 0 },
	};
	const cli_command_spec spec = { "gen", "[options] | gen graph [options]",
		"Write a realistic, seeded sample data set in clout's format: DIR/accounts.jsonl, posts.jsonl,\n"
		"edges.jsonl, and planted.tsv (the accounts with planted problems). Import it with\n"
		"`clout import DIR/*.jsonl`. `clout gen graph --help` describes the R-MAT graph mode.",
		options, 0, 0 };
	clout_gen_stats stats;
	clout_error err = { 0 };
	cli_progress progress;
	int rc;
	if (argc >= 2 && !strcmp(argv[1], "graph"))
		return cmd_gen_graph(ctx, argc - 1, argv + 1);
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	opts.out_dir = out;
	opts.accounts = (uint64_t)accounts;
	opts.seed = (uint64_t)seed;
	opts.posts_per_account = posts;
	opts.follows_per_account = follows;
	opts.planted_share = planted;
	opts.now = now;
	cli_progress_init(&progress, "generating", "accounts");
	opts.progress = cli_progress_fn;
	opts.progress_ctx = &progress;
	rc = clout_gen_sample(&opts, &stats, &err);
	cli_progress_done(&progress);
	if (rc < 0)
		return cli_fail("gen", &err);
	if (!quiet)
		printf("wrote %llu %s, %llu %s, %llu %s (%llu planted %s) to %s/ (%.1f MB)\n",
			(unsigned long long)stats.accounts, cli_plural(stats.accounts, "account", "accounts"),
			(unsigned long long)stats.posts, cli_plural(stats.posts, "post", "posts"), (unsigned long long)stats.edges,
			cli_plural(stats.edges, "edge", "edges"), (unsigned long long)stats.planted,
			cli_plural(stats.planted, "problem", "problems"), out, (double)stats.bytes / 1e6);
	return EXIT_OK;
}
