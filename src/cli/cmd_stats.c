/* cmd_stats.c: `clout stats`: counts of what the store holds. */
#include <stdlib.h>

#include "cli/cli.h"
#include "util/banned.h"

int cmd_stats(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *format_name = NULL;
	bool all = false;
	const cli_opt options[] = {
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		{ CLI_OPT_FLAG, "all", 0, &all, NULL, "count every workspace" },
		CLI_OPT_FORMAT(&format_name),
		{ 0 },
	};
	const cli_command_spec spec = { "stats", "[options]", "Print counts of workspaces, people, accounts, posts and edges.",
		options, 0, 0 };
	clout_session *session = NULL;
	clout_store_counts c;
	clout_error err = { 0 };
	cli_format format;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("stats", format_name, &format) < 0)
		return EXIT_USAGE;
	if ((rc = cli_open_session("stats", ctx, db, workspace, false, &session)) != 0)
		return rc;
	if (clout_session_stats(session, all, &c) < 0) {
		rc = cli_fail_session("stats", session);
		goto done;
	}
	switch (format) {
	case CLI_FORMAT_JSON: {
		char *json;
		int wrc = clout_session_stats_json(&json, &c, &err);
		rc = cli_print_json("stats", wrc, json, &err);
		break;
	}
	case CLI_FORMAT_CSV:
		printf("workspaces,people,accounts,posts,edges,snapshots\n%lld,%lld,%lld,%lld,%lld,%lld\n",
			(long long)c.workspaces, (long long)c.people, (long long)c.accounts, (long long)c.posts,
			(long long)c.edges, (long long)c.snapshots);
		break;
	default:
		printf("%-12s %12lld\n%-12s %12lld\n%-12s %12lld\n%-12s %12lld\n%-12s %12lld\n%-12s %12lld\n",
			"workspaces", (long long)c.workspaces, "people", (long long)c.people, "accounts",
			(long long)c.accounts, "posts", (long long)c.posts, "edges", (long long)c.edges, "snapshots",
			(long long)c.snapshots);
	}
done:
	clout_session_free(session);
	return rc;
}
