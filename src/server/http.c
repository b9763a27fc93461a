/*
 * http.c: the libmicrohttpd callbacks and the reply calls (see http.h).
 *
 * libmicrohttpd calls the access handler several times per request: once when the headers are in,
 * once per piece of body, and once when the request is complete. The first call only sets up the
 * request (route, limits) and never answers: with libmicrohttpd 0.9.75 an answer queued on the
 * first call makes it close the connection after the response, which costs keep-alive (measured:
 * 9-12k req/s instead of ~71k). Answers are queued on the last call. The one exception is a body
 * announced larger than the limit: that answer goes out at once and the connection closes, so the
 * body is never read.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "server/auth.h"
#include "server/http.h"
#include "server/web.h"
#include "util/banned.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void set_response(http_request *req, int status, struct MHD_Response *response)
{
	if (req->response)
		MHD_destroy_response(req->response);
	req->response = response;
	req->status = status;
}

int http_reply(http_request *req, int status, const char *content_type, const char *body, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return CLOUT_ENOMEM;
	if (content_type && MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type) != MHD_YES) {
		MHD_destroy_response(r);
		return CLOUT_ENOMEM;
	}
	set_response(req, status, r);
	return 0;
}

int http_reply_json(http_request *req, int status, json_t *json)
{
	char *text = json ? json_dumps(json, JSON_COMPACT) : NULL;
	int rc;
	json_decref(json);
	if (!text)
		return CLOUT_ENOMEM;
	rc = http_reply(req, status, "application/json", text, strlen(text));
	free(text);
	return rc;
}

int http_reply_error(http_request *req, int status, const char *code, const char *field, const char *fmt, ...)
{
	char message[512];
	va_list ap;
	json_t *doc;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	doc = json_pack("{s:{s:s,s:s,s:s?}}", "error", "code", code, "message", message, "field", field);
	if (!doc) /* message is not UTF-8: say so without it */
		doc = json_pack("{s:{s:s,s:s,s:s?}}", "error", "code", code, "message", "invalid request", "field", field);
	return http_reply_json(req, status, doc);
}

int http_reply_redirect(http_request *req, int status, const char *location)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return CLOUT_ENOMEM;
	if (MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, location) != MHD_YES ||
	    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") != MHD_YES) {
		MHD_destroy_response(r);
		return CLOUT_ENOMEM;
	}
	set_response(req, status, r);
	return 0;
}

int http_add_header(http_request *req, const char *name, const char *value)
{
	if (!req->response || MHD_add_response_header(req->response, name, value) != MHD_YES)
		return CLOUT_ENOMEM;
	return 0;
}

const char *http_param(http_request *req, const char *name)
{
	size_t len = strlen(name);
	for (int i = 0; i < req->params.count; i++)
		if (req->params.name_lens[i] == len && !memcmp(req->params.names[i], name, len))
			return clout_arena_strndup(&req->arena, req->params.values[i], req->params.value_lens[i]);
	return NULL;
}

const char *http_header(http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

size_t http_forwarded_address(const char *header, uint8_t out[16])
{
	const char *last = strrchr(header, ',');
	char text[64];
	size_t len;
	last = last ? last + 1 : header;
	while (*last == ' ' || *last == '\t')
		last++;
	len = strcspn(last, " \t");
	if (len == 0 || len >= sizeof(text))
		return 0;
	memcpy(text, last, len);
	text[len] = '\0';
	if (inet_pton(AF_INET, text, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, text, out) == 1)
		return 16;
	return 0;
}

void http_client_ip(http_request *req, uint8_t out[16], size_t *len_out)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = info ? info->client_addr : NULL;
	const server_context *srv = req->srv;
	const char *forwarded;
	*len_out = 0;
	if (!sa)
		return;
	if (sa->sa_family == AF_INET6) {
		memcpy(out, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
		*len_out = 16;
	} else if (sa->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		*len_out = 4;
	}
	if (srv->proxy_len && srv->proxy_len == *len_out && !memcmp(out, srv->proxy, *len_out) &&
	    (forwarded = http_header(req, "X-Forwarded-For")) != NULL) {
		uint8_t client[16];
		size_t n = http_forwarded_address(forwarded, client);
		if (n) {
			memcpy(out, client, n);
			*len_out = n;
		}
	}
}

bool http_is_head(const http_request *req)
{
	return !strcmp(req->method, "HEAD");
}

static bool is_json_type(const char *type)
{
	size_t n = strlen("application/json");
	return !strncasecmp(type, "application/json", n) && (type[n] == '\0' || type[n] == ';' || type[n] == ' ');
}

int http_body_object(http_request *req, json_t **out)
{
	const char *type = http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	json_error_t jerr;
	json_t *doc;
	*out = NULL;
	if (type && !is_json_type(type)) {
		http_reply_error(req, 415, "unsupported_media_type", NULL, "the body must be application/json, not %s", type);
		return -1;
	}
	doc = json_loadb(req->body.ptr, req->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		http_reply_error(req, 400, "malformed_json", NULL, "body:%d:%d: %s", jerr.line, jerr.column, jerr.text);
		return -1;
	}
	if (!json_is_object(doc)) {
		json_decref(doc);
		http_reply_error(req, 422, "wrong_type", "", "the body must be a JSON object");
		return -1;
	}
	*out = doc;
	return 0;
}

int http_json_string(http_request *req, json_t *obj, const char *key, bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	char field[128];
	*out = NULL;
	snprintf(field, sizeof(field), "/%s", key);
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		http_reply_error(req, 422, "missing_field", field, "%s is required", key);
		return -1;
	}
	if (!json_is_string(v)) {
		http_reply_error(req, 422, "wrong_type", field, "%s must be a string", key);
		return -1;
	}
	*out = json_string_value(v);
	return 1;
}

void http_suspend(http_request *req, http_resume_fn on_resume)
{
	req->suspended = true;
	req->on_resume = on_resume;
	MHD_suspend_connection(req->conn);
}

void http_resume(http_request *req)
{
	MHD_resume_connection(req->conn);
}

static enum MHD_Result sum_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	size_t *total = cls;
	(void)kind;
	*total += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

/* Routes the request and checks its limits; an error answer is left on req to queue later. */
static void request_check(http_request *req)
{
	const server_options *o = req->srv->opts;
	char allow[64];
	size_t header_bytes = 0;
	const char *length;
	switch (route_match(req->method, req->path, &req->route, &req->params, allow, sizeof(allow))) {
	case ROUTE_NO_PATH:
		if (web_answer(req)) /* the dashboard's files and pages */
			return;
		http_reply_error(req, 404, "not_found", NULL, "no route for %s", req->path);
		return;
	case ROUTE_NO_METHOD:
		http_reply_error(req, 405, "method_not_allowed", NULL, "%s is not allowed on %s (allowed: %s)",
			req->method, req->path, allow);
		if (req->response)
			MHD_add_response_header(req->response, MHD_HTTP_HEADER_ALLOW, allow);
		return;
	case ROUTE_FOUND:
		break;
	}
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, sum_header, &header_bytes);
	if (header_bytes > o->max_header_bytes) {
		http_reply_error(req, 431, "header_too_large", NULL, "the request's headers take %zu bytes, more than %zu",
			header_bytes, o->max_header_bytes);
		return;
	}
	length = http_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (length && strtoull(length, NULL, 10) > o->max_body_bytes) {
		http_reply_error(req, 413, "payload_too_large", NULL, "the body is %s bytes, more than %zu", length,
			o->max_body_bytes);
		req->reject_at_once = true;
	}
}

static http_request *request_new(server_context *srv, struct MHD_Connection *conn, const char *url,
	const char *method)
{
	http_request *req = calloc(1, sizeof(*req));
	if (!req)
		return NULL;
	req->srv = srv;
	req->conn = conn;
	req->method = method;
	req->path = url;
	req->started = now_seconds();
	req->arena.block_size = 4096;
	clout_buf_init(&req->body, srv->opts->max_body_bytes);
	atomic_fetch_add(&srv->in_flight, 1);
	request_check(req);
	return req;
}

static enum MHD_Result queue(http_request *req)
{
	enum MHD_Result rc;
	if (!req->response && http_reply_error(req, 500, "internal", NULL, "the handler gave no answer") < 0)
		return MHD_NO;
	if (atomic_load(&req->srv->draining))
		MHD_add_response_header(req->response, MHD_HTTP_HEADER_CONNECTION, "close");
	/* no answer is ever sniffed into another type (a JSON error as HTML) */
	MHD_add_response_header(req->response, "X-Content-Type-Options", "nosniff");
	rc = MHD_queue_response(req->conn, (unsigned int)req->status, req->response);
	MHD_destroy_response(req->response);
	req->response = NULL;
	return rc;
}

static void append_body(http_request *req, const char *data, size_t len)
{
	/* Already refused: the rest is read and dropped, as libmicrohttpd 0.9.75 cannot queue an answer
	 * in the middle of a body; the 413 goes out when the body ends. */
	if (req->response)
		return;
	if (clout_buf_put(&req->body, data, len) < 0)
		http_reply_error(req, 413, "payload_too_large", NULL, "the body is larger than %zu bytes",
			req->srv->opts->max_body_bytes);
}

enum MHD_Result http_on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	http_request *req = *con_cls;
	(void)version;
	if (!req) {
		if (!(req = request_new(cls, conn, url, method)))
			return MHD_NO;
		*con_cls = req;
		return req->reject_at_once ? queue(req) : MHD_YES;
	}
	if (*upload_data_size) {
		append_body(req, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (req->suspended) { /* resumed */
		req->suspended = false;
		if (req->on_resume && !req->response && req->on_resume(req) < 0)
			http_reply_error(req, 500, "internal", NULL, "the request could not be answered");
	} else if (!req->response && req->route && server_authenticate(req) == 0 && req->route->handler(req) < 0 &&
		   !req->suspended)
		http_reply_error(req, 500, "internal", NULL, "the request could not be answered");
	if (req->suspended)
		return MHD_YES;
	return queue(req);
}

void http_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	server_context *srv = cls;
	http_request *req = *con_cls;
	(void)conn;
	(void)toe;
	if (!req)
		return;
	metrics_request(srv->metrics, req->route ? route_index(req->route) : server_routes_count,
		req->status ? req->status : 499, now_seconds() - req->started);
	if (req->response)
		MHD_destroy_response(req->response);
	clout_buf_release(&req->body);
	clout_arena_release(&req->arena);
	free(req);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

void http_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
	enum MHD_ConnectionNotificationCode toe)
{
	server_context *srv = cls;
	(void)conn;
	(void)socket_context;
	metrics_connection(srv->metrics, toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}
