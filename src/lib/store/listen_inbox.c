/*
 * listen_inbox.c: mentions, reply notes, alerts, SLAs, duty and partners in portable SQL (see
 * listen_inbox.h).
 */
#include <stdio.h>
#include <string.h>

#include "lib/store/listen_inbox.h"
#include "lib/store/store_internal.h"
#include "util/banned.h"

#define MENTION_COLUMNS \
	"id, rule_id, rule_name, kind, team, priority, post_id, account_id, platform, post_ext_id, handle, posted_at, " \
	"lang, sentiment, label, reach, owner, status, created_at, due_at, first_response_at, closed_at"

#define MENTION_INSERT \
	"INSERT INTO listen_mention (workspace_id, rule_id, rule_name, kind, team, priority, post_id, account_id, " \
	"platform, post_ext_id, handle, posted_at, lang, sentiment, label, reach, owner, status, created_at, due_at) " \
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) " \
	"ON CONFLICT (workspace_id, rule_id, post_id) DO NOTHING"
static const char SQL_MENTION_INSERT[] = MENTION_INSERT " RETURNING id";
/* The same without RETURNING, which SQLite runs through a temporary table: most callers need no id. */
static const char SQL_MENTION_INSERT_BARE[] = MENTION_INSERT;
static const char SQL_MENTION_HOURS[] =
	"SELECT rule_id, posted_at / 3600, COUNT(*), SUM(CASE WHEN label = 'negative' THEN 1 ELSE 0 END) "
	"FROM listen_mention WHERE workspace_id = ?1 AND posted_at >= ?2 GROUP BY rule_id, posted_at / 3600";
static const char SQL_MENTION_LATEST[] = "SELECT MAX(posted_at) FROM listen_mention WHERE workspace_id = ?1";
static const char SQL_LAST_OWNER[] =
	"SELECT owner FROM listen_mention WHERE workspace_id = ?1 AND team = ?2 AND owner IS NOT NULL "
	"ORDER BY id DESC LIMIT 1";
static const char SQL_TEAM_MEMBERS[] =
	"SELECT u.name FROM auth_user u JOIN auth_member m ON m.user_id = u.id WHERE m.workspace_id = ?1 AND u.role = ?2 "
	"AND NOT EXISTS (SELECT 1 FROM listen_duty d WHERE d.workspace_id = ?1 AND d.user_name = u.name AND d.on_duty = 0) "
	"ORDER BY u.name";
/* Overdue first: open, unanswered and past due; then by due time. */
static const char SQL_INBOX[] =
	"SELECT " MENTION_COLUMNS " FROM listen_mention WHERE workspace_id = ?1 "
	"AND (?2 = '' OR team = ?2) AND (?3 = '' OR owner = ?3) "
	"AND ((?4 = '' AND status <> 'closed') OR status = ?4) "
	"AND (?5 = 0 OR (first_response_at IS NULL AND due_at < ?6) OR first_response_at > due_at) "
	"AND (?7 = 0 OR id = ?7) "
	"ORDER BY CASE WHEN status <> 'closed' AND first_response_at IS NULL AND due_at < ?6 THEN 0 ELSE 1 END, "
	"due_at, id LIMIT ?8";
static const char SQL_STATUS[] = "SELECT status FROM listen_mention WHERE workspace_id = ?1 AND id = ?2";
static const char SQL_ASSIGN[] =
	"UPDATE listen_mention SET owner = ?3, status = CASE WHEN status = 'replied' THEN status ELSE 'assigned' END "
	"WHERE workspace_id = ?1 AND id = ?2";
static const char SQL_REPLY[] =
	"UPDATE listen_mention SET status = 'replied', first_response_at = COALESCE(first_response_at, ?3) "
	"WHERE workspace_id = ?1 AND id = ?2";
static const char SQL_NOTE_INSERT[] =
	"INSERT INTO listen_note (mention_id, author, note, created_at) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_NOTES[] =
	"SELECT n.author, n.note, n.created_at FROM listen_note n JOIN listen_mention m ON m.id = n.mention_id "
	"WHERE m.workspace_id = ?1 AND m.id = ?2 ORDER BY n.id";
static const char SQL_CLOSE[] =
	"UPDATE listen_mention SET status = 'closed', closed_at = ?3 WHERE workspace_id = ?1 AND id = ?2";
static const char SQL_CLOCKS[] =
	"SELECT team, created_at, due_at, first_response_at, status FROM listen_mention WHERE workspace_id = ?1 "
	"AND created_at >= ?2 AND (?3 = 0 OR created_at < ?3)";
static const char SQL_SLA_ALL[] = "SELECT team, priority, seconds FROM listen_sla WHERE workspace_id = ?1";
static const char SQL_SLA_SET[] =
	"INSERT INTO listen_sla (workspace_id, team, priority, seconds) VALUES (?1, ?2, ?3, ?4) "
	"ON CONFLICT (workspace_id, team, priority) DO UPDATE SET seconds = excluded.seconds";
static const char SQL_DUTY_SET[] =
	"INSERT INTO listen_duty (workspace_id, user_name, on_duty) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (workspace_id, user_name) DO UPDATE SET on_duty = excluded.on_duty";
static const char SQL_PARTNER_ADD[] =
	"INSERT INTO listen_partner (workspace_id, platform, handle, created_at) VALUES (?1, ?2, ?3, ?4) "
	"ON CONFLICT (workspace_id, platform, handle) DO NOTHING";
static const char SQL_PARTNER_RM[] =
	"DELETE FROM listen_partner WHERE workspace_id = ?1 AND platform = ?2 AND handle = ?3";
static const char SQL_PARTNERS[] =
	"SELECT platform, handle FROM listen_partner WHERE workspace_id = ?1 ORDER BY platform, handle";
/* The accounts of the people with a signed or active contract in one of the workspace's campaigns. */
static const char SQL_CONTRACTED[] =
	"SELECT DISTINCT a.platform, a.handle FROM account a JOIN contract c ON c.person_id = a.person_id "
	"JOIN campaign g ON g.id = c.campaign_id WHERE g.workspace_id = ?1 AND a.workspace_id = ?1 "
	"AND c.status IN ('signed', 'active') AND a.handle IS NOT NULL ORDER BY a.platform, a.handle";
static const char SQL_ALERT_INSERT[] =
	"INSERT INTO listen_alert (workspace_id, kind, dedup_key, rule_name, at, post_id, detail, created_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (workspace_id, dedup_key) DO NOTHING RETURNING id";
static const char SQL_ALERTS[] =
	"SELECT id, kind, rule_name, at, post_id, detail, created_at FROM listen_alert WHERE workspace_id = ?1 "
	"AND (?2 = '' OR kind = ?2) AND at >= ?3 AND (?4 = 0 OR at < ?4) ORDER BY at, id";
static const char SQL_SOV[] =
	"SELECT posted_at, label, account_id, reach FROM listen_mention WHERE workspace_id = ?1 AND rule_name = ?2 "
	"AND posted_at >= ?3 AND (?4 = 0 OR posted_at < ?4) ORDER BY posted_at";

static const char *text_or_empty(const char *s)
{
	return s ? s : "";
}

int clout__store_mention_insert(clout_store *store, int64_t ws, const clout_listen_mention *m, int64_t *out_id,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, out_id ? SQL_MENTION_INSERT : SQL_MENTION_INSERT_BARE, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_int(&b, 2, m->rule_id);
	sb_text(&b, 3, m->rule);
	sb_text(&b, 4, m->kind);
	sb_text(&b, 5, m->team);
	sb_text(&b, 6, m->priority);
	sb_int(&b, 7, m->post_id);
	sb_int(&b, 8, m->account_id);
	sb_text(&b, 9, m->platform);
	sb_text(&b, 10, m->post_ext_id);
	sb_opt_text(&b, 11, m->handle);
	sb_int(&b, 12, m->posted_at);
	sb_opt_text(&b, 13, m->lang);
	sb_double(&b, 14, m->sentiment);
	sb_text(&b, 15, m->label);
	sb_count(&b, 16, m->reach);
	sb_opt_text(&b, 17, m->owner);
	sb_text(&b, 18, m->status);
	sb_int(&b, 19, m->created_at);
	sb_int(&b, 20, m->due_at);
	if (b.rc < 0)
		return store_bind_error(store, &b, "mention", err);
	if (out_id)
		return clout_sql_run_int64(store->db, b.st, out_id, "insert mention", err);
	if ((rc = clout_sql_run(store->db, b.st, "insert mention", err)) < 0)
		return rc;
	return clout_sql_changes(store->db, b.st) > 0 ? 1 : 0;
}

int clout__store_mention_hours(clout_store *store, int64_t ws, int64_t since, clout__store_hour_fn fn, void *ctx,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_MENTION_HOURS, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_int(&b, 2, since);
	if (b.rc < 0)
		return store_bind_error(store, &b, "mention hours", err);
	while ((rc = clout_sql_step(store->db, b.st, "read mention hours", err)) == CLOUT_SQL_ROW) {
		if ((rc = fn(ctx, clout_sql_column_int64(store->db, b.st, 0), clout_sql_column_int64(store->db, b.st, 1),
			     clout_sql_column_int64(store->db, b.st, 2), clout_sql_column_int64(store->db, b.st, 3))) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}

int clout__store_mention_latest(clout_store *store, int64_t ws, int64_t *out, clout_error *err)
{
	store_bind b;
	int rc;
	*out = 0;
	if ((rc = store_stmt(store, &b, SQL_MENTION_LATEST, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	if (b.rc < 0)
		return store_bind_error(store, &b, "mentions", err);
	if ((rc = clout_sql_step(store->db, b.st, "read latest mention", err)) == CLOUT_SQL_ROW)
		*out = store_column_id(store, b.st, 0);
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : 0;
}

int clout__store_mention_last_owner(clout_store *store, int64_t ws, const char *team, char *out, size_t cap,
	clout_error *err)
{
	store_bind b;
	int rc;
	out[0] = '\0';
	if ((rc = store_stmt(store, &b, SQL_LAST_OWNER, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, team);
	if (b.rc < 0)
		return store_bind_error(store, &b, "mentions", err);
	if ((rc = clout_sql_step(store->db, b.st, "read last owner", err)) == CLOUT_SQL_ROW)
		snprintf(out, cap, "%s", text_or_empty(clout_sql_column_text(store->db, b.st, 0, NULL)));
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : 0;
}

/* Runs a statement whose rows are single names. */
static int name_rows(clout_store *store, store_bind *b, clout__store_name_fn fn, void *ctx, const char *what,
	clout_error *err)
{
	int rc;
	if (b->rc < 0)
		return store_bind_error(store, b, what, err);
	while ((rc = clout_sql_step(store->db, b->st, what, err)) == CLOUT_SQL_ROW)
		if ((rc = fn(ctx, text_or_empty(clout_sql_column_text(store->db, b->st, 0, NULL)))) != 0)
			break;
	clout_sql_reset(store->db, b->st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}

int clout__store_team_members(clout_store *store, int64_t ws, const char *team, clout__store_name_fn fn, void *ctx,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_TEAM_MEMBERS, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, team);
	return name_rows(store, &b, fn, ctx, "read team members", err);
}

static void read_mention(clout_store *store, clout_sql_stmt *st, clout_listen_mention *m, int64_t now)
{
	clout_sql *db = store->db;
	memset(m, 0, sizeof(*m));
	m->id = clout_sql_column_int64(db, st, 0);
	m->rule_id = clout_sql_column_int64(db, st, 1);
	m->rule = text_or_empty(clout_sql_column_text(db, st, 2, NULL));
	m->kind = text_or_empty(clout_sql_column_text(db, st, 3, NULL));
	m->team = text_or_empty(clout_sql_column_text(db, st, 4, NULL));
	m->priority = text_or_empty(clout_sql_column_text(db, st, 5, NULL));
	m->post_id = clout_sql_column_int64(db, st, 6);
	m->account_id = clout_sql_column_int64(db, st, 7);
	m->platform = text_or_empty(clout_sql_column_text(db, st, 8, NULL));
	m->post_ext_id = text_or_empty(clout_sql_column_text(db, st, 9, NULL));
	m->handle = clout_sql_column_text(db, st, 10, NULL);
	m->posted_at = clout_sql_column_int64(db, st, 11);
	m->lang = clout_sql_column_text(db, st, 12, NULL);
	m->sentiment = clout_sql_column_double(db, st, 13);
	m->label = text_or_empty(clout_sql_column_text(db, st, 14, NULL));
	m->reach = clout_sql_column_count(db, st, 15);
	m->owner = clout_sql_column_text(db, st, 16, NULL);
	m->status = text_or_empty(clout_sql_column_text(db, st, 17, NULL));
	m->created_at = clout_sql_column_int64(db, st, 18);
	m->due_at = clout_sql_column_int64(db, st, 19);
	m->first_response_at = store_column_id(store, st, 20);
	m->closed_at = store_column_id(store, st, 21);
	m->breached = m->first_response_at ? m->first_response_at > m->due_at
					   : (strcmp(m->status, "closed") && m->due_at < now);
}

int clout__store_inbox_foreach(clout_store *store, int64_t ws, const clout_listen_inbox_query *q,
	clout_listen_mention_fn fn, void *ctx, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_INBOX, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, text_or_empty(q->team));
	sb_text(&b, 3, text_or_empty(q->owner));
	sb_text(&b, 4, text_or_empty(q->status));
	sb_int(&b, 5, q->breached);
	sb_int(&b, 6, q->now);
	sb_int(&b, 7, q->id);
	sb_int(&b, 8, q->limit);
	if (b.rc < 0)
		return store_bind_error(store, &b, "inbox", err);
	while ((rc = clout_sql_step(store->db, b.st, "read the inbox", err)) == CLOUT_SQL_ROW) {
		clout_listen_mention m;
		read_mention(store, b.st, &m, q->now);
		if ((rc = fn(ctx, &m)) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}

/* The mention's status must allow a change: 0, CLOUT_ENOTFOUND, or CLOUT_ECONFLICT when closed. */
static int check_open(clout_store *store, int64_t ws, int64_t id, clout_error *err)
{
	store_bind b;
	int rc;
	bool closed = false;
	if ((rc = store_stmt(store, &b, SQL_STATUS, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_int(&b, 2, id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "mention", err);
	rc = clout_sql_step(store->db, b.st, "read mention", err);
	if (rc == CLOUT_SQL_ROW)
		closed = !strcmp(text_or_empty(clout_sql_column_text(store->db, b.st, 0, NULL)), "closed");
	clout_sql_reset(store->db, b.st);
	if (rc == CLOUT_SQL_DONE)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no mention %lld", (long long)id);
	if (rc < 0)
		return rc;
	return closed ? clout_error_set(err, CLOUT_ECONFLICT, "mention %lld is closed", (long long)id) : 0;
}

/* Runs an UPDATE of one mention bound as (ws, id, value). */
static int update_mention(clout_store *store, const char *sql, int64_t ws, int64_t id, const char *text,
	int64_t number, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, sql, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_int(&b, 2, id);
	if (text)
		sb_text(&b, 3, text);
	else
		sb_int(&b, 3, number);
	if (b.rc < 0)
		return store_bind_error(store, &b, "mention", err);
	return clout_sql_run(store->db, b.st, "update mention", err);
}

int clout__store_inbox_assign(clout_store *store, int64_t ws, int64_t id, const char *owner, clout_error *err)
{
	int rc = check_open(store, ws, id, err);
	return rc < 0 ? rc : update_mention(store, SQL_ASSIGN, ws, id, owner, 0, err);
}

int clout__store_inbox_reply(clout_store *store, int64_t ws, int64_t id, const char *author, const char *note,
	int64_t now, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = clout_store_begin(store, err)) < 0)
		return rc;
	if ((rc = check_open(store, ws, id, err)) < 0 || (rc = store_stmt(store, &b, SQL_NOTE_INSERT, err)) < 0)
		goto done;
	sb_int(&b, 1, id);
	sb_text(&b, 2, author);
	sb_text(&b, 3, note);
	sb_int(&b, 4, now);
	if (b.rc < 0) {
		rc = store_bind_error(store, &b, "note", err);
		goto done;
	}
	if ((rc = clout_sql_run(store->db, b.st, "insert note", err)) < 0 ||
	    (rc = update_mention(store, SQL_REPLY, ws, id, NULL, now, err)) < 0)
		goto done;
	return clout_store_commit(store, err);
done:
	clout_store_rollback(store);
	return rc;
}

int clout__store_inbox_close(clout_store *store, int64_t ws, int64_t id, int64_t now, clout_error *err)
{
	int rc = check_open(store, ws, id, err);
	return rc < 0 ? rc : update_mention(store, SQL_CLOSE, ws, id, NULL, now, err);
}

int clout__store_inbox_notes(clout_store *store, int64_t ws, int64_t id, clout__store_note_fn fn, void *ctx,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_NOTES, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_int(&b, 2, id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "notes", err);
	while ((rc = clout_sql_step(store->db, b.st, "read notes", err)) == CLOUT_SQL_ROW)
		if ((rc = fn(ctx, text_or_empty(clout_sql_column_text(store->db, b.st, 0, NULL)),
			     text_or_empty(clout_sql_column_text(store->db, b.st, 1, NULL)),
			     clout_sql_column_int64(store->db, b.st, 2))) != 0)
			break;
	clout_sql_reset(store->db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}

static void read_clock(clout_store *store, clout_sql_stmt *st, void *item, bool *oom)
{
	clout__store_clock *c = item;
	(void)oom;
	snprintf(c->team, sizeof(c->team), "%s", text_or_empty(clout_sql_column_text(store->db, st, 0, NULL)));
	c->created_at = clout_sql_column_int64(store->db, st, 1);
	c->due_at = clout_sql_column_int64(store->db, st, 2);
	c->first_response_at = store_column_id(store, st, 3);
	snprintf(c->status, sizeof(c->status), "%s", text_or_empty(clout_sql_column_text(store->db, st, 4, NULL)));
}

int clout__store_inbox_clocks(clout_store *store, int64_t ws, int64_t from, int64_t to, clout__store_clock **out,
	size_t *count, clout_error *err)
{
	store_bind b;
	void *list = NULL;
	int rc;
	*out = NULL;
	*count = 0;
	if ((rc = store_stmt(store, &b, SQL_CLOCKS, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_int(&b, 2, from);
	sb_int(&b, 3, to);
	if (b.rc < 0)
		return store_bind_error(store, &b, "mentions", err);
	rc = store_collect(store, &b, "read response times", sizeof(clout__store_clock), read_clock, &list, count, err);
	*out = list;
	return rc;
}

int clout__store_sla_foreach(clout_store *store, int64_t ws, clout__store_sla_fn fn, void *ctx, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_SLA_ALL, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	if (b.rc < 0)
		return store_bind_error(store, &b, "sla", err);
	while ((rc = clout_sql_step(store->db, b.st, "read SLAs", err)) == CLOUT_SQL_ROW)
		if ((rc = fn(ctx, text_or_empty(clout_sql_column_text(store->db, b.st, 0, NULL)),
			     text_or_empty(clout_sql_column_text(store->db, b.st, 1, NULL)),
			     clout_sql_column_int64(store->db, b.st, 2))) != 0)
			break;
	clout_sql_reset(store->db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}

int clout__store_sla_set(clout_store *store, int64_t ws, const char *team, const char *priority, int64_t seconds,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_SLA_SET, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, team);
	sb_text(&b, 3, priority);
	sb_int(&b, 4, seconds);
	if (b.rc < 0)
		return store_bind_error(store, &b, "sla", err);
	return clout_sql_run(store->db, b.st, "set SLA", err);
}

int clout__store_duty_set(clout_store *store, int64_t ws, const char *user, bool on_duty, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_DUTY_SET, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, user);
	sb_int(&b, 3, on_duty);
	if (b.rc < 0)
		return store_bind_error(store, &b, "duty", err);
	return clout_sql_run(store->db, b.st, "set duty", err);
}

int clout__store_partner_add(clout_store *store, int64_t ws, const char *platform, const char *handle, int64_t now,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_PARTNER_ADD, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, platform);
	sb_text(&b, 3, handle);
	sb_int(&b, 4, now);
	if (b.rc < 0)
		return store_bind_error(store, &b, "partner", err);
	if ((rc = clout_sql_run(store->db, b.st, "add partner", err)) < 0)
		return rc;
	if (clout_sql_changes(store->db, b.st) == 0)
		return clout_error_set(err, CLOUT_EEXISTS, "partner @%s on %s exists", handle, platform);
	return 0;
}

int clout__store_partner_remove(clout_store *store, int64_t ws, const char *platform, const char *handle,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_PARTNER_RM, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, platform);
	sb_text(&b, 3, handle);
	if (b.rc < 0)
		return store_bind_error(store, &b, "partner", err);
	if ((rc = clout_sql_run(store->db, b.st, "remove partner", err)) < 0)
		return rc;
	if (clout_sql_changes(store->db, b.st) == 0)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no partner @%s on %s", handle, platform);
	return 0;
}

int clout__store_partner_foreach(clout_store *store, int64_t ws, bool contracted, clout_listen_partner_fn fn,
	void *ctx, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, contracted ? SQL_CONTRACTED : SQL_PARTNERS, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	if (b.rc < 0)
		return store_bind_error(store, &b, "partners", err);
	while ((rc = clout_sql_step(store->db, b.st, "read partners", err)) == CLOUT_SQL_ROW)
		if ((rc = fn(ctx, text_or_empty(clout_sql_column_text(store->db, b.st, 0, NULL)),
			     text_or_empty(clout_sql_column_text(store->db, b.st, 1, NULL)))) != 0)
			break;
	clout_sql_reset(store->db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}

int clout__store_alert_insert(clout_store *store, int64_t ws, const clout_listen_alert *a, const char *dedup_key,
	int64_t *out_id, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_ALERT_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, a->kind);
	sb_text(&b, 3, dedup_key);
	sb_text_or_null(&b, 4, a->rule);
	sb_int(&b, 5, a->at);
	sb_id(&b, 6, a->post_id);
	sb_text(&b, 7, a->detail);
	sb_int(&b, 8, a->created_at);
	if (b.rc < 0)
		return store_bind_error(store, &b, "alert", err);
	return clout_sql_run_int64(store->db, b.st, out_id, "insert alert", err);
}

int clout__store_alert_foreach(clout_store *store, int64_t ws, const char *kind, int64_t from, int64_t to,
	clout_listen_alert_fn fn, void *ctx, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_ALERTS, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, text_or_empty(kind));
	sb_int(&b, 3, from);
	sb_int(&b, 4, to);
	if (b.rc < 0)
		return store_bind_error(store, &b, "alerts", err);
	while ((rc = clout_sql_step(store->db, b.st, "read alerts", err)) == CLOUT_SQL_ROW) {
		clout_listen_alert a;
		a.id = clout_sql_column_int64(store->db, b.st, 0);
		a.kind = text_or_empty(clout_sql_column_text(store->db, b.st, 1, NULL));
		a.rule = clout_sql_column_text(store->db, b.st, 2, NULL);
		a.at = clout_sql_column_int64(store->db, b.st, 3);
		a.post_id = store_column_id(store, b.st, 4);
		a.detail = text_or_empty(clout_sql_column_text(store->db, b.st, 5, NULL));
		a.created_at = clout_sql_column_int64(store->db, b.st, 6);
		if ((rc = fn(ctx, &a)) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}

int clout__store_sov_rows(clout_store *store, int64_t ws, const char *rule, int64_t from, int64_t to,
	clout__store_sov_fn fn, void *ctx, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_SOV, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, rule);
	sb_int(&b, 3, from);
	sb_int(&b, 4, to);
	if (b.rc < 0)
		return store_bind_error(store, &b, "share of voice", err);
	while ((rc = clout_sql_step(store->db, b.st, "read mentions", err)) == CLOUT_SQL_ROW)
		if ((rc = fn(ctx, clout_sql_column_int64(store->db, b.st, 0),
			     text_or_empty(clout_sql_column_text(store->db, b.st, 1, NULL)),
			     clout_sql_column_int64(store->db, b.st, 2), clout_sql_column_count(store->db, b.st, 3))) != 0)
			break;
	clout_sql_reset(store->db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}
