/*
 * crm.c: people and the accounts they own, in portable SQL (see crm.h). A person's name is the
 * person row's key, matched as lower(key) = lower(?) on both engines (person_name index); the
 * stubs erasure leaves ("erased-ID", a name no one can give) are found only by that name, and never
 * listed.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/store/crm.h"
#include "lib/store/store_internal.h"
#include "util/banned.h"

static const char SQL_PERSON_FIND[] =
	"SELECT id FROM person WHERE workspace_id = ?1 AND lower(key) = lower(?2) ORDER BY id LIMIT 1";
static const char SQL_PERSON_INSERT[] =
	"INSERT INTO person (workspace_id, key, created_at) VALUES (?1, ?2, ?3) RETURNING id";
static const char SQL_STAGE_INSERT[] =
	"INSERT INTO crm_stage (person_id, stage, owner, at, by_user) VALUES (?1, ?2, ?3, ?4, ?5)";
#define PERSON_COLUMNS \
	"SELECT id, key, created_at, stage, owner, consent, consent_at, consent_source, sharing, nda, nda_sent_at," \
	" nda_signed_at, nda_expires_at FROM person "
static const char SQL_PERSON_READ[] = PERSON_COLUMNS "WHERE workspace_id = ?1 AND id = ?2";
static const char SQL_PERSON_ALL[] =
	PERSON_COLUMNS "WHERE workspace_id = ?1 AND key NOT LIKE 'erased-%' ORDER BY lower(key), id";
static const char SQL_PERSON_ACCOUNTS[] =
	"SELECT id, platform, ext_id, handle FROM account WHERE person_id = ?1 ORDER BY platform, ext_id";
static const char SQL_ACCOUNT_OWNER[] = "SELECT person_id FROM account WHERE workspace_id = ?1 AND id = ?2";
static const char SQL_ACCOUNT_SET_OWNER[] = "UPDATE account SET person_id = ?3 WHERE workspace_id = ?1 AND id = ?2";

int clout__store_person_find(clout_store *store, int64_t workspace, const char *name, int64_t *out,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_PERSON_FIND, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, name);
	if (b.rc < 0)
		return store_bind_error(store, &b, "finding person", err);
	return clout_sql_run_int64(store->db, b.st, out, "finding person", err);
}

int clout__store_person_insert(clout_store *store, int64_t workspace, const char *name, int64_t at,
	const char *by_user, int64_t *out, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_touch(store, workspace, err)) < 0 || (rc = store_stmt(store, &b, SQL_PERSON_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, name);
	sb_int(&b, 3, at);
	if (b.rc < 0)
		return store_bind_error(store, &b, "adding person", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, out, "adding person", err)) < 0)
		return rc;
	if ((rc = store_stmt(store, &b, SQL_STAGE_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, *out);
	sb_text(&b, 2, clout_crm_stage_name(CLOUT_CRM_STAGE_IDENTIFIED));
	sb_text_or_null(&b, 3, NULL);
	sb_int(&b, 4, at);
	sb_text(&b, 5, by_user);
	if (b.rc < 0)
		return store_bind_error(store, &b, "recording the stage", err);
	return clout_sql_run(store->db, b.st, "recording the stage", err);
}

/* The value of an enumeration column by its name, the first value when unknown (never written). */
#define ENUM_OF(fname, type, count, namefn) \
	static type fname(const char *text) \
	{ \
		for (int i = 0; text && i < (count); i++) \
			if (!strcmp(text, namefn((type)i))) \
				return (type)i; \
		return (type)0; \
	}
ENUM_OF(stage_of, clout_crm_stage, CLOUT_CRM_STAGE_COUNT, clout_crm_stage_name)
ENUM_OF(consent_of, clout_crm_consent, CLOUT_CRM_CONSENT_COUNT, clout_crm_consent_name)
ENUM_OF(sharing_of, clout_crm_sharing, CLOUT_CRM_SHARING_COUNT, clout_crm_sharing_name)
ENUM_OF(nda_of, clout_crm_nda, CLOUT_CRM_NDA_COUNT, clout_crm_nda_name)

static void read_account(clout_store *store, clout_sql_stmt *st, void *item, bool *oom)
{
	clout_crm_account *a = item;
	a->id = clout_sql_column_int64(store->db, st, 0);
	a->platform = store_column_dup(store, st, 1, oom);
	a->ext_id = store_column_dup(store, st, 2, oom);
	a->handle = store_column_dup(store, st, 3, oom);
}

/* Reads p's accounts into it (what was read stays on p, for clout_crm_person_release). */
static int read_accounts(clout_store *store, clout_crm_person *p, clout_error *err)
{
	store_bind b;
	void *list;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_PERSON_ACCOUNTS, err)) < 0)
		return rc;
	sb_int(&b, 1, p->id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading a person's accounts", err);
	rc = store_collect(store, &b, "reading a person's accounts", sizeof(clout_crm_account), read_account, &list,
		&p->naccounts, err);
	p->accounts = list;
	return rc;
}

/* Fills p from the current row of a PERSON_COLUMNS statement (no accounts yet). */
static int read_person_row(clout_store *store, clout_sql_stmt *st, clout_crm_person *p, clout_error *err)
{
	clout_sql *db = store->db;
	bool oom = false;
	memset(p, 0, sizeof(*p));
	p->id = clout_sql_column_int64(db, st, 0);
	p->name = store_column_dup(store, st, 1, &oom);
	p->created_at = clout_sql_column_count(db, st, 2);
	p->stage = stage_of(clout_sql_column_text(db, st, 3, NULL));
	p->owner = store_column_dup(store, st, 4, &oom);
	p->consent = consent_of(clout_sql_column_text(db, st, 5, NULL));
	p->consent_at = clout_sql_column_count(db, st, 6);
	p->consent_source = store_column_dup(store, st, 7, &oom);
	p->sharing = sharing_of(clout_sql_column_text(db, st, 8, NULL));
	p->nda = nda_of(clout_sql_column_text(db, st, 9, NULL));
	p->nda_sent_at = clout_sql_column_count(db, st, 10);
	p->nda_signed_at = clout_sql_column_count(db, st, 11);
	p->nda_expires_at = clout_sql_column_count(db, st, 12);
	if (oom || !p->name) {
		clout_crm_person_release(p);
		return clout_error_set(err, CLOUT_ENOMEM, "reading a person: out of memory");
	}
	return 0;
}

int clout__store_person_read(clout_store *store, int64_t workspace, int64_t id, clout_crm_person *out,
	clout_error *err)
{
	store_bind b;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, SQL_PERSON_READ, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading person", err);
	rc = clout_sql_step(store->db, b.st, "reading person", err);
	if (rc == CLOUT_SQL_ROW)
		rc = read_person_row(store, b.st, out, err);
	else if (rc == CLOUT_SQL_DONE)
		rc = 1;
	clout_sql_reset(store->db, b.st);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if ((rc = read_accounts(store, out, err)) < 0) {
		clout_crm_person_release(out);
		return rc;
	}
	return 1;
}

static void read_id(clout_store *store, clout_sql_stmt *st, void *item, bool *oom)
{
	(void)oom;
	*(int64_t *)item = clout_sql_column_int64(store->db, st, 0);
}

int clout__store_person_foreach(clout_store *store, int64_t workspace, clout_crm_person_fn fn, void *ctx,
	clout_error *err)
{
	int64_t *ids = NULL;
	void *list;
	size_t n = 0;
	store_bind b;
	int rc;
	/* The ids first: reading each person's accounts needs the connection the walk would hold. */
	if ((rc = store_stmt(store, &b, SQL_PERSON_ALL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "listing people", err);
	rc = store_collect(store, &b, "listing people", sizeof(int64_t), read_id, &list, &n, err);
	ids = list;
	if (rc < 0)
		goto done;
	rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		clout_crm_person p;
		int found = clout__store_person_read(store, workspace, ids[i], &p, err);
		if (found < 0) {
			rc = found;
			break;
		}
		if (found == 0)
			continue; /* gone since the list was read */
		rc = fn(ctx, &p);
		clout_crm_person_release(&p);
	}
done:
	free(ids);
	return rc;
}

int clout__store_account_owner(clout_store *store, int64_t workspace, int64_t account, int64_t *person,
	clout_error *err)
{
	store_bind b;
	int rc;
	*person = 0;
	if ((rc = store_stmt(store, &b, SQL_ACCOUNT_OWNER, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, account);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading an account's owner", err);
	rc = clout_sql_step(store->db, b.st, "reading an account's owner", err);
	if (rc == CLOUT_SQL_ROW) {
		*person = store_column_id(store, b.st, 0);
		rc = 1;
	} else if (rc == CLOUT_SQL_DONE) {
		rc = 0;
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout__store_account_set_owner(clout_store *store, int64_t workspace, int64_t account, int64_t person,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_touch(store, workspace, err)) < 0 || (rc = store_stmt(store, &b, SQL_ACCOUNT_SET_OWNER, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, account);
	sb_id(&b, 3, person);
	if (b.rc < 0)
		return store_bind_error(store, &b, "linking an account", err);
	return clout_sql_run(store->db, b.st, "linking an account", err);
}
