/* common.c: exit codes, store and graph opening, output formats and the progress bar (see cli.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/banned.h"

int cli_exit_code(int code)
{
	switch (code) {
	case CLOUT_OK: return EXIT_OK;
	case CLOUT_EINVAL: return EXIT_USAGE;
	case CLOUT_EBADDATA: return EXIT_DATAERR;
	case CLOUT_ENOTFOUND: return EXIT_NOINPUT;
	case CLOUT_EEXISTS:
	case CLOUT_ECONFLICT: return EXIT_DATAERR;
	case CLOUT_EIO:
	case CLOUT_EBACKEND: return EXIT_IOERR;
	case CLOUT_EUNAVAILABLE: return EXIT_UNAVAILABLE;
	case CLOUT_EDENIED: return EXIT_NOPERM;
	case CLOUT_ELIMITED: return EXIT_TEMPFAIL;
	default: return EXIT_SOFTWARE;
	}
}

int cli_fail(const char *cmd, const clout_error *err)
{
	fprintf(stderr, "clout %s: %s\n", cmd, err->message[0] ? err->message : clout_strerror(err->code));
	return cli_exit_code(err->code);
}

bool cli_parse_options(const cli_command_spec *spec, int argc, char **argv, int *status)
{
	char **args;
	int nargs, rc = cli_opt_parse(spec, argc, argv, &args, &nargs);
	if (rc != 0) {
		*status = rc > 0 ? EXIT_OK : EXIT_USAGE;
		return true;
	}
	free(args);
	return false;
}

int cli_open_session(const char *cmd, const cli_context *ctx, const char *db, const char *workspace, bool create,
	clout_session **out)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_error err = { 0 };
	opts.location = db ? db : ctx->db;
	opts.workspace = workspace;
	opts.create = create;
	if (clout_session_open(out, &opts, &err) < 0)
		return cli_fail(cmd, &err);
	return 0;
}

int cli_fail_session(const char *cmd, const clout_session *session)
{
	return cli_fail(cmd, clout_session_error(session));
}

int cli_print_json(const char *cmd, int rc, char *json, const clout_error *err)
{
	if (rc < 0)
		return cli_fail(cmd, err);
	fputs(json, stdout);
	free(json);
	return 0;
}

int cli_graph_source(const char *cmd, const cli_context *ctx, cli_graph_opts *o, clout_graph_source *source)
{
	int rc;
	if (o->from_store) {
		if ((rc = cli_open_session(cmd, ctx, o->db, o->workspace, false, &o->session)) != 0)
			return rc;
		if (clout_session_workspace(o->session, &o->ws) < 0)
			return cli_fail_session(cmd, o->session);
		o->store = clout_session_store(o->session);
	}
	source->path = o->path;
	source->store = o->store;
	source->workspace = o->ws;
	source->kind = o->kind;
	source->load.reverse = o->reverse;
	source->load.header = o->header;
	source->load.drop_self_loops = o->drop_self_loops;
	return 0;
}

static int resolve_account(void *ctx, const char *key, int64_t *out, clout_error *err)
{
	const cli_graph_opts *o = ctx;
	return clout_store_find_account(o->store, o->ws, NULL, key, out, err);
}

clout_key_resolver cli_graph_resolver(const cli_graph_opts *o)
{
	return o->store ? resolve_account : NULL;
}

int cli_parse_format(const char *cmd, const char *name, cli_format *out)
{
	if (!name)
		*out = isatty(STDOUT_FILENO) ? CLI_FORMAT_TABLE : CLI_FORMAT_JSON;
	else if (!strcmp(name, "table"))
		*out = CLI_FORMAT_TABLE;
	else if (!strcmp(name, "csv"))
		*out = CLI_FORMAT_CSV;
	else if (!strcmp(name, "json"))
		*out = CLI_FORMAT_JSON;
	else {
		fprintf(stderr, "clout %s: unknown output format '%s' (table, csv or json)\n", cmd, name);
		return -1;
	}
	return 0;
}

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(cli_progress *p, const char *label)
{
	p->label = label;
	p->enabled = isatty(STDERR_FILENO) && !getenv("CLOUT_NO_PROGRESS");
	p->started = cli_now();
	p->last_draw = 0;
}

int cli_progress_fn(void *ctx, uint64_t done, uint64_t total)
{
	cli_progress *p = ctx;
	double now, elapsed, rate;
	if (!p->enabled)
		return 0;
	now = cli_now();
	if (now - p->last_draw < 0.1 && done != total)
		return 0;
	p->last_draw = now;
	elapsed = now - p->started;
	rate = elapsed > 0 ? (double)done / elapsed / 1e6 : 0;
	if (total) {
		int width = 30, filled = (int)((double)width * (double)done / (double)total);
		if (filled > width)
			filled = width;
		fprintf(stderr, "\r%s [%.*s%*s] %5.1f%% %8.1f MB/s", p->label, filled, "##############################",
			width - filled, "", 100.0 * (double)done / (double)total, rate);
	} else {
		fprintf(stderr, "\r%s %.1f MB %8.1f MB/s", p->label, (double)done / 1e6, rate);
	}
	fflush(stderr);
	return 0;
}

void cli_progress_done(cli_progress *p)
{
	if (p->enabled && p->last_draw > 0)
		fprintf(stderr, "\n");
}

void cli_csv_field(FILE *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}
