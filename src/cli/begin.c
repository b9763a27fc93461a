/* begin.c: the start and end of a store command (see begin.h). */
#include <stdlib.h>

#include "cli/begin.h"
#include "util/banned.h"

bool cli_begin(cli_call *call, const cli_context *ctx, const cli_command_spec *spec, int argc, char **argv,
	int *status)
{
	int rc;
	call->args = NULL;
	call->nargs = 0;
	call->session = NULL;
	call->ws = 0;
	if ((rc = cli_opt_parse(spec, argc, argv, &call->args, &call->nargs)) != 0) {
		call->args = NULL;
		*status = rc > 0 ? EXIT_OK : EXIT_USAGE;
		return true;
	}
	if (!call->own_format && cli_parse_format(call->cmd, call->format_name, &call->format) < 0) {
		*status = EXIT_USAGE;
		return true;
	}
	if (call->check && (*status = call->check(call, call->check_arg)) != 0)
		return true;
	if ((*status = cli_open_session(call->cmd, ctx, call->db, call->workspace, call->create, &call->session)) != 0)
		return true;
	if (clout_session_workspace(call->session, &call->ws) < 0) {
		*status = cli_fail_session(call->cmd, call->session);
		return true;
	}
	return false;
}

void cli_end(cli_call *call)
{
	clout_session_free(call->session);
	call->session = NULL;
	free(call->args);
	call->args = NULL;
}

int cli_call_audit(cli_call *call, const char *action, const char *object)
{
	return cli_audit(call->cmd, call->session, call->ws, action, object);
}
