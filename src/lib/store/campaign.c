/*
 * campaign.c: the campaign tables in portable SQL (see campaign.h): campaigns with their KPI
 * targets, roster members, contracts, deliverables, and the person, account and post lookups the
 * campaign module needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/campaign.h"
#include "lib/store/store_internal.h"
#include "util/banned.h"

#define CAMPAIGN_COLUMNS "id, name, goal, status, start_day, end_day, budget, currency, audience, lifetime_value, " \
	"languages, plan_forecast, created_at"
static const char SQL_CAMPAIGN_INSERT[] =
	"INSERT INTO campaign (workspace_id, name, goal, status, start_day, end_day, budget, currency, audience, "
	"lifetime_value, languages, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
	"ON CONFLICT (workspace_id, name) DO NOTHING RETURNING id";
static const char SQL_CAMPAIGN_UPDATE[] =
	"UPDATE campaign SET goal = ?2, status = ?3, start_day = ?4, end_day = ?5, budget = ?6, currency = ?7, "
	"audience = ?8, lifetime_value = ?9, languages = ?10 WHERE id = ?1";
static const char SQL_CAMPAIGN_GET[] =
	"SELECT " CAMPAIGN_COLUMNS " FROM campaign WHERE workspace_id = ?1 AND name = ?2";
static const char SQL_CAMPAIGN_NAMES[] = "SELECT name FROM campaign WHERE workspace_id = ?1 ORDER BY name";
static const char SQL_CAMPAIGN_FORECAST[] = "UPDATE campaign SET plan_forecast = ?2 WHERE id = ?1";
static const char SQL_KPI_CLEAR[] = "DELETE FROM campaign_kpi WHERE campaign_id = ?1";
static const char SQL_KPI_INSERT[] =
	"INSERT INTO campaign_kpi (campaign_id, metric, target, deadline) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_KPI_GET[] =
	"SELECT metric, target, deadline FROM campaign_kpi WHERE campaign_id = ?1 ORDER BY metric";
/* person names are matched without regard to case (0012_crm) */
static const char SQL_PERSON_ID[] =
	"SELECT id FROM person WHERE workspace_id = ?1 AND LOWER(key) = LOWER(?2) ORDER BY id LIMIT 1";
/* gifts and samples the brand gave (crm_interaction, 0012_crm), per currency */
static const char SQL_PERSON_GIFTS[] =
	"SELECT currency, CAST(SUM(value_minor) AS BIGINT) FROM crm_interaction WHERE person_id = ?1 "
	"AND kind IN ('gift', 'sample') AND direction = 'given' AND value_minor IS NOT NULL GROUP BY currency "
	"ORDER BY currency";
static const char SQL_ACCOUNT_PERSON[] =
	"SELECT COALESCE(person_id, 0) FROM account WHERE workspace_id = ?1 AND platform = ?2 AND ext_id = ?3";
static const char SQL_PERSON_LANGS[] =
	"SELECT DISTINCT lower(lang) FROM account WHERE person_id = ?1 AND lang IS NOT NULL AND lang <> '' ORDER BY 1";
static const char SQL_PERSON_HANDLES[] =
	"SELECT DISTINCT LOWER(handle) FROM account WHERE person_id = ?1 AND handle IS NOT NULL ORDER BY 1";
static const char SQL_MEMBER_PUT[] =
	"INSERT INTO campaign_member (campaign_id, person_id, source, planned_gain, planned_cost, added_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (campaign_id, person_id) DO NOTHING";
static const char SQL_MEMBER_DELETE[] = "DELETE FROM campaign_member WHERE campaign_id = ?1 AND person_id = ?2";
static const char SQL_MEMBERS[] =
	"SELECT m.person_id, p.key, p.name, (SELECT MIN(LOWER(a.handle)) FROM account a WHERE a.person_id = p.id), "
	"m.source, m.planned_gain, m.planned_cost FROM campaign_member m JOIN person p ON p.id = m.person_id "
	"WHERE m.campaign_id = ?1 ORDER BY p.key, p.id";
static const char SQL_CONTRACT_INSERT[] =
	"INSERT INTO contract (campaign_id, person_id, status, currency, flat_fee, per_deliverable_fee, commission_bp, "
	"product, product_value, objectives, dos, donts, hashtags, disclosure, exclusivity, exclusive_from, exclusive_to, "
	"payment_terms, payment_status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	"?15, ?16, ?17, ?18, ?19, ?20) ON CONFLICT (campaign_id, person_id) DO NOTHING RETURNING id";
/* ?2 and ?3 are 0 for "any" (ids start at 1). */
static const char SQL_CONTRACTS[] =
	"SELECT k.id, c.name, p.key, p.name, k.status, k.currency, k.flat_fee, k.per_deliverable_fee, k.commission_bp, "
	"k.product, k.product_value, k.objectives, k.dos, k.donts, k.hashtags, k.disclosure, k.exclusivity, "
	"k.exclusive_from, k.exclusive_to, k.payment_terms, k.payment_status, k.created_at "
	"FROM contract k JOIN campaign c ON c.id = k.campaign_id JOIN person p ON p.id = k.person_id "
	"WHERE c.workspace_id = ?1 AND (?2 = 0 OR k.campaign_id = ?2) AND (?3 = 0 OR k.person_id = ?3) "
	"ORDER BY c.name, p.key, k.id";
static const char SQL_CONTRACT_STATUS[] =
	"UPDATE contract SET status = ?3, payment_status = COALESCE(?4, payment_status) "
	"WHERE campaign_id = ?1 AND person_id = ?2";
#define DELIVERABLE_COLUMNS "d.id, d.platform, d.format, d.status, d.due_day, d.url, d.post_id, d.check_result"
static const char SQL_DELIVERABLES[] =
	"SELECT " DELIVERABLE_COLUMNS " FROM deliverable d WHERE d.contract_id = ?1 ORDER BY d.due_day, d.id";
static const char SQL_DELIVERABLE_GET[] =
	"SELECT " DELIVERABLE_COLUMNS ", d.contract_id FROM deliverable d JOIN contract k ON k.id = d.contract_id "
	"JOIN campaign c ON c.id = k.campaign_id WHERE d.id = ?1 AND c.workspace_id = ?2";
static const char SQL_DELIVERABLE_INSERT[] =
	"INSERT INTO deliverable (contract_id, platform, format, due_day, status, url, post_id, check_result, created_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
static const char SQL_DELIVERABLE_UPDATE[] =
	"UPDATE deliverable SET platform = ?2, format = ?3, due_day = ?4, status = ?5, url = ?6, post_id = ?7, "
	"check_result = ?8 WHERE id = ?1";
static const char SQL_POST_BY_URL[] =
	"SELECT id, text, sponsored, created_at FROM post WHERE workspace_id = ?1 AND url = ?2 ORDER BY id LIMIT 1";
static const char SQL_POST_BY_ID[] =
	"SELECT id, text, sponsored, created_at FROM post WHERE workspace_id = ?1 AND platform = ?2 AND ext_id = ?3";
static const char SQL_POST_TOTALS[] =
	"SELECT CAST(SUM(p.views) AS BIGINT), CAST(SUM(COALESCE(p.likes, 0) + COALESCE(p.comments, 0) + "
	"COALESCE(p.shares, 0) + COALESCE(p.quotes, 0) + COALESCE(p.saves, 0)) AS BIGINT), "
	"COUNT(p.likes) + COUNT(p.comments) + COUNT(p.shares), (SELECT CAST(SUM(a.followers) AS BIGINT) FROM account a WHERE a.id IN (SELECT p2.account_id FROM post p2 JOIN deliverable d2 "
	"ON d2.post_id = p2.id WHERE d2.contract_id = ?1)) "
	"FROM post p JOIN deliverable d ON d.post_id = p.id WHERE d.contract_id = ?1";

/* ---- Campaigns ---- */

static void bind_campaign_fields(store_bind *b, const clout_campaign *c, int first)
{
	sb_text(b, first, c->goal);
	sb_text(b, first + 1, c->status);
	sb_int(b, first + 2, c->start_day);
	sb_int(b, first + 3, c->end_day);
	sb_int(b, first + 4, c->budget_minor);
	sb_text(b, first + 5, c->currency);
	sb_opt_text(b, first + 6, c->audience);
	sb_known(b, first + 7, c->lifetime_value_minor >= 0 ? c->lifetime_value_minor : CLOUT_UNKNOWN);
	sb_opt_text(b, first + 8, c->languages);
}

static int kpis_put(clout_store *store, const clout_campaign *c, int64_t id, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_KPI_CLEAR, err)) < 0)
		return rc;
	sb_int(&b, 1, id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "kpi", err);
	if ((rc = clout_sql_run(store->db, b.st, "clear kpis", err)) < 0)
		return rc;
	for (size_t i = 0; i < c->kpi_count; i++) {
		if ((rc = store_stmt(store, &b, SQL_KPI_INSERT, err)) < 0)
			return rc;
		sb_int(&b, 1, id);
		sb_text(&b, 2, c->kpis[i].metric);
		sb_text(&b, 3, c->kpis[i].target);
		sb_int(&b, 4, c->kpis[i].deadline);
		if (b.rc < 0)
			return store_bind_error(store, &b, "kpi", err);
		if ((rc = clout_sql_run(store->db, b.st, "insert kpi", err)) < 0)
			return rc;
	}
	return 0;
}

int clout__store_campaign_insert(clout_store *store, int64_t workspace, const clout_campaign *c, int64_t *out_id,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CAMPAIGN_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, c->name);
	bind_campaign_fields(&b, c, 3);
	sb_int(&b, 12, c->created_at);
	if (b.rc < 0)
		return store_bind_error(store, &b, "campaign", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, out_id, "insert campaign", err)) < 0)
		return rc;
	if (rc == 0)
		return clout_error_set(err, CLOUT_EEXISTS, "name: the workspace has a campaign called '%s'", c->name);
	return kpis_put(store, c, *out_id, err);
}

int clout__store_campaign_update(clout_store *store, const clout_campaign *c, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CAMPAIGN_UPDATE, err)) < 0)
		return rc;
	sb_int(&b, 1, c->id);
	bind_campaign_fields(&b, c, 2);
	if (b.rc < 0)
		return store_bind_error(store, &b, "campaign", err);
	if ((rc = clout_sql_run(store->db, b.st, "update campaign", err)) < 0)
		return rc;
	return kpis_put(store, c, c->id, err);
}

static int kpis_get(clout_store *store, clout_campaign *out, clout_error *err)
{
	store_bind b;
	bool oom = false;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_KPI_GET, err)) < 0)
		return rc;
	sb_int(&b, 1, out->id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "kpi", err);
	while ((rc = clout_sql_step(store->db, b.st, "read kpis", err)) == CLOUT_SQL_ROW) {
		clout_campaign_kpi *k;
		const char *metric = clout_sql_column_text(store->db, b.st, 0, NULL);
		if (out->kpi_count == CLOUT_CAMPAIGN_KPI_MAX)
			continue;
		k = &out->kpis[out->kpi_count++];
		snprintf(k->metric, sizeof(k->metric), "%s", metric ? metric : "");
		k->target = store_column_dup(store, b.st, 1, &oom);
		k->deadline = clout_sql_column_int64(store->db, b.st, 2);
		if (!k->target)
			oom = true;
	}
	clout_sql_reset(store->db, b.st);
	if (rc >= 0 && oom)
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	return rc < 0 ? rc : 0;
}

int clout__store_campaign_get(clout_store *store, int64_t workspace, const char *name, clout_campaign *out,
	clout_error *err)
{
	store_bind b;
	bool oom = false;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, SQL_CAMPAIGN_GET, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, name);
	if (b.rc < 0)
		return store_bind_error(store, &b, "campaign", err);
	rc = clout_sql_step(store->db, b.st, "read campaign", err);
	if (rc == CLOUT_SQL_ROW) {
		const char *currency = clout_sql_column_text(store->db, b.st, 7, NULL);
		out->id = clout_sql_column_int64(store->db, b.st, 0);
		out->name = store_column_dup(store, b.st, 1, &oom);
		out->goal = store_column_dup(store, b.st, 2, &oom);
		out->status = store_column_dup(store, b.st, 3, &oom);
		out->start_day = clout_sql_column_int64(store->db, b.st, 4);
		out->end_day = clout_sql_column_int64(store->db, b.st, 5);
		out->budget_minor = clout_sql_column_int64(store->db, b.st, 6);
		snprintf(out->currency, sizeof(out->currency), "%s", currency ? currency : "");
		out->audience = store_column_dup(store, b.st, 8, &oom);
		out->lifetime_value_minor = clout_sql_column_count(store->db, b.st, 9);
		out->languages = store_column_dup(store, b.st, 10, &oom);
		out->plan_forecast = store_column_dup(store, b.st, 11, &oom);
		out->created_at = clout_sql_column_int64(store->db, b.st, 12);
		rc = oom || !out->name || !out->goal || !out->status ? clout_error_set(err, CLOUT_ENOMEM, "out of memory") : 0;
	} else if (rc >= 0) {
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "no campaign '%s'", name);
	}
	clout_sql_reset(store->db, b.st);
	if (rc == 0)
		rc = kpis_get(store, out, err);
	if (rc < 0)
		clout_campaign_release(out);
	return rc;
}

int clout__store_campaign_names(clout_store *store, int64_t workspace, int (*fn)(void *ctx, const char *name),
	void *ctx, clout_error *err)
{
	store_bind b;
	int rc, stop = 0;
	if ((rc = store_stmt(store, &b, SQL_CAMPAIGN_NAMES, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "campaign", err);
	while (!stop && (rc = clout_sql_step(store->db, b.st, "list campaigns", err)) == CLOUT_SQL_ROW)
		stop = fn(ctx, clout_sql_column_text(store->db, b.st, 0, NULL));
	clout_sql_reset(store->db, b.st);
	if (stop)
		return stop < 0 ? clout_error_set(err, CLOUT_ENOMEM, "out of memory") : 0;
	return rc < 0 ? rc : 0;
}

int clout__store_campaign_set_forecast(clout_store *store, int64_t campaign_id, const char *forecast,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CAMPAIGN_FORECAST, err)) < 0)
		return rc;
	sb_int(&b, 1, campaign_id);
	sb_text_or_null(&b, 2, forecast);
	if (b.rc < 0)
		return store_bind_error(store, &b, "campaign", err);
	return clout_sql_run(store->db, b.st, "update campaign forecast", err);
}

/* ---- Persons, accounts, posts ---- */

static int run_int64_2(clout_store *store, const char *sql, int64_t a, const char *s, const char *t, int64_t *out,
	const char *what, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, sql, err)) < 0)
		return rc;
	sb_int(&b, 1, a);
	sb_text(&b, 2, s);
	if (t)
		sb_text(&b, 3, t);
	if (b.rc < 0)
		return store_bind_error(store, &b, what, err);
	return clout_sql_run_int64(store->db, b.st, out, what, err);
}

int clout__store_person_id(clout_store *store, int64_t workspace, const char *key, int64_t *out_id, clout_error *err)
{
	return run_int64_2(store, SQL_PERSON_ID, workspace, key, NULL, out_id, "find person", err);
}

int clout__store_account_person(clout_store *store, int64_t workspace, const char *platform, const char *ext_id,
	int64_t *out_person, clout_error *err)
{
	return run_int64_2(store, SQL_ACCOUNT_PERSON, workspace, platform, ext_id, out_person, "find account", err);
}

int clout__store_person_handles(clout_store *store, int64_t person_id, int (*fn)(void *ctx, const char *handle),
	void *ctx, clout_error *err)
{
	store_bind b;
	int rc, stop = 0;
	if ((rc = store_stmt(store, &b, SQL_PERSON_HANDLES, err)) < 0)
		return rc;
	sb_int(&b, 1, person_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "person", err);
	while (!stop && (rc = clout_sql_step(store->db, b.st, "read handles", err)) == CLOUT_SQL_ROW)
		stop = fn(ctx, clout_sql_column_text(store->db, b.st, 0, NULL));
	clout_sql_reset(store->db, b.st);
	if (stop)
		return stop < 0 ? clout_error_set(err, CLOUT_ENOMEM, "out of memory") : 0;
	return rc < 0 ? rc : 0;
}

int clout__store_person_langs(clout_store *store, int64_t person_id, int (*fn)(void *ctx, const char *lang), void *ctx,
	clout_error *err)
{
	store_bind b;
	int rc, stop = 0;
	if ((rc = store_stmt(store, &b, SQL_PERSON_LANGS, err)) < 0)
		return rc;
	sb_int(&b, 1, person_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "person", err);
	while (!stop && (rc = clout_sql_step(store->db, b.st, "read languages", err)) == CLOUT_SQL_ROW)
		stop = fn(ctx, clout_sql_column_text(store->db, b.st, 0, NULL));
	clout_sql_reset(store->db, b.st);
	if (stop)
		return stop < 0 ? clout_error_set(err, CLOUT_ENOMEM, "out of memory") : 0;
	return rc < 0 ? rc : 0;
}

int clout__store_post_find(clout_store *store, int64_t workspace, const char *url, const char *platform,
	const char *ext_id, clout__store_post_ref *out, clout_error *err)
{
	store_bind b;
	bool oom = false;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, url ? SQL_POST_BY_URL : SQL_POST_BY_ID, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, url ? url : platform);
	if (!url)
		sb_text(&b, 3, ext_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "post", err);
	rc = clout_sql_step(store->db, b.st, "find post", err);
	if (rc == CLOUT_SQL_ROW) {
		out->id = clout_sql_column_int64(store->db, b.st, 0);
		out->text = store_column_dup(store, b.st, 1, &oom);
		out->sponsored = clout_sql_column_count(store->db, b.st, 2) == 1;
		out->created_at = clout_sql_column_count(store->db, b.st, 3);
		if (out->created_at < 0)
			out->created_at = CLOUT_UNKNOWN;
		rc = oom ? clout_error_set(err, CLOUT_ENOMEM, "out of memory") : 1;
	} else if (rc >= 0) {
		rc = 0;
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout__store_contract_post_totals(clout_store *store, int64_t contract_id, int64_t *reach, int64_t *impressions,
	int64_t *engagements, clout_error *err)
{
	store_bind b;
	int rc;
	*reach = *impressions = *engagements = -1;
	if ((rc = store_stmt(store, &b, SQL_POST_TOTALS, err)) < 0)
		return rc;
	sb_int(&b, 1, contract_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "post totals", err);
	rc = clout_sql_step(store->db, b.st, "sum deliverable posts", err);
	if (rc == CLOUT_SQL_ROW) {
		*impressions = clout_sql_column_count(store->db, b.st, 0);
		if (clout_sql_column_int64(store->db, b.st, 2) > 0)
			*engagements = clout_sql_column_int64(store->db, b.st, 1);
		*reach = clout_sql_column_count(store->db, b.st, 3);
		rc = 0;
	}
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : 0;
}

/* ---- The roster ---- */

int clout__store_member_put(clout_store *store, int64_t campaign_id, int64_t person_id, const char *source,
	double gain, double cost, int64_t now, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_MEMBER_PUT, err)) < 0)
		return rc;
	sb_int(&b, 1, campaign_id);
	sb_int(&b, 2, person_id);
	sb_text(&b, 3, source);
	if (gain >= 0)
		sb_double(&b, 4, gain);
	else if (b.rc == 0)
		b.rc = clout_sql_bind_null(b.db, b.st, 4);
	if (cost >= 0)
		sb_double(&b, 5, cost);
	else if (b.rc == 0)
		b.rc = clout_sql_bind_null(b.db, b.st, 5);
	sb_int(&b, 6, now);
	if (b.rc < 0)
		return store_bind_error(store, &b, "roster member", err);
	return clout_sql_run(store->db, b.st, "add roster member", err);
}

int clout__store_member_delete(clout_store *store, int64_t campaign_id, int64_t person_id, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_MEMBER_DELETE, err)) < 0)
		return rc;
	sb_int(&b, 1, campaign_id);
	sb_int(&b, 2, person_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "roster member", err);
	if ((rc = clout_sql_run(store->db, b.st, "remove roster member", err)) < 0)
		return rc;
	return clout_sql_changes(store->db, b.st) > 0;
}

static double column_double_or(clout_store *store, clout_sql_stmt *st, int col, double absent)
{
	return clout_sql_column_text(store->db, st, col, NULL) ? clout_sql_column_double(store->db, st, col) : absent;
}

static void read_member(clout_store *store, clout_sql_stmt *st, void *item, bool *oom)
{
	clout_roster_member *m = item;
	m->person_id = clout_sql_column_int64(store->db, st, 0);
	m->person = store_column_dup(store, st, 1, oom);
	m->name = store_column_dup(store, st, 2, oom);
	m->handle = store_column_dup(store, st, 3, oom);
	m->source = store_column_dup(store, st, 4, oom);
	m->planned_gain = column_double_or(store, st, 5, -1);
	m->planned_cost = column_double_or(store, st, 6, -1);
	if (!m->person || !m->source)
		*oom = true;
}

int clout__store_members(clout_store *store, int64_t campaign_id, clout_roster_member **out, size_t *count,
	clout_error *err)
{
	store_bind b;
	void *list;
	size_t n;
	int rc;
	*out = NULL;
	*count = 0;
	if ((rc = store_stmt(store, &b, SQL_MEMBERS, err)) < 0)
		return rc;
	sb_int(&b, 1, campaign_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "roster", err);
	if ((rc = store_collect(store, &b, "read roster", sizeof(clout_roster_member), read_member, &list, &n, err)) < 0) {
		clout_roster_release(list, n);
		free(list);
		return rc;
	}
	*out = list;
	*count = n;
	return 0;
}

/* ---- Contracts ---- */

int clout__store_contract_insert(clout_store *store, int64_t campaign_id, int64_t person_id, const clout_contract *c,
	int64_t *out_id, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CONTRACT_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, campaign_id);
	sb_int(&b, 2, person_id);
	sb_text(&b, 3, c->status);
	sb_text(&b, 4, c->currency);
	sb_int(&b, 5, c->flat_fee_minor);
	sb_int(&b, 6, c->per_deliverable_minor);
	sb_int(&b, 7, c->commission_bp);
	sb_opt_text(&b, 8, c->product);
	sb_int(&b, 9, c->product_value_minor);
	sb_opt_text(&b, 10, c->objectives);
	sb_opt_text(&b, 11, c->dos);
	sb_opt_text(&b, 12, c->donts);
	sb_opt_text(&b, 13, c->hashtags);
	sb_opt_text(&b, 14, c->disclosure);
	sb_opt_text(&b, 15, c->exclusivity);
	sb_id(&b, 16, c->exclusive_from);
	sb_id(&b, 17, c->exclusive_to);
	sb_opt_text(&b, 18, c->payment_terms);
	sb_text(&b, 19, c->payment_status);
	sb_int(&b, 20, c->created_at);
	if (b.rc < 0)
		return store_bind_error(store, &b, "contract", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, out_id, "insert contract", err)) < 0)
		return rc;
	return rc == 0 ? clout_error_set(err, CLOUT_EEXISTS, "'%s' has a contract on '%s' already", c->person, c->campaign) : 0;
}

static int deliverable_row(clout_store *store, clout_sql_stmt *st, clout_deliverable *d)
{
	bool oom = false;
	const char *check;
	memset(d, 0, sizeof(*d));
	d->id = clout_sql_column_int64(store->db, st, 0);
	d->platform = store_column_dup(store, st, 1, &oom);
	d->format = store_column_dup(store, st, 2, &oom);
	d->status = store_column_dup(store, st, 3, &oom);
	d->due_day = clout_sql_column_int64(store->db, st, 4);
	d->url = store_column_dup(store, st, 5, &oom);
	d->post_id = store_column_id(store, st, 6);
	/* check_result: NULL unchecked; "" all well; else the problems, "; "-separated, each starting
	 * with its kind (missing hashtag, no disclosure, don't-word, competitor, late by) */
	if ((check = clout_sql_column_text(store->db, st, 7, NULL)) != NULL) {
		d->check.checked = true;
		d->check.hashtags_ok = !strstr(check, "missing hashtag");
		d->check.disclosure_ok = !strstr(check, "no disclosure");
		d->check.donts_ok = !strstr(check, "don't-word");
		d->check.on_time = !strstr(check, "late by");
		d->check.exclusivity_ok = !strstr(check, "during the exclusivity");
		d->check.problems = *check ? store_column_dup(store, st, 7, &oom) : NULL;
	}
	return oom || !d->platform || !d->format || !d->status ? CLOUT_ENOMEM : 0;
}

static void read_deliverable(clout_store *store, clout_sql_stmt *st, void *item, bool *oom)
{
	if (deliverable_row(store, st, item) < 0)
		*oom = true;
}

/* Reads c's deliverables into it (what was read stays on c, for clout_contract_release). */
static int deliverables_get(clout_store *store, clout_contract *c, clout_error *err)
{
	store_bind b;
	void *list;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_DELIVERABLES, err)) < 0)
		return rc;
	sb_int(&b, 1, c->id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "deliverable", err);
	rc = store_collect(store, &b, "read deliverables", sizeof(clout_deliverable), read_deliverable, &list,
		&c->deliverable_count, err);
	c->deliverables = list;
	return rc;
}

static int contract_row(clout_store *store, clout_sql_stmt *st, clout_contract *c)
{
	bool oom = false;
	const char *currency = clout_sql_column_text(store->db, st, 5, NULL);
	memset(c, 0, sizeof(*c));
	c->id = clout_sql_column_int64(store->db, st, 0);
	c->campaign = store_column_dup(store, st, 1, &oom);
	c->person = store_column_dup(store, st, 2, &oom);
	c->person_name = store_column_dup(store, st, 3, &oom);
	c->status = store_column_dup(store, st, 4, &oom);
	snprintf(c->currency, sizeof(c->currency), "%s", currency ? currency : "");
	c->flat_fee_minor = clout_sql_column_int64(store->db, st, 6);
	c->per_deliverable_minor = clout_sql_column_int64(store->db, st, 7);
	c->commission_bp = (int32_t)clout_sql_column_int64(store->db, st, 8);
	c->product = store_column_dup(store, st, 9, &oom);
	c->product_value_minor = clout_sql_column_int64(store->db, st, 10);
	c->objectives = store_column_dup(store, st, 11, &oom);
	c->dos = store_column_dup(store, st, 12, &oom);
	c->donts = store_column_dup(store, st, 13, &oom);
	c->hashtags = store_column_dup(store, st, 14, &oom);
	c->disclosure = store_column_dup(store, st, 15, &oom);
	c->exclusivity = store_column_dup(store, st, 16, &oom);
	c->exclusive_from = store_column_id(store, st, 17);
	c->exclusive_to = store_column_id(store, st, 18);
	c->payment_terms = store_column_dup(store, st, 19, &oom);
	c->payment_status = store_column_dup(store, st, 20, &oom);
	c->created_at = clout_sql_column_int64(store->db, st, 21);
	return oom || !c->campaign || !c->person || !c->status || !c->payment_status ? CLOUT_ENOMEM : 0;
}

static void read_contract(clout_store *store, clout_sql_stmt *st, void *item, bool *oom)
{
	if (contract_row(store, st, item) < 0)
		*oom = true;
}

int clout__store_contracts(clout_store *store, int64_t workspace, int64_t campaign_id, int64_t person_id,
	clout_contract **out, size_t *count, clout_error *err)
{
	store_bind b;
	clout_contract *arr;
	void *list;
	size_t n;
	int rc;
	*out = NULL;
	*count = 0;
	if ((rc = store_stmt(store, &b, SQL_CONTRACTS, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, campaign_id);
	sb_int(&b, 3, person_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "contract", err);
	rc = store_collect(store, &b, "read contracts", sizeof(clout_contract), read_contract, &list, &n, err);
	arr = list;
	/* the deliverables after the contracts: one statement at a time */
	for (size_t i = 0; rc >= 0 && i < n; i++)
		rc = deliverables_get(store, &arr[i], err);
	if (rc < 0) {
		for (size_t i = 0; i < n; i++)
			clout_contract_release(&arr[i]);
		free(arr);
		return rc;
	}
	*out = arr;
	*count = n;
	return 0;
}

int clout__store_contract_status(clout_store *store, int64_t campaign_id, int64_t person_id, const char *status,
	const char *payment_status, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CONTRACT_STATUS, err)) < 0)
		return rc;
	sb_int(&b, 1, campaign_id);
	sb_int(&b, 2, person_id);
	sb_text(&b, 3, status);
	sb_text_or_null(&b, 4, payment_status);
	if (b.rc < 0)
		return store_bind_error(store, &b, "contract", err);
	if ((rc = clout_sql_run(store->db, b.st, "update contract", err)) < 0)
		return rc;
	return clout_sql_changes(store->db, b.st) > 0;
}

/* ---- Deliverables ---- */

static void bind_deliverable(store_bind *b, const clout_deliverable *d)
{
	sb_text(b, 2, d->platform);
	sb_text(b, 3, d->format);
	sb_int(b, 4, d->due_day);
	sb_text(b, 5, d->status);
	sb_opt_text(b, 6, d->url);
	sb_id(b, 7, d->post_id);
	sb_text_or_null(b, 8, d->check.checked ? (d->check.problems ? d->check.problems : "") : NULL);
}

int clout__store_deliverable_insert(clout_store *store, int64_t contract_id, const clout_deliverable *d, int64_t now,
	int64_t *out_id, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_DELIVERABLE_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, contract_id);
	bind_deliverable(&b, d);
	sb_int(&b, 9, now);
	if (b.rc < 0)
		return store_bind_error(store, &b, "deliverable", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, out_id, "insert deliverable", err)) < 0)
		return rc;
	return rc == 0 ? clout_error_set(err, CLOUT_EINTERNAL, "insert deliverable returned no id") : 0;
}

int clout__store_deliverable_update(clout_store *store, const clout_deliverable *d, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_DELIVERABLE_UPDATE, err)) < 0)
		return rc;
	sb_int(&b, 1, d->id);
	bind_deliverable(&b, d);
	if (b.rc < 0)
		return store_bind_error(store, &b, "deliverable", err);
	return clout_sql_run(store->db, b.st, "update deliverable", err);
}

int clout__store_deliverable_get(clout_store *store, int64_t workspace, int64_t id, clout_deliverable *out,
	int64_t *out_contract, clout_error *err)
{
	store_bind b;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, SQL_DELIVERABLE_GET, err)) < 0)
		return rc;
	sb_int(&b, 1, id);
	sb_int(&b, 2, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "deliverable", err);
	rc = clout_sql_step(store->db, b.st, "read deliverable", err);
	if (rc == CLOUT_SQL_ROW) {
		*out_contract = clout_sql_column_int64(store->db, b.st, 8);
		rc = deliverable_row(store, b.st, out) < 0 ? clout_error_set(err, CLOUT_ENOMEM, "out of memory") : 1;
	} else if (rc >= 0) {
		rc = 0;
	}
	clout_sql_reset(store->db, b.st);
	if (rc < 0)
		clout_deliverable_release(out);
	return rc;
}

int clout__store_person_gifts(clout_store *store, int64_t person_id, int (*fn)(void *ctx, const char *currency,
	int64_t minor), void *ctx, clout_error *err)
{
	store_bind b;
	int rc, stop = 0;
	if ((rc = store_stmt(store, &b, SQL_PERSON_GIFTS, err)) < 0)
		return rc;
	sb_int(&b, 1, person_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "gifts", err);
	while (!stop && (rc = clout_sql_step(store->db, b.st, "sum gifts", err)) == CLOUT_SQL_ROW)
		stop = fn(ctx, clout_sql_column_text(store->db, b.st, 0, NULL), clout_sql_column_int64(store->db, b.st, 1));
	clout_sql_reset(store->db, b.st);
	if (stop)
		return stop;
	return rc < 0 ? rc : 0;
}
