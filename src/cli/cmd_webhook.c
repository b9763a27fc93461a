/*
 * cmd_webhook.c: `clout webhook add|list|rm|log`: webhooks of a workspace and their delivery log.
 * `clout serve` delivers them (see docs/users.md).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

static int open_ws(const char *cmd, const cli_context *ctx, const char *db, const char *workspace, bool create,
	clout_session **session, int64_t *ws)
{
	int rc;
	if ((rc = cli_open_session(cmd, ctx, db, workspace, create, session)) != 0)
		return rc;
	if (clout_session_workspace(*session, ws) < 0)
		return cli_fail_session(cmd, *session);
	return 0;
}

static int webhook_add(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *events = NULL, *secret = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "events", 'e', &events, "LIST", "comma-separated: " CLOUT_WEBHOOK_EVENTS " (required)" },
		{ CLI_OPT_STRING, "secret", 0, &secret, "S", "the HMAC key (16 to 256 bytes; default: generated and printed once)" },
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		{ 0 },
	};
	const cli_command_spec spec = { "webhook add", "URL --events LIST [--secret S]",
		"Post events of the workspace to URL, signed (Clout-Signature).", options, 1, 1 };
	clout_session *session = NULL;
	char generated[CLOUT_WEBHOOK_SECRET_GEN], object[64];
	const char *url;
	char **args;
	int64_t ws, id;
	int nargs, rc;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	url = args[0];
	free(args);
	if (!events) {
		fprintf(stderr, "clout webhook add: --events is required (%s)\n", CLOUT_WEBHOOK_EVENTS);
		return EXIT_USAGE;
	}
	if ((rc = open_ws("webhook add", ctx, db, workspace, true, &session, &ws)) != 0)
		goto done;
	if (clout_webhook_add(&id, session, url, events, secret, generated) < 0) {
		rc = cli_fail_session("webhook add", session);
		goto done;
	}
	snprintf(object, sizeof(object), "webhook:%lld", (long long)id);
	if ((rc = cli_audit("webhook add", session, ws, "webhook.add", object)) != 0)
		goto done;
	fprintf(stderr, "webhook %lld: %s\n", (long long)id, url);
	if (!secret)
		printf("%s\n", generated);
	rc = EXIT_OK;
done:
	clout_session_free(session);
	return rc;
}

static int webhook_list(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *format_name = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), CLI_OPT_FORMAT(&format_name), { 0 } };
	const cli_command_spec spec = { "webhook list", "[options]", "List the workspace's webhooks.", options, 0, 0 };
	clout_session *session = NULL;
	clout_webhook *hooks = NULL;
	cli_format format;
	size_t n = 0;
	int64_t ws;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("webhook list", format_name, &format) < 0)
		return EXIT_USAGE;
	if ((rc = open_ws("webhook list", ctx, db, workspace, false, &session, &ws)) != 0)
		goto done;
	if (clout_webhook_list(&hooks, &n, session) < 0) {
		rc = cli_fail_session("webhook list", session);
		goto done;
	}
	if (format == CLI_FORMAT_JSON) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			printf("%s{\"id\":%lld,\"url\":", i ? "," : "", (long long)hooks[i].id);
			cli_json_string(stdout, hooks[i].url);
			printf(",\"events\":\"%s\",\"created_at\":%lld}", hooks[i].events, (long long)hooks[i].created_at);
		}
		printf("]\n");
	} else {
		printf("%-6s %-48s %s\n", "id", "url", "events");
		for (size_t i = 0; i < n; i++)
			printf("%-6lld %-48s %s\n", (long long)hooks[i].id, hooks[i].url, hooks[i].events);
	}
	rc = EXIT_OK;
done:
	clout_webhooks_free(hooks, n);
	clout_session_free(session);
	return rc;
}

static int webhook_rm(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), { 0 } };
	const cli_command_spec spec = { "webhook rm", "ID", "Remove a webhook and its deliveries.", options, 1, 1 };
	clout_session *session = NULL;
	char **args, object[64];
	int64_t id;
	int64_t ws;
	int nargs, rc;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	rc = cli_opt_number("webhook rm", "ID", args[0], CLI_OPT_POS_INT, &id) < 0;
	if (rc)
		fprintf(stderr, "(the ids are in clout webhook list)\n");
	free(args);
	if (rc)
		return EXIT_USAGE;
	if ((rc = open_ws("webhook rm", ctx, db, workspace, false, &session, &ws)) != 0)
		goto done;
	if (clout_webhook_remove(session, id) < 0) {
		rc = cli_fail_session("webhook rm", session);
		goto done;
	}
	snprintf(object, sizeof(object), "webhook:%lld", (long long)id);
	rc = cli_audit("webhook rm", session, ws, "webhook.remove", object);
done:
	clout_session_free(session);
	return rc;
}

static int webhook_log(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *format_name = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), CLI_OPT_FORMAT(&format_name), { 0 } };
	const cli_command_spec spec = { "webhook log", "[options]", "The deliveries of the workspace's webhooks.", options,
		0, 0 };
	clout_session *session = NULL;
	clout_webhook_delivery *log = NULL;
	cli_format format;
	size_t n = 0;
	int64_t ws;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("webhook log", format_name, &format) < 0)
		return EXIT_USAGE;
	if ((rc = open_ws("webhook log", ctx, db, workspace, false, &session, &ws)) != 0)
		goto done;
	if (clout_webhook_log(&log, &n, session) < 0) {
		rc = cli_fail_session("webhook log", session);
		goto done;
	}
	if (format == CLI_FORMAT_JSON) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			printf("%s{\"id\":%lld,\"webhook\":%lld,\"event\":\"%s\",\"status\":\"%s\",\"attempts\":%d,"
			       "\"last_status\":%d,\"last_error\":",
				i ? "," : "", (long long)log[i].id, (long long)log[i].webhook_id, log[i].event,
				clout_delivery_status_name(log[i].status), log[i].attempts, log[i].last_status);
			if (log[i].last_error)
				cli_json_string(stdout, log[i].last_error);
			else
				printf("null");
			printf(",\"created_at\":%lld,\"done_at\":%lld}", (long long)log[i].created_at_ms, (long long)log[i].done_at_ms);
		}
		printf("]\n");
	} else {
		printf("%-6s %-8s %-20s %-10s %-8s %s\n", "id", "webhook", "event", "status", "attempts", "last");
		for (size_t i = 0; i < n; i++)
			printf("%-6lld %-8lld %-20s %-10s %-8d %s\n", (long long)log[i].id, (long long)log[i].webhook_id, log[i].event,
				clout_delivery_status_name(log[i].status), log[i].attempts, log[i].last_error ? log[i].last_error : "-");
	}
	rc = EXIT_OK;
done:
	clout_webhook_deliveries_free(log, n);
	clout_session_free(session);
	return rc;
}

int cmd_webhook(const cli_context *ctx, int argc, char **argv)
{
	static const char usage[] = "usage: clout webhook add|list|rm|log ...\n\n"
				    "  add URL --events LIST [--secret S]   post events to URL (signed)\n"
				    "  list                                 the workspace's webhooks\n"
				    "  rm ID                                remove a webhook\n"
				    "  log                                  deliveries and their outcome\n";
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return webhook_add(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return webhook_list(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "rm"))
		return webhook_rm(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "log"))
		return webhook_log(ctx, argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	fputs(usage, stderr);
	return EXIT_USAGE;
}
