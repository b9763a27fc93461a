/*
 * fastpath.c: the redirect fast path (see fastpath.h): loop threads, connections, answers.
 *
 * A turn of a loop: epoll_wait, then for each readable connection peek at what waits, answer every
 * complete redirect request in it (the click prepared, its record added to the turn's batch, its
 * answer rendered into the connection's output but not sent), consume exactly those bytes, and
 * stop at the first request that is not a redirect (the connection is marked for handoff) or not
 * complete (the rest stays in the kernel until more arrives: edge-triggered). At the end of the
 * turn the batch goes to the click log in one append; only then are the answers sent, and the
 * connections marked for handoff whose answers are all out go to libmicrohttpd. If the append
 * fails, the connections of that batch get 503 (Connection: close) instead of their 302s.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server/fastparse.h"
#include "server/fastpath.h"
#include "server/resources.h"
#include "util/banned.h"

#define BATCH_MAX 512    /* clicks per append: a turn with more appends more than once */
#define EVENTS_MAX 256

typedef struct fp_conn {
	int fd;
	struct fp_conn *prev, *next;  /* the loop's connections */
	struct fp_conn *touched_next; /* answers rendered this turn */
	bool touched, close_after, handoff;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	uint8_t address[16];
	size_t address_len;
	char *out;
	size_t out_len, out_off, out_cap;
	size_t out_ready;  /* out[0..out_ready) may be sent: their clicks are logged */
	size_t out_turn;   /* out_len when the turn first touched it */
	double last_active;
} fp_conn;

typedef struct fp_pending_metric {
	int status;
	double started;
} fp_pending_metric;

typedef struct fp_loop {
	struct fastpath *fp;
	pthread_t thread;
	bool started, quiesced;
	int ep, wake_fd;
	fp_conn conns; /* sentinel of a circular list */
	fp_conn *touched;
	uint8_t records[BATCH_MAX * CLOUT_CLICK_RECORD_MAX];
	size_t records_len, count;
	uint64_t by_class[CLOUT_CLICK_CLASSES];
	fp_pending_metric metrics[BATCH_MAX];
	size_t nmetrics;
	char *peek, *scratch;
	char date[40];
	time_t date_at;
	double last_sweep;
} fp_loop;

struct fastpath {
	server_context *srv;
	struct MHD_Daemon *daemon;
	int listen_fd;
	unsigned int nloops;
	fp_loop *loops;
	size_t redirect_slot;
	size_t max_request;
	atomic_bool quiesce, stop;
};

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *http_date(fp_loop *l)
{
	time_t now = time(NULL);
	if (now != l->date_at) {
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(l->date, sizeof(l->date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
		l->date_at = now;
	}
	return l->date;
}

/* ---- connections ---- */

static void conn_close(fp_loop *l, fp_conn *c)
{
	(void)l;
	c->prev->next = c->next;
	c->next->prev = c->prev;
	close(c->fd);
	free(c->out);
	free(c);
	metrics_connection(l->fp->srv->metrics, -1);
}

/* Gives the connection, its next request still unread, to libmicrohttpd. */
static void conn_handoff(fp_loop *l, fp_conn *c)
{
	epoll_ctl(l->ep, EPOLL_CTL_DEL, c->fd, NULL);
	c->prev->next = c->next;
	c->next->prev = c->prev;
	metrics_connection(l->fp->srv->metrics, -1); /* libmicrohttpd counts it from here */
	MHD_add_connection(l->fp->daemon, c->fd, (const struct sockaddr *)&c->addr, c->addr_len); /* closes on failure */
	free(c->out);
	free(c);
}

/* Sends what is ready; then closes or hands off a connection that asked for it. false when closed. */
static bool conn_flush(fp_loop *l, fp_conn *c)
{
	while (c->out_off < c->out_ready) {
		ssize_t n = send(c->fd, c->out + c->out_off, c->out_ready - c->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true; /* EPOLLOUT comes back */
		if (n <= 0) {
			conn_close(l, c);
			return false;
		}
		c->out_off += (size_t)n;
		c->last_active = monotonic(); /* a client that reads its answers is not idle */
	}
	if (c->out_off == c->out_len) {
		c->out_off = c->out_len = c->out_ready = 0;
		if (c->close_after) {
			shutdown(c->fd, SHUT_WR);
			conn_close(l, c);
			return false;
		}
		if (c->handoff) {
			conn_handoff(l, c);
			return false;
		}
	}
	return true;
}

/* Room for n more bytes at the end of c's output (the caller fills them), NULL out of memory. */
static char *out_reserve(fp_conn *c, size_t n)
{
	char *at;
	if (c->out_len + n > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap * 2 : 512;
		char *grown;
		while (cap < c->out_len + n)
			cap *= 2;
		if (!(grown = realloc(c->out, cap)))
			return NULL;
		c->out = grown;
		c->out_cap = cap;
	}
	at = c->out + c->out_len;
	c->out_len += n;
	return at;
}

static int out_put(fp_conn *c, const char *text, size_t n)
{
	char *at = out_reserve(c, n);
	if (!at)
		return -1;
	memcpy(at, text, n);
	return 0;
}

/* ---- answers ---- */

static const char NOT_FOUND_BODY[] = "{\"error\":{\"code\":\"not_found\",\"message\":\"no link here\",\"field\":null}}";

/* Renders a 302 to location into c's output from fixed pieces (the redirect answers most requests;
 * snprintf was a visible part of their CPU). 0, or -1 out of memory. */
static int render_found(fp_conn *c, const char *date, const char *location, bool close)
{
	static const char start[] = "HTTP/1.1 302 Found\r\nDate: ";
	static const char loc[] = "\r\nLocation: ";
	static const char end_keep[] = "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
				       "Content-Length: 0\r\n\r\n";
	static const char end_close[] = "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
					"Connection: close\r\nContent-Length: 0\r\n\r\n";
	size_t date_len = strlen(date), loc_len = strlen(location);
	const char *end = close ? end_close : end_keep;
	size_t end_len = close ? sizeof(end_close) - 1 : sizeof(end_keep) - 1;
	char *p = out_reserve(c, sizeof(start) - 1 + date_len + sizeof(loc) - 1 + loc_len + end_len);
	if (!p)
		return -1;
	memcpy(p, start, sizeof(start) - 1);
	p += sizeof(start) - 1;
	memcpy(p, date, date_len);
	p += date_len;
	memcpy(p, loc, sizeof(loc) - 1);
	p += sizeof(loc) - 1;
	memcpy(p, location, loc_len);
	p += loc_len;
	memcpy(p, end, end_len);
	return 0;
}

/* Renders one answer into c's output (HEAD: no body). 0, or -1 out of memory. */
static int render(fp_loop *l, fp_conn *c, int status, const char *location, const char *body, bool head)
{
	char text[512]; /* the 404 and 503 heads (the 302 is render_found) */
	const char *reason = status == 302 ? "Found" : status == 404 ? "Not Found" : "Service Unavailable";
	bool close = c->close_after || atomic_load(&l->fp->srv->draining);
	int n;
	if (close)
		c->close_after = true;
	if (location)
		return render_found(c, http_date(l), location, close);
	n = snprintf(text, sizeof(text),
		"HTTP/1.1 %d %s\r\nDate: %s\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
		"%sContent-Length: %zu\r\n\r\n",
		status, reason, http_date(l), close ? "Connection: close\r\n" : "", strlen(body));
	if (n < 0 || (size_t)n >= sizeof(text) || out_put(c, text, (size_t)n) < 0)
		return -1;
	if (!location && !head && out_put(c, body, strlen(body)) < 0)
		return -1;
	return 0;
}

/* A 503 body naming why the click could not be recorded (malloc'd). */
static char *unavailable_body(const char *why)
{
	char message[600];
	json_t *doc;
	snprintf(message, sizeof(message), "the click could not be recorded: %s", why && *why ? why : "failure");
	doc = json_pack("{s:{s:s,s:s,s:n}}", "error", "code", "unavailable", "message", message, "field");
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	return text;
}

static void touch(fp_loop *l, fp_conn *c)
{
	if (c->touched)
		return;
	c->touched = true;
	c->out_turn = c->out_len;
	c->touched_next = l->touched;
	l->touched = c;
}

/* Logs the clicks prepared since the last commit; the answers rendered with them become ready
 * to send (at the end of the turn). If the append fails, none of those clicks is durable: their
 * connections get a 503 with Connection: close instead. */
static void commit_batch(fp_loop *l)
{
	server_context *srv = l->fp->srv;
	clout_error err = { 0 };
	double now = monotonic();
	int rc = 0;
	if (l->count)
		rc = clout_track_recorder_log(srv->resources->recorder, l->records, l->records_len, l->count, l->by_class,
			&err);
	for (size_t i = 0; i < l->nmetrics; i++)
		metrics_request(srv->metrics, l->fp->redirect_slot, rc < 0 ? 503 : l->metrics[i].status,
			now - l->metrics[i].started);
	l->records_len = l->count = l->nmetrics = 0;
	memset(l->by_class, 0, sizeof(l->by_class));
	for (fp_conn *c = l->touched; c; c = c->touched_next) {
		if (rc < 0 && c->out_len > c->out_turn) {
			char *body = unavailable_body(err.message);
			c->out_len = c->out_turn;
			c->close_after = true;
			c->handoff = false;
			if (body)
				render(l, c, 503, NULL, body, false);
			free(body);
		}
		c->out_turn = c->out_len;
	}
}

/* Commits, then sends every answer of the turn (closing or handing off connections that asked). */
static void end_turn(fp_loop *l)
{
	fp_conn *c, *next;
	commit_batch(l);
	for (c = l->touched; c; c = next) {
		next = c->touched_next;
		c->touched = false;
		c->touched_next = NULL;
		c->out_ready = c->out_len;
		conn_flush(l, c);
	}
	l->touched = NULL;
}

/* Answers one parsed redirect request on c. */
static int answer(fp_loop *l, fp_conn *c, const fastparse_request *req)
{
	server_context *srv = l->fp->srv;
	clout_click_request click = { 0 };
	clout_click_prepared prepared;
	char location[CLOUT_CLICK_LOCATION_MAX];
	clout_error err = { 0 };
	uint8_t forwarded[16];
	double started = monotonic();
	int rc, status;
	if (l->nmetrics == BATCH_MAX)
		commit_batch(l); /* sent at the end of the turn, with the rest */
	click.head = req->head;
	click.user_agent = req->user_agent;
	click.referer = req->referer;
	click.purpose = req->purpose;
	click.sec_purpose = req->sec_purpose;
	click.x_purpose = req->x_purpose;
	click.x_moz = req->x_moz;
	click.address = c->address;
	click.address_len = c->address_len;
	if (srv->proxy_len && srv->proxy_len == c->address_len && !memcmp(c->address, srv->proxy, c->address_len) &&
	    req->forwarded_for) {
		size_t n = http_forwarded_address(req->forwarded_for, forwarded);
		if (n) {
			click.address = forwarded;
			click.address_len = n;
		}
	}
	if (req->close)
		c->close_after = true;
	touch(l, c);
	rc = clout_track_recorder_prepare(srv->resources->recorder, req->code, &click, &prepared, location, &err);
	if (rc == 0) {
		memcpy(l->records + l->records_len, prepared.record, prepared.record_len);
		l->records_len += prepared.record_len;
		l->count++;
		l->by_class[prepared.click_class]++;
		status = 302;
		rc = render(l, c, 302, location, NULL, req->head);
	} else if (rc == CLOUT_ENOTFOUND) {
		status = 404;
		rc = render(l, c, 404, NULL, NOT_FOUND_BODY, req->head);
	} else {
		char *body = unavailable_body(err.message);
		status = 503;
		rc = body ? render(l, c, 503, NULL, body, req->head) : -1;
		free(body);
	}
	l->metrics[l->nmetrics++] = (fp_pending_metric){ status, started };
	return rc;
}

/* Reads what waits on c: answers the redirects, leaves the rest. false when c was closed. */
static bool conn_read(fp_loop *l, fp_conn *c)
{
	fastpath *fp = l->fp;
	for (;;) {
		ssize_t n;
		size_t pos = 0;
		if (c->handoff || c->close_after)
			return true; /* nothing more is read here */
		n = recv(c->fd, l->peek, fp->max_request, MSG_PEEK | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true;
		if (n <= 0) { /* the peer is gone (or failed) */
			if (c->touched) { /* its answers of this turn are dropped with it */
				c->close_after = true;
				return true;
			}
			conn_close(l, c);
			return false;
		}
		c->last_active = monotonic();
		while (pos < (size_t)n && !c->close_after) {
			fastparse_request req;
			fastparse_verdict v = fastparse_request_parse(l->peek + pos, (size_t)n - pos,
				fp->srv->opts->max_header_bytes, fp->max_request, &req, l->scratch);
			if (v == FASTPARSE_MORE)
				break;
			if (v == FASTPARSE_HANDOFF) {
				c->handoff = true;
				touch(l, c); /* handed off at the end of the turn, once its answers are out */
				break;
			}
			if (answer(l, c, &req) < 0) {
				c->close_after = true;
				c->handoff = false;
			}
			pos += req.length;
		}
		if (pos) { /* consume exactly the requests answered: discarded without a copy (MSG_TRUNC on
			    * TCP), or read again where the kernel refuses that */
			ssize_t got = recv(c->fd, l->peek, pos, MSG_TRUNC | MSG_DONTWAIT);
			if (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
				got = recv(c->fd, l->peek, pos, MSG_DONTWAIT);
			if (got != (ssize_t)pos)
				c->close_after = true;
		}
		if (pos == 0 || (size_t)n < fp->max_request)
			return true;
	}
}

static void accept_some(fp_loop *l)
{
	fastpath *fp = l->fp;
	for (int i = 0; i < 8; i++) {
		fp_conn *c = calloc(1, sizeof(*c));
		struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET };
		int on = 1;
		if (!c)
			return;
		c->addr_len = sizeof(c->addr);
		c->fd = accept4(fp->listen_fd, (struct sockaddr *)&c->addr, &c->addr_len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (c->fd < 0) {
			free(c);
			return;
		}
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
		if (c->addr.ss_family == AF_INET) {
			memcpy(c->address, &((struct sockaddr_in *)&c->addr)->sin_addr, 4);
			c->address_len = 4;
		} else if (c->addr.ss_family == AF_INET6) {
			memcpy(c->address, &((struct sockaddr_in6 *)&c->addr)->sin6_addr, 16);
			c->address_len = 16;
		}
		c->last_active = monotonic();
		c->next = l->conns.next;
		c->prev = &l->conns;
		l->conns.next->prev = c;
		l->conns.next = c;
		metrics_connection(fp->srv->metrics, 1);
		ev.data.ptr = c;
		if (epoll_ctl(l->ep, EPOLL_CTL_ADD, c->fd, &ev) < 0)
			conn_close(l, c);
	}
}

/* Closes connections idle past the timeout (stuck in a partial request, or not reading their
 * answers, included); when draining, every connection with nothing under way. */
static void sweep(fp_loop *l, double now, bool draining)
{
	double timeout = (double)l->fp->srv->opts->timeout_s;
	fp_conn *c, *next;
	for (c = l->conns.next; c != &l->conns; c = next) {
		int waiting = 0;
		next = c->next;
		if (now - c->last_active > timeout)
			conn_close(l, c);
		else if (c->out_len)
			continue;
		else if (draining && ioctl(c->fd, FIONREAD, &waiting) == 0 && waiting == 0)
			conn_close(l, c);
	}
	l->last_sweep = now;
}

static void *loop_main(void *arg)
{
	fp_loop *l = arg;
	fastpath *fp = l->fp;
	struct epoll_event events[EVENTS_MAX];
	while (!atomic_load(&fp->stop)) {
		int n = epoll_wait(l->ep, events, EVENTS_MAX, 1000);
		double now;
		for (int i = 0; i < n; i++) {
			fp_conn *c = events[i].data.ptr;
			if (c == NULL) {
				accept_some(l);
				continue;
			}
			if (c == (fp_conn *)&l->wake_fd) {
				uint64_t v;
				if (read(l->wake_fd, &v, sizeof(v)) < 0)
					continue;
				continue;
			}
			if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
				if (!conn_read(l, c))
					continue;
			}
			if ((events[i].events & EPOLLOUT) && c->out_ready > c->out_off && !c->touched)
				conn_flush(l, c);
		}
		end_turn(l);
		now = monotonic();
		if (atomic_load(&fp->quiesce) && !l->quiesced) {
			epoll_ctl(l->ep, EPOLL_CTL_DEL, fp->listen_fd, NULL);
			l->quiesced = true;
			sweep(l, now, true);
		} else if (now - l->last_sweep >= 1.0) {
			sweep(l, now, l->quiesced);
		}
	}
	while (l->conns.next != &l->conns)
		conn_close(l, l->conns.next);
	return NULL;
}

/* ---- life ---- */

int fastpath_open(fastpath **out, server_context *srv, int listen_fd, clout_error *err)
{
	fastpath *fp = calloc(1, sizeof(*fp));
	const route *r = NULL;
	route_params params;
	char allow[64];
	*out = NULL;
	if (!fp)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	fp->srv = srv;
	fp->listen_fd = listen_fd;
	fp->max_request = srv->opts->max_header_bytes + 16 * 1024; /* libmicrohttpd's connection memory */
	atomic_init(&fp->quiesce, false);
	atomic_init(&fp->stop, false);
	if (route_match("GET", "/r/x", &r, &params, allow, sizeof(allow)) != ROUTE_FOUND) {
		free(fp);
		return clout_error_set(err, CLOUT_EINTERNAL, "no /r/{code} route");
	}
	fp->redirect_slot = route_index(r);
	fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
	*out = fp;
	return 0;
}

static int loop_init(fp_loop *l, fastpath *fp, clout_error *err)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLEXCLUSIVE, .data.ptr = NULL };
	l->fp = fp;
	l->conns.next = l->conns.prev = &l->conns;
	l->ep = epoll_create1(EPOLL_CLOEXEC);
	l->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	l->peek = malloc(fp->max_request);
	l->scratch = malloc(fp->max_request + 64);
	if (l->ep < 0 || l->wake_fd < 0 || !l->peek || !l->scratch)
		return clout_error_set(err, CLOUT_EIO, "the fast path could not start: %s", strerror(errno));
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, fp->listen_fd, &ev) < 0)
		return clout_error_set(err, CLOUT_EIO, "the fast path could not watch the listener: %s", strerror(errno));
	ev.events = EPOLLIN;
	ev.data.ptr = &l->wake_fd;
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, l->wake_fd, &ev) < 0)
		return clout_error_set(err, CLOUT_EIO, "the fast path could not start: %s", strerror(errno));
	return 0;
}

int fastpath_start(fastpath *fp, struct MHD_Daemon *daemon, clout_error *err)
{
	unsigned int n = fp->srv->opts->threads ? fp->srv->opts->threads : 1;
	fp->daemon = daemon;
	if (!(fp->loops = calloc(n, sizeof(*fp->loops))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	for (unsigned int i = 0; i < n; i++) {
		fp_loop *l = &fp->loops[i];
		l->ep = l->wake_fd = -1;
		fp->nloops = i + 1;
		if (loop_init(l, fp, err) < 0)
			return err ? err->code : CLOUT_EIO;
		if (pthread_create(&l->thread, NULL, loop_main, l) != 0)
			return clout_error_set(err, CLOUT_EINTERNAL, "cannot start a fast path thread");
		pthread_setname_np(l->thread, "clout-fast");
		l->started = true;
	}
	return 0;
}

static void wake_all(fastpath *fp)
{
	uint64_t one = 1;
	for (unsigned int i = 0; i < fp->nloops; i++)
		if (fp->loops[i].wake_fd >= 0 && write(fp->loops[i].wake_fd, &one, sizeof(one)) < 0)
			continue;
}

void fastpath_quiesce(fastpath *fp)
{
	if (!fp)
		return;
	atomic_store(&fp->quiesce, true);
	shutdown(fp->listen_fd, SHUT_RDWR); /* no new connection is taken */
	wake_all(fp);
}

void fastpath_free(fastpath *fp)
{
	if (!fp)
		return;
	atomic_store(&fp->stop, true);
	wake_all(fp);
	for (unsigned int i = 0; i < fp->nloops; i++) {
		fp_loop *l = &fp->loops[i];
		if (l->started)
			pthread_join(l->thread, NULL);
		if (l->ep >= 0)
			close(l->ep);
		if (l->wake_fd >= 0)
			close(l->wake_fd);
		free(l->peek);
		free(l->scratch);
	}
	free(fp->loops);
	close(fp->listen_fd);
	free(fp);
}
