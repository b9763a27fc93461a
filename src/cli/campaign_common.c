/* campaign_common.c: helpers of the campaign, contract, calendar and report commands (see
 * campaign_common.h). */
#include <stdlib.h>

#include "cli/campaign_common.h"
#include "util/banned.h"

bool cli_parse_args(const cli_command_spec *spec, int argc, char **argv, char ***args, int *nargs, int *status)
{
	int rc = cli_opt_parse(spec, argc, argv, args, nargs);
	if (rc != 0) {
		*status = rc > 0 ? EXIT_OK : EXIT_USAGE;
		return true;
	}
	return false;
}

int cli_ws_open(cli_ws *w, const char *cmd, const cli_context *ctx, const char *db, const char *workspace, bool create)
{
	int rc;
	w->session = NULL;
	w->store = NULL;
	if ((rc = cli_open_session(cmd, ctx, db, workspace, create, &w->session)) != 0)
		return rc;
	if (clout_session_workspace(w->session, &w->ws) < 0) {
		rc = cli_fail_session(cmd, w->session);
		clout_session_free(w->session);
		w->session = NULL;
		return rc;
	}
	w->store = clout_session_store(w->session);
	return 0;
}

void cli_ws_close(cli_ws *w)
{
	clout_session_free(w->session);
	w->session = NULL;
}

int cli_emit_json(const char *cmd, char *json)
{
	if (!json) {
		fprintf(stderr, "clout %s: out of memory\n", cmd);
		return EXIT_SOFTWARE;
	}
	printf("%s\n", json);
	free(json);
	return EXIT_OK;
}
