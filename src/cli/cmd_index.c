/* cmd_index.c: `clout index`: rebuild the discovery index (import does it after each import). */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/commands.h"

int cli_build_index(const char *cmd, clout_store *store, int64_t ws, bool quiet)
{
	clout_score_index_stats stats;
	clout_error err = { 0 };
	cli_progress progress;
	double started = cli_now();
	cli_progress_init(&progress, "indexing");
	if (clout_score_index_build(store, ws, NULL, cli_progress_fn, &progress, &stats, &err) < 0) {
		cli_progress_done(&progress);
		return cli_fail(cmd, &err);
	}
	cli_progress_done(&progress);
	if (!quiet)
		fprintf(stderr, "indexed %llu accounts, %llu posts, %llu terms in %.2f s\n", (unsigned long long)stats.accounts,
			(unsigned long long)stats.posts, (unsigned long long)stats.terms, cli_now() - started);
	return 0;
}

int cmd_index(int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL;
	bool quiet = false;
	const cli_opt options[] = {
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		{ CLI_OPT_FLAG, "quiet", 'q', &quiet, NULL, "print nothing on success" },
		{ 0 },
	};
	const cli_command_spec spec = { "index", "[options]",
		"Rebuild the discovery index of a workspace (account profiles and term postings).", options, 0, 0 };
	clout_store *store = NULL;
	int rc;
	int64_t ws;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if ((rc = cli_open_store("index", db, workspace, false, &store, &ws)) != 0)
		return rc;
	rc = cli_build_index("index", store, ws, quiet);
	clout_store_free(store);
	return rc;
}
