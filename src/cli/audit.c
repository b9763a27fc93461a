/* audit.c: the CLI's entry in the audit log after each write it makes (see clout/auth.h), and a JSON string writer for the listings. */
#include <stdio.h>

#include "cli/cli.h"
#include "util/banned.h"

int cli_audit(const char *cmd, clout_session *session, int64_t workspace, const char *action, const char *object)
{
	clout_audit_entry e = { 0 };
	e.workspace = workspace;
	e.actor = clout_session_user(session);
	e.action = action;
	e.object = object;
	e.origin = "cli";
	if (clout_audit_append(session, &e) < 0) {
		const clout_error *err = clout_session_error(session);
		fprintf(stderr, "clout %s: done, but the audit log could not be written: %s\n", cmd, err->message);
		return cli_exit_code(err->code);
	}
	return 0;
}

void cli_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}
