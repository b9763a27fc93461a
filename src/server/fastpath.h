/*
 * fastpath.h: the redirect fast path (fastpath.c). Without TLS, `clout serve` owns the listening
 * socket: N loop threads (epoll, edge-triggered) accept connections, peek at each request
 * (recv MSG_PEEK) and answer `GET|HEAD /r/CODE` themselves: the click is prepared on the loop
 * thread, every click of one turn of the loop is appended to the click log in one write, and only
 * then are their 302s sent. Any other request (fastparse.h says which) hands the connection, with
 * its bytes still unread, to libmicrohttpd (MHD_add_connection), once the answers before it are
 * sent; from then on the connection is libmicrohttpd's.
 */
#ifndef CLOUT_SERVER_FASTPATH_H
#define CLOUT_SERVER_FASTPATH_H

#include <microhttpd.h>

#include "server/http.h"

typedef struct fastpath fastpath;

/* Takes the listening socket listen_fd (closed by fastpath_free). Nothing runs yet. */
int fastpath_open(fastpath **out, server_context *srv, int listen_fd, clout_error *err);
/* Starts the loop threads; connections that are not redirects go to daemon. */
int fastpath_start(fastpath *fp, struct MHD_Daemon *daemon, clout_error *err);
/* Stops accepting (the listening socket is closed); answers go on with Connection: close, idle
 * connections are closed. */
void fastpath_quiesce(fastpath *fp);
/* Stops the threads, closes every connection still open and frees. NULL-safe. */
void fastpath_free(fastpath *fp);

#endif
