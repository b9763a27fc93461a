/*
 * resources.h: what handlers call into, opened once for the server's life: sessions for requests
 * (a pool, each with its own store connection, sharing one text model), the default workspace,
 * the base of short links, the click recorder that commits clicks in groups on its own
 * connection, and the webhook deliverer. The data API, links, conversions, logins and credential
 * checks reach the store through a pooled session; the listening, campaign and contract handlers
 * still use the shared connection behind store_lock (and listening's listeners live on it).
 */
#ifndef CLOUT_SERVER_RESOURCES_H
#define CLOUT_SERVER_RESOURCES_H

#include <pthread.h>

#include "clout/clout.h"
#include "clout/auth.h"
#include "clout/session.h"
#include "clout/listen.h"
#include "clout/track.h"
#include "clout/webhook.h"
#include "server/metrics.h"
#include "server/server.h"

#define RESOURCES_LISTENERS 8

typedef struct server_resources {
	clout_store *store;     /* opened (and migrated) at start, so a bad --db fails before listening */
	pthread_mutex_t store_lock;
	int64_t workspace;      /* "default": workspaces per token come with users and tokens */
	char *public_url;       /* base of short links, without a trailing slash */
	clout_track_recorder *recorder;
	bool tls;               /* served over HTTPS: cookies are Secure */
	clout_webhook_deliverer *webhooks; /* posts the webhook outbox on its own thread */
	clout_store *login_store; /* logins' own connection: a password hash never holds store_lock */
	pthread_mutex_t login_lock;
	char *location;          /* the store's location, for the sessions */
	clout_text_model *model; /* loaded once, shared read-only by every session */
	pthread_mutex_t sessions_lock;
	clout_session **idle;    /* sessions not in use, each with its own store connection */
	size_t idle_count, idle_cap;
	/* listening ingest (under store_lock): the text model, loaded on the first ingest, and a
	 * listener per workspace for the last few workspaces that ingested */
	clout_text_model *text_model;
	clout_listen_listener *listeners[RESOURCES_LISTENERS];
	int64_t listener_ws[RESOURCES_LISTENERS];
	size_t next_listener;
} server_resources;

/* Opens the store at opts->db and starts the click recorder. Free with resources_free. */
int resources_open(server_resources **out, const server_options *opts, server_metrics *metrics,
	clout_error *err);
/* Commits every queued click and answers its request (called during the drain). NULL-safe. */
void resources_stop(server_resources *res);
void resources_free(server_resources *res);

/* Takes and gives back the API's store connection. */
clout_store *resources_store(server_resources *res);
void resources_store_done(server_resources *res);

/*
 * A session for one request, acting in who's workspace as who (NULL: the server's default
 * workspace, no user): an idle one when there is one, else a new one with its own store
 * connection. Give it back with resources_session_done. The error (opening a connection) is in err.
 */
int resources_session(server_resources *res, const clout_principal *who, clout_session **out, clout_error *err);
void resources_session_done(server_resources *res, clout_session *s);
/* The listener of workspace on the API's store, made (or refreshed with the rules saved since) for
 * the caller, who holds the store (resources_store). Errors as clout_listen_listener_new. */
int resources_listener(server_resources *res, int64_t workspace, clout_listen_listener **out, clout_error *err);

/* Takes and gives back the connection logins use (they spend long in Argon2id). */
clout_store *resources_login_store(server_resources *res);
void resources_login_store_done(server_resources *res);

#endif
