/* opt.c: option parsing and usage from a command's spec table (see opt.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opt.h"
#include "util/banned.h"

static const cli_opt *find_long(const cli_opt *o, const char *name, size_t len)
{
	for (; o->type != CLI_OPT_END; o++)
		if (strlen(o->long_name) == len && !strncmp(o->long_name, name, len))
			return o;
	return NULL;
}

static const cli_opt *find_short(const cli_opt *o, char c)
{
	for (; o->type != CLI_OPT_END; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

/* What type accepts, for the error message. */
static const char *number_kind(cli_opt_type type)
{
	switch (type) {
	case CLI_OPT_INT: return "a whole number (0 or more)";
	case CLI_OPT_POS_INT: return "a positive whole number";
	case CLI_OPT_DOUBLE: return "a number (0 or more)";
	case CLI_OPT_POS_DOUBLE: return "a positive number";
	case CLI_OPT_REAL: return "a number";
	default: return "a number from 0 to 1";
	}
}

int cli_opt_number(const char *cmd, const char *field, const char *text, cli_opt_type type, void *out)
{
	char *end;
	bool ok;
	errno = 0;
	if (type == CLI_OPT_INT || type == CLI_OPT_POS_INT) {
		long long n = strtoll(text, &end, 10);
		ok = !errno && end != text && !*end && n >= (type == CLI_OPT_POS_INT ? 1 : 0);
		if (ok)
			*(int64_t *)out = n;
	} else {
		double d = strtod(text, &end);
		ok = !errno && end != text && !*end && isfinite(d) && (type == CLI_OPT_REAL || d >= 0) &&
		     (type != CLI_OPT_POS_DOUBLE || d > 0) && (type != CLI_OPT_FRACTION || d <= 1);
		if (ok)
			*(double *)out = d;
	}
	if (!ok)
		fprintf(stderr, "clout %s: %s: '%s' is not %s\n", cmd, field, text, number_kind(type));
	return ok ? 0 : -1;
}

static int set_value(const cli_command_spec *spec, const cli_opt *o, const char *v)
{
	char field[64];
	switch (o->type) {
	case CLI_OPT_STRING:
		*(const char **)o->value = v;
		return 0;
	case CLI_OPT_INT:
	case CLI_OPT_POS_INT:
	case CLI_OPT_DOUBLE:
	case CLI_OPT_POS_DOUBLE:
	case CLI_OPT_FRACTION:
	case CLI_OPT_REAL:
		snprintf(field, sizeof(field), "--%s", o->long_name);
		return cli_opt_number(spec->name, field, v, o->type, o->value);
	case CLI_OPT_LIST: {
		cli_list *l = o->value;
		const char **items = realloc(l->items, (size_t)(l->count + 1) * sizeof(*items));
		if (!items) {
			fprintf(stderr, "clout: out of memory\n");
			return -1;
		}
		items[l->count++] = v;
		l->items = items;
		return 0;
	}
	default:
		return -1;
	}
}

int cli_opt_parse(const cli_command_spec *spec, int argc, char **argv, char ***args, int *nargs)
{
	int n = 0, only_args = 0;
	char **out = calloc((size_t)argc + 1, sizeof(*out));
	if (!out) {
		fprintf(stderr, "clout: out of memory\n");
		return -1;
	}
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		const cli_opt *o;
		const char *value = NULL;
		if (only_args || a[0] != '-' || !a[1]) {
			out[n++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_opt_usage(stdout, spec);
			free(out);
			return 1;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find_long(spec->options, a + 2, len);
			if (eq)
				value = eq + 1;
		} else {
			o = find_short(spec->options, a[1]);
			if (o && a[2])
				value = a + 2;
		}
		if (!o) {
			fprintf(stderr, "clout %s: unknown option '%s'\n", spec->name, a);
			goto usage;
		}
		if (o->type == CLI_OPT_FLAG) {
			if (value) {
				fprintf(stderr, "clout %s: --%s takes no value\n", spec->name, o->long_name);
				goto usage;
			}
			*(bool *)o->value = true;
			continue;
		}
		if (!value) {
			if (i + 1 >= argc) {
				fprintf(stderr, "clout %s: --%s needs a value (%s)\n", spec->name, o->long_name, o->value_name);
				goto usage;
			}
			value = argv[++i];
		}
		if (set_value(spec, o, value) < 0)
			goto usage;
	}
	if (n < spec->min_args || (spec->max_args >= 0 && n > spec->max_args)) {
		fprintf(stderr, "clout %s: %s\n", spec->name,
			n < spec->min_args ? "missing arguments" : "too many arguments");
		goto usage;
	}
	*args = out;
	*nargs = n;
	return 0;
usage:
	free(out);
	fprintf(stderr, "usage: clout %s %s\n(see clout %s --help)\n", spec->name, spec->synopsis, spec->name);
	return -1;
}

void cli_opt_usage(FILE *out, const cli_command_spec *spec)
{
	const cli_opt *o;
	fprintf(out, "usage: clout %s %s\n\n%s\n", spec->name, spec->synopsis, spec->summary);
	if (spec->options && spec->options->type != CLI_OPT_END)
		fprintf(out, "\noptions:\n");
	for (o = spec->options; o && o->type != CLI_OPT_END; o++) {
		char left[64];
		if (o->type == CLI_OPT_FLAG)
			snprintf(left, sizeof(left), "%s%c%s--%s", o->short_name ? "-" : "", o->short_name ? o->short_name : ' ',
				o->short_name ? ", " : "  ", o->long_name);
		else
			snprintf(left, sizeof(left), "%s%c%s--%s %s", o->short_name ? "-" : "",
				o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ", o->long_name, o->value_name);
		fprintf(out, "  %-30s %s\n", o->short_name ? left : left + 1, o->help);
	}
	fprintf(out, "  %-30s %s\n", "-h, --help", "show this help");
}
