/*
 * person.c: people and the accounts they own: add, find, read, list, link and unlink (see
 * clout/crm.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/crm/internal.h"
#include "lib/store/crm.h"
#include "util/banned.h"
#include "util/utf8.h"

void clout_crm_person_release(clout_crm_person *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->naccounts; i++) {
		free(p->accounts[i].platform);
		free(p->accounts[i].ext_id);
		free(p->accounts[i].handle);
	}
	free(p->accounts);
	free(p->name);
	free(p->owner);
	free(p->consent_source);
	memset(p, 0, sizeof(*p));
}

int clout_crm_name_check(const char *name, clout_error *err)
{
	size_t len = name ? strlen(name) : 0;
	if (len == 0)
		return clout_error_set(err, CLOUT_EINVAL, "name: a person's name is empty");
	if (len > CLOUT_CRM_NAME_MAX)
		return clout_error_set(err, CLOUT_EINVAL, "name: longer than %d bytes", CLOUT_CRM_NAME_MAX);
	if (!clout_utf8_valid(name, len, NULL))
		return clout_error_set(err, CLOUT_EINVAL, "name: not UTF-8");
	if (name[0] == '@')
		return clout_error_set(err, CLOUT_EINVAL, "name: '%s' starts with '@' (that names an account, not a person)",
			name);
	if (!strncasecmp(name, "erased-", 7))
		return clout_error_set(err, CLOUT_EINVAL, "name: '%s': names starting with 'erased-' are kept for erased people",
			name);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return clout_error_set(err, CLOUT_EINVAL, "name: a control character at byte %zu", i + 1);
	return 0;
}

/* Links account (as the user wrote it) to person, inside the caller's transaction. */
static int link_account(crm_op *op, int64_t person, const char *name, const char *account, const char *platform)
{
	int64_t id = 0, owner = 0;
	int rc;
	if ((rc = clout_store_find_account(op->store, op->ws, platform, account, &id, op->err)) < 0) {
		if (rc == CLOUT_ENOTFOUND)
			clout_error_wrap(op->err, rc, "account: ");
		return rc;
	}
	if ((rc = clout__store_account_owner(op->store, op->ws, id, &owner, op->err)) < 0)
		return rc;
	if (owner == person)
		return 0;
	if (owner != 0) {
		clout_crm_person other;
		int found = clout__store_person_read(op->store, op->ws, owner, &other, op->err);
		if (found < 0)
			return found;
		rc = clout_error_set(op->err, CLOUT_ECONFLICT, "account: '%s' belongs to %s%s%s, not to '%s'", account,
			found ? "'" : "another person", found ? other.name : "", found ? "'" : "", name);
		clout_crm_person_release(&other);
		return rc;
	}
	return clout__store_account_set_owner(op->store, op->ws, id, person, op->err);
}

int clout_crm_add(int64_t *out_id, clout_session *s, const char *name, const char *const *accounts,
	size_t naccounts, const char *platform)
{
	crm_op op;
	int64_t id = 0;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	if ((rc = clout_crm_name_check(name, op.err)) < 0 || (rc = crm_begin(&op)) < 0)
		return rc;
	if ((rc = clout__store_person_find(op.store, op.ws, name, &id, op.err)) < 0)
		goto done;
	if (rc == 1) {
		rc = clout_error_set(op.err, CLOUT_EEXISTS, "name: there is already a person '%s' in workspace '%s'", name,
			clout_session_workspace_name(s));
		goto done;
	}
	if ((rc = clout__store_person_insert(op.store, op.ws, name, crm_now(), op.who, &id, op.err)) < 0)
		goto done;
	for (size_t i = 0; i < naccounts && rc >= 0; i++)
		rc = link_account(&op, id, name, accounts[i], platform);
done:
	rc = crm_finish(&op, rc < 0 ? rc : 0);
	if (rc == 0 && out_id)
		*out_id = id;
	return rc;
}

int clout_crm_find(int64_t *out, clout_session *s, const char *name)
{
	crm_op op;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	return crm_person_id(&op, name, out);
}

int clout_crm_get(clout_crm_person *out, clout_session *s, const char *name)
{
	crm_op op;
	int64_t id;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = crm_op_start(&op, s)) < 0 || (rc = crm_person_id(&op, name, &id)) < 0)
		return rc;
	if ((rc = clout__store_person_read(op.store, op.ws, id, out, op.err)) < 0)
		return rc;
	if (rc == 0)
		return clout_error_set(op.err, CLOUT_ENOTFOUND, "no person '%s' in workspace '%s'", name,
			clout_session_workspace_name(s));
	return 0;
}

int clout_crm_link(clout_session *s, const char *name, const char *account, const char *platform)
{
	crm_op op;
	int64_t id;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0 || (rc = crm_begin(&op)) < 0)
		return rc;
	if ((rc = crm_person_id(&op, name, &id)) == 0)
		rc = link_account(&op, id, name, account, platform);
	return crm_finish(&op, rc);
}

int clout_crm_unlink(clout_session *s, const char *name, const char *account, const char *platform)
{
	crm_op op;
	int64_t id, account_id = 0, owner = 0;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0 || (rc = crm_begin(&op)) < 0)
		return rc;
	if ((rc = crm_person_id(&op, name, &id)) < 0 ||
		(rc = clout_store_find_account(op.store, op.ws, platform, account, &account_id, op.err)) < 0 ||
		(rc = clout__store_account_owner(op.store, op.ws, account_id, &owner, op.err)) < 0)
		goto done;
	if (owner != id) {
		rc = clout_error_set(op.err, CLOUT_ENOTFOUND, "account: '%s' is not linked to '%s'", account, name);
		goto done;
	}
	rc = clout__store_account_set_owner(op.store, op.ws, account_id, 0, op.err);
done:
	return crm_finish(&op, rc);
}

int clout_crm_foreach(clout_session *s, clout_crm_person_fn fn, void *ctx)
{
	crm_op op;
	int rc;
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	return clout__store_person_foreach(op.store, op.ws, fn, ctx, op.err);
}
