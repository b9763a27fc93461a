/*
 * fields.c: reading typed fields out of JSON records for the formats, with messages that name
 * the field's path ("data[3].public_metrics.like_count: expected a count, got a string").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/import/internal.h"
#include "util/banned.h"

const char *clout__path(clout__import *im, const char *path, const char *key)
{
	char tmp[512];
	if (path && *path)
		snprintf(tmp, sizeof(tmp), "%s.%s", path, key);
	else
		snprintf(tmp, sizeof(tmp), "%s", key);
	return clout_arena_strndup(clout__record_arena(im), tmp, strlen(tmp));
}

const char *clout__path_index(clout__import *im, const char *path, const char *key, size_t i)
{
	char tmp[512];
	if (path && *path && key)
		snprintf(tmp, sizeof(tmp), "%s.%s[%zu]", path, key, i);
	else if (key)
		snprintf(tmp, sizeof(tmp), "%s[%zu]", key, i);
	else
		snprintf(tmp, sizeof(tmp), "%s[%zu]", path ? path : "", i);
	return clout_arena_strndup(clout__record_arena(im), tmp, strlen(tmp));
}

static int wrong_type(clout__import *im, const char *path, const char *key, const char *want, const clout_jv *v)
{
	return clout__bad(im, "%s: expected %s, got %s", clout__path(im, path, key), want,
		clout_json_type_name(clout_jv_type(v)));
}

int clout__jv_str(clout__import *im, const clout_jv *obj, const char *path, const char *key, const char **out)
{
	clout_jv v;
	*out = NULL;
	if (!clout_jv_get(obj, key, &v) || clout_jv_type(&v) == CLOUT_JSON_NULL)
		return 0;
	if (!clout_jv_string(&v, out, NULL))
		return wrong_type(im, path, key, "a string", &v);
	return 0;
}

int clout__jv_id(clout__import *im, const clout_jv *obj, const char *path, const char *key, const char **out)
{
	clout_jv v;
	int64_t i;
	uint64_t u;
	char tmp[32];
	*out = NULL;
	if (!clout_jv_get(obj, key, &v) || clout_jv_type(&v) == CLOUT_JSON_NULL)
		return 0;
	switch (clout_jv_type(&v)) {
	case CLOUT_JSON_STRING:
		clout_jv_string(&v, out, NULL);
		if (!**out)
			return clout__bad(im, "%s: empty id", clout__path(im, path, key));
		return 0;
	case CLOUT_JSON_INT:
		clout_jv_int64(&v, &i);
		snprintf(tmp, sizeof(tmp), "%lld", (long long)i);
		break;
	case CLOUT_JSON_UINT:
		clout_jv_uint64(&v, &u);
		snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)u);
		break;
	case CLOUT_JSON_DOUBLE:
		return clout__bad(im, "%s: id is a non-integer number (ids must be strings or integers)",
			clout__path(im, path, key));
	default:
		return wrong_type(im, path, key, "an id (string or integer)", &v);
	}
	*out = clout_arena_strndup(clout__record_arena(im), tmp, strlen(tmp));
	return *out ? 0 : CLOUT_ENOMEM;
}

static bool parse_digits(const char *s, size_t len, int64_t *out)
{
	int64_t n = 0;
	if (len == 0 || len > 18)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		n = n * 10 + (s[i] - '0');
	}
	*out = n;
	return true;
}

int clout__jv_count(clout__import *im, const clout_jv *obj, const char *path, const char *key, int64_t *out)
{
	clout_jv v;
	const char *s;
	size_t len;
	double d;
	*out = CLOUT_UNKNOWN;
	if (!clout_jv_get(obj, key, &v) || clout_jv_type(&v) == CLOUT_JSON_NULL)
		return 0;
	switch (clout_jv_type(&v)) {
	case CLOUT_JSON_INT:
		clout_jv_int64(&v, out);
		if (*out < 0)
			return clout__bad(im, "%s: negative count %lld", clout__path(im, path, key), (long long)*out);
		return 0;
	case CLOUT_JSON_UINT:
		return clout__bad(im, "%s: count out of range", clout__path(im, path, key));
	case CLOUT_JSON_DOUBLE:
		/* some exports write counts as 12.0 */
		clout_jv_double(&v, &d);
		if (d < 0 || d != (double)(int64_t)d || d > 9e15)
			return clout__bad(im, "%s: %g is not a count", clout__path(im, path, key), d);
		*out = (int64_t)d;
		return 0;
	case CLOUT_JSON_STRING:
		clout_jv_string(&v, &s, &len);
		if (len > 0 && s[0] == '-')
			return clout__bad(im, "%s: negative count \"%.*s\"", clout__path(im, path, key), (int)(len > 20 ? 20 : len), s);
		if (!parse_digits(s, len, out))
			return clout__bad(im, "%s: \"%.*s\" is not a count", clout__path(im, path, key), (int)(len > 40 ? 40 : len), s);
		return 0;
	default:
		return wrong_type(im, path, key, "a count", &v);
	}
}

int clout__jv_number(clout__import *im, const clout_jv *obj, const char *path, const char *key, double *out)
{
	clout_jv v;
	const char *s;
	size_t len;
	char tmp[64], *end;
	if (!clout_jv_get(obj, key, &v) || clout_jv_type(&v) == CLOUT_JSON_NULL)
		return 0;
	if (clout_jv_double(&v, out))
		return 0;
	if (clout_jv_string(&v, &s, &len) && len > 0 && len < sizeof(tmp)) {
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		*out = strtod(tmp, &end);
		if (!*end && *out == *out)
			return 0;
	}
	return wrong_type(im, path, key, "a number", &v);
}

int clout__jv_bool(clout__import *im, const clout_jv *obj, const char *path, const char *key, int *out)
{
	clout_jv v;
	bool b;
	*out = CLOUT_UNKNOWN;
	if (!clout_jv_get(obj, key, &v) || clout_jv_type(&v) == CLOUT_JSON_NULL)
		return 0;
	if (!clout_jv_bool(&v, &b))
		return wrong_type(im, path, key, "true or false", &v);
	*out = b ? 1 : 0;
	return 0;
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	/* proleptic Gregorian calendar, days since 1970-01-01 */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool num(const char *s, size_t len, size_t at, size_t n, int *out)
{
	int v = 0;
	if (at + n > len)
		return false;
	for (size_t i = at; i < at + n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool clout__parse_time(const char *s, size_t len, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0;
	size_t i;
	int64_t t;
	if (!num(s, len, 0, 4, &y) || len < 10 || s[4] != '-' || !num(s, len, 5, 2, &mo) || s[7] != '-' ||
	    !num(s, len, 8, 2, &d))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return false;
	i = 10;
	if (i < len && (s[i] == 'T' || s[i] == ' ')) {
		if (!num(s, len, i + 1, 2, &h) || i + 3 >= len || s[i + 3] != ':' || !num(s, len, i + 4, 2, &mi))
			return false;
		i += 6;
		if (i < len && s[i] == ':') {
			if (!num(s, len, i + 1, 2, &se))
				return false;
			i += 3;
		}
		if (i < len && s[i] == '.') {
			i++;
			while (i < len && s[i] >= '0' && s[i] <= '9')
				i++;
		}
		if (h > 23 || mi > 59 || se > 60)
			return false;
	}
	if (i < len && s[i] == 'Z') {
		i++;
	} else if (i < len && (s[i] == '+' || s[i] == '-')) {
		int sign = s[i] == '-' ? -1 : 1;
		if (!num(s, len, i + 1, 2, &oh))
			return false;
		i += 3;
		if (i < len && s[i] == ':')
			i++;
		if (num(s, len, i, 2, &om))
			i += 2;
		oh *= sign;
		om *= sign;
	}
	if (i != len)
		return false;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	*out = t - oh * 3600 - om * 60;
	return true;
}

int clout__jv_time(clout__import *im, const clout_jv *obj, const char *path, const char *key, int64_t *out)
{
	clout_jv v;
	const char *s;
	size_t len;
	int64_t n;
	double d;
	*out = CLOUT_UNKNOWN;
	if (!clout_jv_get(obj, key, &v) || clout_jv_type(&v) == CLOUT_JSON_NULL)
		return 0;
	if (clout_jv_string(&v, &s, &len)) {
		if (clout__parse_time(s, len, out))
			return 0;
		if (parse_digits(s, len, &n)) {
			*out = n > 100000000000ll ? n / 1000 : n; /* milliseconds */
			return 0;
		}
		return clout__bad(im, "%s: \"%.*s\" is not a time (ISO 8601 or unix seconds)", clout__path(im, path, key),
			(int)(len > 40 ? 40 : len), s);
	}
	if (clout_jv_int64(&v, &n)) {
		*out = n > 100000000000ll ? n / 1000 : n;
		return 0;
	}
	if (clout_jv_double(&v, &d)) {
		*out = (int64_t)d;
		return 0;
	}
	return wrong_type(im, path, key, "a time", &v);
}
