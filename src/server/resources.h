/*
 * resources.h: what handlers call into, opened once for the server's life: the store and, for
 * tracking links, the click recorder that commits clicks in groups.
 */
#ifndef CLOUT_SERVER_RESOURCES_H
#define CLOUT_SERVER_RESOURCES_H

#include "clout/clout.h"
#include "server/metrics.h"
#include "server/server.h"

typedef struct server_resources {
	clout_store *store; /* opened (and migrated) at start, so a bad --db fails before listening */
} server_resources;

/* Opens the store at opts->db. Free with resources_free. */
int resources_open(server_resources **out, const server_options *opts, server_metrics *metrics,
	clout_error *err);
/* Finishes pending writes (called during the drain, before the daemon stops). NULL-safe. */
void resources_stop(server_resources *res);
void resources_free(server_resources *res);

#endif
