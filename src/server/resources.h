/*
 * resources.h: what handlers call into, opened once for the server's life: sessions for requests
 * (a pool, each with its own store connection, sharing one text model), the default workspace,
 * the base of short links, the click recorder that commits clicks in groups on its own
 * connection, and the webhook deliverer. Handlers reach the store only through a session.
 */
#ifndef CLOUT_SERVER_RESOURCES_H
#define CLOUT_SERVER_RESOURCES_H

#include <pthread.h>

#include "clout/clout.h"
#include "clout/auth.h"
#include "clout/session.h"
#include "clout/track.h"
#include "clout/webhook.h"
#include "server/metrics.h"
#include "server/server.h"

typedef struct server_resources {
	int64_t workspace;      /* "default": a signed postback's (a credential brings its own) */
	char *public_url;       /* base of short links, without a trailing slash */
	clout_track_recorder *recorder;
	bool tls;               /* served over HTTPS: cookies are Secure */
	clout_webhook_deliverer *webhooks; /* posts the webhook outbox on its own thread */
	char *location;          /* the store's location, for the sessions */
	clout_text_model *model; /* loaded once, shared read-only by every session */
	pthread_mutex_t sessions_lock;
	clout_session **idle;    /* sessions not in use, each with its own store connection */
	size_t idle_count, idle_cap;
} server_resources;

/* Opens a first session on the store at opts->db (so that a bad --db fails before listening and
 * the schema is migrated), and starts the click recorder and the webhook deliverer. Free with
 * resources_free. */
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

/* Takes and gives back the connection logins use (they spend long in Argon2id). */
clout_store *resources_login_store(server_resources *res);
void resources_login_store_done(server_resources *res);

#endif
