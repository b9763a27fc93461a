/*
 * clout/campaign.h: campaigns, their roster, contracts with deliverables, and the calendar.
 *
 * A campaign of a workspace has a unique name, a goal (awareness, engagement, traffic, leads,
 * sales), a status (draft, active, paused, done, cancelled), start and end days, a budget in integer
 * minor units of its currency, a target audience (the discovery filters, as text), an optional
 * customer lifetime value (for the extended ROI), and KPI targets, each with a deadline (the end day
 * unless given): "reach=500000", "conversions=300@2026-04-15", "roi=1.0", "cpa=20" (an amount in
 * the campaign's currency). Tracking links and promo codes belong to a campaign by its name.
 *
 * The roster is the people (store persons, see clout/crm.h) on the campaign, added by hand or
 * taken from the JSON of `clout plan -o json`, whose seeds are accounts: each must belong to a
 * person; the plan's forecast is kept on the campaign for the report to show beside the actuals.
 *
 * A contract binds a campaign and a person: compensation (flat fee, fee per deliverable,
 * commission as basis points of the person's attributed revenue, a product and its value, all in
 * the campaign's currency), objectives, creative guidelines (dos, don'ts, required hashtags,
 * required disclosure), exclusivity (competitors and a period), payment terms and status. Its
 * deliverables have a platform, a format, a due day, a status and, once known, the published URL
 * or post; when that post is in the store, the deliverable is checked against the guidelines
 * (hashtags, disclosure, don't-words, on time) and the result is kept on it.
 *
 * Days are unix seconds at midnight UTC; text dates are "YYYY-MM-DD".
 *
 * Every operation that reads or writes the store takes the session (clout/session.h) and acts in
 * its workspace; it clears the session's error on entry and leaves its message there on failure.
 */
#ifndef CLOUT_CAMPAIGN_H
#define CLOUT_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/session.h"
#include "clout/store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CLOUT_CAMPAIGN_NAME_MAX 64
#define CLOUT_CAMPAIGN_KPI_MAX 16

/*
 * Parses "YYYY-MM-DD" into unix seconds at midnight UTC. CLOUT_EINVAL naming field ("start:
 * '1/3/2026' is not a date (YYYY-MM-DD)") otherwise.
 */
int clout_campaign_day_parse(int64_t *out, const char *text, const char *field, clout_error *err);

/* Writes day (unix seconds) as "YYYY-MM-DD" into out (size >= 16); returns out. */
char *clout_campaign_day_format(char *out, size_t size, int64_t day);

/* ---- Campaigns ---- */

typedef struct clout_campaign_kpi {
	char metric[24];     /* reach, impressions, engagements, engagement_rate, clicks, ctr, conversions,
			      * conversion_rate, revenue, roi, cpe, cpm, cpc, cpa, mentions, sentiment (net,
			      * -1..1), share_of_voice (0..1) */
	char *target;        /* decimal text as given */
	int64_t deadline;    /* day */
} clout_campaign_kpi;

typedef struct clout_campaign {
	int64_t id;
	char *name, *goal, *status;
	int64_t start_day, end_day;
	int64_t budget_minor;
	char currency[4];
	char *audience;               /* discovery filters, or NULL */
	int64_t lifetime_value_minor; /* customer lifetime value, or -1 when not stated */
	char *languages;              /* comma-separated language codes, or NULL */
	char *plan_forecast;          /* the plan's forecast JSON (an object), or NULL */
	int64_t created_at;
	size_t kpi_count;
	clout_campaign_kpi kpis[CLOUT_CAMPAIGN_KPI_MAX];
} clout_campaign;

/* Frees a campaign's strings; NULL-safe, leaves it zeroed. */
void clout_campaign_release(clout_campaign *c);

typedef struct clout_campaign_input {
	unsigned int version;
	const char *name;      /* create: required; letters, digits, '-', '_', '.', 1..64 */
	const char *goal;      /* create: required */
	const char *status;    /* NULL: draft on create, unchanged on update */
	const char *start;     /* YYYY-MM-DD; create: required */
	const char *end;       /* YYYY-MM-DD, not before start; create: required */
	const char *budget;    /* decimal in the currency's major unit; create: required */
	const char *currency;  /* ISO 4217; create: required */
	const char *audience;
	const char *lifetime_value; /* decimal in the currency */
	const char *languages;
	const char *const *kpis; /* "metric=target" or "metric=target@YYYY-MM-DD"; replaces that metric */
	size_t kpi_count;
} clout_campaign_input;

#define CLOUT_CAMPAIGN_INPUT_VERSION 1
#define CLOUT_CAMPAIGN_INPUT_INIT { CLOUT_CAMPAIGN_INPUT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
	NULL, NULL, NULL, 0 }

/*
 * Creates a campaign in one transaction. CLOUT_EINVAL naming the field ("goal: ...", "start: ...",
 * "budget: ...", "currency: ...", "kpi: ...") and nothing written; CLOUT_EEXISTS when the
 * workspace has a campaign of that name. *out (may be NULL) is the stored campaign.
 */
int clout_campaign_create(clout_campaign *out, clout_session *s, const clout_campaign_input *in);

/* Changes the fields given (non-NULL) of the campaign called name (in->name is ignored). Errors as
 * create, CLOUT_ENOTFOUND for an unknown campaign; nothing written on error. */
int clout_campaign_update(clout_campaign *out, clout_session *s, const char *name, const clout_campaign_input *in);

/* The campaign called name (CLOUT_ENOTFOUND: "no campaign 'NAME'"). */
int clout_campaign_get(clout_campaign *out, clout_session *s, const char *name);

/* All campaigns of workspace by name into a malloc'd array (free each with clout_campaign_release,
 * then the array). */
int clout_campaign_list(clout_campaign **out, size_t *count, clout_session *s);

/* {"name", "goal", "status", "start", "end", "budget", "currency", "audience", "lifetime_value",
 * "languages", "kpis": [{"metric", "target", "deadline"}], "plan_forecast", "created_at"}. Malloc'd
 * or NULL. */
char *clout_campaign_json(const clout_campaign *c);

/* ---- The roster ---- */

typedef struct clout_roster_member {
	int64_t person_id;
	char *person;        /* the person's key */
	char *name;          /* display name, or NULL */
	char *handle;        /* the first handle of the person's accounts, or NULL */
	char *source;        /* "hand" or "plan" */
	double planned_gain; /* the plan's marginal gain, or -1 */
	double planned_cost; /* the plan's cost, or -1 */
} clout_roster_member;

void clout_roster_release(clout_roster_member *members, size_t count);

/* Adds persons (keys) to the roster of campaign, all or none: CLOUT_ENOTFOUND naming an unknown
 * person or campaign. One already on the roster stays as it was. */
int clout_campaign_roster_add(clout_session *s, const char *campaign, const char *const *persons, size_t count);

/* Removes a person from the roster (CLOUT_ENOTFOUND when not on it). */
int clout_campaign_roster_remove(clout_session *s, const char *campaign, const char *person);

/*
 * Adds the seeds of a `clout plan -o json` document (text of len bytes) to the roster of campaign
 * and keeps its forecast on the campaign, all or nothing. Each seed's id ("platform:ext_id" or
 * "platform:ext_id (@handle)") must be an account of the workspace that belongs to a person.
 * CLOUT_EBADDATA naming the place ("plan: seeds[2]: ...") otherwise. *out_added: members added.
 */
int clout_campaign_roster_from_plan(size_t *out_added, clout_session *s, const char *campaign, const char *plan_json,
	size_t len);

/* The roster of campaign in person-key order (malloc'd; clout_roster_release, then free). */
int clout_campaign_roster(clout_roster_member **out, size_t *count, clout_session *s, const char *campaign);

/* One tracking link (and promo code) made for a roster member. */
typedef struct clout_campaign_link {
	char *person;
	char *code;       /* link code (and promo code, upper case, when codes were asked for) */
	char *influencer; /* handle */
} clout_campaign_link;

void clout_campaign_links_release(clout_campaign_link *links, size_t count);

/*
 * Creates, for each roster member with a handle, a tracking link to url with the code
 * "CAMPAIGN-PERSON" (and a promo code of the same text when codes is true), attributed to the
 * member's handle and the campaign, all or none: CLOUT_EEXISTS when a code is taken, CLOUT_EINVAL
 * for a bad URL or a member without a handle. Acts in the session's workspace; errors on it.
 */
int clout_campaign_links_create(clout_campaign_link **out, size_t *count, clout_session *s, const char *campaign,
	const char *url, bool codes);

/* ---- Contracts and deliverables ---- */

typedef struct clout_deliverable_check {
	bool checked;            /* the post was found in the store */
	bool hashtags_ok, disclosure_ok, donts_ok, on_time;
	bool exclusivity_ok;     /* no competitor of the contract's exclusivity named (within its period) */
	char *problems;          /* "missing #spring; no disclosure; ..." or NULL when all is well */
} clout_deliverable_check;

typedef struct clout_deliverable {
	int64_t id;
	char *platform, *format, *status;
	int64_t due_day;
	char *url;               /* published URL, or NULL */
	int64_t post_id;         /* store post id, or 0 */
	clout_deliverable_check check;
} clout_deliverable;

typedef struct clout_contract {
	int64_t id;
	char *campaign, *person, *person_name;
	char *status;            /* draft, sent, signed, active, completed, cancelled */
	char currency[4];
	int64_t flat_fee_minor, per_deliverable_minor, product_value_minor;
	int32_t commission_bp;   /* basis points of attributed revenue (10% = 1000) */
	char *product, *objectives;
	char *dos, *donts, *hashtags, *disclosure; /* newline-separated lists, or NULL */
	char *exclusivity;       /* competitors, newline-separated, or NULL */
	int64_t exclusive_from, exclusive_to; /* days, or 0 */
	char *payment_terms, *payment_status;
	int64_t created_at;
	size_t deliverable_count;
	clout_deliverable *deliverables;
} clout_contract;

void clout_contract_release(clout_contract *c);

typedef struct clout_contract_input {
	unsigned int version;
	const char *campaign, *person; /* required */
	const char *status;            /* NULL: draft */
	const char *flat;              /* decimal amounts in the campaign's currency, non-negative */
	const char *per_deliverable;
	const char *commission;        /* "10%" or "10" (percent, up to two decimals) */
	const char *product;
	const char *product_value;
	const char *currency;          /* NULL or the campaign's: another is refused (no rate) */
	const char *objectives;
	const char *const *dos; size_t dos_count;
	const char *const *donts; size_t donts_count;
	const char *const *hashtags; size_t hashtags_count; /* with or without # */
	const char *disclosure;        /* "#ad", "paid partnership", ... */
	const char *const *competitors; size_t competitors_count;
	const char *exclusive_from, *exclusive_to; /* YYYY-MM-DD */
	const char *payment_terms;
	const char *payment_status;    /* NULL: unpaid; pending, paid */
} clout_contract_input;

#define CLOUT_CONTRACT_INPUT_VERSION 1
#define CLOUT_CONTRACT_INPUT_INIT { CLOUT_CONTRACT_INPUT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
	NULL, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL }

/*
 * Creates the contract of person on campaign (the person must be on its roster, or is added to
 * it). CLOUT_EINVAL naming the field ("flat: ...", "commission: ...", "currency: ..."),
 * CLOUT_ENOTFOUND for an unknown campaign or person, CLOUT_EEXISTS when they have a contract.
 */
int clout_contract_create(clout_contract *out, clout_session *s, const clout_contract_input *in);

/* The contract of person on campaign, with its deliverables (CLOUT_ENOTFOUND when none). */
int clout_contract_get(clout_contract *out, clout_session *s, const char *campaign, const char *person);

/* The contracts of campaign (NULL: every campaign) and person (NULL: every person), with their
 * deliverables, by campaign then person (malloc'd; release each, then free). */
int clout_contract_list(clout_contract **out, size_t *count, clout_session *s, const char *campaign,
	const char *person);

/* Sets the status (and payment status, when not NULL) of a contract. */
int clout_contract_set_status(clout_session *s, const char *campaign, const char *person, const char *status,
	const char *payment_status);

typedef struct clout_deliverable_input {
	unsigned int version;
	const char *platform; /* required: a platform name */
	const char *format;   /* required: post, story, reel, video, live, short, thread, article */
	const char *due;      /* required: YYYY-MM-DD */
	const char *status;   /* NULL: draft */
	const char *url;      /* the published URL */
	const char *post;     /* the post as "platform:ext_id" */
} clout_deliverable_input;

#define CLOUT_DELIVERABLE_INPUT_VERSION 1
#define CLOUT_DELIVERABLE_INPUT_INIT { CLOUT_DELIVERABLE_INPUT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL }

/* Adds a deliverable to the contract of person on campaign, checked at once when its post is in
 * the store. CLOUT_EINVAL naming the field ("due: ...", "format: ..."). */
int clout_deliverable_add(clout_deliverable *out, clout_session *s, const char *campaign, const char *person,
	const clout_deliverable_input *in);

/* Changes a deliverable (by id, within workspace): the fields of in that are non-NULL (platform,
 * format and due too), then checks it again against its post. */
int clout_deliverable_update(clout_deliverable *out, clout_session *s, int64_t id, const clout_deliverable_input *in);

void clout_deliverable_release(clout_deliverable *d);

/*
 * Checks a post's text against a contract's guidelines: every required hashtag present (as a
 * hashtag, without regard to case), the disclosure present (as text, without regard to case, or
 * the post marked sponsored), no don't-word, no competitor of the exclusivity named when the post is
 * within its period (or it has none), created no later than the due day's end. Pure: fills *out
 * (release its problems with free).
 */
int clout_deliverable_check_text(clout_deliverable_check *out, const clout_contract *contract, const char *text,
	bool sponsored, int64_t created_at, int64_t due_day, clout_error *err);

/* {"id", "campaign", "person", "status", "currency", "flat_fee", "per_deliverable_fee", "commission",
 * "product", "product_value", "objectives", "guidelines": {"dos", "donts", "hashtags", "disclosure"},
 * "exclusivity": {"competitors", "from", "to"}, "payment": {"terms", "status"}, "deliverables": [...]}.
 * Malloc'd or NULL. */
char *clout_contract_json(const clout_contract *c);
/* {"id", "platform", "format", "due", "status", "url", "post_id", "check": {...} or null}. */
char *clout_deliverable_json(const clout_deliverable *d);

/* ---- The calendar ---- */

typedef enum {
	CLOUT_CALENDAR_CAMPAIGN_START = 0,
	CLOUT_CALENDAR_CAMPAIGN_END,
	CLOUT_CALENDAR_KPI_DEADLINE,
	CLOUT_CALENDAR_DELIVERABLE_DUE
} clout_calendar_kind;

/* "campaign-start", "campaign-end", "kpi-deadline", "deliverable-due". */
const char *clout_calendar_kind_name(clout_calendar_kind kind);

typedef struct clout_calendar_event {
	clout_calendar_kind kind;
	int64_t day;
	char *campaign;
	char *summary;     /* "spring: reel by ben on instagram (approved)" */
	char *uid;         /* stable: "deliverable-12@WORKSPACE.clout" */
} clout_calendar_event;

typedef struct clout_calendar {
	clout_calendar_event *events; /* by day, then kind, then uid */
	size_t count;
} clout_calendar;

void clout_calendar_release(clout_calendar *cal);

/*
 * The events of the session's workspace for campaign (NULL: all) between from_day and to_day (both
 * included; 0: unbounded): campaign starts and ends, KPI deadlines and deliverables' due days. The
 * calendar is an export: a person the crm withholds from the workspace's exports (clout_crm_withheld)
 * is named "withheld" in it.
 */
int clout_calendar_build(clout_calendar *out, clout_session *s, const char *campaign, int64_t from_day, int64_t to_day);

/* {"events": [{"kind", "date", "campaign", "summary", "uid"}]}. Malloc'd or NULL. */
char *clout_calendar_json(const clout_calendar *cal);

/*
 * The calendar as an iCalendar file (RFC 5545): CRLF line ends, lines folded at 75 octets (never
 * inside a UTF-8 sequence), text escaped (backslash, semicolon, comma, newline), one all-day
 * VEVENT per event with its UID, DTSTAMP (dtstamp_s, unix seconds) and DTSTART/DTEND dates.
 * *out is malloc'd (NUL-terminated), *len its length. CLOUT_ENOMEM.
 */
int clout_calendar_ics(char **out, size_t *len, const clout_calendar *cal, int64_t dtstamp_s, clout_error *err);

#ifdef __cplusplus
}
#endif
#endif
