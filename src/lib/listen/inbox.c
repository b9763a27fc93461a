/*
 * inbox.c: the listening inbox (assign, reply notes, close, the SLA clock and its report), SLAs and
 * duty, partners, the alert list and share of voice: what each may say is checked here, the SQL
 * is in src/lib/store/listen_inbox.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/listen/internal.h"
#include "lib/listen/listener.h"
#include "lib/store/listen_inbox.h"
#include "util/banned.h"

#define NOTE_MAX 4096
#define NAME_MAX_LEN 64
#define SLA_MAX (30 * 86400)

static const char *const TEAM_NAMES[LISTEN_TEAMS] = { "pr", "social", "support" };

static int64_t now_or(int64_t t)
{
	return t ? t : (int64_t)time(NULL);
}

static int check_user(const char *what, const char *user, clout_error *err)
{
	size_t len = user ? strlen(user) : 0;
	if (len == 0 || len > NAME_MAX_LEN)
		return clout_error_set(err, CLOUT_EINVAL, "%s: expected a user name of 1 to %d bytes", what, NAME_MAX_LEN);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)user[i] < 0x20)
			return clout_error_set(err, CLOUT_EINVAL, "%s: control characters are not allowed", what);
	return 0;
}

static int inbox_foreach_in(clout_store *store, int64_t workspace, const clout_listen_inbox_query *q,
	clout_listen_mention_fn fn, void *ctx, clout_error *err)
{
	static const char *const statuses[] = { "new", "assigned", "replied", "closed", NULL };
	clout_listen_inbox_query query = CLOUT_LISTEN_INBOX_QUERY_INIT;
	bool ok = false;
	if (q)
		query = *q;
	if (query.version != CLOUT_LISTEN_INBOX_QUERY_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "inbox query: version %u, expected %u", query.version,
			CLOUT_LISTEN_INBOX_QUERY_VERSION);
	if (query.team && listen_team_index(query.team) < 0)
		return clout_error_set(err, CLOUT_EINVAL, "team: expected pr, social or support (got '%s')", query.team);
	for (size_t i = 0; query.status && statuses[i]; i++)
		ok |= !strcmp(query.status, statuses[i]);
	if (query.status && !ok)
		return clout_error_set(err, CLOUT_EINVAL, "status: expected new, assigned, replied or closed (got '%s')",
			query.status);
	if (query.limit < 0)
		return clout_error_set(err, CLOUT_EINVAL, "limit: must be positive");
	query.now = now_or(query.now);
	if (!query.limit)
		query.limit = 1000;
	return clout__store_inbox_foreach(store, workspace, &query, fn, ctx, err);
}

static int inbox_assign_in(clout_store *store, int64_t workspace, int64_t id, const char *user, clout_error *err)
{
	int rc = check_user("user", user, err);
	return rc < 0 ? rc : clout__store_inbox_assign(store, workspace, id, user, err);
}

static int inbox_reply_in(clout_store *store, int64_t workspace, int64_t id, const char *author, const char *note,
	clout_error *err)
{
	size_t len = note ? strlen(note) : 0;
	if (len == 0 || strspn(note, " \t\r\n") == len)
		return clout_error_set(err, CLOUT_EINVAL, "note: must not be empty");
	if (len > NOTE_MAX)
		return clout_error_set(err, CLOUT_EINVAL, "note: longer than %d bytes", NOTE_MAX);
	return clout__store_inbox_reply(store, workspace, id, author && *author ? author : "local", note,
		(int64_t)time(NULL), err);
}

static int inbox_close_in(clout_store *store, int64_t workspace, int64_t id, clout_error *err)
{
	return clout__store_inbox_close(store, workspace, id, (int64_t)time(NULL), err);
}

static int inbox_notes_in(clout_store *store, int64_t workspace, int64_t id, clout_listen_note_fn fn, void *ctx,
	clout_error *err)
{
	return clout__store_inbox_notes(store, workspace, id, fn, ctx, err);
}

/* ---- SLAs and duty ---- */

static int check_team_priority(const char *team, const char *priority, int *t, int *p, clout_error *err)
{
	if ((*t = listen_team_index(team)) < 0)
		return clout_error_set(err, CLOUT_EINVAL, "team: expected pr, social or support (got '%s')", team ? team : "");
	if ((*p = listen_priority_index(priority)) < 0)
		return clout_error_set(err, CLOUT_EINVAL, "priority: expected low, normal or high (got '%s')",
			priority ? priority : "");
	return 0;
}

typedef struct sla_find {
	const char *team, *priority;
	int64_t seconds;
} sla_find;

static int sla_match(void *ctx, const char *team, const char *priority, int64_t seconds)
{
	sla_find *f = ctx;
	if (!strcmp(team, f->team) && !strcmp(priority, f->priority))
		f->seconds = seconds;
	return 0;
}

static int sla_get_in(clout_store *store, int64_t workspace, const char *team, const char *priority,
	int64_t *out, clout_error *err)
{
	int t = 0, p = 0, rc;
	if ((rc = check_team_priority(team, priority, &t, &p, err)) < 0)
		return rc;
	sla_find f = { team, priority, listen_sla_default(t, p) };
	if ((rc = clout__store_sla_foreach(store, workspace, sla_match, &f, err)) < 0)
		return rc;
	*out = f.seconds;
	return 0;
}

static int sla_set_in(clout_store *store, int64_t workspace, const char *team, const char *priority,
	int64_t seconds, clout_error *err)
{
	int t = 0, p = 0, rc;
	if ((rc = check_team_priority(team, priority, &t, &p, err)) < 0)
		return rc;
	if (seconds < 1 || seconds > SLA_MAX)
		return clout_error_set(err, CLOUT_EINVAL, "sla: expected 1 second to 30 days (got %lld seconds)",
			(long long)seconds);
	return clout__store_sla_set(store, workspace, team, priority, seconds, err);
}

static int duty_set_in(clout_store *store, int64_t workspace, const char *user, bool on_duty, clout_error *err)
{
	int rc = check_user("user", user, err);
	return rc < 0 ? rc : clout__store_duty_set(store, workspace, user, on_duty, err);
}

/* ---- the report ---- */

/* Counts one mention's clocks into its team's report (now: for the open ones overdue). */
static void report_count(clout_listen_team_report *r, const clout__store_clock *k, int64_t now)
{
	r->mentions++;
	if (strcmp(k->status, "closed") && !k->first_response_at)
		r->open++;
	if (k->first_response_at) {
		r->answered++;
		if (k->first_response_at <= k->due_at)
			r->within_sla++;
		else
			r->breached++;
	} else if (strcmp(k->status, "closed") && k->due_at < now) {
		r->breached++;
	}
}

static int compare_seconds(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The nearest-rank percentile q of sorted v[0..n). */
static int64_t percentile(const int64_t *v, size_t n, double q)
{
	size_t rank = (size_t)ceil(q * (double)n);
	return v[rank ? rank - 1 : 0];
}

static int inbox_report_in(clout_store *store, int64_t workspace, int64_t from, int64_t to, int64_t now,
	clout_listen_team_report out[3], clout_error *err)
{
	clout__store_clock *clocks = NULL;
	int64_t *seconds = NULL;
	size_t n = 0;
	int rc;
	memset(out, 0, 3 * sizeof(*out));
	now = now_or(now);
	for (int t = 0; t < LISTEN_TEAMS; t++) {
		out[t].team = TEAM_NAMES[t];
		out[t].median_s = out[t].p90_s = -1;
	}
	if ((rc = clout__store_inbox_clocks(store, workspace, from, to, &clocks, &n, err)) < 0)
		goto done;
	if (n && !(seconds = malloc(n * sizeof(*seconds)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (int t = 0; t < LISTEN_TEAMS; t++) {
		size_t answered = 0;
		for (size_t i = 0; i < n; i++) {
			if (listen_team_index(clocks[i].team) != t)
				continue;
			report_count(&out[t], &clocks[i], now);
			if (clocks[i].first_response_at)
				seconds[answered++] = clocks[i].first_response_at - clocks[i].created_at;
		}
		if (answered) {
			qsort(seconds, answered, sizeof(*seconds), compare_seconds);
			out[t].median_s = percentile(seconds, answered, 0.5);
			out[t].p90_s = percentile(seconds, answered, 0.9);
		}
	}
done:
	free(seconds);
	free(clocks);
	return rc;
}

/* ---- partners and alerts ---- */

/* Handles are kept in lower case without '@' (platforms compare them without case). */
static int partner_args(const char **platform, const char **handle, char folded[130], clout_error *err)
{
	if (*handle && **handle == '@')
		(*handle)++;
	if (!*handle || !**handle || strlen(*handle) > 128 || strpbrk(*handle, " \t\r\n"))
		return clout_error_set(err, CLOUT_EINVAL, "handle: expected @handle");
	size_t i = 0;
	for (; (*handle)[i]; i++)
		folded[i] = (char)((*handle)[i] >= 'A' && (*handle)[i] <= 'Z' ? (*handle)[i] - 'A' + 'a' : (*handle)[i]);
	folded[i] = '\0';
	*handle = folded;
	if (!*platform || !**platform)
		*platform = "*";
	if (strlen(*platform) > 32)
		return clout_error_set(err, CLOUT_EINVAL, "platform: longer than 32 bytes");
	return 0;
}

static int partner_add_in(clout_store *store, int64_t workspace, const char *platform, const char *handle,
	clout_error *err)
{
	char folded[130];
	int rc = partner_args(&platform, &handle, folded, err);
	return rc < 0 ? rc : clout__store_partner_add(store, workspace, platform, handle, (int64_t)time(NULL), err);
}

static int partner_remove_in(clout_store *store, int64_t workspace, const char *platform, const char *handle,
	clout_error *err)
{
	char folded[130];
	int rc = partner_args(&platform, &handle, folded, err);
	return rc < 0 ? rc : clout__store_partner_remove(store, workspace, platform, handle, err);
}

static int partner_foreach_in(clout_store *store, int64_t workspace, clout_listen_partner_fn fn, void *ctx,
	clout_error *err)
{
	return clout__store_partner_foreach(store, workspace, false, fn, ctx, err);
}

static int alert_foreach_in(clout_store *store, int64_t workspace, const char *kind, int64_t from, int64_t to,
	clout_listen_alert_fn fn, void *ctx, clout_error *err)
{
	static const char *const kinds[] = { "spike", "crisis", "influencer", "disclosure", NULL };
	bool ok = !kind;
	for (size_t i = 0; kind && kinds[i]; i++)
		ok |= !strcmp(kind, kinds[i]);
	if (!ok)
		return clout_error_set(err, CLOUT_EINVAL, "kind: expected spike, crisis, influencer or disclosure (got '%s')",
			kind);
	return clout__store_alert_foreach(store, workspace, kind, from, to, fn, ctx, err);
}

/* ---- the operations on a session ---- */

int clout_listen_inbox_foreach(clout_session *s, const clout_listen_inbox_query *q, clout_listen_mention_fn fn,
	void *ctx)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : inbox_foreach_in(store, ws, q, fn, ctx, clout_session_err(s));
}

int clout_listen_inbox_assign(clout_session *s, int64_t id, const char *user)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : inbox_assign_in(store, ws, id, user, clout_session_err(s));
}

int clout_listen_inbox_reply(clout_session *s, int64_t id, const char *author, const char *note)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : inbox_reply_in(store, ws, id, author, note, clout_session_err(s));
}

int clout_listen_inbox_close(clout_session *s, int64_t id)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : inbox_close_in(store, ws, id, clout_session_err(s));
}

int clout_listen_inbox_notes(clout_session *s, int64_t id, clout_listen_note_fn fn, void *ctx)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : inbox_notes_in(store, ws, id, fn, ctx, clout_session_err(s));
}

int clout_listen_sla_get(clout_session *s, const char *team, const char *priority, int64_t *out)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : sla_get_in(store, ws, team, priority, out, clout_session_err(s));
}

int clout_listen_sla_set(clout_session *s, const char *team, const char *priority, int64_t seconds)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : sla_set_in(store, ws, team, priority, seconds, clout_session_err(s));
}

int clout_listen_duty_set(clout_session *s, const char *user, bool on_duty)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : duty_set_in(store, ws, user, on_duty, clout_session_err(s));
}

int clout_listen_inbox_report(clout_session *s, int64_t from, int64_t to, int64_t now, clout_listen_team_report out[3])
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : inbox_report_in(store, ws, from, to, now, out, clout_session_err(s));
}

int clout_listen_partner_add(clout_session *s, const char *platform, const char *handle)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : partner_add_in(store, ws, platform, handle, clout_session_err(s));
}

int clout_listen_partner_remove(clout_session *s, const char *platform, const char *handle)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : partner_remove_in(store, ws, platform, handle, clout_session_err(s));
}

int clout_listen_partner_foreach(clout_session *s, clout_listen_partner_fn fn, void *ctx)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : partner_foreach_in(store, ws, fn, ctx, clout_session_err(s));
}

int clout_listen_alert_foreach(clout_session *s, const char *kind, int64_t from, int64_t to, clout_listen_alert_fn fn,
	void *ctx)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : alert_foreach_in(store, ws, kind, from, to, fn, ctx, clout_session_err(s));
}
