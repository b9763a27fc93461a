/*
 * metrics.h: the server's counters and histograms, updated lock-free from every worker thread and
 * written in the Prometheus text exposition format by GET /metrics.
 */
#ifndef CLOUT_SERVER_METRICS_H
#define CLOUT_SERVER_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef struct server_metrics server_metrics;

/* The classes clicks are counted under (the tracking module's click classes, by name). */
#define METRICS_CLICK_CLASSES 8

/* Counters for nroutes routes plus one slot (index nroutes) for requests that matched none. */
int metrics_new(server_metrics **out, size_t nroutes);
void metrics_free(server_metrics *m);

/* One finished request: its route slot, status and duration in seconds. */
void metrics_request(server_metrics *m, size_t route_slot, int status, double seconds);
/* A connection opened (+1) or closed (-1). */
void metrics_connection(server_metrics *m, int delta);
/* n clicks recorded in class (0 <= class < METRICS_CLICK_CLASSES, named by set_click_class_name). */
void metrics_clicks(server_metrics *m, int click_class, uint64_t n);
/* Names a click class; the name must outlive m. */
void metrics_set_click_class_name(server_metrics *m, int click_class, const char *name);
/* One group commit of size writes. */
void metrics_commit_batch(server_metrics *m, size_t size);

/* Appends the exposition text; route names come from the routes table. CLOUT_ENOMEM on failure. */
int metrics_write(server_metrics *m, clout_buf *out);

#endif
