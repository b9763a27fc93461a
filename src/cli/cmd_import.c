/* cmd_import.c: `clout import`: import files into the store, in one transaction. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

int cmd_import(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *format = NULL, *rejects = NULL, *platform = NULL,
		   *edge_kind = NULL, *output = NULL, *author = NULL;
	bool skip_bad = false, reverse = false, quiet = false, no_index = false;
	int64_t max_record = 0;
	const cli_opt options[] = {
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		{ CLI_OPT_STRING, "from", 'f', &format, "FORMAT",
			"clout, twitter-v2, instagram-graph, youtube-data, tiktok-research or edges (default: detect)" },
		{ CLI_OPT_FLAG, "skip-bad", 0, &skip_bad, NULL, "import the good records, write the bad ones to a reject file" },
		{ CLI_OPT_STRING, "rejects", 0, &rejects, "PATH", "reject file for --skip-bad (default FILE.rejects)" },
		{ CLI_OPT_STRING, "platform", 0, &platform, "NAME", "platform of edge-list node ids (default graph)" },
		{ CLI_OPT_STRING, "edge-kind", 0, &edge_kind, "KIND", "kind of edge-list edges: follow, retweet, mention, reply (default follow)" },
		{ CLI_OPT_FLAG, "reverse", 0, &reverse, NULL, "edge lists: store each edge as dst -> src" },
		{ CLI_OPT_STRING, "author", 0, &author, "ID", "the account (platform id) owning posts that name none, e.g. a media page" },
		{ CLI_OPT_POS_INT, "max-record-bytes", 0, &max_record, "N", "longest line or document accepted (default 16 MiB)" },
		{ CLI_OPT_FLAG, "no-index", 0, &no_index, NULL, "do not rebuild the discovery index afterwards" },
		CLI_OPT_QUIET(&quiet),
		CLI_OPT_FORMAT(&output),
		{ 0 },
	};
	const cli_command_spec spec = { "import", "[options] FILE...",
		"Import social data. Files may be gzip-compressed, and '-' reads standard input (plain or gzip).\n"
		"The whole import is one transaction: a bad record stops it with FILE:LINE and exit status 65,\n"
		"leaving the store unchanged.",
		options, 1, -1 };
	clout_import_options opts = CLOUT_IMPORT_OPTIONS_INIT;
	clout_import_result result;
	clout_import_source *sources;
	clout_session *session = NULL;
	clout_error err = { 0 };
	cli_progress progress, index_progress;
	cli_format fmt;
	char **args;
	int nargs, rc, run_rc;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (cli_parse_format("import", output, &fmt) < 0) {
		free(args);
		return EXIT_USAGE;
	}
	if (max_record < 0) {
		fprintf(stderr, "clout import: --max-record-bytes must be positive\n");
		free(args);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_session("import", ctx, db, workspace, true, &session)) != 0) {
		free(args);
		return rc;
	}
	cli_progress_init(&progress, "importing", NULL);
	cli_progress_init(&index_progress, "indexing", "posts");
	opts.format = format;
	opts.skip_bad = skip_bad;
	opts.reject_path = rejects;
	opts.platform = platform;
	opts.edge_kind = edge_kind;
	opts.edges_reverse = reverse;
	opts.author = author;
	opts.max_record_bytes = (size_t)max_record;
	opts.progress = cli_progress_fn;
	opts.progress_ctx = &progress;
	opts.no_index = no_index;
	opts.index_progress = cli_progress_fn;
	opts.index_progress_ctx = &index_progress;
	if (!(sources = calloc((size_t)nargs, sizeof(*sources)))) {
		fprintf(stderr, "clout import: out of memory\n");
		free(args);
		clout_session_free(session);
		return EXIT_SOFTWARE;
	}
	for (int i = 0; i < nargs; i++) {
		clout_import_source path = CLOUT_IMPORT_SOURCE_PATH(args[i]), in = CLOUT_IMPORT_SOURCE_FD(0, "<stdin>");
		sources[i] = strcmp(args[i], "-") ? path : in;
	}
	run_rc = clout_import_run(session, sources, (size_t)nargs, &opts, &result);
	free(sources);
	/* the data is in (only the index rebuild after it may have failed): a new store stays */
	if ((run_rc == 0 || result.seconds > 0) && ctx->created_store)
		ctx->created_store[0] = '\0';
	cli_progress_done(&progress);
	cli_progress_done(&index_progress);
	/* the import's figures are shown even when the index rebuild after it failed */
	if (!quiet && result.stats.nfiles) {
		if (fmt == CLI_FORMAT_JSON) {
			char *json;
			int wrc = clout_import_result_json(&json, &result, &err);
			rc = cli_print_json("import", wrc, json, &err);
		} else {
			const clout_import_stats *stats = &result.stats;
			for (size_t i = 0; i < stats->nfiles; i++) {
				const clout_import_file_stats *f = &stats->files[i];
				printf("%s (%s): %llu %s, %llu %s", f->path, f->format, (unsigned long long)f->records,
					cli_plural(f->records, "record", "records"), (unsigned long long)f->accounts,
					cli_plural(f->accounts, "account", "accounts"));
				if (f->snapshots > f->accounts)
					printf(" (%llu snapshots of their counts)", (unsigned long long)f->snapshots);
				printf(", %llu %s, %llu %s%s", (unsigned long long)f->posts, cli_plural(f->posts, "post", "posts"),
					(unsigned long long)f->edges, cli_plural(f->edges, "edge", "edges"), f->rejected ? "," : "\n");
				if (f->rejected)
					printf(" %llu rejected\n", (unsigned long long)f->rejected);
			}
			if (stats->reject_path)
				printf("rejected records written to %s\n", stats->reject_path);
			printf("imported %.1f MB in %.2f s\n", (double)stats->bytes / 1e6, result.seconds);
		}
	}
	if (run_rc < 0)
		rc = cli_fail_session("import", session);
	clout_import_result_release(&result);
	free(args);
	clout_session_free(session);
	return rc;
}
