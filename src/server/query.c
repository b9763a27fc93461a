/* query.c: query strings for every route (see query.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "server/http.h"
#include "server/query.h"
#include "util/banned.h"

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes s in place; false for a bad escape or an escaped NUL. */
static bool decode(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '+') {
			*w++ = ' ';
		} else if (*r == '%') {
			int hi = hex(r[1]), lo = hi < 0 ? -1 : hex(r[2]);
			if (lo < 0 || (hi == 0 && lo == 0))
				return false;
			*w++ = (char)(hi * 16 + lo);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return true;
}

static void add(query *q, const char *name, const char *value)
{
	if (!name || !*name) {
		q->malformed = true;
		return;
	}
	if (q->count == QUERY_MAX_PARAMS) {
		q->overflow = true;
		return;
	}
	q->names[q->count] = name;
	q->values[q->count] = value ? value : "";
	q->count++;
}

void query_parse(query *q, char *raw)
{
	char *p = raw;
	memset(q, 0, sizeof(*q));
	while (p && *p) {
		char *amp = strchr(p, '&'), *eq;
		if (amp)
			*amp = '\0';
		if (*p) {
			eq = strchr(p, '=');
			if (eq)
				*eq = '\0';
			if (!decode(p) || (eq && !decode(eq + 1)))
				q->malformed = true;
			else
				add(q, p, eq ? eq + 1 : "");
		}
		p = amp ? amp + 1 : NULL;
	}
}

static enum MHD_Result collect(void *ctx, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	add(ctx, key, value);
	return MHD_YES;
}

int query_from_request(query *q, http_request *req)
{
	memset(q, 0, sizeof(*q));
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, collect, q);
	return 0;
}

const char *query_get(const query *q, const char *name)
{
	for (size_t i = 0; i < q->count; i++)
		if (!strcmp(q->names[i], name))
			return q->values[i];
	return NULL;
}

int query_check_names(const query *q, http_request *req, const char *const *known)
{
	if (q->malformed || q->overflow) {
		http_reply_error(req, 400, "invalid_query", NULL, q->overflow ? "more than %d query parameters"
			: "the query string is malformed (an empty name or a bad %%-escape)", QUERY_MAX_PARAMS);
		return -1;
	}
	for (size_t i = 0; i < q->count; i++) {
		size_t k = 0;
		while (known[k] && strcmp(known[k], q->names[i]))
			k++;
		if (!known[k]) {
			http_reply_error(req, 400, "unknown_parameter", q->names[i], "%.64s: not a parameter of this route",
				q->names[i]);
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(q->names[j], q->names[i])) {
				http_reply_error(req, 400, "invalid_query", q->names[i], "%s: given more than once", q->names[i]);
				return -1;
			}
	}
	return 0;
}

int query_enum(const query *q, http_request *req, const char *name, const char *const *values, int *out)
{
	const char *v = query_get(q, name);
	char allowed[160] = "";
	if (!v)
		return 0;
	for (int i = 0; values[i]; i++) {
		if (!strcmp(values[i], v)) {
			*out = i;
			return 0;
		}
		strncat(allowed, i ? ", " : "", sizeof(allowed) - strlen(allowed) - 1);
		strncat(allowed, values[i], sizeof(allowed) - strlen(allowed) - 1);
	}
	http_reply_error(req, 400, "invalid_query", name, "%s: '%.64s' is not one of %s", name, v, allowed);
	return -1;
}

int query_int(const query *q, http_request *req, const char *name, int64_t min, int64_t max, int64_t *out)
{
	const char *v = query_get(q, name);
	char *end;
	long long n;
	if (!v)
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n < min || n > max) {
		http_reply_error(req, 400, "invalid_query", name, "%s: '%.64s' is not an integer from %lld to %lld", name, v,
			(long long)min, (long long)max);
		return -1;
	}
	*out = n;
	return 0;
}

int query_number(const query *q, http_request *req, const char *name, double min, double max, double *out)
{
	const char *v = query_get(q, name);
	char *end;
	double x;
	if (!v)
		return 0;
	errno = 0;
	x = strtod(v, &end);
	if (!*v || *end || errno || !isfinite(x) || x < min || x > max) {
		http_reply_error(req, 400, "invalid_query", name, "%s: '%.64s' is not a number from %g to %g", name, v, min, max);
		return -1;
	}
	*out = x;
	return 0;
}
