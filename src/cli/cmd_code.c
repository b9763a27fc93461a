/* cmd_code.c: `clout code create|list`: promo codes, each made for an influencer. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "clout/convert.h"
#include "util/banned.h"

/* Prints a library writer's JSON text on one line and frees it. */
static int print_json(const char *cmd, char *json)
{
	if (!json) {
		fprintf(stderr, "clout %s: out of memory\n", cmd);
		return EXIT_SOFTWARE;
	}
	printf("%s\n", json);
	free(json);
	return EXIT_OK;
}

static int code_create(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *format_name = NULL, *influencer = NULL, *campaign = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "influencer", 0, &influencer, "HANDLE", "the influencer the code is for (required)" },
		{ CLI_OPT_STRING, "campaign", 0, &campaign, "NAME", "the campaign the code belongs to" },
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		CLI_OPT_FORMAT(&format_name),
		{ 0 },
	};
	const cli_command_spec spec = { "code create", "CODE --influencer HANDLE [options]",
		"Create a promo code; conversions that carry it are credited to its influencer and campaign.", options, 1, 1 };
	clout_session *session = NULL;
	clout_promo_code code = { 0 };
	cli_format format;
	char **args = NULL;
	int64_t ws;
	int rc, nargs;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (!influencer) {
		free(args);
		fprintf(stderr, "clout code create: --influencer is required\n");
		return EXIT_USAGE;
	}
	if (cli_parse_format("code create", format_name, &format) < 0) {
		free(args);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_session("code create", ctx, db, workspace, true, &session)) != 0) {
		free(args);
		return rc;
	}
	if (clout_session_workspace(session, &ws) < 0) {
		rc = cli_fail_session("code create", session);
		goto done;
	}
	if (clout_convert_code_create(&code, session, args[0], influencer, campaign) < 0) {
		rc = cli_fail_session("code create", session);
		goto done;
	}
	if (format == CLI_FORMAT_JSON)
		rc = print_json("code create", clout_promo_code_json(&code));
	else if (format == CLI_FORMAT_CSV)
		printf("code,influencer,campaign\n%s,%s,%s\n", code.code, code.influencer, code.campaign ? code.campaign : "");
	else
		printf("%-11s %s\n%-11s %s\n%-11s %s\n", "code", code.code, "influencer", code.influencer, "campaign",
			code.campaign ? code.campaign : "-");
done:
	free(args);
	clout_promo_code_release(&code);
	clout_session_free(session);
	return rc;
}

typedef struct list_state {
	cli_format format;
	size_t count;
} list_state;

static int print_code(void *ctx, const clout_promo_code *code)
{
	list_state *st = ctx;
	if (st->format == CLI_FORMAT_JSON) {
		char *json = clout_promo_code_json(code);
		if (!json)
			return CLOUT_ENOMEM;
		printf("%s%s", st->count ? "," : "", json);
		free(json);
	} else if (st->format == CLI_FORMAT_CSV) {
		cli_csv_field(stdout, code->code);
		putchar(',');
		cli_csv_field(stdout, code->influencer);
		putchar(',');
		cli_csv_field(stdout, code->campaign ? code->campaign : "");
		putchar('\n');
	} else {
		printf("%-20s %-24s %s\n", code->code, code->influencer ? code->influencer : "-",
			code->campaign ? code->campaign : "-");
	}
	st->count++;
	return 0;
}

static int code_list(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *format_name = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), CLI_OPT_FORMAT(&format_name), { 0 } };
	const cli_command_spec spec = { "code list", "[options]", "List the workspace's promo codes.", options, 0, 0 };
	clout_session *session = NULL;
	list_state st = { 0 };
	int64_t ws;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("code list", format_name, &st.format) < 0)
		return EXIT_USAGE;
	if ((rc = cli_open_session("code list", ctx, db, workspace, false, &session)) != 0)
		return rc;
	if (clout_session_workspace(session, &ws) < 0) {
		rc = cli_fail_session("code list", session);
		goto done;
	}
	if (st.format == CLI_FORMAT_JSON)
		printf("[");
	else if (st.format == CLI_FORMAT_CSV)
		printf("code,influencer,campaign\n");
	else
		printf("%-20s %-24s %s\n", "CODE", "INFLUENCER", "CAMPAIGN");
	if ((rc = clout_convert_code_foreach(session, print_code, &st)) < 0) {
		if (st.format == CLI_FORMAT_JSON)
			printf("]\n");
		rc = cli_fail_session("code list", session);
		goto done;
	}
	if (st.format == CLI_FORMAT_JSON)
		printf("]\n");
	rc = EXIT_OK;
done:
	clout_session_free(session);
	return rc;
}

int cmd_code(const cli_context *ctx, int argc, char **argv)
{
	static const char usage[] = "usage: clout code create CODE --influencer HANDLE [--campaign NAME] [options]\n"
				    "       clout code list [options]\n";
	if (argc >= 2 && !strcmp(argv[1], "create"))
		return code_create(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return code_list(ctx, argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("%s", usage);
		return EXIT_OK;
	}
	fprintf(stderr, "%s", usage);
	return EXIT_USAGE;
}
