/*
 * report.c: building campaign and person reports (see clout/report.h) from the campaign, its
 * roster and contracts, the link report of its tracking links, the crm's gifts and the posts of
 * delivered content; shared reports merge withheld people into one anonymous row.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clout/campaign.h"
#include "clout/crm.h"
#include "clout/report.h"
#include "lib/store/campaign.h"
#include "util/buf.h"
#include "util/banned.h"

void clout_report_release(clout_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++) {
		free(r->rows[i].key);
		free(r->rows[i].handles);
	}
	free(r->rows);
	for (size_t i = 0; i < r->kpi_count; i++)
		free(r->kpis[i].target);
	free(r->kpis);
	free(r->subject);
	free(r->forecast);
	free(r->days);
	memset(r, 0, sizeof(*r));
}

/* A roster member's row while the report is built. */
typedef struct member {
	int64_t person_id;
	char *person;
	clout_buf handles;  /* "@a, @b" */
	char **handle_list; /* lower case, without @ */
	size_t nhandles;
	bool withheld;
	double planned_gain, planned_cost;
	int32_t commission_bp;
	clout_report_figures f;
} member;

typedef struct builder {
	clout_session *session;
	clout_store *store;
	int64_t workspace;
	int64_t campaign_id; /* the campaign being loaded: its gifts only */
	const char *currency;
	member *members;
	size_t count;
	member unassigned; /* influencers of the links who are not on the roster */
	clout_error *err;
} builder;

static void members_free(builder *b)
{
	for (size_t i = 0; i < b->count; i++) {
		free(b->members[i].person);
		clout_buf_release(&b->members[i].handles);
		for (size_t j = 0; j < b->members[i].nhandles; j++)
			free(b->members[i].handle_list[j]);
		free(b->members[i].handle_list);
	}
	free(b->members);
	b->members = NULL;
	b->count = 0;
}

static int collect_handle(void *ctx, const char *handle)
{
	member *m = ctx;
	char **p;
	if (!handle)
		return 0;
	if (!(p = realloc(m->handle_list, (m->nhandles + 1) * sizeof(*p))))
		return -1;
	m->handle_list = p;
	if (!(p[m->nhandles] = strdup(handle)))
		return -1;
	m->nhandles++;
	return clout_buf_printf(&m->handles, "%s@%s", m->handles.len ? ", " : "", handle) < 0 ? -1 : 0;
}

static int collect_gift(void *ctx, const char *currency, int64_t minor)
{
	builder *b = ctx;
	if (!currency || strcasecmp(currency, b->currency))
		return clout_error_set(b->err, CLOUT_EINVAL, "gifts: a gift in %s for a campaign in %s: no exchange rate is "
			"stated", currency ? currency : "an unknown currency", b->currency);
	b->members[b->count - 1].f.gifts_minor += minor; /* the member being loaded is the last one */
	return 0;
}

/* Whether the crm's rule withholds person from the report's audience. */
static int person_withheld(bool *out, clout_session *s, const char *person, bool share)
{
	clout_crm_person p = { 0 };
	int rc;
	if ((rc = clout_crm_get(&p, s, person)) < 0)
		return rc;
	*out = clout_crm_withheld(&p, share ? CLOUT_CRM_AUDIENCE_SHARE : CLOUT_CRM_AUDIENCE_WORKSPACE);
	clout_crm_person_release(&p);
	return 0;
}

/* Loads one member: handles, whether withheld, gifts. */
static int member_load(builder *b, int64_t person_id, const char *person, double gain, double cost, bool share)
{
	member *m, *p = realloc(b->members, (b->count + 1) * sizeof(*p));
	int rc;
	if (!p)
		return clout_error_set(b->err, CLOUT_ENOMEM, "out of memory");
	b->members = p;
	m = &b->members[b->count++];
	memset(m, 0, sizeof(*m));
	clout_buf_init(&m->handles, 1 << 16);
	clout_report_figures_init(&m->f);
	m->person_id = person_id;
	m->planned_gain = gain;
	m->planned_cost = cost;
	if (!(m->person = strdup(person)))
		return clout_error_set(b->err, CLOUT_ENOMEM, "out of memory");
	if ((rc = clout__store_person_handles(b->store, person_id, collect_handle, m, b->err)) < 0)
		return rc;
	if ((rc = person_withheld(&m->withheld, b->session, person, share)) < 0)
		return rc;
	return clout__store_person_gifts(b->store, person_id, b->campaign_id, collect_gift, b, b->err);
}

static member *member_by_handle(builder *b, const char *handle)
{
	for (size_t i = 0; handle && i < b->count; i++)
		for (size_t j = 0; j < b->members[i].nhandles; j++)
			if (!strcasecmp(b->members[i].handle_list[j], handle))
				return &b->members[i];
	return NULL;
}

static member *member_by_id(builder *b, int64_t person_id)
{
	for (size_t i = 0; i < b->count; i++)
		if (b->members[i].person_id == person_id)
			return &b->members[i];
	return NULL;
}

/* Adds a contract's fees, commission rate and delivered posts to its member. */
static int contract_add(builder *b, const clout_contract *k, int64_t person_id)
{
	member *m = member_by_id(b, person_id);
	int64_t reach, impressions, engagements;
	int rc;
	if (!m)
		return 0;
	if (strcmp(k->currency, b->currency))
		return clout_error_set(b->err, CLOUT_EINVAL, "contract of '%s': in %s for a campaign in %s", k->person,
			k->currency, b->currency);
	m->f.fees_minor += k->flat_fee_minor + k->per_deliverable_minor * (int64_t)k->deliverable_count +
		k->product_value_minor;
	m->commission_bp = k->commission_bp;
	if ((rc = clout__store_contract_post_totals(b->store, k->id, &reach, &impressions, &engagements, b->err)) < 0)
		return rc;
	m->f.reach = reach >= 0 ? (m->f.reach < 0 ? 0 : m->f.reach) + reach : m->f.reach;
	m->f.impressions = impressions >= 0 ? (m->f.impressions < 0 ? 0 : m->f.impressions) + impressions : m->f.impressions;
	m->f.engagements = engagements >= 0 ? (m->f.engagements < 0 ? 0 : m->f.engagements) + engagements : m->f.engagements;
	return 0;
}

/* Credits the link report's rows (grouped by influencer) to members. */
static int links_add(builder *b, const char *campaign, const clout_report_options *o)
{
	clout_convert_report_options ro = CLOUT_CONVERT_REPORT_OPTIONS_INIT;
	clout_convert_report r;
	int rc;
	ro.group = CLOUT_GROUP_INFLUENCER;
	ro.model = o->model;
	ro.campaign = campaign;
	if ((rc = clout_convert_report_build(&r, b->session, &ro)) < 0)
		return rc;
	for (size_t i = 0; i < r.count && rc == 0; i++) {
		const clout_convert_report_row *row = &r.rows[i];
		member *m = member_by_handle(b, row->influencer);
		if (!m)
			m = &b->unassigned;
		m->f.clicks += row->clicks;
		m->f.conversions += row->conversions;
		for (size_t k = 0; k < row->revenue_count && rc == 0; k++) {
			if (strcmp(row->revenue[k].currency, b->currency))
				rc = clout_error_set(b->err, CLOUT_EINVAL, "revenue: conversions in %s for a campaign in %s: no "
					"exchange rate is stated", row->revenue[k].currency, b->currency);
			else
				m->f.revenue_minor += row->revenue[k].net_minor;
		}
	}
	clout_convert_report_release(&r);
	return rc;
}

static int row_set(clout_report_row *row, const member *m, const char *key, int64_t lifetime_value)
{
	memset(row, 0, sizeof(*row));
	row->f = m->f;
	row->planned_gain = m->planned_gain;
	row->planned_cost = m->planned_cost;
	clout_report_derive(&row->f, lifetime_value);
	if (key && !(row->key = strdup(key)))
		return CLOUT_ENOMEM;
	if (key && m->handles.len && !(row->handles = strdup(m->handles.ptr)))
		return CLOUT_ENOMEM;
	return 0;
}

/* Turns the members into the report's rows (withheld ones merged) and totals. */
static int rows_make(builder *b, clout_report *r, bool share)
{
	member withheld;
	bool any_withheld = false;
	size_t n = 0;
	memset(&withheld, 0, sizeof(withheld));
	clout_report_figures_init(&withheld.f);
	withheld.planned_gain = withheld.planned_cost = -1;
	clout_report_figures_init(&r->total);
	if (!(r->rows = calloc(b->count + 2, sizeof(*r->rows))))
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < b->count; i++) {
		member *m = &b->members[i];
		m->f.commission_minor = clout_report_commission(m->f.revenue_minor, m->commission_bp);
		clout_report_figures_add(&r->total, &m->f);
		if (m->withheld) {
			clout_report_figures_add(&withheld.f, &m->f);
			any_withheld = true;
			continue;
		}
		if (row_set(&r->rows[n++], m, m->person, r->lifetime_value_minor) < 0)
			return CLOUT_ENOMEM;
	}
	if (b->unassigned.f.clicks || b->unassigned.f.conversions > 0 || b->unassigned.f.revenue_minor) {
		clout_report_figures_add(&r->total, &b->unassigned.f);
		if (share) {
			clout_report_figures_add(&withheld.f, &b->unassigned.f);
			any_withheld = true;
		} else {
			if (row_set(&r->rows[n], &b->unassigned, NULL, r->lifetime_value_minor) < 0)
				return CLOUT_ENOMEM;
			r->rows[n++].unassigned = true;
		}
	}
	if (any_withheld) {
		if (row_set(&r->rows[n], &withheld, NULL, r->lifetime_value_minor) < 0)
			return CLOUT_ENOMEM;
		r->rows[n++].withheld = true;
	}
	r->count = n;
	clout_report_derive(&r->total, r->lifetime_value_minor);
	return 0;
}

static int64_t today(void)
{
	int64_t now = (int64_t)time(NULL);
	return now - now % 86400;
}

static int kpis_make(clout_report *r, const clout_campaign *c, clout_error *err)
{
	int exponent = clout_convert_currency_exponent(c->currency);
	if (!c->kpi_count)
		return 0;
	if (!(r->kpis = calloc(c->kpi_count, sizeof(*r->kpis))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	for (size_t i = 0; i < c->kpi_count; i++) {
		clout_report_kpi *k = &r->kpis[r->kpi_count++];
		memcpy(k->metric, c->kpis[i].metric, sizeof(k->metric));
		if (!(k->target = strdup(c->kpis[i].target)))
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		k->target_value = strtod(k->target, NULL);
		k->deadline = c->kpis[i].deadline;
		k->actual = clout_report_metric(&r->total, k->metric, exponent);
		if (!strcmp(k->metric, "mentions"))
			k->actual = r->listening.known ? (double)r->listening.mentions : NAN;
		else if (!strcmp(k->metric, "sentiment"))
			k->actual = r->listening.net_sentiment;
		else if (!strcmp(k->metric, "share_of_voice"))
			k->actual = r->listening.share_of_voice;
		k->status = clout_report_kpi_judge(k->metric, k->actual, k->target_value, c->start_day, k->deadline, r->as_of_day);
	}
	return 0;
}

/* The lifetime value: the option's, else the campaign's. */
static int lifetime_value(int64_t *out, const clout_campaign *c, const clout_report_options *o, clout_error *err)
{
	*out = c->lifetime_value_minor;
	if (!o->lifetime_value)
		return 0;
	if (o->lifetime_value[0] == '-' || clout_convert_money_parse(out, o->lifetime_value, c->currency, NULL) < 0)
		return clout_error_set(err, CLOUT_EINVAL, "lifetime_value: '%s' is not an amount of %s", o->lifetime_value,
			c->currency);
	return 0;
}

/* Loads the roster and contracts of c, and credits its links (the members are left in b). */
static int campaign_load(builder *b, const clout_campaign *c, const clout_report_options *o, int64_t only_person)
{
	clout_roster_member *roster = NULL;
	clout_contract *contracts = NULL;
	size_t nroster = 0, ncontracts = 0;
	int rc;
	b->campaign_id = c->id;
	if ((rc = clout__store_members(b->store, c->id, &roster, &nroster, b->err)) < 0)
		return rc;
	for (size_t i = 0; i < nroster && rc == 0; i++)
		if (!only_person || roster[i].person_id == only_person)
			rc = member_load(b, roster[i].person_id, roster[i].person, roster[i].planned_gain, roster[i].planned_cost,
				o->share);
	if (rc == 0)
		rc = clout__store_contracts(b->store, b->workspace, c->id, only_person, &contracts, &ncontracts, b->err);
	for (size_t i = 0; i < ncontracts && rc == 0; i++) {
		int64_t person_id = 0;
		if ((rc = clout__store_person_id(b->store, b->workspace, contracts[i].person, &person_id, b->err)) >= 0)
			rc = contract_add(b, &contracts[i], person_id);
	}
	if (rc == 0)
		rc = links_add(b, c->name, o);
	clout_roster_release(roster, nroster);
	free(roster);
	for (size_t i = 0; i < ncontracts; i++)
		clout_contract_release(&contracts[i]);
	free(contracts);
	return rc;
}

int clout_report_campaign(clout_report *out, clout_session *s, const char *name, const clout_report_options *opts)
{
	clout_report_options o = CLOUT_REPORT_OPTIONS_INIT;
	clout_store *store = clout_session_store(s);
	clout_error *err = clout_session_err(s);
	clout_campaign c;
	int64_t workspace;
	builder b;
	int rc;
	memset(out, 0, sizeof(*out));
	clout_error_clear(err);
	if ((rc = clout_session_workspace(s, &workspace)) < 0)
		return rc;
	if (opts) {
		if (opts->version != CLOUT_REPORT_OPTIONS_VERSION)
			return clout_error_set(err, CLOUT_EINVAL, "report options of an unknown version");
		o = *opts;
	}
	if ((rc = clout_campaign_get(&c, s, name)) < 0)
		return rc;
	memset(&b, 0, sizeof(b));
	b.session = s;
	b.store = store;
	b.workspace = workspace;
	b.currency = c.currency;
	b.err = err;
	clout_report_figures_init(&b.unassigned.f);
	b.unassigned.planned_gain = b.unassigned.planned_cost = -1;
	snprintf(out->kind, sizeof(out->kind), "campaign");
	memcpy(out->currency, c.currency, sizeof(out->currency));
	out->budget_minor = c.budget_minor;
	out->start_day = c.start_day;
	out->end_day = c.end_day;
	out->as_of_day = o.as_of_day ? o.as_of_day : today();
	out->shared = o.share;
	out->model = o.model;
	if ((rc = lifetime_value(&out->lifetime_value_minor, &c, &o, err)) < 0)
		goto done;
	if (!(out->subject = strdup(c.name)) || (c.plan_forecast && !(out->forecast = strdup(c.plan_forecast)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = campaign_load(&b, &c, &o, 0)) < 0 ||
	    (rc = clout_report_listening_load(&out->listening, s, c.name, c.start_day, c.end_day)) < 0 ||
	    (rc = clout_report_daily_load(out, s, c.name, o.model)) < 0)
		goto done;
	if (rows_make(&b, out, o.share) < 0) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	rc = kpis_make(out, &c, err);
done:
	members_free(&b);
	clout_campaign_release(&c);
	if (rc < 0)
		clout_report_release(out);
	return rc;
}

/* Adds the person's row for campaign c to out, when they are on its roster. */
static int person_campaign(clout_report *out, clout_session *s, int64_t workspace, const clout_campaign *c,
	int64_t person_id, const clout_report_options *o, clout_error *err)
{
	builder b;
	clout_report_row *rows;
	int rc;
	memset(&b, 0, sizeof(b));
	b.session = s;
	b.store = clout_session_store(s);
	b.workspace = workspace;
	b.currency = c->currency;
	b.err = err;
	clout_report_figures_init(&b.unassigned.f);
	if ((rc = campaign_load(&b, c, o, person_id)) < 0 || b.count == 0)
		goto done;
	if (out->count && strcmp(out->currency, c->currency)) {
		rc = clout_error_set(err, CLOUT_EINVAL, "campaign '%s' is in %s, an earlier one in %s: no exchange rate is stated",
			c->name, c->currency, out->currency);
		goto done;
	}
	memcpy(out->currency, c->currency, sizeof(out->currency));
	if (!(rows = realloc(out->rows, (out->count + 1) * sizeof(*rows)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	out->rows = rows;
	b.members[0].f.commission_minor = clout_report_commission(b.members[0].f.revenue_minor, b.members[0].commission_bp);
	clout_report_figures_add(&out->total, &b.members[0].f);
	if (row_set(&out->rows[out->count], &b.members[0], c->name, c->lifetime_value_minor) < 0)
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	out->count++;
	free(out->rows[out->count - 1].handles); /* the subject's handles are not repeated per row */
	out->rows[out->count - 1].handles = NULL;
done:
	members_free(&b);
	return rc;
}

int clout_report_person(clout_report *out, clout_session *s, const char *person, const clout_report_options *opts)
{
	clout_report_options o = CLOUT_REPORT_OPTIONS_INIT;
	clout_store *store = clout_session_store(s);
	clout_error *err = clout_session_err(s);
	clout_campaign *campaigns = NULL;
	size_t n = 0;
	int64_t person_id = 0, workspace;
	bool withheld;
	int rc;
	memset(out, 0, sizeof(*out));
	clout_error_clear(err);
	if ((rc = clout_session_workspace(s, &workspace)) < 0)
		return rc;
	if (opts) {
		if (opts->version != CLOUT_REPORT_OPTIONS_VERSION)
			return clout_error_set(err, CLOUT_EINVAL, "report options of an unknown version");
		o = *opts;
	}
	if ((rc = clout__store_person_id(store, workspace, person ? person : "", &person_id, err)) < 0)
		return rc;
	if (rc == 0)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no person '%s'", person ? person : "");
	if ((rc = person_withheld(&withheld, s, person, o.share)) < 0)
		return rc;
	if (withheld)
		return clout_error_set(err, CLOUT_EDENIED, "person: their consent or sharing right withholds them from %s",
			o.share ? "shared reports" : "the workspace's reports");
	snprintf(out->kind, sizeof(out->kind), "person");
	out->budget_minor = -1;
	out->lifetime_value_minor = -1;
	out->listening.net_sentiment = out->listening.share_of_voice = NAN;
	out->as_of_day = o.as_of_day ? o.as_of_day : today();
	out->shared = o.share;
	out->model = o.model;
	clout_report_figures_init(&out->total);
	if (!(out->subject = strdup(person))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = clout_campaign_list(&campaigns, &n, s)) < 0)
		goto done;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = person_campaign(out, s, workspace, &campaigns[i], person_id, &o, err);
	if (rc == 0)
		clout_report_derive(&out->total, -1);
done:
	for (size_t i = 0; i < n; i++)
		clout_campaign_release(&campaigns[i]);
	free(campaigns);
	if (rc < 0)
		clout_report_release(out);
	return rc;
}
