/* common.c: exit codes, store and graph opening, output formats and the progress bar (see cli.h). */
#include <errno.h>
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

void cli_print_exit_statuses(FILE *out)
{
	static const struct {
		int status;
		const char *meaning;
	} table[] = {
		{ EXIT_OK, "success" },
		{ EXIT_USAGE, "usage: a wrong option, argument or value" },
		{ EXIT_DATAERR, "bad data: an input is malformed, or conflicts with the store" },
		{ EXIT_NOINPUT, "not found: a named file, store, workspace or account does not exist" },
		{ EXIT_UNAVAILABLE, "unavailable: the database server cannot be reached" },
		{ EXIT_SOFTWARE, "internal: a bug, or out of memory" },
		{ EXIT_IOERR, "I/O: a file or the store could not be read or written" },
		{ EXIT_TEMPFAIL, "try again later: rate limited" },
		{ EXIT_NOPERM, "permission: credentials refused, the store is read-only, or a contact refused (the person opted out)" },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		fprintf(out, "  %-3d %s\n", table[i].status, table[i].meaning);
}

int cli_fail_open(const char *cmd, const char *path)
{
	int why = errno;
	fprintf(stderr, "clout %s: %s: cannot open: %s\n", cmd, path, strerror(why));
	return why == ENOENT ? EXIT_NOINPUT : EXIT_IOERR;
}

const char *cli_plural(uint64_t count, const char *one, const char *many)
{
	return count == 1 ? one : many;
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
	bool is_new;
	opts.location = db ? db : ctx->db ? ctx->db : CLI_DEFAULT_STORE;
	opts.workspace = workspace;
	opts.create = create;
	/* A store file this command makes is noted, so that main takes it away if the command fails. */
	is_new = create && !strstr(opts.location, "://") && access(opts.location, F_OK) != 0;
	if (clout_session_open(out, &opts, &err) < 0)
		return cli_fail(cmd, &err);
	if (is_new && ctx->created_store)
		snprintf(ctx->created_store, CLI_PATH_MAX, "%s", opts.location);
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

int cli_graph_session(const char *cmd, const cli_context *ctx, const cli_graph_opts *o, clout_session **session,
	clout_graph_input *input)
{
	*session = NULL;
	if (o->path) {
		clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
		clout_error err = { 0 };
		opts.no_store = true;
		if (clout_session_open(session, &opts, &err) < 0)
			return cli_fail(cmd, &err);
	} else {
		int rc = cli_open_session(cmd, ctx, o->db, o->workspace, false, session);
		if (rc != 0)
			return rc;
	}
	input->path = o->path;
	input->kind = o->kind;
	input->load.reverse = o->reverse;
	input->load.header = o->header;
	input->load.drop_self_loops = o->drop_self_loops;
	input->load.cache = o->cache;
	return 0;
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

const char *cli_thousands(int64_t n, char *out, size_t size)
{
	char digits[32];
	size_t len, at = 0;
	if (n < 0) {
		snprintf(out, size, "?");
		return out;
	}
	len = (size_t)snprintf(digits, sizeof(digits), "%lld", (long long)n);
	for (size_t i = 0; i < len && at + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			out[at++] = ',';
		out[at++] = digits[i];
	}
	out[at] = '\0';
	return out;
}

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(cli_progress *p, const char *label, const char *unit)
{
	p->label = label;
	p->unit = unit;
	p->enabled = isatty(STDERR_FILENO) && !getenv("CLOUT_NO_PROGRESS");
	p->started = cli_now();
	p->last_draw = 0;
}

int cli_progress_fn(void *ctx, uint64_t done, uint64_t total)
{
	cli_progress *p = ctx;
	double now, elapsed, rate;
	char rate_text[128];
	if (!p->enabled)
		return 0;
	now = cli_now();
	if (now - p->last_draw < 0.1 && done != total)
		return 0;
	p->last_draw = now;
	elapsed = now - p->started;
	rate = elapsed > 0 ? (double)done / elapsed : 0;
	if (p->unit) {
		char d[32], t[32], per[32];
		cli_thousands((int64_t)done, d, sizeof(d));
		cli_thousands((int64_t)total, t, sizeof(t));
		cli_thousands((int64_t)(rate + 0.5), per, sizeof(per));
		snprintf(rate_text, sizeof(rate_text), "%s%s%s %s, %s %s/s", d, total ? " of " : "", total ? t : "", p->unit,
			per, p->unit);
	} else {
		snprintf(rate_text, sizeof(rate_text), "%.1f MB, %.1f MB/s", (double)done / 1e6, rate / 1e6);
	}
	if (total) {
		int width = 30, filled = (int)((double)width * (double)done / (double)total);
		if (filled > width)
			filled = width;
		fprintf(stderr, "\r%s [%.*s%*s] %5.1f%% %s\033[K", p->label, filled, "##############################",
			width - filled, "", 100.0 * (double)done / (double)total, rate_text);
	} else {
		fprintf(stderr, "\r%s %s\033[K", p->label, rate_text);
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
