/*
 * listen_inbox.h (libclout only): what listening keeps (migration 0014_listen_inbox), in portable
 * SQL on the clout_sql front: mentions and their inbox state, reply notes, alerts, per-team SLAs,
 * duty, partners, and the rows that the inbox report and share of voice aggregate. What the values
 * may be is checked in src/lib/listen/.
 */
#ifndef CLOUT_LIB_STORE_LISTEN_INBOX_H
#define CLOUT_LIB_STORE_LISTEN_INBOX_H

#include <stdint.h>

#include "clout/listen.h"
#include "clout/store.h"

/* Inserts m (its id, status fields and times as given) unless the workspace has a mention of the
 * same rule and post: 1 (with *out_id when out_id is not NULL), 0 when it had one, or a negative
 * code. */
int clout__store_mention_insert(clout_store *store, int64_t ws, const clout_listen_mention *m, int64_t *out_id,
	clout_error *err);

/* Per rule and hour (posted_at / 3600) since since: fn(ctx, rule_id, hour, mentions, negative). */
typedef int (*clout__store_hour_fn)(void *ctx, int64_t rule_id, int64_t hour, int64_t mentions, int64_t negative);
int clout__store_mention_hours(clout_store *store, int64_t ws, int64_t since, clout__store_hour_fn fn, void *ctx,
	clout_error *err);

/* The latest posted_at of the workspace's mentions, 0 when it has none. */
int clout__store_mention_latest(clout_store *store, int64_t ws, int64_t *out, clout_error *err);

/* The owner of the team's last mention routed round robin (out[0] = 0 when none). */
int clout__store_mention_last_owner(clout_store *store, int64_t ws, const char *team, char *out, size_t cap,
	clout_error *err);

/* Calls fn with the name of each member of ws whose role is team and who is on duty, by name. */
typedef int (*clout__store_name_fn)(void *ctx, const char *name);
int clout__store_team_members(clout_store *store, int64_t ws, const char *team, clout__store_name_fn fn, void *ctx,
	clout_error *err);

/* The mentions of the inbox query q (see clout_listen_inbox_foreach), overdue first. */
int clout__store_inbox_foreach(clout_store *store, int64_t ws, const clout_listen_inbox_query *q,
	clout_listen_mention_fn fn, void *ctx, clout_error *err);

/* Inbox changes on mention id: CLOUT_ENOTFOUND when ws has none, CLOUT_ECONFLICT when closed. */
int clout__store_inbox_assign(clout_store *store, int64_t ws, int64_t id, const char *owner, clout_error *err);
int clout__store_inbox_reply(clout_store *store, int64_t ws, int64_t id, const char *author, const char *note,
	int64_t now, clout_error *err);
int clout__store_inbox_close(clout_store *store, int64_t ws, int64_t id, int64_t now, clout_error *err);
/* The notes of mention id, oldest first: fn(ctx, author, note, created_at). */
typedef int (*clout__store_note_fn)(void *ctx, const char *author, const char *note, int64_t created_at);
int clout__store_inbox_notes(clout_store *store, int64_t ws, int64_t id, clout__store_note_fn fn, void *ctx,
	clout_error *err);

/* The clocks of one mention: its team, when it came, when it was due, its first response (0: none)
 * and its status. */
typedef struct clout__store_clock {
	char team[24];
	int64_t created_at, due_at, first_response_at;
	char status[24];
} clout__store_clock;

/* The clocks of every mention created in [from, to) (to 0: no end), into a malloc'd array (free it;
 * on error it holds what was read). */
int clout__store_inbox_clocks(clout_store *store, int64_t ws, int64_t from, int64_t to, clout__store_clock **out,
	size_t *count, clout_error *err);

/* The SLAs set in ws: fn(ctx, team, priority, seconds). */
typedef int (*clout__store_sla_fn)(void *ctx, const char *team, const char *priority, int64_t seconds);
int clout__store_sla_foreach(clout_store *store, int64_t ws, clout__store_sla_fn fn, void *ctx, clout_error *err);
int clout__store_sla_set(clout_store *store, int64_t ws, const char *team, const char *priority, int64_t seconds,
	clout_error *err);
int clout__store_duty_set(clout_store *store, int64_t ws, const char *user, bool on_duty, clout_error *err);

/* Partners: add (0, or CLOUT_EEXISTS), remove (CLOUT_ENOTFOUND), walk by platform and handle: the
 * ones added, or (contracted) the accounts of people with a signed or active contract in one of
 * the workspace's campaigns. */
int clout__store_partner_add(clout_store *store, int64_t ws, const char *platform, const char *handle, int64_t now,
	clout_error *err);
int clout__store_partner_remove(clout_store *store, int64_t ws, const char *platform, const char *handle,
	clout_error *err);
int clout__store_partner_foreach(clout_store *store, int64_t ws, bool contracted, clout_listen_partner_fn fn,
	void *ctx, clout_error *err);

/* Inserts alert a unless ws has one with the same dedup key: 1 with *out_id, 0, or a negative code. */
int clout__store_alert_insert(clout_store *store, int64_t ws, const clout_listen_alert *a, const char *dedup_key,
	int64_t *out_id, clout_error *err);
int clout__store_alert_foreach(clout_store *store, int64_t ws, const char *kind, int64_t from, int64_t to,
	clout_listen_alert_fn fn, void *ctx, clout_error *err);

/* The mentions of rule name posted in [from, to): fn(ctx, posted_at, label, account_id, reach). */
typedef int (*clout__store_sov_fn)(void *ctx, int64_t posted_at, const char *label, int64_t account_id, int64_t reach);
int clout__store_sov_rows(clout_store *store, int64_t ws, const char *rule, int64_t from, int64_t to,
	clout__store_sov_fn fn, void *ctx, clout_error *err);

#endif
