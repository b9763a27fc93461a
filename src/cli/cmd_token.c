/*
 * cmd_token.c: `clout token create|list|revoke`: API tokens for scripts. A new token is printed
 * once, on stdout; the store keeps only its hash.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

static void print_time(int64_t t)
{
	char buf[32];
	time_t s = (time_t)t;
	struct tm tm;
	if (!t) {
		printf("%-20s ", "-");
		return;
	}
	gmtime_r(&s, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("%-20s ", buf);
}

static int token_create(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *user = NULL, *expires = NULL, *format_name = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "user", 'u', &user, "NAME", "the user the token acts as (required)" },
		{ CLI_OPT_STRING, "expires", 0, &expires, "DURATION", "lifetime: 90d, 12h, 30m, 45s (default: never)" },
		CLI_OPT_DB(&db),
		{ CLI_OPT_STRING, "workspace", 'w', &workspace, "NAME", "the workspace it acts in (default \"default\")" },
		{ CLI_OPT_STRING, "output", 'o', &format_name, "FORMAT", "text (the token alone) or json" },
		{ 0 },
	};
	const cli_command_spec spec = { "token create", "--user NAME [options]",
		"Create an API token (Authorization: Bearer TOKEN); it is printed once.", options, 0, 0 };
	clout_session *session = NULL;
	clout_error err = { 0 };
	char text[CLOUT_AUTH_SECRET_TEXT_MAX], object[64];
	int64_t ws, id, lifetime = 0, expires_at = 0;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (!user) {
		fprintf(stderr, "clout token create: --user is required\n");
		return EXIT_USAGE;
	}
	if (format_name && strcmp(format_name, "json") && strcmp(format_name, "text")) {
		fprintf(stderr, "clout token create: -o must be text or json\n");
		return EXIT_USAGE;
	}
	if (expires && clout_auth_parse_duration(&lifetime, expires, &err) < 0)
		return cli_fail("token create", &err);
	if (lifetime)
		expires_at = (int64_t)time(NULL) + lifetime;
	if ((rc = cli_open_session("token create", ctx, db, workspace, false, &session)) != 0)
		return rc;
	if (clout_session_workspace(session, &ws) < 0) {
		rc = cli_fail_session("token create", session);
		goto done;
	}
	if (clout_auth_token_create(&id, text, session, user, ws, expires_at) < 0) {
		rc = cli_fail_session("token create", session);
		goto done;
	}
	snprintf(object, sizeof(object), "token:%lld", (long long)id);
	if ((rc = cli_audit("token create", session, ws, "token.create", object)) != 0)
		goto done;
	if (format_name && !strcmp(format_name, "json"))
		printf("{\"id\":%lld,\"token\":\"%s\",\"workspace\":\"%s\",\"expires_at\":%lld}\n", (long long)id, text,
			clout_session_workspace_name(session), (long long)expires_at);
	else
		printf("%s\n", text);
	fprintf(stderr, "token %lld for %s: shown once, keep it secret\n", (long long)id, user);
	rc = EXIT_OK;
done:
	memset(text, 0, sizeof(text));
	clout_session_free(session);
	return rc;
}

static int token_list(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *user = NULL, *format_name = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "user", 'u', &user, "NAME", "only this user's tokens" },
		CLI_OPT_DB(&db),
		CLI_OPT_FORMAT(&format_name),
		{ 0 },
	};
	const cli_command_spec spec = { "token list", "[options]", "List API tokens (never their secrets).", options, 0, 0 };
	clout_session *session = NULL;
	clout_api_token *tokens = NULL;
	cli_format format;
	size_t n = 0;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("token list", format_name, &format) < 0)
		return EXIT_USAGE;
	if ((rc = cli_open_session("token list", ctx, db, NULL, false, &session)) != 0)
		return rc;
	if (clout_auth_token_list(&tokens, &n, session, user) < 0) {
		rc = cli_fail_session("token list", session);
		goto done;
	}
	if (format == CLI_FORMAT_JSON) {
		printf("[");
		for (size_t i = 0; i < n; i++)
		{
			printf("%s{\"id\":%lld,\"user\":\"%s\",\"workspace\":", i ? "," : "", (long long)tokens[i].id,
				tokens[i].user);
			cli_json_string(stdout, tokens[i].workspace);
			printf(",\"created_at\":%lld,\"expires_at\":%lld,\"revoked_at\":%lld,\"last_used_at\":%lld}",
				(long long)tokens[i].created_at, (long long)tokens[i].expires_at, (long long)tokens[i].revoked_at,
				(long long)tokens[i].last_used_at);
		}
		printf("]\n");
	} else {
		printf("%-6s %-16s %-16s %-20s %-20s %-20s\n", "id", "user", "workspace", "created", "expires", "revoked");
		for (size_t i = 0; i < n; i++) {
			printf("%-6lld %-16s %-16s ", (long long)tokens[i].id, tokens[i].user, tokens[i].workspace);
			print_time(tokens[i].created_at);
			print_time(tokens[i].expires_at);
			print_time(tokens[i].revoked_at);
			putchar('\n');
		}
	}
	rc = EXIT_OK;
done:
	clout_api_tokens_free(tokens, n);
	clout_session_free(session);
	return rc;
}

static int token_revoke(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), { 0 } };
	const cli_command_spec spec = { "token revoke", "ID", "Revoke an API token at once.", options, 1, 1 };
	clout_session *session = NULL;
	char **args, object[64];
	int64_t id;
	int nargs, rc;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (cli_opt_number("token revoke", "ID", args[0], CLI_OPT_POS_INT, &id) < 0) {
		fprintf(stderr, "(the ids are in clout token list)\n");
		free(args);
		return EXIT_USAGE;
	}
	free(args);
	if ((rc = cli_open_session("token revoke", ctx, db, NULL, false, &session)) != 0)
		return rc;
	if (clout_auth_token_revoke(session, id, 0) < 0) {
		rc = cli_fail_session("token revoke", session);
		goto done;
	}
	snprintf(object, sizeof(object), "token:%lld", (long long)id);
	rc = cli_audit("token revoke", session, 0, "token.revoke", object);
done:
	clout_session_free(session);
	return rc;
}

int cmd_token(const cli_context *ctx, int argc, char **argv)
{
	static const char usage[] = "usage: clout token create|list|revoke ...\n\n"
				    "  create --user NAME [--workspace W] [--expires 90d]   make a token (printed once)\n"
				    "  list [--user NAME]                                   list tokens\n"
				    "  revoke ID                                            revoke a token\n";
	if (argc >= 2 && !strcmp(argv[1], "create"))
		return token_create(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return token_list(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "revoke"))
		return token_revoke(ctx, argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	fputs(usage, stderr);
	return EXIT_USAGE;
}
