/*
 * deliver.c: the webhook deliverer: one thread with its own store connection that reads due
 * deliveries from the outbox, posts each with libcurl (signed), and records the outcome: delivered
 * on a 2xx, else retried after backoff_ms * 2^(attempts-1) (at most an hour) until max_attempts.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "lib/store/webhook.h"
#include "util/lazylib.h"
#include "util/banned.h"

#define DUE_BATCH 16
#define BACKOFF_CAP_MS (3600 * 1000)

struct clout_webhook_deliverer {
	clout_webhook_deliverer_options opts;
	clout_store *store;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

/* Posts one delivery; returns the HTTP status (0 when none) and a reason in why (empty on 2xx). */
static long post(const clout_webhook_deliverer *d, const webhook_due *due, char *why, size_t why_size)
{
	char *body, sig[CLOUT_WEBHOOK_SIGNATURE_MAX], header[CLOUT_WEBHOOK_SIGNATURE_MAX + 32], id_header[64];
	size_t size = strlen(due->payload) + strlen(due->event) + 128;
	struct curl_slist *headers = NULL;
	long status = 0;
	CURL *curl;
	CURLcode rc;
	why[0] = '\0';
	if (!(body = malloc(size))) {
		snprintf(why, why_size, "out of memory");
		return 0;
	}
	snprintf(body, size, "{\"id\":%lld,\"event\":\"%s\",\"created_at\":%lld,\"data\":%s}", (long long)due->id,
		due->event, (long long)due->created_at_ms, due->payload);
	clout_webhook_sign(sig, due->secret, (int64_t)time(NULL), body, strlen(body));
	snprintf(header, sizeof(header), "Clout-Signature: %s", sig);
	snprintf(id_header, sizeof(id_header), "Clout-Delivery: %lld", (long long)due->id);
	if (!(curl = curl_easy_init())) {
		const char *load = clout_libcurl_error();
		free(body);
		snprintf(why, why_size, "%s", load ? load : "curl_easy_init failed");
		return 0;
	}
	headers = curl_slist_append(headers, "Content-Type: application/json");
	headers = curl_slist_append(headers, header);
	headers = curl_slist_append(headers, id_header);
	headers = curl_slist_append(headers, "User-Agent: clout-webhook/1");
	curl_easy_setopt(curl, CURLOPT_URL, due->url);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, d->opts.timeout_s);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	rc = curl_easy_perform(curl);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
		if (status < 200 || status > 299)
			snprintf(why, why_size, "HTTP %ld", status);
	} else {
		snprintf(why, why_size, "%s", curl_easy_strerror(rc));
	}
	curl_slist_free_all(headers);
	curl_easy_cleanup(curl);
	free(body);
	return status;
}

static void deliver_one(clout_webhook_deliverer *d, const webhook_due *due)
{
	char why[256];
	long status = post(d, due, why, sizeof(why));
	int attempts = due->attempts + 1;
	int64_t now = wall_ms(), delay = d->opts.backoff_ms;
	clout_delivery_status outcome = CLOUT_DELIVERY_PENDING;
	for (int i = 1; i < attempts && delay < BACKOFF_CAP_MS; i++)
		delay *= 2;
	if (delay > BACKOFF_CAP_MS)
		delay = BACKOFF_CAP_MS;
	if (!why[0])
		outcome = CLOUT_DELIVERY_DELIVERED;
	else if (attempts >= d->opts.max_attempts)
		outcome = CLOUT_DELIVERY_FAILED;
	clout__webhook_result(d->store, due->id, attempts, outcome, outcome == CLOUT_DELIVERY_PENDING ? now + delay : now,
		(int)status, why[0] ? why : NULL, outcome == CLOUT_DELIVERY_PENDING ? 0 : now, NULL);
}

/* Delivers what is due; true when a full batch was read (more may be waiting). */
static bool deliver_due(clout_webhook_deliverer *d)
{
	webhook_due *due = NULL;
	size_t n = 0;
	if (clout__webhook_due(d->store, wall_ms(), DUE_BATCH, &due, &n, NULL) < 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		pthread_mutex_lock(&d->lock);
		bool stop = d->stop;
		pthread_mutex_unlock(&d->lock);
		if (stop)
			break;
		deliver_one(d, &due[i]);
	}
	webhook_due_free(due, n);
	return n == DUE_BATCH;
}

static void *run(void *arg)
{
	clout_webhook_deliverer *d = arg;
	for (;;) {
		bool more = deliver_due(d);
		struct timespec until;
		pthread_mutex_lock(&d->lock);
		if (!d->stop && !more) {
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += d->opts.poll_ms / 1000;
			until.tv_nsec += (d->opts.poll_ms % 1000) * 1000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			while (!d->stop && pthread_cond_timedwait(&d->wake, &d->lock, &until) != ETIMEDOUT)
				;
		}
		if (d->stop) {
			pthread_mutex_unlock(&d->lock);
			return NULL;
		}
		pthread_mutex_unlock(&d->lock);
	}
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

int clout_webhook_deliverer_start(clout_webhook_deliverer **out, const char *location,
	const clout_webhook_deliverer_options *opts, clout_error *err)
{
	clout_webhook_deliverer *d;
	int rc;
	*out = NULL;
	if (!opts || opts->version != CLOUT_WEBHOOK_DELIVERER_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "webhook deliverer options: unsupported version");
	if (opts->max_attempts < 1 || opts->backoff_ms < 1 || opts->poll_ms < 1 || opts->timeout_s < 1)
		return clout_error_set(err, CLOUT_EINVAL, "webhook deliverer options: attempts, backoff, poll and timeout must be positive");
	if (!(d = calloc(1, sizeof(*d))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	d->opts = *opts;
	pthread_once(&curl_once, curl_start);
	if ((rc = clout_store_open(&d->store, location, err)) < 0) {
		free(d);
		return rc;
	}
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->wake, NULL);
	if (pthread_create(&d->thread, NULL, run, d) != 0) {
		clout_store_free(d->store);
		pthread_mutex_destroy(&d->lock);
		pthread_cond_destroy(&d->wake);
		free(d);
		return clout_error_set(err, CLOUT_ENOMEM, "the webhook thread could not start");
	}
	*out = d;
	return 0;
}

void clout_webhook_deliverer_stop(clout_webhook_deliverer *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	d->stop = true;
	pthread_cond_signal(&d->wake);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	clout_store_free(d->store);
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->wake);
	free(d);
}
