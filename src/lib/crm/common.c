/*
 * common.c: what every crm operation does first (the session's workspace and acting user), the
 * person lookup by name, the write transaction, and strict dates.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/crm/internal.h"
#include "lib/store/crm.h"
#include "clout/convert.h"
#include "util/banned.h"

int crm_op_start(crm_op *op, clout_session *s)
{
	const char *user;
	clout_session_reset(s);
	op->s = s;
	op->store = clout_session_store(s);
	op->err = clout_session_err(s);
	user = clout_session_user(s);
	op->who = user && *user ? user : "local";
	op->ws = 0;
	return clout_session_workspace(s, &op->ws);
}

int crm_person_id(crm_op *op, const char *name, int64_t *out)
{
	int rc;
	/* Not clout_crm_name_check: an erased person's stub ("erased-ID") is found by its name too. */
	if (!name || !*name)
		return clout_error_set(op->err, CLOUT_EINVAL, "name: a person's name is empty");
	if ((rc = clout__store_person_find(op->store, op->ws, name, out, op->err)) < 0)
		return rc;
	if (rc == 0)
		return clout_error_set(op->err, CLOUT_ENOTFOUND, "no person '%s' in workspace '%s'", name,
			clout_session_workspace_name(op->s));
	return 0;
}

int crm_begin(crm_op *op)
{
	return clout_store_begin(op->store, op->err);
}

int crm_finish(crm_op *op, int rc)
{
	if (rc < 0) {
		clout_store_rollback(op->store);
		return rc;
	}
	return clout_store_commit(op->store, op->err);
}

int64_t crm_now(void)
{
	return (int64_t)time(NULL);
}

static int two_or_four_digits(const char *p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

int crm_date_parse(int64_t *out, const char *text, const char *field, clout_error *err)
{
	static const int month_days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct tm tm = { 0 };
	int y, m, d;
	if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-' || two_or_four_digits(text, 4, &y) < 0 ||
		two_or_four_digits(text + 5, 2, &m) < 0 || two_or_four_digits(text + 8, 2, &d) < 0)
		goto bad;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > month_days[m - 1])
		goto bad;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		goto bad;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	*out = (int64_t)timegm(&tm);
	return 0;
bad:
	return clout_error_set(err, CLOUT_EINVAL, "%s: '%s' is not a date (YYYY-MM-DD)", field, text ? text : "");
}

void crm_date_format(char *out, size_t size, int64_t day)
{
	struct tm tm;
	time_t t = (time_t)day;
	if (!gmtime_r(&t, &tm)) {
		snprintf(out, size, "?");
		return;
	}
	snprintf(out, size, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void crm_time_format(char *out, size_t size, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, size, "?");
		return;
	}
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		tm.tm_min, tm.tm_sec);
}

int crm_currency(char out[4], const char *text, clout_error *err)
{
	if (text && strlen(text) == 3) {
		for (int i = 0; i < 4; i++)
			out[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 'a' + 'A' : text[i]);
		if (clout_convert_currency_exponent(out) >= 0)
			return 0;
	}
	out[0] = '\0';
	return clout_error_set(err, CLOUT_EINVAL, "currency: '%s' is not an ISO 4217 code", text ? text : "");
}
