/*
 * interaction.c: the interaction log (kinds, what a contact is, the refusal for a person who opted
 * out, money and dates checked before anything is written) and product feedback with its closed
 * loop.
 */
#include <stdlib.h>
#include <string.h>

#include "clout/convert.h"
#include "lib/crm/internal.h"
#include "lib/store/campaign.h"
#include "lib/store/crm.h"
#include "util/banned.h"
#include "util/utf8.h"

/* Longest note, product or feedback text, in bytes. */
#define TEXT_MAX 4000

static const struct {
	const char *name;
	bool contact;  /* refused when the person opted out */
	bool received; /* the person gave it */
} kinds[] = {
	{ "like", false, false }, { "share", false, false }, { "reply", false, false }, { "thanks", false, false },
	{ "mention", false, true }, { "email", true, false }, { "dm", true, false }, { "meeting", true, false },
	{ "event", true, false }, { "private_access", true, false }, { "gift", true, false },
	{ "sample", true, false }, { "payment", false, false },
};

static int kind_index(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].name, kind))
			return (int)i;
	return -1;
}

bool clout_crm_kind_valid(const char *kind)
{
	return kind_index(kind) >= 0;
}

bool clout_crm_kind_is_contact(const char *kind)
{
	int i = kind_index(kind);
	return i >= 0 && kinds[i].contact;
}

static int text_check(const char *text, const char *field, bool required, clout_error *err)
{
	size_t len = text ? strlen(text) : 0;
	if (!text || !len)
		return required ? clout_error_set(err, CLOUT_EINVAL, "%s: empty", field) : 0;
	if (len > TEXT_MAX)
		return clout_error_set(err, CLOUT_EINVAL, "%s: longer than %d bytes", field, TEXT_MAX);
	if (!clout_utf8_valid(text, len, NULL))
		return clout_error_set(err, CLOUT_EINVAL, "%s: not UTF-8", field);
	return 0;
}

/* Checks the options into row (strings borrowed from opts; currency into cur). */
static int log_row(clout_crm_interaction *row, char cur[4], const clout_crm_log_options *o, clout_error *err)
{
	int k = kind_index(o->kind), rc;
	bool gift;
	if (k < 0)
		return clout_error_set(err, CLOUT_EINVAL,
			"kind: '%s' is not a kind (like, share, reply, thanks, mention, email, dm, meeting, event, "
			"private_access, gift, sample, payment)", o->kind ? o->kind : "");
	gift = !strcmp(o->kind, "gift") || !strcmp(o->kind, "sample");
	row->kind = kinds[k].name;
	row->direction = kinds[k].received ? "received" : "given";
	row->at = crm_now();
	row->value_minor = row->shipped_at = row->received_at = -1;
	if (o->date && strlen(o->date) == 10) {
		if ((rc = crm_date_parse(&row->at, o->date, "date", err)) < 0)
			return rc;
	} else if (o->date) {
		int64_t ms;
		if ((rc = clout_convert_time_parse(&ms, o->date, NULL, err)) < 0)
			return clout_error_set(err, rc, "date: '%s' is not YYYY-MM-DD or an RFC 3339 time", o->date);
		row->at = ms / 1000;
	}
	if ((rc = text_check(o->note, "note", false, err)) < 0 || (rc = text_check(o->product, "product", false, err)) < 0)
		return rc;
	row->note = o->note && *o->note ? o->note : NULL;
	row->product = o->product && *o->product ? o->product : NULL;
	if (o->value) {
		if (o->value[0] == '-')
			return clout_error_set(err, CLOUT_EINVAL, "value: '%s' is negative", o->value);
		if (!o->currency)
			return clout_error_set(err, CLOUT_EINVAL, "currency: required with a value");
		if ((rc = crm_currency(cur, o->currency, err)) < 0)
			return rc;
		if ((rc = clout_convert_money_parse(&row->value_minor, o->value, cur, err)) < 0)
			return clout_error_set(err, rc, "value: '%s' is not an amount of %s (like 80 or 12.50)", o->value, cur);
		row->currency = cur;
	} else if (o->currency) {
		return clout_error_set(err, CLOUT_EINVAL, "value: required with a currency");
	}
	if ((o->shipped || o->received) && !gift)
		return clout_error_set(err, CLOUT_EINVAL, "%s: only a gift or a sample is shipped and received",
			o->shipped ? "shipped" : "received");
	if (o->shipped && (rc = crm_date_parse(&row->shipped_at, o->shipped, "shipped", err)) < 0)
		return rc;
	if (o->received && (rc = crm_date_parse(&row->received_at, o->received, "received", err)) < 0)
		return rc;
	if (row->shipped_at >= 0 && row->received_at >= 0 && row->received_at < row->shipped_at)
		return clout_error_set(err, CLOUT_EINVAL, "received: before the day it was shipped");
	return 0;
}

/* The campaign an interaction of person is tied to: the one named (on whose roster the person must
 * be), else the only one whose roster they are on, else none (0). */
static int log_campaign(crm_op *op, const char *name, int64_t person, const char *who, int64_t *out)
{
	clout_campaign c;
	int rc;
	*out = 0;
	if (!name || !*name)
		return clout__store_person_only_campaign(op->store, person, out, op->err);
	if ((rc = clout__store_campaign_get(op->store, op->ws, name, &c, op->err)) < 0)
		return rc;
	*out = c.id;
	clout_campaign_release(&c);
	if ((rc = clout__store_member_is(op->store, *out, person, op->err)) < 0)
		return rc;
	if (rc == 0)
		return clout_error_set(op->err, CLOUT_EINVAL, "campaign: '%s' is not on the roster of '%s' (clout campaign add)",
			who, name);
	return 0;
}

int clout_crm_log(int64_t *out_id, clout_session *s, const char *name, const clout_crm_log_options *opts)
{
	clout_crm_interaction row = { 0 };
	clout_crm_person p = { 0 };
	char cur[4] = "";
	crm_op op;
	int64_t id = 0, person, campaign = 0;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	if (!opts || opts->version != CLOUT_CRM_LOG_OPTIONS_VERSION)
		return clout_error_set(op.err, CLOUT_EINVAL, "log: bad options version");
	if ((rc = log_row(&row, cur, opts, op.err)) < 0 || (rc = crm_begin(&op)) < 0)
		return rc;
	if ((rc = crm_person_id(&op, name, &person)) < 0 ||
		(rc = clout__store_person_read(op.store, op.ws, person, &p, op.err)) < 0)
		goto done;
	if (p.consent == CLOUT_CRM_CONSENT_OUT && clout_crm_kind_is_contact(row.kind)) {
		rc = clout_error_set(op.err, CLOUT_EDENIED,
			"%s: '%s' opted out of contact: no %s may be logged (record new consent with clout crm consent first)",
			row.kind, p.name, row.kind);
		goto done;
	}
	if ((rc = log_campaign(&op, opts->campaign, person, p.name, &campaign)) < 0)
		goto done;
	row.logged_by = op.who;
	row.logged_at = crm_now();
	rc = clout__store_interaction_insert(op.store, op.ws, person, campaign, &row, &id, op.err);
done:
	clout_crm_person_release(&p);
	if ((rc = crm_finish(&op, rc < 0 ? rc : 0)) == 0 && out_id)
		*out_id = id;
	return rc;
}

int clout_crm_interaction_foreach(clout_session *s, const char *name,
	int (*fn)(void *ctx, const clout_crm_interaction *row), void *ctx)
{
	crm_op op;
	int64_t id = 0;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0 || (name && (rc = crm_person_id(&op, name, &id)) < 0))
		return rc;
	return clout__store_interaction_foreach(op.store, op.ws, id, fn, ctx, op.err);
}

/* ---- Feedback ---- */

static const char *const feedback_names[CLOUT_CRM_FEEDBACK_COUNT] = { "open", "acknowledged", "acted", "told" };

const char *clout_crm_feedback_status_name(clout_crm_feedback_status status)
{
	return (unsigned)status < CLOUT_CRM_FEEDBACK_COUNT ? feedback_names[status] : "unknown";
}

int clout_crm_feedback_status_parse(clout_crm_feedback_status *out, const char *name, clout_error *err)
{
	for (int i = 0; name && i < CLOUT_CRM_FEEDBACK_COUNT; i++)
		if (!strcmp(feedback_names[i], name)) {
			*out = (clout_crm_feedback_status)i;
			return 0;
		}
	return clout_error_set(err, CLOUT_EINVAL, "status: '%s' is not a feedback status (open, acknowledged, acted, told)",
		name ? name : "");
}

int clout_crm_feedback_add(int64_t *out_id, clout_session *s, const char *name, const char *product, const char *text)
{
	crm_op op;
	int64_t person, id = 0;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	if ((rc = text_check(text, "text", true, op.err)) < 0 || (rc = text_check(product, "product", false, op.err)) < 0 ||
		(rc = crm_begin(&op)) < 0)
		return rc;
	if ((rc = crm_person_id(&op, name, &person)) == 0)
		rc = clout__store_feedback_insert(op.store, op.ws, person, product && *product ? product : NULL, text,
			crm_now(), op.who, &id, op.err);
	if ((rc = crm_finish(&op, rc)) == 0 && out_id)
		*out_id = id;
	return rc;
}

int clout_crm_feedback_set(clout_session *s, int64_t id, const char *status)
{
	clout_crm_feedback_status st;
	crm_op op;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0 || (rc = clout_crm_feedback_status_parse(&st, status, op.err)) < 0 ||
		(rc = crm_begin(&op)) < 0)
		return rc;
	rc = clout__store_feedback_set(op.store, op.ws, id, st, crm_now(), op.who, op.err);
	if (rc == 0)
		rc = clout_error_set(op.err, CLOUT_ENOTFOUND, "no feedback %lld in workspace '%s'", (long long)id,
			clout_session_workspace_name(s));
	return crm_finish(&op, rc < 0 ? rc : 0);
}

int clout_crm_feedback_foreach(clout_session *s, const char *name, int (*fn)(void *ctx, const clout_crm_feedback *f),
	void *ctx)
{
	crm_op op;
	int64_t id = 0;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0 || (name && (rc = crm_person_id(&op, name, &id)) < 0))
		return rc;
	return clout__store_feedback_foreach(op.store, op.ws, id, fn, ctx, op.err);
}
