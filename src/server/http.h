/*
 * http.h: one request as handlers see it, and the calls they answer with. The server (server.c)
 * owns the daemon; http.c owns the libmicrohttpd callbacks: a request context per request with
 * its own arena, route matching, header and body limits, and queueing the answer.
 *
 * A handler runs once the whole body has arrived and answers with one http_reply_* call, or
 * suspends the connection (http_suspend) and answers later from another thread (http_resume).
 */
#ifndef CLOUT_SERVER_HTTP_H
#define CLOUT_SERVER_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <jansson.h>
#include <microhttpd.h>

#include "clout/auth.h"
#include "server/metrics.h"
#include "server/routes.h"
#include "server/server.h"
#include "util/arena.h"
#include "util/buf.h"

/* What every request can reach: options, metrics and the resources handlers call into. */
typedef struct server_context {
	const server_options *opts;
	server_metrics *metrics;
	atomic_int in_flight;  /* requests begun and not yet completed */
	atomic_bool draining;  /* after SIGTERM: answers close their connection */
	struct server_resources *resources; /* owned by server.c: the store and the click recorder */
	uint8_t proxy[16];     /* opts->trusted_proxy as bytes (proxy_len 4 or 16), or proxy_len 0 */
	size_t proxy_len;
} server_context;

/* Called on the worker thread when a suspended request resumes, to set its answer. */
typedef int (*http_resume_fn)(http_request *req);

struct http_request {
	server_context *srv;
	struct MHD_Connection *conn;
	const char *method, *path; /* borrowed from libmicrohttpd for the request's life */
	const route *route;        /* NULL when none matched */
	route_params params;
	clout_arena arena;         /* freed when the request completes */
	clout_buf body;            /* capped at opts->max_body_bytes */
	double started;
	int status;
	struct MHD_Response *response; /* the answer, queued by http.c */
	bool reject_at_once;       /* answer on this call and close (body too large) */
	bool suspended;
	clout_principal who;       /* the caller, once authenticated (server_authenticate) */
	bool by_session;           /* authenticated by a session cookie (not a Bearer token) */
	bool signed_postback;      /* a shop's postback with no credential: its handler checks the signature */
	char csrf[CLOUT_AUTH_CSRF_MAX]; /* the session's CSRF token */
	http_resume_fn on_resume;
	void *handler_state;       /* for a handler that suspends: what on_resume answers with */
};

/* The libmicrohttpd callbacks (server.c registers them with srv as their closure). */
enum MHD_Result http_on_request(void *srv, struct MHD_Connection *conn, const char *url, const char *method,
	const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls);
void http_on_completed(void *srv, struct MHD_Connection *conn, void **con_cls,
	enum MHD_RequestTerminationCode toe);
void http_on_connection(void *srv, struct MHD_Connection *conn, void **socket_context,
	enum MHD_ConnectionNotificationCode toe);

/* A path parameter of the route ({name}) as a NUL-terminated copy in the request's arena, or NULL. */
const char *http_param(http_request *req, const char *name);
/* A request header (case-insensitive name), or NULL. Borrowed for the request's life. */
const char *http_header(http_request *req, const char *name);
/*
 * The client's address as bytes (4 or 16; *len_out 0 when unknown): the peer's, or, when the peer
 * is the trusted proxy, the last address of its X-Forwarded-For header (the one the proxy saw).
 */
void http_client_ip(http_request *req, uint8_t out[16], size_t *len_out);
/* The last comma-separated entry of a forwarding header (X-Forwarded-For) as address bytes into
 * out: 4 or 16, or 0 when it is not a numeric IPv4 or IPv6 address. */
size_t http_forwarded_address(const char *header, uint8_t out[16]);
/* Whether the request is HEAD. */
bool http_is_head(const http_request *req);

/* Answers with body[0..len) (copied) and content_type. 0, or CLOUT_ENOMEM. */
int http_reply(http_request *req, int status, const char *content_type, const char *body, size_t len);
/* Answers with a JSON document; json is stolen (decref'd). */
int http_reply_json(http_request *req, int status, json_t *json);
/* Answers {"error": {"code", "message", "field"}}; field may be NULL. */
int http_reply_error(http_request *req, int status, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Adds a header to the answer already set (Set-Cookie, Retry-After, ...). 0, or CLOUT_ENOMEM. */
int http_add_header(http_request *req, const char *name, const char *value);
/* Answers status with a Location header and an empty body. */
int http_reply_redirect(http_request *req, int status, const char *location);

/*
 * The body as a JSON object. On malformed JSON (400), a body that is not an object (422) or a
 * content type other than JSON (415) it answers the error itself and returns -1.
 */
int http_body_object(http_request *req, json_t **out);
/* Reads a string member: 1 when present, 0 when absent (or null) and optional; -1 after answering
 * 422 when it is absent and required, or not a string. */
int http_json_string(http_request *req, json_t *obj, const char *key, bool required, const char **out);

/* Suspends the connection until http_resume; call from the handler, before handing it on.
 * on_resume sets the answer on resumption (NULL: it was set with http_reply_* before). */
void http_suspend(http_request *req, http_resume_fn on_resume);
/* Resumes a suspended request (any thread). */
void http_resume(http_request *req);

#endif
