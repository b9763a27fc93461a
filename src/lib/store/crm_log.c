/*
 * crm_log.c: a relationship's state in portable SQL (see crm.h): stage and its history, consent,
 * NDA, the interaction log, feedback, the workspace currency, and what the store holds on a
 * person's accounts for the balance sheet.
 */
#include <string.h>

#include "lib/store/crm.h"
#include "lib/store/store_internal.h"
#include "util/banned.h"

static const char SQL_SET_STAGE[] = "UPDATE person SET stage = ?3, owner = ?4 WHERE workspace_id = ?1 AND id = ?2";
static const char SQL_STAGE_INSERT[] =
	"INSERT INTO crm_stage (person_id, stage, owner, at, by_user) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_STAGE_ALL[] = "SELECT stage, owner, at, by_user FROM crm_stage WHERE person_id = ?1 ORDER BY id";
static const char SQL_SET_CONSENT[] =
	"UPDATE person SET consent = ?3, consent_at = ?4, consent_source = ?5, sharing = ?6 WHERE workspace_id = ?1 AND id = ?2";
static const char SQL_SET_NDA[] = "UPDATE person SET nda = ?3, nda_sent_at = ?4, nda_signed_at = ?5, nda_expires_at = ?6"
				  " WHERE workspace_id = ?1 AND id = ?2";
static const char SQL_INTERACTION_INSERT[] =
	"INSERT INTO crm_interaction (workspace_id, person_id, kind, direction, at, note, product, value_minor, currency,"
	" shipped_at, received_at, logged_by, logged_at, campaign_id)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id";
#define INTERACTION_COLUMNS \
	"SELECT i.id, i.person_id, i.kind, i.direction, i.at, i.note, i.product, i.value_minor, i.currency," \
	" i.shipped_at, i.received_at, i.logged_by, i.logged_at, c.name" \
	" FROM crm_interaction i LEFT JOIN campaign c ON c.id = i.campaign_id WHERE i.workspace_id = ?1 "
static const char SQL_INTERACTION_ALL[] = INTERACTION_COLUMNS "ORDER BY i.at, i.id";
static const char SQL_INTERACTION_PERSON[] = INTERACTION_COLUMNS "AND i.person_id = ?2 ORDER BY i.at, i.id";
static const char SQL_FEEDBACK_INSERT[] =
	"INSERT INTO crm_feedback (workspace_id, person_id, product, text, status, created_at, created_by, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6, ?5) RETURNING id";
static const char SQL_FEEDBACK_SET[] = "UPDATE crm_feedback SET status = ?3, updated_at = ?4, closed_by = ?5, closed_at = ?6"
				       " WHERE workspace_id = ?1 AND id = ?2";
#define FEEDBACK_COLUMNS \
	"SELECT id, person_id, product, text, status, created_at, created_by, updated_at, closed_by, closed_at" \
	" FROM crm_feedback WHERE workspace_id = ?1 "
static const char SQL_FEEDBACK_ALL[] = FEEDBACK_COLUMNS "ORDER BY id";
static const char SQL_FEEDBACK_PERSON[] = FEEDBACK_COLUMNS "AND person_id = ?2 ORDER BY id";
static const char SQL_CURRENCY_GET[] = "SELECT currency FROM workspace WHERE id = ?1";
static const char SQL_CURRENCY_SET[] = "UPDATE workspace SET currency = ?2 WHERE id = ?1";
static const char SQL_REACH[] = "SELECT COALESCE(SUM(followers), 0) FROM account WHERE person_id = ?1";
static const char SQL_LISTENED[] =
	"SELECT COUNT(DISTINCT m.post_id) FROM listen_mention m JOIN account a ON a.id = m.account_id"
	" WHERE m.workspace_id = ?1 AND a.workspace_id = ?1 AND a.person_id = ?2";
static const char SQL_ENGAGEMENTS[] =
	"SELECT COUNT(*), COALESCE(SUM(COALESCE(p.likes, 0) + COALESCE(p.comments, 0) + COALESCE(p.shares, 0)"
	" + COALESCE(p.quotes, 0)), 0) FROM post p JOIN account a ON a.id = p.account_id WHERE a.person_id = ?1";

int clout__store_person_set_stage(clout_store *store, int64_t workspace, int64_t id, clout_crm_stage stage,
	const char *owner, int64_t at, const char *by_user, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_touch(store, workspace, err)) < 0 || (rc = store_stmt(store, &b, SQL_SET_STAGE, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, id);
	sb_text(&b, 3, clout_crm_stage_name(stage));
	sb_opt_text(&b, 4, owner);
	if (b.rc < 0)
		return store_bind_error(store, &b, "setting the stage", err);
	if ((rc = clout_sql_run(store->db, b.st, "setting the stage", err)) < 0)
		return rc;
	if ((rc = store_stmt(store, &b, SQL_STAGE_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, id);
	sb_text(&b, 2, clout_crm_stage_name(stage));
	sb_opt_text(&b, 3, owner);
	sb_int(&b, 4, at);
	sb_text(&b, 5, by_user);
	if (b.rc < 0)
		return store_bind_error(store, &b, "recording the stage", err);
	return clout_sql_run(store->db, b.st, "recording the stage", err);
}

int clout__store_stage_foreach(clout_store *store, int64_t id, int (*fn)(void *ctx, const clout_crm_stage_change *c),
	void *ctx, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_STAGE_ALL, err)) < 0)
		return rc;
	sb_int(&b, 1, id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading the stage history", err);
	while ((rc = clout_sql_step(store->db, b.st, "reading the stage history", err)) == CLOUT_SQL_ROW) {
		clout_crm_stage_change c = { 0 };
		const char *stage = clout_sql_column_text(store->db, b.st, 0, NULL);
		if (clout_crm_stage_parse(&c.stage, stage, NULL) < 0)
			c.stage = CLOUT_CRM_STAGE_IDENTIFIED;
		c.owner = clout_sql_column_text(store->db, b.st, 1, NULL);
		c.at = clout_sql_column_int64(store->db, b.st, 2);
		c.by_user = clout_sql_column_text(store->db, b.st, 3, NULL);
		if ((rc = fn(ctx, &c)) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}

int clout__store_person_set_consent(clout_store *store, int64_t workspace, int64_t id, clout_crm_consent consent,
	int64_t at, const char *source, clout_crm_sharing sharing, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_touch(store, workspace, err)) < 0 || (rc = store_stmt(store, &b, SQL_SET_CONSENT, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, id);
	sb_text(&b, 3, clout_crm_consent_name(consent));
	sb_count(&b, 4, at);
	sb_opt_text(&b, 5, source);
	sb_text(&b, 6, clout_crm_sharing_name(sharing));
	if (b.rc < 0)
		return store_bind_error(store, &b, "recording consent", err);
	return clout_sql_run(store->db, b.st, "recording consent", err);
}

int clout__store_person_set_nda(clout_store *store, int64_t workspace, int64_t id, clout_crm_nda nda, int64_t sent,
	int64_t signed_at, int64_t expires, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_touch(store, workspace, err)) < 0 || (rc = store_stmt(store, &b, SQL_SET_NDA, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, id);
	sb_text(&b, 3, clout_crm_nda_name(nda));
	sb_count(&b, 4, sent);
	sb_count(&b, 5, signed_at);
	sb_count(&b, 6, expires);
	if (b.rc < 0)
		return store_bind_error(store, &b, "recording the NDA", err);
	return clout_sql_run(store->db, b.st, "recording the NDA", err);
}

int clout__store_interaction_insert(clout_store *store, int64_t workspace, int64_t person, int64_t campaign,
	const clout_crm_interaction *row, int64_t *out, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_touch(store, workspace, err)) < 0 || (rc = store_stmt(store, &b, SQL_INTERACTION_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, person);
	sb_text(&b, 3, row->kind);
	sb_text(&b, 4, row->direction);
	sb_int(&b, 5, row->at);
	sb_opt_text(&b, 6, row->note);
	sb_opt_text(&b, 7, row->product);
	sb_count(&b, 8, row->value_minor);
	sb_opt_text(&b, 9, row->currency);
	sb_count(&b, 10, row->shipped_at);
	sb_count(&b, 11, row->received_at);
	sb_text(&b, 12, row->logged_by);
	sb_int(&b, 13, row->logged_at);
	sb_id(&b, 14, campaign);
	if (b.rc < 0)
		return store_bind_error(store, &b, "logging an interaction", err);
	rc = clout_sql_run_int64(store->db, b.st, out, "logging an interaction", err);
	return rc < 0 ? rc : 0;
}

int clout__store_interaction_foreach(clout_store *store, int64_t workspace, int64_t person,
	int (*fn)(void *ctx, const clout_crm_interaction *row), void *ctx, clout_error *err)
{
	clout_sql *db = store->db;
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, person ? SQL_INTERACTION_PERSON : SQL_INTERACTION_ALL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (person)
		sb_int(&b, 2, person);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading interactions", err);
	while ((rc = clout_sql_step(db, b.st, "reading interactions", err)) == CLOUT_SQL_ROW) {
		clout_crm_interaction r = { 0 };
		r.id = clout_sql_column_int64(db, b.st, 0);
		r.person_id = clout_sql_column_int64(db, b.st, 1);
		r.kind = clout_sql_column_text(db, b.st, 2, NULL);
		r.direction = clout_sql_column_text(db, b.st, 3, NULL);
		r.at = clout_sql_column_int64(db, b.st, 4);
		r.note = clout_sql_column_text(db, b.st, 5, NULL);
		r.product = clout_sql_column_text(db, b.st, 6, NULL);
		r.value_minor = clout_sql_column_count(db, b.st, 7);
		r.currency = clout_sql_column_text(db, b.st, 8, NULL);
		r.shipped_at = clout_sql_column_count(db, b.st, 9);
		r.received_at = clout_sql_column_count(db, b.st, 10);
		r.logged_by = clout_sql_column_text(db, b.st, 11, NULL);
		r.logged_at = clout_sql_column_int64(db, b.st, 12);
		r.campaign = clout_sql_column_text(db, b.st, 13, NULL);
		if ((rc = fn(ctx, &r)) != 0)
			break;
	}
	clout_sql_reset(db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}

int clout__store_feedback_insert(clout_store *store, int64_t workspace, int64_t person, const char *product,
	const char *text, int64_t at, const char *by_user, int64_t *out, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_touch(store, workspace, err)) < 0 || (rc = store_stmt(store, &b, SQL_FEEDBACK_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, person);
	sb_opt_text(&b, 3, product);
	sb_text(&b, 4, text);
	sb_int(&b, 5, at);
	sb_text(&b, 6, by_user);
	if (b.rc < 0)
		return store_bind_error(store, &b, "recording feedback", err);
	rc = clout_sql_run_int64(store->db, b.st, out, "recording feedback", err);
	return rc < 0 ? rc : 0;
}

int clout__store_feedback_set(clout_store *store, int64_t workspace, int64_t id, clout_crm_feedback_status status,
	int64_t at, const char *by_user, clout_error *err)
{
	bool closed = status == CLOUT_CRM_FEEDBACK_TOLD;
	store_bind b;
	int rc;
	if ((rc = store_touch(store, workspace, err)) < 0 || (rc = store_stmt(store, &b, SQL_FEEDBACK_SET, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, id);
	sb_text(&b, 3, clout_crm_feedback_status_name(status));
	sb_int(&b, 4, at);
	sb_text_or_null(&b, 5, closed ? by_user : NULL);
	sb_count(&b, 6, closed ? at : -1);
	if (b.rc < 0)
		return store_bind_error(store, &b, "updating feedback", err);
	if ((rc = clout_sql_run(store->db, b.st, "updating feedback", err)) < 0)
		return rc;
	return clout_sql_changes(store->db, b.st) > 0 ? 1 : 0;
}

int clout__store_feedback_foreach(clout_store *store, int64_t workspace, int64_t person,
	int (*fn)(void *ctx, const clout_crm_feedback *row), void *ctx, clout_error *err)
{
	clout_sql *db = store->db;
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, person ? SQL_FEEDBACK_PERSON : SQL_FEEDBACK_ALL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (person)
		sb_int(&b, 2, person);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading feedback", err);
	while ((rc = clout_sql_step(db, b.st, "reading feedback", err)) == CLOUT_SQL_ROW) {
		clout_crm_feedback f = { 0 };
		f.id = clout_sql_column_int64(db, b.st, 0);
		f.person_id = clout_sql_column_int64(db, b.st, 1);
		f.product = clout_sql_column_text(db, b.st, 2, NULL);
		f.text = clout_sql_column_text(db, b.st, 3, NULL);
		if (clout_crm_feedback_status_parse(&f.status, clout_sql_column_text(db, b.st, 4, NULL), NULL) < 0)
			f.status = CLOUT_CRM_FEEDBACK_OPEN;
		f.created_at = clout_sql_column_int64(db, b.st, 5);
		f.created_by = clout_sql_column_text(db, b.st, 6, NULL);
		f.updated_at = clout_sql_column_int64(db, b.st, 7);
		f.closed_by = clout_sql_column_text(db, b.st, 8, NULL);
		f.closed_at = clout_sql_column_count(db, b.st, 9);
		if ((rc = fn(ctx, &f)) != 0)
			break;
	}
	clout_sql_reset(db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}

int clout__store_workspace_currency(clout_store *store, int64_t workspace, char out[4], clout_error *err)
{
	store_bind b;
	int rc;
	out[0] = '\0';
	if ((rc = store_stmt(store, &b, SQL_CURRENCY_GET, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading the workspace currency", err);
	rc = clout_sql_step(store->db, b.st, "reading the workspace currency", err);
	if (rc == CLOUT_SQL_ROW) {
		size_t len = 0;
		const char *c = clout_sql_column_text(store->db, b.st, 0, &len);
		if (c && len == 3)
			memcpy(out, c, 4);
		rc = 0;
	} else if (rc == CLOUT_SQL_DONE) {
		rc = 0;
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout__store_workspace_set_currency(clout_store *store, int64_t workspace, const char *currency,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_touch(store, workspace, err)) < 0 || (rc = store_stmt(store, &b, SQL_CURRENCY_SET, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, currency);
	if (b.rc < 0)
		return store_bind_error(store, &b, "setting the workspace currency", err);
	return clout_sql_run(store->db, b.st, "setting the workspace currency", err);
}

int clout__store_person_reach(clout_store *store, int64_t id, int64_t *followers, int64_t *posts,
	int64_t *engagements, clout_error *err)
{
	store_bind b;
	int rc;
	*followers = *posts = *engagements = 0;
	if ((rc = store_stmt(store, &b, SQL_REACH, err)) < 0)
		return rc;
	sb_int(&b, 1, id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading reach", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, followers, "reading reach", err)) < 0)
		return rc;
	if ((rc = store_stmt(store, &b, SQL_ENGAGEMENTS, err)) < 0)
		return rc;
	sb_int(&b, 1, id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading engagements", err);
	rc = clout_sql_step(store->db, b.st, "reading engagements", err);
	if (rc == CLOUT_SQL_ROW) {
		*posts = clout_sql_column_int64(store->db, b.st, 0);
		*engagements = clout_sql_column_int64(store->db, b.st, 1);
		rc = 0;
	} else if (rc == CLOUT_SQL_DONE) {
		rc = 0;
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout__store_person_listened(clout_store *store, int64_t workspace, int64_t id, int64_t *out, clout_error *err)
{
	store_bind b;
	int rc;
	*out = 0;
	if ((rc = store_stmt(store, &b, SQL_LISTENED, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "counting listened mentions", err);
	rc = clout_sql_run_int64(store->db, b.st, out, "counting listened mentions", err);
	return rc < 0 ? rc : 0;
}
