/* resources.c: opening and closing what handlers call into (see resources.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/resources.h"
#include "util/banned.h"

static void count_batch(void *ctx, size_t batch, const uint64_t by_class[CLOUT_CLICK_CLASSES])
{
	server_metrics *metrics = ctx;
	metrics_commit_batch(metrics, batch);
	for (int c = 0; c < CLOUT_CLICK_CLASSES; c++)
		if (by_class[c])
			metrics_clicks(metrics, c, by_class[c]);
}

static char *base_url(const server_options *opts)
{
	size_t size = strlen(opts->host) + 32;
	char *url;
	if (opts->public_url) {
		size_t len = strlen(opts->public_url);
		while (len && opts->public_url[len - 1] == '/')
			len--;
		return strndup(opts->public_url, len);
	}
	if (!(url = malloc(size)))
		return NULL;
	snprintf(url, size, strchr(opts->host, ':') ? "%s://[%s]:%u" : "%s://%s:%u", opts->tls_cert ? "https" : "http",
		opts->host, (unsigned)opts->port);
	return url;
}

/* Opens (creating and migrating) the store at db (NULL: the default) and its default workspace, so
 * that a bad --db fails before the server listens: res->location gets the store's location and
 * res->workspace the workspace's id. */
static int open_store(server_resources *res, const char *db, clout_error *err)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session *s = NULL;
	int rc;
	opts.location = db;
	opts.create = true;
	opts.text_model = res->model;
	if ((rc = clout_session_open(&s, &opts, err)) < 0)
		return rc;
	if ((rc = clout_session_workspace(s, &res->workspace)) < 0)
		*err = *clout_session_error(s);
	else if (!(res->location = strdup(clout_session_location(s))))
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	clout_session_free(s);
	return rc;
}

int resources_open(server_resources **out, const server_options *opts, server_metrics *metrics,
	clout_error *err)
{
	clout_track_recorder_options recorder = CLOUT_TRACK_RECORDER_OPTIONS_INIT;
	clout_webhook_deliverer_options hooks = CLOUT_WEBHOOK_DELIVERER_OPTIONS_INIT;
	server_resources *res = calloc(1, sizeof(*res));
	int rc;
	*out = NULL;
	if (!res)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	pthread_mutex_init(&res->sessions_lock, NULL);
	pthread_mutex_init(&res->listen_lock, NULL);
	for (int c = 0; c < CLOUT_CLICK_CLASSES; c++)
		metrics_set_click_class_name(metrics, c, clout_click_class_name((clout_click_class)c));
	recorder.on_batch = count_batch;
	recorder.on_batch_ctx = metrics;
	recorder.state_dir = opts->state_dir;
	recorder.fsync = opts->click_fsync;
	if (!(res->public_url = base_url(opts))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto fail;
	}
	res->tls = opts->tls_cert != NULL;
	if ((rc = clout_text_model_new(&res->model, err)) < 0)
		goto fail;
	if ((rc = open_store(res, opts->db, err)) < 0 ||
	    (rc = clout_track_recorder_new(&res->recorder, res->location, &recorder, err)) < 0)
		goto fail;
	if (opts->webhook_backoff_ms > 0)
		hooks.backoff_ms = opts->webhook_backoff_ms;
	if ((rc = clout_webhook_deliverer_start(&res->webhooks, res->location, &hooks, err)) < 0)
		goto fail;
	*out = res;
	return 0;
fail:
	resources_free(res);
	return rc;
}

void resources_stop(server_resources *res)
{
	if (!res)
		return;
	clout_track_recorder_stop(res->recorder);
	clout_webhook_deliverer_stop(res->webhooks);
	res->webhooks = NULL;
}

void resources_free(server_resources *res)
{
	if (!res)
		return;
	clout_webhook_deliverer_stop(res->webhooks);
	clout_track_recorder_free(res->recorder);
	for (size_t i = 0; i < RESOURCES_LISTENERS; i++)
		clout_listen_listener_free(res->listeners[i]);
	for (size_t i = 0; i < res->idle_count; i++)
		clout_session_free(res->idle[i]);
	free(res->idle);
	clout_text_model_free(res->model);
	free(res->location);
	pthread_mutex_destroy(&res->sessions_lock);
	pthread_mutex_destroy(&res->listen_lock);
	free(res->public_url);
	free(res);
}

void resources_listen_lock(server_resources *res)
{
	pthread_mutex_lock(&res->listen_lock);
}

void resources_listen_unlock(server_resources *res)
{
	pthread_mutex_unlock(&res->listen_lock);
}

int resources_listener(server_resources *res, clout_session *s, clout_listen_listener **out)
{
	int64_t workspace;
	size_t slot;
	int rc;
	*out = NULL;
	if ((rc = clout_session_workspace(s, &workspace)) < 0)
		return rc;
	for (size_t i = 0; i < RESOURCES_LISTENERS; i++)
		if (res->listeners[i] && res->listener_ws[i] == workspace) {
			if ((rc = clout_listen_listener_use(res->listeners[i], s)) < 0 ||
			    (rc = clout_listen_listener_refresh(res->listeners[i], clout_session_err(s))) < 0)
				return rc;
			*out = res->listeners[i];
			return 0;
		}
	slot = res->next_listener;
	res->next_listener = (slot + 1) % RESOURCES_LISTENERS;
	clout_listen_listener_free(res->listeners[slot]);
	res->listeners[slot] = NULL;
	if ((rc = clout_listen_listener_new(&res->listeners[slot], s, NULL)) < 0)
		return rc;
	res->listener_ws[slot] = workspace;
	*out = res->listeners[slot];
	return 0;
}

int resources_session(server_resources *res, const clout_principal *who, clout_session **out, clout_error *err)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_session *s = NULL;
	int rc;
	*out = NULL;
	pthread_mutex_lock(&res->sessions_lock);
	if (res->idle_count)
		s = res->idle[--res->idle_count];
	pthread_mutex_unlock(&res->sessions_lock);
	if (!s) {
		opts.location = res->location;
		opts.text_model = res->model;
		if ((rc = clout_session_open(&s, &opts, err)) < 0)
			return rc;
	}
	if (who && who->workspace)
		rc = clout_session_act_as(s, who->workspace, who->name[0] ? who->name : NULL,
			who->user_id ? clout_role_name(who->role) : NULL);
	else
		rc = clout_session_act_as(s, res->workspace, NULL, NULL);
	if (rc < 0) {
		*err = *clout_session_error(s);
		clout_session_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void resources_session_done(server_resources *res, clout_session *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&res->sessions_lock);
	if (res->idle_count == res->idle_cap) {
		size_t cap = res->idle_cap ? 2 * res->idle_cap : 8;
		clout_session **idle = realloc(res->idle, cap * sizeof(*idle));
		if (!idle) {
			pthread_mutex_unlock(&res->sessions_lock);
			clout_session_free(s);
			return;
		}
		res->idle = idle;
		res->idle_cap = cap;
	}
	res->idle[res->idle_count++] = s;
	pthread_mutex_unlock(&res->sessions_lock);
}
