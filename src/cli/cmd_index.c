/* cmd_index.c: `clout index`: rebuild the discovery index (import does it after each import). */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

/* Rebuilds the index of the session's workspace with a progress bar; prints what it did unless quiet.
 * Returns 0 or the exit status after printing the error. */
static int build_index(clout_session *session, bool quiet)
{
	clout_score_index_stats stats;
	cli_progress progress;
	double started = cli_now();
	cli_progress_init(&progress, "indexing", "posts");
	if (clout_score_index_run(session, cli_progress_fn, &progress, &stats) < 0) {
		cli_progress_done(&progress);
		return cli_fail_session("index", session);
	}
	cli_progress_done(&progress);
	if (!quiet)
		fprintf(stderr, "indexed %llu %s, %llu %s, %llu %s in %.2f s\n", (unsigned long long)stats.accounts,
			cli_plural(stats.accounts, "account", "accounts"), (unsigned long long)stats.posts,
			cli_plural(stats.posts, "post", "posts"), (unsigned long long)stats.terms,
			cli_plural(stats.terms, "term", "terms"), cli_now() - started);
	return 0;
}

int cmd_index(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL;
	bool quiet = false;
	const cli_opt options[] = {
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		CLI_OPT_QUIET(&quiet),
		{ 0 },
	};
	const cli_command_spec spec = { "index", "[options]",
		"Rebuild the discovery index of a workspace (account profiles and term postings).", options, 0, 0 };
	clout_session *session = NULL;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if ((rc = cli_open_session("index", ctx, db, workspace, false, &session)) != 0)
		return rc;
	rc = build_index(session, quiet);
	clout_session_free(session);
	return rc;
}
