/*
 * relation.c: the state of a relationship: pipeline stage and owner with their history, consent
 * and sharing rights (and the one withheld rule every export obeys), the NDA, the workspace
 * currency, and erasure.
 */
#include <stdlib.h>
#include <string.h>

#include "clout/auth.h"
#include "lib/crm/internal.h"
#include "lib/store/crm.h"
#include "util/banned.h"

int clout_crm_stage_set(clout_session *s, const char *name, const char *stage, const char *owner)
{
	clout_crm_person p = { 0 };
	clout_crm_stage st;
	crm_op op;
	int64_t id;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	if (stage && (rc = clout_crm_stage_parse(&st, stage, op.err)) < 0)
		return rc;
	if (owner && *owner) {
		clout_user u = { 0 };
		if ((rc = clout_auth_user_get(&u, op.s, owner)) < 0) {
			if (rc == CLOUT_ENOTFOUND)
				clout_error_set(op.err, rc, "owner: no user '%s' (clout user list)", owner);
			return rc;
		}
		free(u.name);
	}
	if ((rc = crm_begin(&op)) < 0)
		return rc;
	if ((rc = crm_person_id(&op, name, &id)) < 0 || (rc = clout__store_person_read(op.store, op.ws, id, &p, op.err)) < 0)
		goto done;
	rc = clout__store_person_set_stage(op.store, op.ws, id, stage ? st : p.stage, owner ? owner : p.owner, crm_now(),
		op.who, op.err);
done:
	clout_crm_person_release(&p);
	return crm_finish(&op, rc < 0 ? rc : 0);
}

int clout_crm_stage_foreach(clout_session *s, const char *name,
	int (*fn)(void *ctx, const clout_crm_stage_change *c), void *ctx)
{
	crm_op op;
	int64_t id;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0 || (rc = crm_person_id(&op, name, &id)) < 0)
		return rc;
	return clout__store_stage_foreach(op.store, id, fn, ctx, op.err);
}

int clout_crm_consent_set(clout_session *s, const char *name, const clout_crm_consent_options *opts)
{
	clout_crm_person p = { 0 };
	clout_crm_sharing sharing = CLOUT_CRM_SHARING_NONE;
	crm_op op;
	int64_t id, at;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	if (!opts || opts->version != CLOUT_CRM_CONSENT_OPTIONS_VERSION)
		return clout_error_set(op.err, CLOUT_EINVAL, "consent: bad options version");
	if ((unsigned)opts->consent >= CLOUT_CRM_CONSENT_COUNT)
		return clout_error_set(op.err, CLOUT_EINVAL, "consent: not in, out or unknown");
	if (opts->sharing && (rc = clout_crm_sharing_parse(&sharing, opts->sharing, op.err)) < 0)
		return rc;
	at = crm_now();
	if (opts->date && (rc = crm_date_parse(&at, opts->date, "date", op.err)) < 0)
		return rc;
	if ((rc = crm_begin(&op)) < 0)
		return rc;
	if ((rc = crm_person_id(&op, name, &id)) < 0 || (rc = clout__store_person_read(op.store, op.ws, id, &p, op.err)) < 0)
		goto done;
	if (opts->consent == CLOUT_CRM_CONSENT_UNKNOWN) /* only the sharing changes */
		rc = clout__store_person_set_consent(op.store, op.ws, id, p.consent, p.consent_at, p.consent_source,
			opts->sharing ? sharing : p.sharing, op.err);
	else
		rc = clout__store_person_set_consent(op.store, op.ws, id, opts->consent, at, opts->source,
			opts->sharing ? sharing : p.sharing, op.err);
done:
	clout_crm_person_release(&p);
	return crm_finish(&op, rc < 0 ? rc : 0);
}

bool clout_crm_withheld(const clout_crm_person *p, clout_crm_audience audience)
{
	if (!p || p->consent == CLOUT_CRM_CONSENT_OUT || p->sharing == CLOUT_CRM_SHARING_NONE)
		return true;
	if (audience == CLOUT_CRM_AUDIENCE_WORKSPACE)
		return false;
	return p->sharing != CLOUT_CRM_SHARING_PUBLIC;
}

int clout_crm_withheld_account(bool *out, int64_t *out_person, clout_session *s, const char *account,
	clout_crm_audience audience)
{
	clout_crm_person p = { 0 };
	char key[CLOUT_CRM_NAME_MAX * 2 + 2];
	crm_op op;
	int64_t id = 0, owner = 0;
	int rc;
	*out = audience != CLOUT_CRM_AUDIENCE_WORKSPACE;
	if (out_person)
		*out_person = 0;
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	if (!account || !*account)
		return 0;
	/* Links and codes keep a handle without its '@'. */
	if (account[0] != '@' && !strchr(account, ':') && strlen(account) + 2 <= sizeof(key)) {
		key[0] = '@';
		memcpy(key + 1, account, strlen(account) + 1);
		account = key;
	}
	rc = clout_store_find_account(op.store, op.ws, NULL, account, &id, op.err);
	if (rc == CLOUT_ENOTFOUND || rc == CLOUT_EINVAL) {
		clout_error_clear(op.err);
		return 0;
	}
	if (rc < 0 || (rc = clout__store_account_owner(op.store, op.ws, id, &owner, op.err)) < 0)
		return rc;
	if (owner == 0)
		return 0;
	if ((rc = clout__store_person_read(op.store, op.ws, owner, &p, op.err)) < 0)
		return rc;
	*out = clout_crm_withheld(rc ? &p : NULL, audience);
	if (out_person)
		*out_person = owner;
	clout_crm_person_release(&p);
	return 0;
}

/* A day option: NULL keeps *day, "" clears it, else the parsed day. */
static int day_option(int64_t *day, const char *text, const char *field, clout_error *err)
{
	if (!text)
		return 0;
	if (!*text) {
		*day = -1;
		return 0;
	}
	return crm_date_parse(day, text, field, err);
}

int clout_crm_nda_set(clout_session *s, const char *name, const char *status, const char *sent, const char *signed_on,
	const char *expires)
{
	clout_crm_person p = { 0 };
	clout_crm_nda nda = CLOUT_CRM_NDA_NONE;
	crm_op op;
	int64_t id;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	if (status && (rc = clout_crm_nda_parse(&nda, status, op.err)) < 0)
		return rc;
	if ((rc = crm_begin(&op)) < 0)
		return rc;
	if ((rc = crm_person_id(&op, name, &id)) < 0 || (rc = clout__store_person_read(op.store, op.ws, id, &p, op.err)) < 0)
		goto done;
	if (!status)
		nda = p.nda;
	if ((rc = day_option(&p.nda_sent_at, sent, "sent", op.err)) < 0 ||
		(rc = day_option(&p.nda_signed_at, signed_on, "signed", op.err)) < 0 ||
		(rc = day_option(&p.nda_expires_at, expires, "expires", op.err)) < 0)
		goto done;
	if (p.nda_signed_at >= 0 && p.nda_expires_at >= 0 && p.nda_expires_at < p.nda_signed_at) {
		rc = clout_error_set(op.err, CLOUT_EINVAL, "expires: before the day the NDA was signed");
		goto done;
	}
	rc = clout__store_person_set_nda(op.store, op.ws, id, nda, p.nda_sent_at, p.nda_signed_at, p.nda_expires_at,
		op.err);
done:
	clout_crm_person_release(&p);
	return crm_finish(&op, rc < 0 ? rc : 0);
}

int clout_crm_currency_set(clout_session *s, const char *currency)
{
	char code[4];
	crm_op op;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	if ((rc = crm_currency(code, currency, op.err)) < 0)
		return rc;
	if ((rc = crm_begin(&op)) < 0)
		return rc;
	rc = clout__store_workspace_set_currency(op.store, op.ws, code, op.err);
	return crm_finish(&op, rc);
}

int clout_crm_currency_get(char out[4], clout_session *s)
{
	crm_op op;
	int rc;
	out[0] = '\0';
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	return clout__store_workspace_currency(op.store, op.ws, out, op.err);
}

int clout_crm_erase(int64_t *out_id, clout_session *s, const char *name)
{
	crm_op op;
	int64_t id = 0;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0 || (rc = crm_begin(&op)) < 0)
		return rc;
	if ((rc = crm_person_id(&op, name, &id)) == 0)
		rc = clout__store_person_erase(op.store, op.ws, id, op.err);
	if ((rc = crm_finish(&op, rc)) == 0 && out_id)
		*out_id = id;
	return rc;
}
