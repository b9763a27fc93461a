/*
 * clout/report.h: campaign and person reports: what a campaign brought in against what it cost,
 * each figure beside its KPI target and the plan's forecast.
 *
 * Figures, per roster member and in total:
 * - reach (followers of the accounts that published deliverables), impressions (their posts'
 *   views), engagements (likes, comments, shares, quotes, saves of those posts): unknown (-1) until a
 *   deliverable's post is in the store;
 * - clicks (human clicks on the campaign's tracking links), conversions and revenue (net of refunds)
 *   credited to them under an attribution model (clout/convert.h);
 * - cost = fees (flat fee + fee per deliverable x deliverables + product value, from contracts)
 *   + gifts and samples given for the campaign (the crm log's entries tied to it) + commission (basis points of the member's
 *   attributed revenue, rounded half up to a minor unit);
 * - engagement rate = engagements / reach, CTR = clicks / impressions, conversion rate =
 *   conversions / clicks, ROI = (revenue - cost) / cost, extended ROI = (conversions x customer
 *   lifetime value - cost) / cost (only with a stated lifetime value), CPE, CPM (per thousand
 *   impressions), CPC, CPA = cost / engagements, impressions / 1000, clicks, conversions.
 * - mentions, sentiment and share of voice of the campaign (clout_report_listening), when
 *   listening has a rule named like the campaign.
 * Money is integer minor units of the campaign's currency; an amount in another currency (revenue,
 * a gift) is an error, since no exchange rate is assumed. A ratio whose denominator is 0 or unknown
 * is unknown (NAN, or -1 for money).
 *
 * A KPI is judged on the report's day (as_of): before its deadline it is on-track (a cumulative
 * metric at least at the pace of a straight line from the start day to the target at the deadline;
 * a ratio at or better than the target) or at-risk; from the deadline on it is met or missed.
 *
 * The operations that read the store take the session (clout/session.h) and act in its workspace;
 * they clear its error on entry and leave their message there when they fail.
 *
 * Who is shown is decided by the crm's one rule (clout_crm_withheld): in the workspace's own report
 * a person who opted out or whose sharing right is none is withheld; in a shared report (share, the
 * version for people outside the workspace) so is everyone whose right is not public, and every
 * influencer of the links who is not a person of the workspace. The withheld are merged into one
 * "withheld" row with no name, handle or id; the totals count them.
 */
#ifndef CLOUT_REPORT_H
#define CLOUT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/convert.h"
#include "clout/session.h"
#include "clout/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clout_report_figures {
	int64_t reach, impressions, engagements; /* -1 unknown */
	int64_t clicks;
	double conversions;
	int64_t revenue_minor;
	int64_t fees_minor, gifts_minor, commission_minor, cost_minor;
	/* derived by clout_report_derive */
	double engagement_rate, ctr, conversion_rate, roi, roi_extended; /* NAN unknown */
	int64_t extended_revenue_minor;                          /* -1 unknown */
	int64_t cpe_minor, cpm_minor, cpc_minor, cpa_minor;      /* -1 unknown */
} clout_report_figures;

/* Zeroes f with the unknowns set. */
void clout_report_figures_init(clout_report_figures *f);

/* Adds the counted figures of b to a (unknown + known = known). */
void clout_report_figures_add(clout_report_figures *a, const clout_report_figures *b);

/* Commission of bp basis points on revenue_minor, rounded half up (0 for revenue <= 0). */
int64_t clout_report_commission(int64_t revenue_minor, int32_t bp);

/* Computes cost (fees + gifts + commission) and every ratio of f; lifetime_value_minor < 0: none
 * stated (extended ROI unknown). */
void clout_report_derive(clout_report_figures *f, int64_t lifetime_value_minor);

typedef enum {
	CLOUT_KPI_UNKNOWN = 0, /* no data for the metric yet */
	CLOUT_KPI_ON_TRACK,
	CLOUT_KPI_AT_RISK,
	CLOUT_KPI_MET,
	CLOUT_KPI_MISSED
} clout_report_kpi_status;

/* "unknown", "on-track", "at-risk", "met", "missed". */
const char *clout_report_kpi_status_name(clout_report_kpi_status s);

/*
 * Judges actual against target for metric (cost metrics cpe, cpm, cpc and cpa are better lower;
 * reach, impressions, engagements, clicks, conversions and revenue are cumulative) on day as_of,
 * for a campaign from start to deadline (days). actual NAN: unknown.
 */
clout_report_kpi_status clout_report_kpi_judge(const char *metric, double actual, double target, int64_t start,
	int64_t deadline, int64_t as_of);

/* The value of metric in f (money in major units of a currency with exponent), NAN when unknown or
 * not a metric. */
double clout_report_metric(const clout_report_figures *f, const char *metric, int exponent);

typedef struct clout_report_row {
	char *key;       /* person name (or campaign name in a person report); NULL when withheld */
	char *handles;   /* "@a, @b", or NULL */
	bool withheld;   /* the merged row of withheld members */
	bool unassigned; /* influencers of the campaign's links who are not on its roster */
	double planned_gain, planned_cost; /* from the plan, -1 when none */
	clout_report_figures f;
} clout_report_row;

typedef struct clout_report_kpi {
	char metric[24];
	char *target;    /* as given */
	double target_value, actual; /* actual NAN when unknown */
	int64_t deadline;
	clout_report_kpi_status status;
} clout_report_kpi;

/*
 * What listening heard about a campaign (when the workspace has a listening rule named like the
 * campaign: `clout listen rule add NAME EXPR --kind campaign`): its mentions posted from the start
 * day to the end day, their sentiment, and its share of voice against the workspace's competitor
 * rules over the same days.
 */
typedef struct clout_report_listening {
	bool known;            /* a rule named like the campaign exists */
	int64_t mentions, positive, neutral, negative;
	double net_sentiment;  /* (positive - negative) / mentions, NAN without mentions */
	double share_of_voice; /* mentions / (mentions + the competitor rules' mentions), NAN when none */
	int64_t competitor_mentions;
	size_t competitors;    /* competitor rules counted */
	int64_t reach;         /* followers of the distinct accounts that mentioned it (summed per day) */
} clout_report_listening;

/*
 * Fills *out for the campaign called campaign, from start to end (days, both included). A workspace
 * without a rule of that name leaves out->known false (0 returned).
 */
int clout_report_listening_load(clout_report_listening *out, clout_session *s, const char *campaign, int64_t start,
	int64_t end);

/* One day of a campaign report's series (clout_report_daily_load). */
typedef struct clout_report_day {
	int64_t day;          /* unix day (UTC) */
	int64_t clicks;       /* human clicks on the campaign's links that day */
	double conversions;   /* conversions ordered that day, credited to the campaign */
	int64_t revenue_minor;/* their revenue net of refunds, in the report's currency */
} clout_report_day;

typedef struct clout_report {
	char kind[16];   /* "campaign" or "person" */
	char *subject;   /* the campaign or the person */
	char currency[4];
	int64_t budget_minor;        /* campaign reports; -1 otherwise */
	int64_t lifetime_value_minor;/* -1 when not stated */
	int64_t start_day, end_day, as_of_day;
	bool shared;
	clout_convert_model model;
	clout_report_figures total;
	clout_report_row *rows;
	size_t count;
	clout_report_kpi *kpis;
	size_t kpi_count;
	char *forecast;  /* the plan's forecast (JSON object text), or NULL */
	clout_report_listening listening; /* campaign reports */
	clout_report_day *days;  /* campaign reports: the series per day (clout_report_daily_load) */
	size_t day_count;
} clout_report;

void clout_report_release(clout_report *r);

/*
 * Fills r->days (r->currency set) with the campaign's clicks, conversions and revenue per day under
 * model, the days with any of them, in order. CLOUT_EINVAL when revenue is in another currency.
 */
int clout_report_daily_load(clout_report *r, clout_session *s, const char *campaign, clout_convert_model model);

typedef struct clout_report_options {
	unsigned int version;
	bool share;                 /* the version for outside the workspace */
	int64_t as_of_day;          /* the day KPIs are judged on; 0: today */
	const char *lifetime_value; /* decimal in the campaign's currency: overrides the campaign's */
	clout_convert_model model;  /* attribution */
} clout_report_options;

#define CLOUT_REPORT_OPTIONS_VERSION 1
#define CLOUT_REPORT_OPTIONS_INIT { CLOUT_REPORT_OPTIONS_VERSION, false, 0, NULL, CLOUT_MODEL_LAST }

/*
 * The report of campaign name: a row per roster member (by person name), a row for influencers of
 * its links not on the roster, the totals, the KPIs and the plan's forecast. CLOUT_ENOTFOUND for an
 * unknown campaign; CLOUT_EINVAL naming the place when an amount is in another currency.
 */
int clout_report_campaign(clout_report *out, clout_session *s, const char *name, const clout_report_options *opts);

/*
 * The report of person (by name): a row per campaign they have a contract on or are on the roster
 * of, and the totals (the campaigns must share one currency). With share, a person whose sharing
 * right is not public is refused (CLOUT_EDENIED); so, without it, is a person withheld from the
 * workspace's own reports.
 */
int clout_report_person(clout_report *out, clout_session *s, const char *person, const clout_report_options *opts);

/* The report as JSON (docs/formats.md, "Campaign and person reports"). Malloc'd or NULL. */
char *clout_report_json(const clout_report *r);

/*
 * The report as one self-contained printable HTML file (docs/campaigns.md): its tables as HTML,
 * its JSON in <script type="application/json" id="report">, and charts drawn by the dashboard's
 * chart library (uPlot), all inlined; nothing is loaded from the network. Malloc'd, or NULL with
 * err set: CLOUT_EUNAVAILABLE when clout was built without its web part (node and npm missing).
 */
char *clout_report_html(const clout_report *r, clout_error *err);

/* Whether clout_report_html can work: false, with *why (may be NULL) saying why not, when clout
 * was built without its web part. */
bool clout_report_html_available(const char **why);

#ifdef __cplusplus
}
#endif
#endif
