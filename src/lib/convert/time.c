/* time.c: the times conversions and reports accept (see clout_convert_time_parse). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clout/convert.h"
#include "util/banned.h"

/* Reads exactly n digits at *p into *out and advances; -1 when they are not digits. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int clout_convert_time_parse(int64_t *out_ms, const char *text, bool *date_only, clout_error *err)
{
	const char *p = text;
	struct tm tm = { 0 };
	int y, mo, d, h = 0, mi = 0, s = 0, off = 0;
	size_t n = text ? strlen(text) : 0;
	*out_ms = 0;
	if (date_only)
		*date_only = false;
	if (n == 0)
		return clout_error_set(err, CLOUT_EINVAL, "time: empty");
	if (strspn(text, "0123456789") == n) {
		int64_t v = 0;
		if (n > 12)
			return clout_error_set(err, CLOUT_EINVAL, "time: '%s' is not unix seconds", text);
		for (size_t i = 0; i < n; i++)
			v = v * 10 + (text[i] - '0');
		*out_ms = v * 1000;
		return 0;
	}
	if (digits(&p, 4, &y) < 0 || *p++ != '-' || digits(&p, 2, &mo) < 0 || *p++ != '-' || digits(&p, 2, &d) < 0)
		goto bad;
	if (*p == '\0') {
		if (date_only)
			*date_only = true;
	} else {
		if ((*p != 'T' && *p != 't' && *p != ' ') || (p++, digits(&p, 2, &h) < 0) || *p++ != ':' || digits(&p, 2, &mi) < 0)
			goto bad;
		if (*p == ':' && (p++, digits(&p, 2, &s) < 0))
			goto bad;
		if (*p == '.') /* fractions of a second are dropped */
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, oh, om;
			if (digits(&p, 2, &oh) < 0 || *p++ != ':' || digits(&p, 2, &om) < 0 || oh > 23 || om > 59)
				goto bad;
			off = sign * (oh * 60 + om);
		} else {
			goto bad;
		}
		if (*p)
			goto bad;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 1970)
		goto bad;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	*out_ms = ((int64_t)timegm(&tm) - (int64_t)off * 60) * 1000;
	return 0;
bad:
	return clout_error_set(err, CLOUT_EINVAL, "time: '%s' is not unix seconds, YYYY-MM-DD or an RFC 3339 time", text);
}
