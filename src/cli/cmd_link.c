/* cmd_link.c: `clout link create`: make a tracking link (the server answers /r/CODE with it). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

static int link_create(const cli_context *ctx, int argc, char **argv)
{
	clout_link_options opts = CLOUT_LINK_OPTIONS_INIT;
	const char *db = NULL, *workspace = NULL, *format_name = NULL, *base_url = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "url", 0, &opts.url, "URL", "destination (absolute http:// or https:// URL; required)" },
		{ CLI_OPT_STRING, "code", 0, &opts.code, "CODE", "the short code (default: 8 random characters)" },
		{ CLI_OPT_STRING, "influencer", 0, &opts.influencer, "HANDLE", "the influencer the link is for" },
		{ CLI_OPT_STRING, "campaign", 0, &opts.campaign, "NAME", "the campaign the link belongs to" },
		{ CLI_OPT_STRING, "base-url", 0, &base_url, "URL",
			"base of the short link (default $CLOUT_BASE_URL, else http://127.0.0.1:8080)" },
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		CLI_OPT_FORMAT(&format_name),
		{ 0 },
	};
	const cli_command_spec spec = { "link create", "--url URL [options]",
		"Create a tracking link; GET /r/CODE on `clout serve` records each click and redirects to URL.", options, 0, 0 };
	clout_session *session = NULL;
	clout_link link = { 0 };
	cli_format format;
	char *json = NULL;
	int64_t ws;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (!opts.url) {
		fprintf(stderr, "clout link create: --url is required\n");
		return EXIT_USAGE;
	}
	if (cli_parse_format("link create", format_name, &format) < 0)
		return EXIT_USAGE;
	if (!base_url)
		base_url = getenv("CLOUT_BASE_URL");
	if (!base_url)
		base_url = "http://127.0.0.1:8080";
	if ((rc = cli_open_session("link create", ctx, db, workspace, true, &session)) != 0)
		return rc;
	if (clout_session_workspace(session, &ws) < 0) {
		rc = cli_fail_session("link create", session);
		goto done;
	}
	if (clout_track_link_create(&link, session, &opts) < 0) {
		rc = cli_fail_session("link create", session);
		goto done;
	}
	{
		char object[CLOUT_LINK_CODE_MAX + 8];
		snprintf(object, sizeof(object), "link:%s", link.code);
		if ((rc = cli_audit("link create", session, ws, "link.create", object)) != 0)
			goto done;
	}
	if (!(json = clout_link_json(&link, base_url))) {
		fprintf(stderr, "clout link create: out of memory\n");
		rc = EXIT_SOFTWARE;
		goto done;
	}
	if (clout_webhook_enqueue(session, "link.created", json) < 0) {
		rc = cli_fail_session("link create", session);
		goto done;
	}
	if (format == CLI_FORMAT_JSON) {
		printf("%s\n", json);
	} else {
		size_t base_len = strlen(base_url);
		while (base_len && base_url[base_len - 1] == '/')
			base_len--;
		if (format == CLI_FORMAT_CSV) {
			printf("code,short_url,url\n");
			cli_csv_field(stdout, link.code);
			printf(",%.*s/r/%s,", (int)base_len, base_url, link.code);
			cli_csv_field(stdout, link.url);
			putchar('\n');
		} else {
			printf("%-10s %s\n%-10s %.*s/r/%s\n%-10s %s\n", "code", link.code, "short_url", (int)base_len, base_url,
				link.code, "url", link.url);
		}
	}
	rc = EXIT_OK;
done:
	free(json);
	clout_link_release(&link);
	clout_session_free(session);
	return rc;
}

int cmd_link(const cli_context *ctx, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "create"))
		return link_create(ctx, argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: clout link create --url URL [options]\n\n  create   make a tracking link\n");
		return EXIT_OK;
	}
	fprintf(stderr, "usage: clout link create --url URL [options]\n");
	return EXIT_USAGE;
}
