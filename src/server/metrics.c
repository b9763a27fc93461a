/*
 * metrics.c: counters as relaxed atomics (see metrics.h). Requests are counted per route and
 * exact status code in a flat array (a few kilobytes), so recording a request is two atomic
 * additions and a bucket search, with no lock.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "clout/common.h"
#include "server/metrics.h"
#include "server/routes.h"
#include "util/banned.h"

#define STATUS_MIN 100
#define STATUS_SLOTS 500

static const double latency_bounds[] = { 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
	0.25, 0.5, 1, 2.5, 10 };
#define LATENCY_BUCKETS (sizeof(latency_bounds) / sizeof(latency_bounds[0]))
static const double batch_bounds[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024 };
#define BATCH_BUCKETS (sizeof(batch_bounds) / sizeof(batch_bounds[0]))

typedef struct latency_histogram {
	_Atomic uint64_t buckets[LATENCY_BUCKETS + 1]; /* the last is +Inf */
	_Atomic uint64_t count, sum_ns;
} latency_histogram;

struct server_metrics {
	size_t nroutes;
	_Atomic uint64_t *by_status; /* (nroutes + 1) * STATUS_SLOTS */
	latency_histogram *latency;  /* nroutes + 1 */
	_Atomic int64_t connections;
	_Atomic uint64_t connections_total;
	_Atomic uint64_t clicks[METRICS_CLICK_CLASSES];
	const char *click_names[METRICS_CLICK_CLASSES];
	_Atomic uint64_t batch_buckets[BATCH_BUCKETS + 1];
	_Atomic uint64_t batch_count, batch_sum;
};

int metrics_new(server_metrics **out, size_t nroutes)
{
	server_metrics *m = calloc(1, sizeof(*m));
	*out = NULL;
	if (!m)
		return CLOUT_ENOMEM;
	m->nroutes = nroutes;
	m->by_status = calloc((nroutes + 1) * STATUS_SLOTS, sizeof(*m->by_status));
	m->latency = calloc(nroutes + 1, sizeof(*m->latency));
	if (!m->by_status || !m->latency) {
		metrics_free(m);
		return CLOUT_ENOMEM;
	}
	*out = m;
	return 0;
}

void metrics_free(server_metrics *m)
{
	if (!m)
		return;
	free(m->by_status);
	free(m->latency);
	free(m);
}

static size_t bucket_of(const double *bounds, size_t n, double value)
{
	size_t i = 0;
	while (i < n && value > bounds[i])
		i++;
	return i;
}

void metrics_request(server_metrics *m, size_t route_slot, int status, double seconds)
{
	latency_histogram *h;
	if (route_slot > m->nroutes)
		route_slot = m->nroutes;
	if (status >= STATUS_MIN && status < STATUS_MIN + STATUS_SLOTS)
		atomic_fetch_add_explicit(&m->by_status[route_slot * STATUS_SLOTS + (size_t)(status - STATUS_MIN)], 1,
			memory_order_relaxed);
	h = &m->latency[route_slot];
	atomic_fetch_add_explicit(&h->buckets[bucket_of(latency_bounds, LATENCY_BUCKETS, seconds)], 1,
		memory_order_relaxed);
	atomic_fetch_add_explicit(&h->count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->sum_ns, (uint64_t)(seconds * 1e9), memory_order_relaxed);
}

void metrics_connection(server_metrics *m, int delta)
{
	atomic_fetch_add_explicit(&m->connections, delta, memory_order_relaxed);
	if (delta > 0)
		atomic_fetch_add_explicit(&m->connections_total, 1, memory_order_relaxed);
}

void metrics_clicks(server_metrics *m, int click_class, uint64_t n)
{
	if (click_class >= 0 && click_class < METRICS_CLICK_CLASSES)
		atomic_fetch_add_explicit(&m->clicks[click_class], n, memory_order_relaxed);
}

void metrics_set_click_class_name(server_metrics *m, int click_class, const char *name)
{
	if (click_class >= 0 && click_class < METRICS_CLICK_CLASSES)
		m->click_names[click_class] = name;
}

void metrics_commit_batch(server_metrics *m, size_t size)
{
	atomic_fetch_add_explicit(&m->batch_buckets[bucket_of(batch_bounds, BATCH_BUCKETS, (double)size)], 1,
		memory_order_relaxed);
	atomic_fetch_add_explicit(&m->batch_count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->batch_sum, size, memory_order_relaxed);
}

static uint64_t load(_Atomic uint64_t *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

static const char *slot_name(const server_metrics *m, size_t slot)
{
	return slot < m->nroutes ? server_routes[slot].pattern : "unmatched";
}

static int write_requests(server_metrics *m, clout_buf *out)
{
	int rc = clout_buf_puts(out, "# HELP clout_http_requests_total HTTP requests answered, by route and status.\n"
				     "# TYPE clout_http_requests_total counter\n");
	for (size_t slot = 0; rc == 0 && slot <= m->nroutes; slot++) {
		for (size_t s = 0; rc == 0 && s < STATUS_SLOTS; s++) {
			uint64_t n = load(&m->by_status[slot * STATUS_SLOTS + s]);
			if (n)
				rc = clout_buf_printf(out, "clout_http_requests_total{route=\"%s\",status=\"%zu\"} %llu\n",
					slot_name(m, slot), s + STATUS_MIN, (unsigned long long)n);
		}
	}
	return rc;
}

static int write_latency(server_metrics *m, clout_buf *out)
{
	int rc = clout_buf_puts(out, "# HELP clout_http_request_duration_seconds Time from the request's headers to "
				     "the end of its response.\n# TYPE clout_http_request_duration_seconds histogram\n");
	for (size_t slot = 0; rc == 0 && slot <= m->nroutes; slot++) {
		latency_histogram *h = &m->latency[slot];
		uint64_t cumulative = 0;
		const char *name = slot_name(m, slot);
		for (size_t b = 0; rc == 0 && b < LATENCY_BUCKETS; b++) {
			cumulative += load(&h->buckets[b]);
			rc = clout_buf_printf(out, "clout_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
				name, latency_bounds[b], (unsigned long long)cumulative);
		}
		cumulative += load(&h->buckets[LATENCY_BUCKETS]);
		if (rc == 0)
			rc = clout_buf_printf(out,
				"clout_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n"
				"clout_http_request_duration_seconds_sum{route=\"%s\"} %.9f\n"
				"clout_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
				name, (unsigned long long)cumulative, name, (double)load(&h->sum_ns) / 1e9, name,
				(unsigned long long)load(&h->count));
	}
	return rc;
}

static int write_tracking(server_metrics *m, clout_buf *out)
{
	uint64_t cumulative = 0;
	int rc = clout_buf_puts(out, "# HELP clout_clicks_recorded_total Clicks committed to the store, by class.\n"
				     "# TYPE clout_clicks_recorded_total counter\n");
	for (int c = 0; rc == 0 && c < METRICS_CLICK_CLASSES; c++)
		if (m->click_names[c])
			rc = clout_buf_printf(out, "clout_clicks_recorded_total{class=\"%s\"} %llu\n", m->click_names[c],
				(unsigned long long)load(&m->clicks[c]));
	if (rc == 0)
		rc = clout_buf_puts(out, "# HELP clout_commit_batch_size Writes per group commit.\n"
					 "# TYPE clout_commit_batch_size histogram\n");
	for (size_t b = 0; rc == 0 && b < BATCH_BUCKETS; b++) {
		cumulative += load(&m->batch_buckets[b]);
		rc = clout_buf_printf(out, "clout_commit_batch_size_bucket{le=\"%g\"} %llu\n", batch_bounds[b],
			(unsigned long long)cumulative);
	}
	cumulative += load(&m->batch_buckets[BATCH_BUCKETS]);
	if (rc == 0)
		rc = clout_buf_printf(out, "clout_commit_batch_size_bucket{le=\"+Inf\"} %llu\n"
					   "clout_commit_batch_size_sum %llu\nclout_commit_batch_size_count %llu\n",
			(unsigned long long)cumulative, (unsigned long long)load(&m->batch_sum),
			(unsigned long long)load(&m->batch_count));
	return rc;
}

int metrics_write(server_metrics *m, clout_buf *out)
{
	int rc = write_requests(m, out);
	if (rc == 0)
		rc = write_latency(m, out);
	if (rc == 0)
		rc = clout_buf_printf(out, "# HELP clout_http_connections_open Connections open now.\n"
					   "# TYPE clout_http_connections_open gauge\nclout_http_connections_open %lld\n"
					   "# HELP clout_http_connections_total Connections accepted.\n"
					   "# TYPE clout_http_connections_total counter\nclout_http_connections_total %llu\n",
			(long long)atomic_load_explicit(&m->connections, memory_order_relaxed),
			(unsigned long long)load(&m->connections_total));
	if (rc == 0)
		rc = write_tracking(m, out);
	return rc;
}
