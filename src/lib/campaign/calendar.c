/*
 * calendar.c: the content calendar (see clout/campaign.h): campaign starts and ends, KPI deadlines
 * and deliverables' due days, as a sorted list, as JSON, and as an iCalendar file (RFC 5545).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "clout/crm.h"
#include "lib/campaign/internal.h"
#include "util/buf.h"
#include "util/json_out.h"
#include "util/banned.h"

static const char *const kind_names[] = { "campaign-start", "campaign-end", "kpi-deadline", "deliverable-due" };

const char *clout_calendar_kind_name(clout_calendar_kind kind)
{
	return (unsigned)kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[kind] : "unknown";
}

void clout_calendar_release(clout_calendar *cal)
{
	if (!cal)
		return;
	for (size_t i = 0; i < cal->count; i++) {
		free(cal->events[i].campaign);
		free(cal->events[i].summary);
		free(cal->events[i].uid);
	}
	free(cal->events);
	memset(cal, 0, sizeof(*cal));
}

typedef struct cal_builder {
	clout_calendar *cal;
	size_t cap;
	int64_t from, to;
} cal_builder;

/* Appends an event when its day is in range; summary and uid are printf'd by the caller. */
static int add_event(cal_builder *b, clout_calendar_kind kind, int64_t day, const char *campaign, const char *summary,
	const char *uid, clout_error *err)
{
	clout_calendar_event *e;
	if ((b->from && day < b->from) || (b->to && day > b->to))
		return 0;
	if (b->cal->count == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		clout_calendar_event *p = realloc(b->cal->events, cap * sizeof(*p));
		if (!p)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		b->cal->events = p;
		b->cap = cap;
	}
	e = &b->cal->events[b->cal->count];
	e->kind = kind;
	e->day = day;
	e->campaign = strdup(campaign);
	e->summary = strdup(summary);
	e->uid = strdup(uid);
	b->cal->count++;
	if (!e->campaign || !e->summary || !e->uid)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	return 0;
}

static int campaign_events(cal_builder *b, const clout_campaign *c, clout_error *err)
{
	char summary[512], uid[128];
	int rc;
	snprintf(summary, sizeof(summary), "%s starts (%s)", c->name, c->goal);
	snprintf(uid, sizeof(uid), "campaign-%lld-start@clout", (long long)c->id);
	if ((rc = add_event(b, CLOUT_CALENDAR_CAMPAIGN_START, c->start_day, c->name, summary, uid, err)) < 0)
		return rc;
	snprintf(summary, sizeof(summary), "%s ends", c->name);
	snprintf(uid, sizeof(uid), "campaign-%lld-end@clout", (long long)c->id);
	if ((rc = add_event(b, CLOUT_CALENDAR_CAMPAIGN_END, c->end_day, c->name, summary, uid, err)) < 0)
		return rc;
	for (size_t i = 0; i < c->kpi_count; i++) {
		snprintf(summary, sizeof(summary), "%s: KPI %s %s due", c->name, c->kpis[i].metric, c->kpis[i].target);
		snprintf(uid, sizeof(uid), "campaign-%lld-kpi-%s@clout", (long long)c->id, c->kpis[i].metric);
		if ((rc = add_event(b, CLOUT_CALENDAR_KPI_DEADLINE, c->kpis[i].deadline, c->name, summary, uid, err)) < 0)
			return rc;
	}
	return 0;
}

static int compare_events(const void *a, const void *b)
{
	const clout_calendar_event *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->uid, y->uid);
}

/* The name to show for person: "withheld" when the crm's rule withholds them from the workspace's
 * exports (opted out, or sharing none). */
static int shown_name(const char **out, clout_session *s, const char *person)
{
	clout_crm_person p = { 0 };
	int rc;
	if ((rc = clout_crm_get(&p, s, person)) < 0)
		return rc;
	*out = clout_crm_withheld(&p, CLOUT_CRM_AUDIENCE_WORKSPACE) ? "withheld" : person;
	clout_crm_person_release(&p);
	return 0;
}

int clout_calendar_build(clout_calendar *out, clout_session *s, const char *campaign, int64_t from_day, int64_t to_day)
{
	cal_builder b = { out, 0, from_day, to_day };
	clout_error *err = clout_session_err(s);
	clout_campaign *campaigns = NULL;
	clout_contract *contracts = NULL;
	size_t ncampaigns = 0, ncontracts = 0;
	int rc;
	memset(out, 0, sizeof(*out));
	if (campaign) {
		if (!(campaigns = calloc(1, sizeof(*campaigns))))
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		if ((rc = clout_campaign_get(campaigns, s, campaign)) < 0)
			goto done;
		ncampaigns = 1;
	} else if ((rc = clout_campaign_list(&campaigns, &ncampaigns, s)) < 0) {
		goto done;
	}
	for (size_t i = 0; i < ncampaigns; i++)
		if ((rc = campaign_events(&b, &campaigns[i], err)) < 0)
			goto done;
	if ((rc = clout_contract_list(&contracts, &ncontracts, s, campaign, NULL)) < 0)
		goto done;
	for (size_t i = 0; i < ncontracts; i++) {
		const clout_contract *k = &contracts[i];
		const char *who = NULL;
		if (k->deliverable_count && (rc = shown_name(&who, s, k->person)) < 0)
			goto done;
		for (size_t j = 0; j < k->deliverable_count; j++) {
			const clout_deliverable *d = &k->deliverables[j];
			char summary[512], uid[64];
			snprintf(summary, sizeof(summary), "%s: %s on %s by %s (%s)", k->campaign, d->format, d->platform, who,
				d->status);
			snprintf(uid, sizeof(uid), "deliverable-%lld@clout", (long long)d->id);
			if ((rc = add_event(&b, CLOUT_CALENDAR_DELIVERABLE_DUE, d->due_day, k->campaign, summary, uid, err)) < 0)
				goto done;
		}
	}
	if (out->count)
		qsort(out->events, out->count, sizeof(*out->events), compare_events);
done:
	for (size_t i = 0; i < ncampaigns; i++)
		clout_campaign_release(&campaigns[i]);
	free(campaigns);
	for (size_t i = 0; i < ncontracts; i++)
		clout_contract_release(&contracts[i]);
	free(contracts);
	if (rc < 0)
		clout_calendar_release(out);
	return rc;
}

char *clout_calendar_json(const clout_calendar *cal)
{
	json_t *events = json_array(), *doc;
	char *text = NULL;
	for (size_t i = 0; events && i < cal->count; i++) {
		const clout_calendar_event *e = &cal->events[i];
		char day[16];
		json_array_append_new(events, json_pack("{s:s,s:s,s:s,s:s,s:s}", "kind", clout_calendar_kind_name(e->kind), "date",
			clout_campaign_day_format(day, sizeof(day), e->day), "campaign", e->campaign, "summary", e->summary, "uid",
			e->uid));
	}
	doc = events ? json_pack("{s:o}", "events", events) : NULL;
	clout_json_finish(&text, doc, doc == NULL, 0, NULL);
	return text;
}

/* Appends one content line, folded: no physical line longer than 75 octets (CRLF excluded), each
 * continuation starting with a space, and no fold inside a UTF-8 sequence. */
static int ics_line(clout_buf *out, const char *line)
{
	size_t len = strlen(line), pos = 0, room = 75;
	int rc = 0;
	while (rc >= 0 && len - pos > room) {
		size_t cut = pos + room;
		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		rc = clout_buf_put(out, line + pos, cut - pos);
		if (rc >= 0)
			rc = clout_buf_puts(out, "\r\n ");
		pos = cut;
		room = 74; /* the leading space takes one octet */
	}
	if (rc >= 0)
		rc = clout_buf_put(out, line + pos, len - pos);
	if (rc >= 0)
		rc = clout_buf_puts(out, "\r\n");
	return rc;
}

/* NAME:VALUE with VALUE escaped as TEXT (RFC 5545 3.3.11). */
static int ics_text(clout_buf *out, const char *name, const char *value)
{
	clout_buf line;
	int rc;
	clout_buf_init(&line, 1 << 20);
	rc = clout_buf_printf(&line, "%s:", name);
	for (const char *p = value; rc >= 0 && *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			rc = clout_buf_putc(&line, '\\') < 0 ? -1 : clout_buf_putc(&line, *p);
		else if (*p == '\n')
			rc = clout_buf_puts(&line, "\\n");
		else if (*p != '\r')
			rc = clout_buf_putc(&line, *p);
	}
	if (rc >= 0)
		rc = ics_line(out, line.ptr);
	clout_buf_release(&line);
	return rc;
}

static void ics_date(char *out, size_t size, int64_t day, bool with_time)
{
	time_t t = (time_t)day;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, size, with_time ? "%Y%m%dT%H%M%SZ" : "%Y%m%d", &tm);
}

int clout_calendar_ics(char **out, size_t *len, const clout_calendar *cal, int64_t dtstamp_s, clout_error *err)
{
	clout_buf b;
	char stamp[32], start[16], end[16], line[96];
	int rc;
	*out = NULL;
	*len = 0;
	clout_buf_init(&b, (size_t)1 << 30);
	ics_date(stamp, sizeof(stamp), dtstamp_s, true);
	rc = ics_line(&b, "BEGIN:VCALENDAR");
	if (rc >= 0)
		rc = ics_line(&b, "VERSION:2.0");
	if (rc >= 0)
		rc = ics_line(&b, "PRODID:-//clout//campaign calendar//EN");
	if (rc >= 0)
		rc = ics_line(&b, "CALSCALE:GREGORIAN");
	for (size_t i = 0; rc >= 0 && i < cal->count; i++) {
		const clout_calendar_event *e = &cal->events[i];
		ics_date(start, sizeof(start), e->day, false);
		ics_date(end, sizeof(end), e->day + 86400, false);
		rc = ics_line(&b, "BEGIN:VEVENT");
		if (rc >= 0)
			rc = ics_text(&b, "UID", e->uid);
		if (rc >= 0) {
			snprintf(line, sizeof(line), "DTSTAMP:%s", stamp);
			rc = ics_line(&b, line);
		}
		if (rc >= 0) {
			snprintf(line, sizeof(line), "DTSTART;VALUE=DATE:%s", start);
			rc = ics_line(&b, line);
		}
		if (rc >= 0) {
			snprintf(line, sizeof(line), "DTEND;VALUE=DATE:%s", end);
			rc = ics_line(&b, line);
		}
		if (rc >= 0)
			rc = ics_text(&b, "SUMMARY", e->summary);
		if (rc >= 0)
			rc = ics_text(&b, "CATEGORIES", clout_calendar_kind_name(e->kind));
		if (rc >= 0)
			rc = ics_line(&b, "TRANSP:TRANSPARENT");
		if (rc >= 0)
			rc = ics_line(&b, "END:VEVENT");
	}
	if (rc >= 0)
		rc = ics_line(&b, "END:VCALENDAR");
	if (rc < 0) {
		clout_buf_release(&b);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	*out = clout_buf_detach(&b, len);
	clout_buf_release(&b);
	return *out ? 0 : clout_error_set(err, CLOUT_ENOMEM, "out of memory");
}
