/*
 * server.c: the daemon's life: options to libmicrohttpd (epoll, a thread pool, keep-alive,
 * suspend/resume, limits and timeouts), the store, signals, and the drain on SIGTERM/SIGINT.
 *
 * Signals are blocked in every thread and taken by the main thread with sigwait, so no handler
 * runs inside a worker. The drain stops accepting, waits for the requests in flight (whose writes
 * the group committer finishes and whose answers the workers send), and only then stops the
 * daemon, which closes the idle keep-alive connections.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/fastpath.h"
#include "server/http.h"
#include "server/resources.h"
#include "server/server.h"
#include "server/tls.h"
#include "util/lazylib.h"
#include "util/banned.h"

void server_print_routes(FILE *out)
{
	routes_print(out);
}

static void log_from_mhd(void *cls, const char *fmt, va_list ap)
{
	FILE *log = cls;
	fputs("clout serve: http: ", log);
	vfprintf(log, fmt, ap);
}

typedef union listen_address {
	struct sockaddr sa;
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
} listen_address;

static int parse_address(listen_address *addr, const server_options *o, clout_error *err)
{
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, o->host, &addr->in4.sin_addr) == 1) {
		addr->in4.sin_family = AF_INET;
		addr->in4.sin_port = htons(o->port);
		return 0;
	}
	if (inet_pton(AF_INET6, o->host, &addr->in6.sin6_addr) == 1) {
		addr->in6.sin6_family = AF_INET6;
		addr->in6.sin6_port = htons(o->port);
		return 0;
	}
	return clout_error_set(err, CLOUT_EINVAL, "--listen: '%s' is not a numeric IPv4 or IPv6 address", o->host);
}

/* Binds and listens here rather than in libmicrohttpd, so that the port (when 0 was asked for) is
 * known before the first request: short links are built from it. */
static int open_listener(const listen_address *addr, int *out_fd, uint16_t *out_port, const server_options *o,
	clout_error *err)
{
	listen_address bound;
	socklen_t len = addr->sa.sa_family == AF_INET6 ? sizeof(addr->in6) : sizeof(addr->in4);
	int fd = socket(addr->sa.sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
	if (fd < 0)
		return clout_error_set(err, CLOUT_EIO, "cannot open a socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, &addr->sa, len) < 0 || listen(fd, 4096) < 0 || getsockname(fd, &bound.sa, &len) < 0) {
		int e = errno;
		close(fd);
		return clout_error_set(err, CLOUT_EIO, "cannot listen on %s:%u: %s", o->host, (unsigned)o->port, strerror(e));
	}
	*out_fd = fd;
	*out_port = ntohs(addr->sa.sa_family == AF_INET6 ? bound.in6.sin6_port : bound.in4.sin_port);
	return 0;
}

/* The daemon, on listen_fd, or with no listening socket of its own (listen_fd -1: the fast path
 * accepts and hands it connections). */
static struct MHD_Daemon *start_daemon(server_context *srv, int listen_fd, server_tls *tls, clout_error *err)
{
	const server_options *o = srv->opts;
	unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG | tls_flags(tls);
	if (listen_fd < 0)
		flags |= MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC;
	/* Room for the headers we accept plus a read buffer: libmicrohttpd 0.9.75 clears the pool's
	 * buffer for every request on a kept-alive connection, so a larger pool costs every request. */
	size_t memory = o->max_header_bytes + 16 * 1024;
	struct MHD_OptionItem listen[] = {
		{ listen_fd >= 0 ? MHD_OPTION_LISTEN_SOCKET : MHD_OPTION_END, listen_fd, NULL },
		{ MHD_OPTION_END, 0, NULL },
	};
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, http_on_request, srv,
		MHD_OPTION_EXTERNAL_LOGGER, log_from_mhd, o->log,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(o->threads > 1 ? o->threads : 0),
		MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory,
		MHD_OPTION_NOTIFY_COMPLETED, http_on_completed, srv,
		MHD_OPTION_NOTIFY_CONNECTION, http_on_connection, srv,
		MHD_OPTION_ARRAY, tls->options,
		MHD_OPTION_ARRAY, listen,
		MHD_OPTION_END);
	if (!d) {
		const char *why = clout_libmhd_error();
		clout_error_set(err, CLOUT_EIO, "the HTTP daemon did not start on %s:%u%s%s", o->host, (unsigned)o->port,
			why ? ": " : "", why ? why : "");
	}
	return d;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits until no request is in flight, or until deadline (monotonic seconds). */
static void wait_idle(server_context *srv, double deadline)
{
	while (atomic_load(&srv->in_flight) > 0 && monotonic() < deadline)
		sleep_ms(2);
}

static void drain(server_context *srv, struct MHD_Daemon *d, fastpath *fp)
{
	const server_options *o = srv->opts;
	MHD_socket listener;
	int left;
	atomic_store(&srv->draining, true);
	fastpath_quiesce(fp);
	listener = MHD_quiesce_daemon(d);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	wait_idle(srv, monotonic() + o->drain_timeout_s);
	/* The fast path answers within a turn of its loops: stopping them closes idle connections. */
	fastpath_free(fp);
	/* Commit what is still queued and answer its requests before the daemon goes. */
	resources_stop(srv->resources);
	wait_idle(srv, monotonic() + 1.0);
	left = atomic_load(&srv->in_flight);
	if (left > 0)
		fprintf(o->log, "clout serve: %d requests still in flight after %us; closing them\n", left,
			o->drain_timeout_s);
	MHD_stop_daemon(d);
}

static void print_listening(const server_options *o)
{
	const char *scheme = o->tls_cert ? "https" : "http";
	if (strchr(o->host, ':'))
		fprintf(o->log, "listening on %s://[%s]:%u\n", scheme, o->host, (unsigned)o->port);
	else
		fprintf(o->log, "listening on %s://%s:%u\n", scheme, o->host, (unsigned)o->port);
	fflush(o->log);
}

int server_run(const server_options *opts, clout_error *err)
{
	server_options bound = *opts; /* with the port actually bound */
	server_context srv = { 0 };
	listen_address addr;
	struct MHD_Daemon *d = NULL;
	fastpath *fp = NULL;
	server_tls tls;
	sigset_t signals;
	int rc, sig, listen_fd = -1;
	srv.opts = &bound;
	atomic_init(&srv.in_flight, 0);
	atomic_init(&srv.draining, false);
	if ((rc = tls_load(&tls, opts, err)) < 0)
		return rc;
	if (opts->trusted_proxy) {
		uint8_t *p = srv.proxy;
		if (inet_pton(AF_INET, opts->trusted_proxy, p) == 1)
			srv.proxy_len = 4;
		else if (inet_pton(AF_INET6, opts->trusted_proxy, p) == 1)
			srv.proxy_len = 16;
		else {
			tls_release(&tls);
			return clout_error_set(err, CLOUT_EINVAL, "--trusted-proxy: '%s' is not a numeric IPv4 or IPv6 address",
				opts->trusted_proxy);
		}
	}
	if ((rc = parse_address(&addr, opts, err)) < 0 ||
	    (rc = open_listener(&addr, &listen_fd, &bound.port, opts, err)) < 0) {
		tls_release(&tls);
		return rc;
	}
	if ((rc = metrics_new(&srv.metrics, server_routes_count)) < 0) {
		clout_error_set(err, rc, "out of memory");
		goto done;
	}
	/* Blocked before any thread starts (the click committer, the workers), so that all inherit
	 * the mask; it stays blocked after the drain, so that a second SIGTERM sent meanwhile cannot
	 * kill the process on its way out (the caller exits next). */
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((rc = resources_open(&srv.resources, &bound, srv.metrics, err)) < 0)
		goto done;
	/* Without TLS the fast path owns the listening socket and answers /r/CODE itself. */
	if (!opts->tls_cert && !opts->no_fast_path) {
		if ((rc = fastpath_open(&fp, &srv, listen_fd, err)) < 0)
			goto done;
		listen_fd = -1; /* the fast path's now */
	}
	if (!(d = start_daemon(&srv, fp ? -1 : listen_fd, &tls, err))) {
		rc = err ? err->code : CLOUT_EIO;
		goto done;
	}
	listen_fd = -1; /* the daemon's now */
	if (fp && (rc = fastpath_start(fp, d, err)) < 0)
		goto done;
	print_listening(&bound);
	while (sigwait(&signals, &sig) != 0)
		;
	fprintf(opts->log, "clout serve: %s: draining\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	drain(&srv, d, fp);
	fp = NULL;
	d = NULL;
	fprintf(opts->log, "clout serve: stopped\n");
	rc = 0;
done:
	fastpath_free(fp);
	if (d)
		MHD_stop_daemon(d);
	if (listen_fd >= 0)
		close(listen_fd);
	resources_free(srv.resources);
	metrics_free(srv.metrics);
	tls_release(&tls);
	return rc;
}
