/*
 * web.h: the web dashboard's files, embedded in clout serve (web/build.mjs writes the table from
 * the built web/ into web_assets.c in the build tree), and answering GET requests for them.
 *
 * /assets/NAME answers one built file (names carry a content hash: cached for a year); any other
 * GET that no API route matches and whose Accept names text/html answers index.html, so that
 * every page of the dashboard has its own URL (the client routes it). Answers carry a strict
 * Content-Security-Policy (no inline script or style) and the usual hardening headers.
 */
#ifndef CLOUT_SERVER_WEB_H
#define CLOUT_SERVER_WEB_H

#include <stdbool.h>
#include <stddef.h>

typedef struct http_request http_request;

typedef struct web_asset {
	const char *path;          /* "/index.html", "/assets/main-HASH.js" */
	const char *type;          /* its Content-Type */
	const unsigned char *data; /* the bytes, and their gzip */
	size_t size;
	const unsigned char *gz;
	size_t gz_size;
	const char *etag;          /* quoted */
	bool immutable;            /* named by its content hash */
} web_asset;

/* Generated (web_assets.c): the files, and NULL or why the dashboard was not built. */
extern const web_asset web_assets[];
extern const size_t web_assets_count;
extern const char *const web_missing;

/* The Content-Security-Policy of dashboard answers. */
#define WEB_CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
	"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/*
 * Answers req when it asks for a dashboard file or page (GET or HEAD, a path no API route has):
 * true when an answer was set on req, false when the request is not the dashboard's.
 */
bool web_answer(http_request *req);

#endif
