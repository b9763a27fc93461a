/*
 * cmd_user.c: `clout user add|join|list|role|rm`: users, their roles and workspaces. A password
 * comes from stdin (--password-stdin, never echoed on a terminal) or is generated and printed once.
 */
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/begin.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

#define PASSWORD_MAX 4096

/* Reads one line from stdin into out (without its newline), with echo off on a terminal. */
static int read_password(char *out, size_t size)
{
	struct termios saved, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
	size_t len;
	if (tty) {
		fprintf(stderr, "password: ");
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (!fgets(out, (int)size, stdin))
		out[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	len = strlen(out);
	while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	return len ? 0 : -1;
}

/* What user add reads before it opens the store: its options, checked, and the password. */
typedef struct user_add_input {
	const char *role_name, *cost_name;
	bool from_stdin;
	clout_role role;
	clout_password_cost cost;
	char password[PASSWORD_MAX];
} user_add_input;

/* user add's check (cli_begin): --role required, role and cost known, the password read or made. */
static int check_add(cli_call *call, void *arg)
{
	user_add_input *in = arg;
	clout_error err = { 0 };
	if (!in->role_name) {
		fprintf(stderr, "clout %s: --role is required\n", call->cmd);
		return EXIT_USAGE;
	}
	if (clout_role_parse(&in->role, in->role_name, &err) < 0 ||
		(in->cost_name && clout_password_cost_parse(&in->cost, in->cost_name, &err) < 0))
		return cli_fail(call->cmd, &err);
	if (!in->from_stdin) {
		clout_auth_password_generate(in->password);
	} else if (read_password(in->password, sizeof(in->password)) < 0) {
		fprintf(stderr, "clout %s: no password on stdin\n", call->cmd);
		return EXIT_USAGE;
	}
	return 0;
}

static int user_add(const cli_context *ctx, int argc, char **argv)
{
	user_add_input in = { .cost = CLOUT_PASSWORD_MODERATE };
	cli_call call = { .cmd = "user add", .create = true, .check = check_add, .check_arg = &in };
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "role", 'r', &in.role_name, "ROLE",
			"admin, manager, analyst, pr, social, support or viewer (required)" },
		{ CLI_OPT_FLAG, "password-stdin", 0, &in.from_stdin, NULL,
			"read the password from stdin (one line); without it one is generated and printed once" },
		{ CLI_OPT_STRING, "password-cost", 0, &in.cost_name, "COST",
			"Argon2id limits: moderate (default), interactive, or min (tests only)" },
		CLI_OPT_DB(&call.db),
		{ CLI_OPT_STRING, "workspace", 'w', &call.workspace, "NAME", "workspace the user joins (default \"default\")" },
		{ 0 },
	};
	const cli_command_spec spec = { call.cmd, "NAME --role ROLE [options]", "Add a user.", options, 1, 1 };
	char object[CLOUT_AUTH_NAME_MAX + 8];
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	if (clout_auth_user_add(NULL, call.session, call.args[0], in.role, in.password, in.cost, call.ws) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	snprintf(object, sizeof(object), "user:%s", call.args[0]);
	if ((rc = cli_call_audit(&call, "user.add", object)) != 0)
		goto done;
	fprintf(stderr, "added user %s (%s) in workspace %s\n", call.args[0], clout_role_name(in.role),
		clout_session_workspace_name(call.session));
	if (!in.from_stdin)
		printf("%s\n", in.password);
	rc = EXIT_OK;
done:
	memset(in.password, 0, sizeof(in.password));
	cli_end(&call);
	return rc;
}

static int user_list(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *format_name = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), CLI_OPT_FORMAT(&format_name), { 0 } };
	const cli_command_spec spec = { "user list", "[options]", "List users and their roles.", options, 0, 0 };
	clout_session *session = NULL;
	clout_user *users = NULL;
	cli_format format;
	size_t n = 0;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("user list", format_name, &format) < 0)
		return EXIT_USAGE;
	if ((rc = cli_open_session("user list", ctx, db, NULL, false, &session)) != 0)
		goto done;
	if (clout_auth_user_list(&users, &n, session) < 0) {
		rc = cli_fail_session("user list", session);
		goto done;
	}
	if (format == CLI_FORMAT_JSON) {
		printf("[");
		for (size_t i = 0; i < n; i++)
			printf("%s{\"id\":%lld,\"name\":\"%s\",\"role\":\"%s\",\"created_at\":%lld}", i ? "," : "",
				(long long)users[i].id, users[i].name, clout_role_name(users[i].role),
				(long long)users[i].created_at);
		printf("]\n");
	} else {
		if (format == CLI_FORMAT_CSV)
			printf("name,role\n");
		else
			printf("%-24s %s\n", "name", "role");
		for (size_t i = 0; i < n; i++)
			printf(format == CLI_FORMAT_CSV ? "%s,%s\n" : "%-24s %s\n", users[i].name, clout_role_name(users[i].role));
	}
	rc = EXIT_OK;
done:
	clout_users_free(users, n);
	clout_session_free(session);
	return rc;
}

/* user role NAME ROLE, user rm NAME */
static int user_change(const cli_context *ctx, int argc, char **argv, bool remove)
{
	const char *db = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), { 0 } };
	const cli_command_spec role_spec = { "user role", "NAME ROLE", "Change a user's role.", options, 2, 2 };
	const cli_command_spec rm_spec = { "user rm", "NAME", "Remove a user, their tokens and sessions.", options, 1, 1 };
	const cli_command_spec *spec = remove ? &rm_spec : &role_spec;
	const char *cmd = spec->name;
	clout_session *session = NULL;
	clout_error err = { 0 };
	clout_role role = CLOUT_ROLE_VIEWER;
	char object[CLOUT_AUTH_NAME_MAX + 32];
	const char *name, *role_name;
	char **args;
	int nargs, rc;
	if ((rc = cli_opt_parse(spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	name = args[0];
	role_name = remove ? NULL : args[1];
	free(args);
	if (!remove && clout_role_parse(&role, role_name, &err) < 0)
		return cli_fail(cmd, &err);
	if ((rc = cli_open_session(cmd, ctx, db, NULL, false, &session)) != 0)
		goto done;
	if ((remove ? clout_auth_user_remove(session, name)
		    : clout_auth_user_set_role(session, name, role)) < 0) {
		rc = cli_fail_session(cmd, session);
		goto done;
	}
	if (remove)
		snprintf(object, sizeof(object), "user:%s", name);
	else
		snprintf(object, sizeof(object), "user:%s role:%s", name, clout_role_name(role));
	if ((rc = cli_audit(cmd, session, 0, remove ? "user.remove" : "user.role", object)) != 0)
		goto done;
	rc = EXIT_OK;
done:
	clout_session_free(session);
	return rc;
}

/* user join's check (cli_begin): -w is required. */
static int check_join(cli_call *call, void *arg)
{
	(void)arg;
	if (!call->workspace) {
		fprintf(stderr, "clout %s: -w WORKSPACE is required\n", call->cmd);
		return EXIT_USAGE;
	}
	return 0;
}

/* user join NAME -w WORKSPACE */
static int user_join(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "user join", .create = true, .check = check_join };
	const cli_opt options[] = {
		CLI_OPT_DB(&call.db),
		{ CLI_OPT_STRING, "workspace", 'w', &call.workspace, "NAME", "the workspace the user joins (required; made if new)" },
		{ 0 },
	};
	const cli_command_spec spec = { call.cmd, "NAME -w WORKSPACE",
		"Make a user a member of another workspace too (with their one role).", options, 1, 1 };
	char object[CLOUT_AUTH_NAME_MAX + 16];
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	if (clout_auth_user_join(call.session, call.args[0], call.ws) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	snprintf(object, sizeof(object), "user:%s", call.args[0]);
	if ((rc = cli_call_audit(&call, "user.join", object)) != 0)
		goto done;
	fprintf(stderr, "user %s is a member of workspace %s\n", call.args[0], clout_session_workspace_name(call.session));
	rc = EXIT_OK;
done:
	cli_end(&call);
	return rc;
}

int cmd_user(const cli_context *ctx, int argc, char **argv)
{
	static const char usage[] = "usage: clout user add|join|list|role|rm ...\n\n"
				    "  add NAME --role ROLE [--password-stdin]   add a user\n"
				    "  join NAME -w WORKSPACE                    make a user a member of another workspace\n"
				    "  list                                      list users and roles\n"
				    "  role NAME ROLE                            change a user's role\n"
				    "  rm NAME                                   remove a user\n";
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return user_add(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "join"))
		return user_join(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return user_list(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "role"))
		return user_change(ctx, argc - 1, argv + 1, false);
	if (argc >= 2 && !strcmp(argv[1], "rm"))
		return user_change(ctx, argc - 1, argv + 1, true);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	fputs(usage, stderr);
	return EXIT_USAGE;
}
