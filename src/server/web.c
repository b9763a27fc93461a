/* web.c: serving the embedded dashboard files (see web.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "server/http.h"
#include "server/web.h"
#include "util/banned.h"

static const web_asset *find_asset(const char *path)
{
	for (size_t i = 0; i < web_assets_count; i++)
		if (!strcmp(web_assets[i].path, path))
			return &web_assets[i];
	return NULL;
}

/* Whether a comma-separated header value lists token (as a whole item, parameters ignored). */
static bool header_lists(const char *value, const char *token)
{
	size_t n = strlen(token);
	const char *p = value;
	while (p && *p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!strncasecmp(p, token, n) && (p[n] == '\0' || p[n] == ',' || p[n] == ';' || p[n] == ' '))
			return true;
		p = strchr(p, ',');
	}
	return false;
}

/* Paths that belong to the API and the server, never to the dashboard. */
static bool server_path(const char *path)
{
	return !strncmp(path, "/api/", 5) || !strncmp(path, "/r/", 3) || !strcmp(path, "/metrics") ||
	       !strcmp(path, "/healthz");
}

static int add_headers(http_request *req, const web_asset *a, bool gzip)
{
	static const char *const hardening[][2] = {
		{ "Content-Security-Policy", WEB_CSP },
		{ "X-Frame-Options", "DENY" },
		{ "Referrer-Policy", "same-origin" },
		{ "Cross-Origin-Opener-Policy", "same-origin" },
		{ "Cross-Origin-Resource-Policy", "same-origin" },
		{ "Permissions-Policy", "camera=(), microphone=(), geolocation=()" },
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof(hardening) / sizeof(hardening[0]) && rc == 0; i++)
		rc = http_add_header(req, hardening[i][0], hardening[i][1]);
	if (rc == 0)
		rc = http_add_header(req, MHD_HTTP_HEADER_CACHE_CONTROL,
			a->immutable ? "public, max-age=31536000, immutable" : "no-cache");
	if (rc == 0)
		rc = http_add_header(req, MHD_HTTP_HEADER_ETAG, a->etag);
	if (rc == 0)
		rc = http_add_header(req, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	if (rc == 0 && gzip)
		rc = http_add_header(req, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	return rc;
}

static void answer_asset(http_request *req, const web_asset *a)
{
	const char *match = http_header(req, MHD_HTTP_HEADER_IF_NONE_MATCH);
	const char *accept = http_header(req, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	bool gzip = accept && header_lists(accept, "gzip");
	if (match && (header_lists(match, a->etag) || !strcmp(match, "*"))) {
		if (http_reply(req, 304, NULL, "", 0) == 0)
			add_headers(req, a, false);
		return;
	}
	if (http_reply(req, 200, a->type, (const char *)(gzip ? a->gz : a->data), gzip ? a->gz_size : a->size) == 0)
		add_headers(req, a, gzip);
}

bool web_answer(http_request *req)
{
	const char *accept;
	const web_asset *a;
	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD"))
		return false;
	if (server_path(req->path))
		return false;
	if (!strncmp(req->path, "/assets/", 8)) {
		if (!(a = find_asset(req->path))) {
			http_reply_error(req, 404, "not_found", NULL, "no dashboard file %s", req->path);
			return true;
		}
		answer_asset(req, a);
		return true;
	}
	accept = http_header(req, MHD_HTTP_HEADER_ACCEPT);
	if (!accept || !strstr(accept, "text/html"))
		return false;
	if (web_missing) {
		static const char page[] = "<!doctype html><meta charset=\"utf-8\"><title>clout</title>"
					   "<p>The clout dashboard is not in this build: ";
		char body[512];
		int n = snprintf(body, sizeof(body), "%s%s. The JSON API is at /api/v1/.</p>\n", page, web_missing);
		if (http_reply(req, 404, "text/html; charset=utf-8", body, (size_t)n < sizeof(body) ? (size_t)n : sizeof(body) - 1) == 0)
			http_add_header(req, "Content-Security-Policy", WEB_CSP);
		return true;
	}
	if (!(a = find_asset("/index.html")))
		return false;
	answer_asset(req, a);
	return true;
}
