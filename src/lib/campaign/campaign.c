/*
 * campaign.c: campaigns (see clout/campaign.h): the checks of every field, create and update in one
 * transaction, reads, the JSON writer, and the day and amount helpers the module shares.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "clout/convert.h"
#include "lib/campaign/internal.h"
#include "lib/store/campaign.h"
#include "util/json_out.h"
#include "util/banned.h"

static const char *const goals[] = { "awareness", "engagement", "traffic", "leads", "sales", NULL };
static const char *const statuses[] = { "draft", "active", "paused", "done", "cancelled", NULL };
static const char *const metrics[] = { "reach", "impressions", "engagements", "engagement_rate", "clicks", "ctr",
	"conversions", "conversion_rate", "revenue", "roi", "cpe", "cpm", "cpc", "cpa", "mentions", "sentiment",
	"share_of_voice", NULL };
static const char *const money_metrics[] = { "revenue", "cpe", "cpm", "cpc", "cpa", NULL };

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

int64_t campaign__now(void)
{
	return (int64_t)time(NULL);
}

int campaign__start(campaign_op *op, clout_session *s)
{
	op->s = s;
	op->store = clout_session_store(s);
	op->err = clout_session_err(s);
	op->ws = 0;
	clout_error_clear(op->err);
	return clout_session_workspace(s, &op->ws);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int clout_campaign_day_parse(int64_t *out, const char *text, const char *field, clout_error *err)
{
	static const int month_days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	bool shape = text && strlen(text) == 10 && text[4] == '-' && text[7] == '-';
	for (int i = 0; shape && i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)text[i]))
			shape = false;
	if (shape) {
		y = atoi(text);
		m = atoi(text + 5);
		d = atoi(text + 8);
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		if (y >= 1970 && m >= 1 && m <= 12 && d >= 1 && d <= month_days[m - 1] && (m != 2 || d <= 28 || leap)) {
			*out = days_from_civil(y, m, d) * 86400;
			return 0;
		}
	}
	return clout_error_set(err, CLOUT_EINVAL, "%s: '%s' is not a date (YYYY-MM-DD)", field, text ? text : "");
}

char *clout_campaign_day_format(char *out, size_t size, int64_t day)
{
	time_t t = (time_t)day;
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(out, size, "%Y-%m-%d", &tm))
		snprintf(out, size, "?");
	return out;
}

int campaign__currency(char out[4], const char *text, const char *field, clout_error *err)
{
	char code[4] = "";
	if (text && strlen(text) == 3) {
		for (int i = 0; i < 3; i++)
			code[i] = (char)toupper((unsigned char)text[i]);
		code[3] = '\0';
		if (clout_convert_currency_exponent(code) >= 0) {
			memcpy(out, code, 4);
			return 0;
		}
	}
	return clout_error_set(err, CLOUT_EINVAL, "%s: '%s' is not an ISO 4217 currency code", field, text ? text : "");
}

int campaign__amount(int64_t *out, const char *text, const char *currency, const char *field, clout_error *err)
{
	*out = 0;
	if (!text || !*text)
		return 0;
	if (text[0] == '-')
		return clout_error_set(err, CLOUT_EINVAL, "%s: %s is negative", field, text);
	if (clout_convert_money_parse(out, text, currency, NULL) < 0)
		return clout_error_set(err, CLOUT_EINVAL, "%s: '%s' is not an amount of %s (a decimal such as 1000 or 99.50)",
			field, text, currency);
	return 0;
}

int campaign__person(int64_t *out, clout_store *store, int64_t workspace, const char *key, clout_error *err)
{
	int rc = clout__store_person_id(store, workspace, key ? key : "", out, err);
	if (rc == 0)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no person '%s' (add them with clout crm add)", key ? key : "");
	return rc < 0 ? rc : 0;
}

int campaign__join(char **out, const char *const *items, size_t n, bool hashtags, const char *field,
	clout_error *err)
{
	size_t len = 0;
	char *s, *p;
	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *item = hashtags && items[i][0] == '#' ? items[i] + 1 : items[i];
		if (!*item || strchr(item, '\n') || (hashtags && strpbrk(item, " \t#")))
			return clout_error_set(err, CLOUT_EINVAL, "%s: '%s' is not a usable %s", field, items[i],
				hashtags ? "hashtag" : "item");
		len += strlen(item) + 1;
	}
	if (!n)
		return 0;
	if (!(s = malloc(len)))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	p = s;
	for (size_t i = 0; i < n; i++) {
		const char *item = hashtags && items[i][0] == '#' ? items[i] + 1 : items[i];
		size_t l = strlen(item);
		memcpy(p, item, l);
		p += l;
		*p++ = i + 1 < n ? '\n' : '\0';
	}
	*out = s;
	return 0;
}

void clout_campaign_release(clout_campaign *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->goal);
	free(c->status);
	free(c->audience);
	free(c->languages);
	free(c->plan_forecast);
	for (size_t i = 0; i < c->kpi_count; i++)
		free(c->kpis[i].target);
	memset(c, 0, sizeof(*c));
}

/* Checks a KPI target's text for metric: a decimal (roi may be negative), an amount for money. */
static int kpi_target_check(const char *metric, const char *target, const char *currency, const char *spec,
	clout_error *err)
{
	const char *p = target;
	bool digits = false, dot = false;
	if (in_list(money_metrics, metric)) {
		int64_t minor;
		if (campaign__amount(&minor, target, currency, "kpi", NULL) == 0 && *target)
			return 0;
		return clout_error_set(err, CLOUT_EINVAL, "kpi: '%s': %s is an amount of %s (a non-negative decimal)", spec,
			metric, currency);
	}
	if (*p == '-' && (!strcmp(metric, "roi") || !strcmp(metric, "sentiment")))
		p++;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits = true;
		else if (*p == '.' && !dot)
			dot = true;
		else
			break;
	}
	if (!digits || *p || strlen(target) > 24)
		return clout_error_set(err, CLOUT_EINVAL, "kpi: '%s': the target is not a %sdecimal number", spec,
			strcmp(metric, "roi") && strcmp(metric, "sentiment") ? "non-negative " : "");
	return 0;
}

/* Sets (or replaces) the KPI of spec "metric=target[@YYYY-MM-DD]" on c. */
static int kpi_put(clout_campaign *c, const char *spec, clout_error *err)
{
	const char *eq = strchr(spec, '='), *at;
	char metric[24], target[32];
	int64_t deadline = c->end_day;
	size_t mlen, tlen;
	clout_campaign_kpi *k = NULL;
	int rc;
	if (!eq || (mlen = (size_t)(eq - spec)) == 0 || mlen >= sizeof(metric))
		return clout_error_set(err, CLOUT_EINVAL, "kpi: '%s' is not METRIC=TARGET[@YYYY-MM-DD]", spec);
	memcpy(metric, spec, mlen);
	metric[mlen] = '\0';
	if (!in_list(metrics, metric))
		return clout_error_set(err, CLOUT_EINVAL, "kpi: '%s' is not a metric (reach, impressions, engagements, "
			"engagement_rate, clicks, ctr, conversions, conversion_rate, revenue, roi, cpe, cpm, cpc, cpa, mentions, "
			"sentiment, share_of_voice)", metric);
	at = strchr(eq + 1, '@');
	tlen = at ? (size_t)(at - eq - 1) : strlen(eq + 1);
	if (tlen == 0 || tlen >= sizeof(target))
		return clout_error_set(err, CLOUT_EINVAL, "kpi: '%s' has no usable target", spec);
	memcpy(target, eq + 1, tlen);
	target[tlen] = '\0';
	if ((rc = kpi_target_check(metric, target, c->currency, spec, err)) < 0)
		return rc;
	if (at && (rc = clout_campaign_day_parse(&deadline, at + 1, "kpi deadline", err)) < 0)
		return rc;
	for (size_t i = 0; i < c->kpi_count; i++)
		if (!strcmp(c->kpis[i].metric, metric))
			k = &c->kpis[i];
	if (!k) {
		if (c->kpi_count == CLOUT_CAMPAIGN_KPI_MAX)
			return clout_error_set(err, CLOUT_EINVAL, "kpi: more than %d targets", CLOUT_CAMPAIGN_KPI_MAX);
		k = &c->kpis[c->kpi_count++];
		memset(k, 0, sizeof(*k));
		snprintf(k->metric, sizeof(k->metric), "%s", metric);
	}
	free(k->target);
	if (!(k->target = strdup(target)))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	k->deadline = deadline;
	return 0;
}

static int set_text(char **field, const char *value, clout_error *err)
{
	char *copy = NULL;
	if (!value)
		return 0;
	if (*value && !(copy = strdup(value)))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	free(*field);
	*field = copy;
	return 0;
}

/* The campaign's languages: comma-separated codes of 2 or 3 letters (any case, spaces allowed),
 * kept lower case and comma-joined ("en,fr"); "" clears them. */
static int set_languages(char **field, const char *value, clout_error *err)
{
	char out[128];
	size_t used = 0;
	if (!value)
		return 0;
	for (const char *p = value; *p;) {
		size_t n;
		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, ", ");
		if (!n)
			break;
		if (n < 2 || n > 3 || used + n + 2 > sizeof(out))
			goto bad;
		for (size_t i = 0; i < n; i++)
			if (!isalpha((unsigned char)p[i]))
				goto bad;
		if (used)
			out[used++] = ',';
		for (size_t i = 0; i < n; i++)
			out[used++] = (char)tolower((unsigned char)p[i]);
		p += n;
	}
	out[used] = '\0';
	return set_text(field, out, err);
bad:
	return clout_error_set(err, CLOUT_EINVAL, "languages: '%s' is not a list of language codes (such as en,fr)", value);
}

typedef struct lang_probe {
	const char *wanted;  /* "en,fr" */
	bool any, match;
	char seen[64];       /* "de, it" */
} lang_probe;

static int probe_lang(void *ctx, const char *lang)
{
	lang_probe *p = ctx;
	size_t n = lang ? strlen(lang) : 0, used = strlen(p->seen);
	if (!n)
		return 0;
	p->any = true;
	for (const char *w = p->wanted; *w;) {
		size_t m = strcspn(w, ",");
		if (m == n && !strncmp(w, lang, n))
			p->match = true;
		w += m + (w[m] == ',');
	}
	if (used + n + 3 < sizeof(p->seen))
		snprintf(p->seen + used, sizeof(p->seen) - used, "%s%s", used ? ", " : "", lang);
	return 0;
}

int campaign__language_check(clout_store *store, const clout_campaign *c, int64_t person, const char *who,
	clout_error *err)
{
	lang_probe p = { c->languages, false, false, "" };
	char wanted[192];
	size_t used = 0;
	int rc;
	if (!c->languages || !*c->languages)
		return 0;
	if ((rc = clout__store_person_langs(store, person, probe_lang, &p, err)) < 0)
		return rc;
	if (!p.any || p.match)
		return 0;
	wanted[0] = '\0';
	for (const char *w = c->languages; *w && used + 8 < sizeof(wanted);) {
		size_t m = strcspn(w, ",");
		used += (size_t)snprintf(wanted + used, sizeof(wanted) - used, "%s%.*s", used ? ", " : "", (int)m, w);
		w += m + (w[m] == ',');
	}
	return clout_error_set(err, CLOUT_EINVAL, "roster: %s posts in %s, not in the campaign's languages (%s)", who, p.seen,
		wanted);
}

static int check_name(const char *name, clout_error *err)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > CLOUT_CAMPAIGN_NAME_MAX)
		return clout_error_set(err, CLOUT_EINVAL, "name: a campaign name has 1 to %d characters", CLOUT_CAMPAIGN_NAME_MAX);
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("-_.", name[i]))
			return clout_error_set(err, CLOUT_EINVAL, "name: '%s' may hold only letters, digits, '-', '_' and '.'", name);
	return 0;
}

/* Applies the non-NULL fields of in to c and checks the result. */
static int apply_input(clout_campaign *c, const clout_campaign_input *in, clout_error *err)
{
	int rc;
	if (in->goal && !in_list(goals, in->goal))
		return clout_error_set(err, CLOUT_EINVAL, "goal: '%s' is not awareness, engagement, traffic, leads or sales",
			in->goal);
	if (in->status && !in_list(statuses, in->status))
		return clout_error_set(err, CLOUT_EINVAL, "status: '%s' is not draft, active, paused, done or cancelled",
			in->status);
	if ((in->goal && (rc = set_text(&c->goal, in->goal, err)) < 0) ||
	    (in->status && (rc = set_text(&c->status, in->status, err)) < 0) ||
	    (rc = set_text(&c->audience, in->audience, err)) < 0 || (rc = set_languages(&c->languages, in->languages, err)) < 0)
		return rc;
	if (in->currency && (rc = campaign__currency(c->currency, in->currency, "currency", err)) < 0)
		return rc;
	if ((in->start && (rc = clout_campaign_day_parse(&c->start_day, in->start, "start", err)) < 0) ||
	    (in->end && (rc = clout_campaign_day_parse(&c->end_day, in->end, "end", err)) < 0))
		return rc;
	if (c->end_day < c->start_day)
		return clout_error_set(err, CLOUT_EINVAL, "end: the campaign ends before it starts");
	if (in->budget && (rc = campaign__amount(&c->budget_minor, in->budget, c->currency, "budget", err)) < 0)
		return rc;
	if (in->lifetime_value && (rc = campaign__amount(&c->lifetime_value_minor, in->lifetime_value, c->currency,
		"lifetime_value", err)) < 0)
		return rc;
	for (size_t i = 0; i < in->kpi_count; i++)
		if ((rc = kpi_put(c, in->kpis[i], err)) < 0)
			return rc;
	return 0;
}

/* Writes c (insert when c->id is 0) in one transaction. */
static int campaign_write(clout_store *store, int64_t workspace, clout_campaign *c, clout_error *err)
{
	int rc;
	if ((rc = clout_store_begin(store, err)) < 0)
		return rc;
	rc = c->id ? clout__store_campaign_update(store, c, err) : clout__store_campaign_insert(store, workspace, c, &c->id, err);
	if (rc < 0) {
		clout_store_rollback(store);
		return rc;
	}
	return clout_store_commit(store, err);
}

int clout_campaign_create(clout_campaign *out, clout_session *s, const clout_campaign_input *in)
{
	campaign_op op;
	clout_error *err;
	clout_campaign c;
	int rc;
	memset(&c, 0, sizeof(c));
	c.lifetime_value_minor = -1;
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	err = op.err;
	if (!in || in->version != CLOUT_CAMPAIGN_INPUT_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "campaign input of an unknown version");
	if ((rc = check_name(in->name, err)) < 0)
		return rc;
	if (!in->goal || !in->start || !in->end || !in->budget || !in->currency) {
		const char *missing = !in->goal ? "goal" : !in->start ? "start" : !in->end ? "end" : !in->budget ? "budget" : "currency";
		return clout_error_set(err, CLOUT_EINVAL, "%s: a campaign needs one", missing);
	}
	/* the currency first: the budget, lifetime value and money KPIs are amounts of it */
	if ((rc = campaign__currency(c.currency, in->currency, "currency", err)) < 0)
		return rc;
	if (!(c.name = strdup(in->name)) || !(c.status = strdup("draft"))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	c.created_at = campaign__now();
	/* the end day first, so that KPI deadlines default to it */
	if ((rc = clout_campaign_day_parse(&c.end_day, in->end, "end", err)) < 0 || (rc = apply_input(&c, in, err)) < 0 ||
	    (rc = campaign_write(op.store, op.ws, &c, err)) < 0)
		goto done;
	if (out) {
		clout_campaign_release(&c);
		return clout_campaign_get(out, s, in->name);
	}
done:
	clout_campaign_release(&c);
	return rc;
}

int clout_campaign_update(clout_campaign *out, clout_session *s, const char *name, const clout_campaign_input *in)
{
	campaign_op op;
	clout_error *err;
	clout_campaign c;
	int rc;
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	err = op.err;
	if (!in || in->version != CLOUT_CAMPAIGN_INPUT_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "campaign input of an unknown version");
	if ((rc = clout__store_campaign_get(op.store, op.ws, name ? name : "", &c, err)) < 0)
		return rc;
	/* a new currency with money already stated in the old one would change their meaning */
	if (in->currency && strcasecmp(in->currency, c.currency) && !in->budget) {
		rc = clout_error_set(err, CLOUT_EINVAL, "currency: changing it needs the budget in the new currency too");
		goto done;
	}
	if ((rc = apply_input(&c, in, err)) < 0 || (rc = campaign_write(op.store, op.ws, &c, err)) < 0)
		goto done;
	if (out) {
		clout_campaign_release(&c);
		return clout_campaign_get(out, s, name);
	}
done:
	clout_campaign_release(&c);
	return rc;
}

int clout_campaign_get(clout_campaign *out, clout_session *s, const char *name)
{
	campaign_op op;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	return clout__store_campaign_get(op.store, op.ws, name ? name : "", out, op.err);
}

typedef struct name_list {
	char **names;
	size_t count, cap;
} name_list;

static int collect_name(void *ctx, const char *name)
{
	name_list *l = ctx;
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		char **p = realloc(l->names, cap * sizeof(*p));
		if (!p)
			return -1;
		l->names = p;
		l->cap = cap;
	}
	if (!(l->names[l->count] = strdup(name ? name : "")))
		return -1;
	l->count++;
	return 0;
}

int clout_campaign_list(clout_campaign **out, size_t *count, clout_session *s)
{
	name_list l = { 0 };
	clout_campaign *arr = NULL;
	campaign_op op;
	clout_error *err;
	size_t n = 0;
	int rc;
	*out = NULL;
	*count = 0;
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	err = op.err;
	if ((rc = clout__store_campaign_names(op.store, op.ws, collect_name, &l, err)) < 0)
		goto done;
	if (l.count && !(arr = calloc(l.count, sizeof(*arr)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (; n < l.count; n++)
		if ((rc = clout__store_campaign_get(op.store, op.ws, l.names[n], &arr[n], err)) < 0)
			goto done;
	*out = arr;
	*count = n;
	arr = NULL;
done:
	if (arr) {
		for (size_t i = 0; i < n; i++)
			clout_campaign_release(&arr[i]);
		free(arr);
	}
	for (size_t i = 0; i < l.count; i++)
		free(l.names[i]);
	free(l.names);
	return rc;
}

char *clout_campaign_json(const clout_campaign *c)
{
	char start[16], end[16], budget[40], ltv[40], day[16];
	json_t *kpis = json_array(), *forecast = NULL, *doc;
	char *text = NULL;
	for (size_t i = 0; kpis && i < c->kpi_count; i++)
		json_array_append_new(kpis, json_pack("{s:s,s:s,s:s}", "metric", c->kpis[i].metric, "target",
			c->kpis[i].target, "deadline", clout_campaign_day_format(day, sizeof(day), c->kpis[i].deadline)));
	if (c->plan_forecast)
		forecast = json_loads(c->plan_forecast, 0, NULL);
	if (c->lifetime_value_minor >= 0)
		clout_convert_money_format(ltv, sizeof(ltv), c->lifetime_value_minor, c->currency);
	doc = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:o,s:o,s:I}", "name", c->name, "goal", c->goal,
		"status", c->status, "start", clout_campaign_day_format(start, sizeof(start), c->start_day), "end",
		clout_campaign_day_format(end, sizeof(end), c->end_day), "budget",
		clout_convert_money_format(budget, sizeof(budget), c->budget_minor, c->currency), "currency", c->currency,
		"audience", c->audience, "lifetime_value", c->lifetime_value_minor >= 0 ? ltv : NULL, "languages", c->languages,
		"kpis", kpis ? kpis : json_null(), "plan_forecast", forecast ? forecast : json_null(), "created_at",
		(json_int_t)c->created_at);
	clout_json_finish(&text, doc, doc == NULL, 0, NULL);
	return text;
}
