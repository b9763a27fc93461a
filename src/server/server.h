/*
 * server.h: `clout serve` as the CLI starts it: the options and the call that runs the server
 * until SIGTERM or SIGINT, then drains it.
 */
#ifndef CLOUT_SERVER_SERVER_H
#define CLOUT_SERVER_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "clout/common.h"

typedef struct server_options {
	unsigned int version;
	const char *host;        /* numeric IPv4 or IPv6 address to listen on */
	uint16_t port;           /* 0: any free port (printed) */
	unsigned int threads;    /* worker threads, each with its own epoll set */
	const char *db;          /* store location */
	const char *public_url;  /* base of short links ("https://go.example.com"); NULL: the listen address */
	unsigned int timeout_s;  /* a connection idle this long is closed */
	size_t max_body_bytes;   /* larger bodies get 413 */
	size_t max_header_bytes; /* larger header sections get 431 */
	unsigned int drain_timeout_s; /* after SIGTERM, how long requests in flight may take */
	FILE *log;               /* "listening on ..." and shutdown notes (stderr) */
	const char *tls_cert;    /* PEM certificate chain file: serve HTTPS (with tls_key); NULL: HTTP */
	const char *tls_key;     /* PEM private key file */
	long webhook_backoff_ms;  /* first webhook retry delay; 0: the library's default */
	const char *trusted_proxy; /* numeric address of a reverse proxy whose X-Forwarded-For is believed */
	const char *state_dir;   /* the click log's directory; NULL: the recorder's default */
	bool click_fsync;        /* fdatasync the click log at each batch */
	bool no_fast_path;       /* /r/CODE through libmicrohttpd too */
} server_options;

#define SERVER_OPTIONS_VERSION 1
#define SERVER_OPTIONS_INIT { SERVER_OPTIONS_VERSION, "127.0.0.1", 8080, 0, NULL, NULL, 30, 1024 * 1024, \
	16 * 1024, 10, NULL, NULL, NULL, 0, NULL, NULL, false, false }

/*
 * Opens the store, starts the daemon, prints "listening on http://HOST:PORT" to opts->log and
 * serves until SIGTERM or SIGINT; then stops accepting, lets requests in flight finish (their
 * pending writes committed, their answers sent) and returns 0, with SIGTERM and SIGINT still
 * blocked (the caller is expected to exit). Errors before serving are returned with a message on
 * err.
 */
int server_run(const server_options *opts, clout_error *err);

/* Prints the routes table, one "METHOD PATTERN PERMISSION" line each. */
void server_print_routes(FILE *out);

#endif
