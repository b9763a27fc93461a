/*
 * json.c: the JSON texts of the crm module's results (a person with accounts).
 */
#include <stdlib.h>
#include <string.h>

#include "clout/convert.h"
#include "lib/crm/internal.h"
#include "util/banned.h"
#include "util/json_out.h"

/* A time as RFC 3339 UTC, or null when unknown (negative). */
static json_t *time_json(int64_t t)
{
	char text[32];
	if (t < 0)
		return json_null();
	crm_time_format(text, sizeof(text), t);
	return json_string(text);
}

/* A day as YYYY-MM-DD, or null when unknown (negative). */
static json_t *date_json(int64_t day)
{
	char text[32];
	if (day < 0)
		return json_null();
	crm_date_format(text, sizeof(text), day);
	return json_string(text);
}

static json_t *accounts_json(const clout_crm_person *p, int *failed)
{
	json_t *list = json_array();
	if (!list) {
		*failed = 1;
		return NULL;
	}
	for (size_t i = 0; i < p->naccounts; i++) {
		const clout_crm_account *a = &p->accounts[i];
		json_t *o = json_object();
		if (!o || json_array_append_new(list, o) < 0) {
			json_decref(o);
			*failed = 1;
			break;
		}
		*failed |= clout_json_set(o, "id", clout_json_int(a->id)) | clout_json_set(o, "platform", clout_json_str(a->platform, 0)) |
			clout_json_set(o, "ext_id", clout_json_str(a->ext_id, 0)) | clout_json_set(o, "handle", clout_json_str(a->handle, 0));
	}
	return list;
}

json_t *crm_person_json_object(const clout_crm_person *p, int *failed)
{
	json_t *o = json_object();
	if (!o) {
		*failed = 1;
		return NULL;
	}
	*failed |= clout_json_set(o, "id", clout_json_int(p->id)) | clout_json_set(o, "name", clout_json_str(p->name, 0)) |
		clout_json_set(o, "created_at", time_json(p->created_at)) |
		clout_json_set(o, "stage", json_string(clout_crm_stage_name(p->stage))) |
		clout_json_set(o, "owner", clout_json_str(p->owner, 0)) |
		clout_json_set(o, "consent", json_string(clout_crm_consent_name(p->consent))) |
		clout_json_set(o, "consent_at", time_json(p->consent_at)) |
		clout_json_set(o, "consent_source", clout_json_str(p->consent_source, 0)) |
		clout_json_set(o, "sharing", json_string(clout_crm_sharing_name(p->sharing))) |
		clout_json_set(o, "nda", json_string(clout_crm_nda_name(p->nda))) |
		clout_json_set(o, "nda_sent_at", date_json(p->nda_sent_at)) |
		clout_json_set(o, "nda_signed_at", date_json(p->nda_signed_at)) |
		clout_json_set(o, "nda_expires_at", date_json(p->nda_expires_at)) |
		clout_json_set(o, "accounts", accounts_json(p, failed));
	return o;
}

char *clout_crm_person_json(const clout_crm_person *p)
{
	int failed = 0;
	char *out = NULL;
	json_t *doc = crm_person_json_object(p, &failed);
	if (clout_json_finish(&out, doc, failed || !doc, 0, NULL) < 0)
		return NULL;
	return out;
}

char *clout_crm_interaction_json(const clout_crm_interaction *r)
{
	json_t *o = json_object();
	char money[48], *out = NULL;
	int failed = !o;
	if (o)
		failed |= clout_json_set(o, "id", clout_json_int(r->id)) | clout_json_set(o, "kind", clout_json_str(r->kind, 0)) |
			clout_json_set(o, "direction", clout_json_str(r->direction, 0)) |
			clout_json_set(o, "at", time_json(r->at)) | clout_json_set(o, "note", clout_json_str(r->note, 0)) |
			clout_json_set(o, "product", clout_json_str(r->product, 0)) |
			clout_json_set(o, "value", r->value_minor >= 0 && r->currency
					? json_string(clout_convert_money_format(money, sizeof(money), r->value_minor, r->currency))
					: json_null()) |
			clout_json_set(o, "currency", clout_json_str(r->currency, 0)) |
			clout_json_set(o, "shipped", date_json(r->shipped_at)) |
			clout_json_set(o, "received", date_json(r->received_at)) |
			clout_json_set(o, "logged_by", clout_json_str(r->logged_by, 0)) |
			clout_json_set(o, "logged_at", time_json(r->logged_at)) |
			clout_json_set(o, "campaign", r->campaign ? json_string(r->campaign) : json_null());
	if (clout_json_finish(&out, o, failed, 0, NULL) < 0)
		return NULL;
	return out;
}

char *clout_crm_feedback_json(const clout_crm_feedback *f)
{
	json_t *o = json_object();
	char *out = NULL;
	int failed = !o;
	if (o)
		failed |= clout_json_set(o, "id", clout_json_int(f->id)) | clout_json_set(o, "product", clout_json_str(f->product, 0)) |
			clout_json_set(o, "text", clout_json_str(f->text, 0)) |
			clout_json_set(o, "status", json_string(clout_crm_feedback_status_name(f->status))) |
			clout_json_set(o, "created_at", time_json(f->created_at)) |
			clout_json_set(o, "created_by", clout_json_str(f->created_by, 0)) |
			clout_json_set(o, "updated_at", time_json(f->updated_at)) |
			clout_json_set(o, "closed_by", clout_json_str(f->closed_by, 0)) |
			clout_json_set(o, "closed_at", time_json(f->closed_at));
	if (clout_json_finish(&out, o, failed, 0, NULL) < 0)
		return NULL;
	return out;
}

char *clout_crm_stage_change_json(const clout_crm_stage_change *c)
{
	json_t *o = json_object();
	char *out = NULL;
	int failed = !o;
	if (o)
		failed |= clout_json_set(o, "stage", json_string(clout_crm_stage_name(c->stage))) |
			clout_json_set(o, "owner", clout_json_str(c->owner, 0)) | clout_json_set(o, "at", time_json(c->at)) |
			clout_json_set(o, "by", clout_json_str(c->by_user, 0));
	if (clout_json_finish(&out, o, failed, 0, NULL) < 0)
		return NULL;
	return out;
}

char *clout_crm_person_json_for(const clout_crm_person *p, clout_crm_audience audience)
{
	char *out;
	if (!clout_crm_withheld(p, audience))
		return clout_crm_person_json(p);
	out = malloc(sizeof("{\"withheld\":true}"));
	if (out)
		memcpy(out, "{\"withheld\":true}", sizeof("{\"withheld\":true}"));
	return out;
}
