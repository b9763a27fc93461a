/*
 * resources.h: what handlers call into, opened once for the server's life: sessions for requests
 * (a pool, each with its own store connection, sharing one text model), the default workspace,
 * the base of short links, the click recorder that commits clicks in groups on its own
 * connection, and the webhook deliverer. The data API, links, conversions, logins and credential
 * checks, listening, people, campaigns, contracts and reports reach the store through a pooled
 * session (listening's listeners, one per workspace, are handed the session of each request that
 * ingests). The store is opened (made and migrated) once at start, to fail early on a bad --db.
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
	int64_t workspace;      /* "default" (made and migrated at start): workspaces per token come with
	                           users and tokens */
	char *public_url;       /* base of short links, without a trailing slash */
	clout_track_recorder *recorder;
	bool tls;               /* served over HTTPS: cookies are Secure */
	clout_webhook_deliverer *webhooks; /* posts the webhook outbox on its own thread */
	char *location;          /* the store's location, for the sessions */
	clout_text_model *model; /* loaded once, shared read-only by every session */
	pthread_mutex_t sessions_lock;
	clout_session **idle;    /* sessions not in use, each with its own store connection */
	size_t idle_count, idle_cap;
	/* listening ingest (under listen_lock: a listener serves one request at a time): a listener
	 * per workspace for the last few workspaces that ingested */
	pthread_mutex_t listen_lock;
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

/*
 * A session for one request, acting in who's workspace as who (NULL: the server's default
 * workspace, no user): an idle one when there is one, else a new one with its own store
 * connection. Give it back with resources_session_done. The error (opening a connection) is in err.
 */
int resources_session(server_resources *res, const clout_principal *who, clout_session **out, clout_error *err);
void resources_session_done(server_resources *res, clout_session *s);
/*
 * The listener of s's workspace, made on s or moved to s (clout_listen_listener_use) and refreshed
 * with the rules saved since, for a caller who holds listen_lock (resources_listen_lock) until it
 * is done with the listener. Errors on s, as clout_listen_listener_new.
 */
int resources_listener(server_resources *res, clout_session *s, clout_listen_listener **out);
void resources_listen_lock(server_resources *res);
void resources_listen_unlock(server_resources *res);

#endif
