/*
 * clout/auth.h: users, roles and permissions, API tokens, login sessions with CSRF tokens, login
 * rate limiting, workspace membership and the audit log.
 *
 * A user has one role; a role grants a fixed set of permissions (clout_role_allows: the table in
 * src/lib/auth/role.c, documented in docs/users.md). Every route of `clout serve` names the
 * permission it requires; the server checks the caller's role against this table.
 *
 * Passwords are stored as Argon2id strings (libsodium crypto_pwhash_str, moderate limits). API
 * tokens and login sessions are "ID.SECRET" texts: a 32-byte random secret, stored only as its
 * BLAKE2b-256 hash, found by ID and compared in constant time. A token belongs to a user and one
 * workspace, may expire and may be revoked; it is shown once, when created. A session's CSRF token
 * is derived from its secret (keyed BLAKE2b), so it is never stored either.
 *
 * Login attempts are rate limited: after CLOUT_AUTH_LOGIN_MAX_FAILURES failures within
 * CLOUT_AUTH_LOGIN_WINDOW_S seconds for a user name, or from a client address hash, further logins
 * are refused with CLOUT_ELIMITED (and the seconds to wait) without checking the password.
 *
 * The audit log records every write made through the API or the CLI: who (user name, or "local"
 * for the CLI's operator), what action ("link.create"), which object ("link:spring"), when (unix
 * milliseconds) and from where (an address hash "addr:HEX", or "cli"). Modules that write call
 * clout_audit_append.
 *
 * Times are unix seconds unless a name says _ms; a `now` argument of 0 means the current time
 * (tests pass their own).
 */
#ifndef CLOUT_AUTH_H
#define CLOUT_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/session.h"
#include "clout/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Roles and permissions ---- */

typedef enum clout_role {
	CLOUT_ROLE_ADMIN = 0,
	CLOUT_ROLE_MANAGER,
	CLOUT_ROLE_ANALYST,
	CLOUT_ROLE_PR,
	CLOUT_ROLE_SOCIAL,
	CLOUT_ROLE_SUPPORT,
	CLOUT_ROLE_VIEWER,
	CLOUT_ROLE_COUNT
} clout_role;

/*
 * What a route or an operation requires. PUBLIC needs no credentials; SIGNED_IN needs any valid
 * credentials (whoami, logout); the others are granted by roles.
 */
typedef enum clout_permission {
	CLOUT_PERM_PUBLIC = 0,
	CLOUT_PERM_SIGNED_IN,
	CLOUT_PERM_METRICS_READ,     /* metrics:read */
	CLOUT_PERM_LINKS_READ,       /* links:read: links and their clicks */
	CLOUT_PERM_LINKS_WRITE,      /* links:write */
	CLOUT_PERM_CODES_WRITE,      /* codes:write: promo codes */
	CLOUT_PERM_CONVERSIONS_READ, /* conversions:read */
	CLOUT_PERM_CONVERSIONS_WRITE,/* conversions:write: conversions and refunds */
	CLOUT_PERM_REPORTS_READ,     /* reports:read: link, influencer and campaign reports */
	CLOUT_PERM_ACCOUNTS_READ,    /* accounts:read: accounts, posts, stats */
	CLOUT_PERM_DISCOVER_READ,    /* discover:read */
	CLOUT_PERM_PLAN_RUN,         /* plan:run */
	CLOUT_PERM_SENTIMENT_RUN,    /* sentiment:run */
	CLOUT_PERM_LISTEN_READ,      /* listen:read */
	CLOUT_PERM_LISTEN_WRITE,     /* listen:write */
	CLOUT_PERM_WEBHOOKS_ADMIN,   /* webhooks:admin */
	CLOUT_PERM_AUDIT_READ,       /* audit:read */
	CLOUT_PERM_USERS_ADMIN,      /* users:admin: users, roles, other users' tokens */
	CLOUT_PERM_PEOPLE_READ,      /* people:read: people, their interactions, feedback, balance */
	CLOUT_PERM_PEOPLE_WRITE,     /* people:write: add, link, stage, consent, NDA, erase */
	CLOUT_PERM_INTERACTIONS_WRITE, /* interactions:write: log interactions and feedback */
	CLOUT_PERM_INBOX_WRITE,      /* inbox:write: assign, answer and close listening mentions */
	CLOUT_PERM_CAMPAIGNS_READ,   /* campaigns:read: campaigns, rosters, contracts, the calendar */
	CLOUT_PERM_CAMPAIGNS_WRITE,  /* campaigns:write: campaigns and their rosters */
	CLOUT_PERM_CONTRACTS_WRITE,  /* contracts:write: contracts and deliverables */
	CLOUT_PERM_COUNT
} clout_permission;

/* "admin", "manager", ... */
const char *clout_role_name(clout_role role);
/* Parses a role name; CLOUT_EINVAL naming the roles when unknown. */
int clout_role_parse(clout_role *out, const char *name, clout_error *err);
/* "links:write", ...; "public" and "signed-in" for the first two. */
const char *clout_permission_name(clout_permission perm);
/* Parses a permission name; -1 when unknown. */
int clout_permission_parse(const char *name);
/* Whether role grants perm (PUBLIC and SIGNED_IN are granted to every role). */
bool clout_role_allows(clout_role role, clout_permission perm);

/* ---- Secrets shown once ---- */

/* Longest "ID.SECRET" text of a token or session, with its NUL. */
#define CLOUT_AUTH_SECRET_TEXT_MAX 80
/* A CSRF token: 64 hex digits and a NUL. */
#define CLOUT_AUTH_CSRF_MAX 65
/* A generated password: 24 characters and a NUL. */
#define CLOUT_AUTH_PASSWORD_GEN 25
/* Shortest password accepted. */
#define CLOUT_AUTH_PASSWORD_MIN 8
/* Longest user name (bytes). Names are [A-Za-z0-9._@-]. */
#define CLOUT_AUTH_NAME_MAX 64

/* Login rate limit. */
#define CLOUT_AUTH_LOGIN_MAX_FAILURES 5
#define CLOUT_AUTH_LOGIN_WINDOW_S (15 * 60)
/* Default session lifetime. */
#define CLOUT_AUTH_SESSION_TTL_S (12 * 3600)

/* ---- Users ---- */

typedef struct clout_user {
	int64_t id;
	char *name;
	clout_role role;
	int64_t created_at;
} clout_user;

/* Frees a list of users (NULL-safe). */
void clout_users_free(clout_user *users, size_t n);


/*
 * How much work a password hash costs (Argon2id limits of libsodium): MODERATE (the default: 3
 * passes over 256 MiB), INTERACTIVE (2 passes over 64 MiB), or MIN (1 pass over 8 KiB: only for
 * tests and throwaway stores). A hash keeps its own limits, so users of every cost can log in.
 */
typedef enum clout_password_cost {
	CLOUT_PASSWORD_MODERATE = 0,
	CLOUT_PASSWORD_INTERACTIVE,
	CLOUT_PASSWORD_MIN
} clout_password_cost;

/* Parses "moderate", "interactive" or "min"; CLOUT_EINVAL. */
int clout_password_cost_parse(clout_password_cost *out, const char *name, clout_error *err);

/*
 * Adds a user with role and password (at least CLOUT_AUTH_PASSWORD_MIN bytes), a member of
 * workspace (an id; 0: no workspace yet). CLOUT_EINVAL for a bad name or short password,
 * CLOUT_EEXISTS when the name is taken. *out_id (may be NULL) is the new user's id.
 */
int clout_auth_user_add(int64_t *out_id, clout_session *s, const char *name, clout_role role, const char *password, clout_password_cost cost, int64_t workspace);
/* Fills out[CLOUT_AUTH_PASSWORD_GEN] with a random password (letters and digits). */
void clout_auth_password_generate(char *out);
/* The user called name; out->name is owned (free(out->name)). CLOUT_ENOTFOUND when absent. */
int clout_auth_user_get(clout_user *out, clout_session *s, const char *name);
/* Every user, by name. */
int clout_auth_user_list(clout_user **out, size_t *n, clout_session *s);
/* Changes a user's role. CLOUT_ENOTFOUND when absent. */
int clout_auth_user_set_role(clout_session *s, const char *name, clout_role role);
/* Sets a user's password (sessions of the user are ended). */
int clout_auth_user_set_password(clout_session *s, const char *name, const char *password, clout_password_cost cost);
/* Removes a user with their tokens, sessions and memberships. CLOUT_ENOTFOUND when absent. */
int clout_auth_user_remove(clout_session *s, const char *name);
/* Makes user a member of workspace (idempotent). */
int clout_auth_member_add(clout_session *s, int64_t user, int64_t workspace);
/* Makes the user called name a member of workspace (an id) too, keeping their other workspaces
 * (idempotent); their one role applies there. CLOUT_ENOTFOUND when there is no such user. */
int clout_auth_user_join(clout_session *s, const char *name, int64_t workspace);
/* Whether user may act in workspace: a member, or an admin (admins reach every workspace). */
int clout_auth_member_check(bool *out, clout_session *s, int64_t user, clout_role role, int64_t workspace);

/* ---- Who is acting ---- */

/* The caller a credential stands for. */
typedef struct clout_principal {
	int64_t user_id;
	char name[CLOUT_AUTH_NAME_MAX + 1];
	clout_role role;
	int64_t workspace; /* the workspace the credential acts in */
	int64_t token_id;  /* the API token used, or 0 */
	int64_t session_id;/* the login session used, or 0 */
} clout_principal;

/* A workspace by id and name. */
typedef struct clout_workspace_ref {
	int64_t id;
	char *name;
} clout_workspace_ref;

/*
 * The workspaces who may act in, by name: every one for an admin, else the ones the user is a
 * member of (the dashboard's workspace switcher), read through s's store (whatever its workspace).
 * Free with clout_workspace_refs_free. Errors on s.
 */
int clout_auth_workspaces(clout_workspace_ref **out, size_t *n, clout_session *s, const clout_principal *who);
/* Frees a list of workspaces (NULL-safe). */
void clout_workspace_refs_free(clout_workspace_ref *list, size_t n);

/* ---- API tokens ---- */

typedef struct clout_api_token {
	int64_t id;
	char *user;
	char *workspace;   /* the workspace's name */
	int64_t created_at;
	int64_t expires_at; /* 0: never */
	int64_t revoked_at; /* 0: live */
	int64_t last_used_at; /* 0: never used */
} clout_api_token;

void clout_api_tokens_free(clout_api_token *tokens, size_t n);

/*
 * Creates a token for user in workspace (the user must be a member, or an admin), expiring at
 * expires_at (0: never). text receives "ID.SECRET" (CLOUT_AUTH_SECRET_TEXT_MAX bytes): show it once;
 * only its hash is kept. *out_id (may be NULL) is its id.
 */
int clout_auth_token_create(int64_t *out_id, char *text, clout_session *s, const char *user, int64_t workspace, int64_t expires_at);
/* Every token (user NULL) or a user's, newest first; never their secrets. */
int clout_auth_token_list(clout_api_token **out, size_t *n, clout_session *s, const char *user);
/* Revokes token id. CLOUT_ENOTFOUND when there is no such live token. */
int clout_auth_token_revoke(clout_session *s, int64_t id, int64_t now);
/*
 * Checks a presented token text. CLOUT_EDENIED (message says why: malformed, unknown, revoked,
 * expired) when it does not stand for anyone; else fills *out.
 */
int clout_auth_token_check(clout_principal *out, clout_session *s, const char *text, int64_t now);

/* Parses a duration "90d", "12h", "30m", "45s" (or plain seconds) into seconds; CLOUT_EINVAL. */
int clout_auth_parse_duration(int64_t *out, const char *text, clout_error *err);

/* ---- Login sessions ---- */

typedef struct clout_login {
	clout_principal who;
	char session[CLOUT_AUTH_SECRET_TEXT_MAX]; /* the cookie value: "ID.SECRET" */
	char csrf[CLOUT_AUTH_CSRF_MAX];           /* the CSRF token of the session */
	int64_t expires_at;
} clout_login;

/*
 * Logs name in with password from origin ("addr:HEX" or "cli"), into workspace (0: the user's
 * first workspace). Every attempt is recorded. CLOUT_ELIMITED with *retry_after (seconds) when the
 * name or the origin has too many recent failures (the password is then not checked);
 * CLOUT_EDENIED when the name or password is wrong (one message for both) or the user is not a
 * member of workspace.
 */
int clout_auth_login(clout_login *out, int64_t *retry_after, clout_session *s, const char *name, const char *password, const char *origin, int64_t workspace, int64_t now);
/* Checks a session cookie value; CLOUT_EDENIED when it is not a live session. Fills *out and csrf
 * (CLOUT_AUTH_CSRF_MAX bytes, may be NULL) with the session's CSRF token. */
int clout_auth_session_check(clout_principal *out, char *csrf, clout_session *s, const char *text, int64_t now);
/* Ends the session with id (logout). */
int clout_auth_session_end(clout_session *s, int64_t id);
/*
 * Moves the live session with session_id to the workspace called workspace, from origin ("addr:HEX"
 * or "cli"): the session is ended and a new one (new id, secret and CSRF token, the same expiry) is
 * made in that workspace, in one transaction, so a session id known before the switch is worthless
 * after it (no session fixation). The user must be a member of the workspace (or an admin); the role
 * is the user's role now. CLOUT_ENOTFOUND, with one message, for a workspace that does not exist and
 * for one the user is not a member of; CLOUT_EDENIED when the session is not live; CLOUT_EINVAL
 * without a name. out is filled as by clout_auth_login.
 */
int clout_auth_session_switch(clout_login *out, clout_session *s, int64_t session_id, const char *workspace, const char *origin, int64_t now);
/* Compares a presented CSRF token with the expected one in constant time. */
bool clout_auth_csrf_equal(const char *expected, const char *presented);

/* Hashes a client address (4 or 16 bytes) with the store's secret into "addr:" and 32 hex digits
 * (out: CLOUT_AUTH_ORIGIN_MAX bytes). */
#define CLOUT_AUTH_ORIGIN_MAX 40
int clout_auth_origin(char *out, clout_session *s, const void *address, size_t len);

/* ---- Audit log ---- */

typedef struct clout_audit_entry {
	int64_t id;
	int64_t at_ms;      /* 0 when appending: now */
	int64_t workspace;  /* 0: none */
	const char *actor;  /* user name; NULL: "local" */
	const char *action; /* "link.create", "user.add", ... */
	const char *object; /* "link:spring", "user:ana"; may be NULL */
	const char *origin; /* "addr:HEX", "cli"; NULL: "cli" */
} clout_audit_entry;

/* Appends one entry. */
int clout_audit_append(clout_session *s, const clout_audit_entry *entry);

/* Entries at or after since_ms, oldest first; strings are owned by the list. */
typedef struct clout_audit_list {
	clout_audit_entry *entries;
	size_t count;
	char *strings; /* one block holding every string */
} clout_audit_list;

int clout_audit_read(clout_audit_list *out, clout_session *s, int64_t since_ms);
void clout_audit_list_release(clout_audit_list *list);
/* The list as a JSON array of {"id","at","workspace","actor","action","object","origin"} (at: RFC 3339
 * UTC with milliseconds), for free(). NULL when out of memory. */
char *clout_audit_json(const clout_audit_list *list);

#ifdef __cplusplus
}
#endif
#endif
