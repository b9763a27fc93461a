/*
 * lines.c: sentiment over lines of text, the whole operation behind `clout sentiment` and any
 * front end that scores a stream: JSON lines ({"id":..., "text":...}) or plain lines (id = line
 * number) in, one result per record in order, malformed lines reported with NAME:LINE and skipped;
 * and the one JSON writer of a scored record.
 *
 * The input (a regular file mapped, another stream read in blocks) is cut into chunks of whole
 * lines; each worker thread reads the posts of a chunk (jsonl.c: in place when the line is simple),
 * scores them and writes their JSON lines into the chunk's own buffer; the calling thread cuts
 * the chunks, hands the buffers out in input order (so the output does not depend on the number
 * of threads) and scores chunks too when it has nothing else to do.
 *
 * The writer formats by hand rather than through jansson: it runs once per post at up to a
 * million posts a second, where a jansson document per post was the larger part of the time
 * (docs/text.md). It writes what jansson would: the id as parsed JSON, then fixed fields.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <pthread.h>

#include <jansson.h>

#include "clout/text.h"
#include "lib/text/jsonl.h"
#include "util/banned.h"

/*
 * Writes x as printf's "%.4f" would, without printf (it was the larger part of the CLI's own time).
 * x * 10000 is exact in an x87 long double (53 + 10 significant bits fit its 64), so rounding
 * that product to an integer, ties to even as glibc does, gives printf's digits. Values that are
 * not finite or not small, or a long double without 64 bits, go through snprintf.
 */
static size_t put_fixed4(char *p, double x)
{
#if LDBL_MANT_DIG >= 64
	if (isfinite(x) && fabs(x) < 1e9) {
		char *start = p;
		if (signbit(x))
			*p++ = '-'; /* printf keeps the sign of -0.0 and of what rounds to it */
		long double v = fabsl((long double)x) * 10000.0L;
		long double whole = floorl(v), frac = v - whole;
		uint64_t q = (uint64_t)whole;
		if (frac > 0.5L || (frac == 0.5L && (q & 1)))
			q++;
		uint64_t ip = q / 10000;
		unsigned fp = (unsigned)(q % 10000);
		char digits[24];
		size_t n = 0;
		do {
			digits[n++] = (char)('0' + ip % 10);
			ip /= 10;
		} while (ip);
		while (n)
			*p++ = digits[--n];
		*p++ = '.';
		p[0] = (char)('0' + fp / 1000);
		p[1] = (char)('0' + fp / 100 % 10);
		p[2] = (char)('0' + fp / 10 % 10);
		p[3] = (char)('0' + fp % 10);
		return (size_t)(p + 4 - start);
	}
#endif
	return (size_t)snprintf(p, 64, "%.4f", x);
}

static char *put_str(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/* Decimal digits of v into out (at least 21 bytes); returns their count. */
static size_t put_long(char *out, long long v)
{
	char digits[24];
	size_t n = 0, k = 0;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[k++] = '-';
	while (n)
		out[k++] = digits[--n];
	out[k] = '\0';
	return k;
}

size_t clout_text_sentiment_record_json(char *out, const clout_sentiment_record *rec)
{
	const clout_sentiment *s = &rec->sentiment;
	char *p = put_str(out, "{\"id\":", 6);
	p = put_str(p, rec->id_json, rec->id_len);
	p = put_str(p, ",\"lang\":\"", 9);
	p = put_str(p, s->lang, strnlen(s->lang, sizeof(s->lang)));
	p = put_str(p, "\",\"compound\":", 13);
	p += put_fixed4(p, s->compound);
	p = put_str(p, ",\"label\":\"", 10);
	p = put_str(p, s->label, strlen(s->label));
	p = put_str(p, "\"}\n", 3);
	*p = '\0';
	return (size_t)(p - out);
}

/* ---- the run: the input cut into chunks of whole lines, each read, scored and written into its
 * own buffer by a worker or by the calling thread, the buffers handed out in input order by the
 * calling thread ---- */

/* Small enough that the last chunks leave no core idle for long, large enough that handing one
 * over costs nothing beside its scoring (about 3 ms of posts); the last chunks of a mapped file
 * are smaller still (down to TAIL_CHUNK_MIN). */
#define CHUNK_BYTES (1u << 18)
#define TAIL_CHUNK_MIN (1u << 14)
#define MAX_THREADS 64

enum { SLOT_FREE, SLOT_READY, SLOT_WORKING, SLOT_DONE };

/* A malformed line of a chunk: where its report goes in the chunk's output, and why. */
typedef struct bad_note {
	size_t at;
	long line;            /* counted from the chunk's line_base */
	char *what;
} bad_note;

/*
 * A chunk of the input. Its lines are counted by whoever scores it, not when it is cut (a pass
 * over every line on the cutting thread): line numbers in it count from line_base, which is the
 * real number of its first line for plain lines (whose ids are line numbers) and 1 otherwise, made
 * real when the chunk is handed out (emit_chunk), by then the lines before it are counted.
 */
typedef struct chunk {
	int state;
	uint64_t seq;         /* its place in the input: chunks are handed out by seq */
	const char *data;     /* the chunk's lines: into the mapped file, or buf */
	size_t len;
	char *buf;            /* a stream's bytes */
	size_t buf_cap;
	long line_base, nlines;
	char *out;            /* the JSON lines of its records */
	size_t out_len, out_cap;
	bad_note *bads;
	size_t nbad, bad_cap;
	uint64_t records;
	long nomem_line;      /* > 0: out of memory at that line (what precedes it is in out) */
} chunk;

typedef struct lines_run {
	const clout_text_lines_options *opts;
	const char *lang;
	size_t max_line;
	size_t threads;       /* threads scoring */
	clout_text_lines_stats *stats;
	clout_error *err;
	/* the source: a mapped regular file, or a stream read in blocks with what follows the last
	 * newline of a block carried to the next */
	FILE *in;
	const char *map;      /* from in's position */
	size_t map_len, pos;
	void *map_base;       /* the whole file, to unmap */
	size_t map_size;
	char *carry;
	size_t carry_len, carry_cap;
	bool eof;
	uint64_t next_seq;    /* of the next chunk cut */
	long cut_line;        /* plain lines: the number of the next chunk's first line */
	long emit_line;       /* the number of the first line of the next chunk handed out */
	/* the workers */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	chunk *slots;
	size_t nslots;
	bool stop;
} lines_run;

typedef struct worker {
	lines_run *r;
	clout_text *t;
} worker;

static int reserve(char **p, size_t *cap, size_t need, size_t unit)
{
	if (need <= *cap)
		return 0;
	size_t want = *cap ? *cap : 1 << 16;
	while (want < need)
		want *= 2;
	char *grown = realloc(*p, want * unit);
	if (!grown)
		return -1;
	*p = grown;
	*cap = want;
	return 0;
}

/* Appends a record's JSON line to c's output; -1 when out of memory. */
static int put_record(chunk *c, long line, const char *id_json, size_t id_len, long long id_int, const clout_sentiment *s)
{
	char id[24];
	if (!id_json) {
		id_len = put_long(id, id_int);
		id_json = id;
	}
	if (reserve(&c->out, &c->out_cap, c->out_len + id_len + 128, 1) < 0)
		return -1;
	clout_sentiment_record rec = { id_json, id_len, line, *s };
	c->out_len += clout_text_sentiment_record_json(c->out + c->out_len, &rec);
	c->records++;
	return 0;
}

static int note_bad(chunk *c, long line, const char *what)
{
	size_t n = strlen(what);
	char *copy = malloc(n + 1);
	if (!copy || reserve((char **)&c->bads, &c->bad_cap, c->nbad + 1, sizeof(*c->bads)) < 0) {
		free(copy);
		return -1;
	}
	memcpy(copy, what, n + 1);
	c->bads[c->nbad++] = (bad_note){ c->out_len, line, copy };
	return 0;
}

/* Reads and scores one line into c; -1 when out of memory. */
static int score_line(const lines_run *r, clout_text *t, chunk *c, long line, const char *text, size_t len)
{
	clout_sentiment s;
	clout__jsonl_post post;
	char what[256];
	size_t k = 0;
	int rc;
	if (len > r->max_line) {
		snprintf(what, sizeof(what), "line longer than %zu bytes", r->max_line);
		return note_bad(c, line, what);
	}
	if (r->opts->plain) {
		if (clout_text_sentiment(t, text, len, r->lang, &s) < 0)
			return -1;
		return put_record(c, line, NULL, 0, line, &s);
	}
	while (k < len && (text[k] == ' ' || text[k] == '\t'))
		k++;
	if (k == len)
		return 0; /* a blank line holds no record */
	if ((rc = clout__jsonl_read(&post, text, len, what, sizeof(what))) == CLOUT_EBADDATA)
		return note_bad(c, line, what);
	if (rc < 0)
		return -1;
	rc = clout_text_sentiment(t, post.text, post.text_len, r->lang, &s) < 0 ? -1
		: put_record(c, line, post.id_json, post.id_len, post.id_int, &s);
	clout__jsonl_release(&post);
	return rc;
}

/* Reads, scores and writes out every line of c, counting them. */
static void score_chunk(const lines_run *r, clout_text *t, chunk *c)
{
	const char *p = c->data, *end = c->data + c->len;
	long line = c->line_base;
	c->out_len = 0;
	c->nbad = 0;
	c->records = 0;
	c->nomem_line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		while (len && p[len - 1] == '\r')
			len--;
		if (score_line(r, t, c, line, p, len) < 0) {
			c->nomem_line = line;
			break;
		}
		line++;
		p = nl ? nl + 1 : end;
	}
	c->nlines = line - c->line_base;
}

/* Number of lines in data[0..len): its newlines, and a last line without one. */
static long count_lines(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *nl;
	long n = 0;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		n++;
		p = nl + 1;
	}
	return n + (p < end);
}

/* Fills a stream chunk: what was carried, then blocks until it holds CHUNK_BYTES and a newline
 * (or the input ends); what follows the last newline is carried. 1, 0 at the end, or an error. */
static int read_block(lines_run *r, chunk *c)
{
	size_t have = r->carry_len, cut;
	if (reserve(&c->buf, &c->buf_cap, have + CHUNK_BYTES, 1) < 0)
		return clout_error_set(r->err, CLOUT_ENOMEM, "%s: out of memory", r->opts->name);
	if (have)
		memcpy(c->buf, r->carry, have);
	r->carry_len = 0;
	for (;;) {
		while (!r->eof && have < c->buf_cap) {
			size_t want = c->buf_cap - have, got = fread(c->buf + have, 1, want, r->in);
			have += got;
			if (got < want) { /* fread stops short only at the end or on an error */
				if (ferror(r->in))
					return clout_error_set(r->err, CLOUT_EIO, "%s: read error", r->opts->name);
				r->eof = true;
			}
		}
		for (cut = have; cut && c->buf[cut - 1] != '\n'; cut--)
			;
		if (r->eof || cut)
			break;
		/* one line longer than the block: grow it */
		if (reserve(&c->buf, &c->buf_cap, have + CHUNK_BYTES, 1) < 0)
			return clout_error_set(r->err, CLOUT_ENOMEM, "%s: out of memory", r->opts->name);
	}
	if (r->eof)
		cut = have;
	if (reserve(&r->carry, &r->carry_cap, have - cut, 1) < 0)
		return clout_error_set(r->err, CLOUT_ENOMEM, "%s: out of memory", r->opts->name);
	if (have > cut)
		memcpy(r->carry, c->buf + cut, have - cut);
	r->carry_len = have - cut;
	c->data = c->buf;
	c->len = cut;
	return cut > 0;
}

/* The next chunk of the input into c: 1, 0 at the end of the input, or an error (on r->err). */
static int next_chunk(lines_run *r, chunk *c)
{
	int rc;
	if (r->map) {
		/* the last chunks of a file shrink, so that the threads finish close together */
		size_t left = r->map_len - r->pos, want = CHUNK_BYTES;
		if (r->threads > 1 && left / (2 * r->threads) < want)
			want = left / (2 * r->threads) > TAIL_CHUNK_MIN ? left / (2 * r->threads) : TAIL_CHUNK_MIN;
		size_t end = r->pos + want;
		if (r->pos >= r->map_len)
			return 0;
		if (end >= r->map_len)
			end = r->map_len;
		else {
			const char *nl = memchr(r->map + end, '\n', r->map_len - end);
			end = nl ? (size_t)(nl - r->map) + 1 : r->map_len;
		}
		c->data = r->map + r->pos;
		c->len = end - r->pos;
		r->pos = end;
	} else if ((rc = read_block(r, c)) <= 0)
		return rc;
	c->seq = r->next_seq++;
	c->line_base = 1;
	if (r->opts->plain) { /* the ids are line numbers: counted here, before it is scored */
		c->line_base = r->cut_line;
		r->cut_line += count_lines(c->data, c->len);
	}
	return 1;
}

/* Hands c's output and malformed lines to the callbacks, in order (c is the next chunk of the
 * input); 0 or what stops the run. */
static int emit_chunk(lines_run *r, chunk *c)
{
	const clout_text_lines_options *o = r->opts;
	long shift = r->emit_line - c->line_base; /* what makes c's line numbers real */
	size_t at = 0, i;
	int rc = 0;
	for (i = 0; i < c->nbad && rc == 0; i++) {
		clout_error e;
		if (c->bads[i].at > at && (rc = o->write(o->ctx, c->out + at, c->bads[i].at - at)) != 0)
			break;
		at = c->bads[i].at;
		r->stats->bad++;
		if (o->bad) {
			clout_error_set(&e, CLOUT_EBADDATA, "%s:%ld: %s", o->name, c->bads[i].line + shift, c->bads[i].what);
			rc = o->bad(o->ctx, &e);
		}
	}
	for (i = 0; i < c->nbad; i++)
		free(c->bads[i].what);
	c->nbad = 0;
	if (rc == 0 && c->out_len > at)
		rc = o->write(o->ctx, c->out + at, c->out_len - at);
	if (rc == 0)
		r->stats->records += c->records;
	if (rc == 0 && c->nomem_line)
		rc = clout_error_set(r->err, CLOUT_ENOMEM, "%s:%ld: out of memory", o->name, c->nomem_line + shift);
	r->emit_line += c->nlines;
	return rc;
}

/* The ready chunk that comes first in the input, or NULL; under the lock. */
static chunk *first_ready(lines_run *r)
{
	chunk *c = NULL;
	for (size_t i = 0; i < r->nslots; i++)
		if (r->slots[i].state == SLOT_READY && (!c || r->slots[i].seq < c->seq))
			c = &r->slots[i];
	return c;
}

/* Scores c outside the lock (taken on entry and on return), then marks it done. */
static void score_unlocked(lines_run *r, clout_text *t, chunk *c)
{
	c->state = SLOT_WORKING;
	pthread_mutex_unlock(&r->lock);
	score_chunk(r, t, c);
	pthread_mutex_lock(&r->lock);
	c->state = SLOT_DONE;
	pthread_cond_broadcast(&r->cond);
}

static void *work(void *arg)
{
	worker *w = arg;
	lines_run *r = w->r;
	pthread_mutex_lock(&r->lock);
	while (!r->stop) {
		chunk *c = first_ready(r);
		if (c)
			score_unlocked(r, w->t, c);
		else
			pthread_cond_wait(&r->cond, &r->lock);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* The calling thread's loop with workers: hands out the next chunk as soon as it is scored, cuts
 * chunks into free slots, and scores one itself when there is nothing else to do, until the input
 * is done or a stop. Chunks are cut in order, so they are handed out by seq. */
static int feed_and_emit(lines_run *r, clout_text *t)
{
	uint64_t emit_seq = 0;
	bool done = false;
	int rc = 0, read_rc = 0;
	pthread_mutex_lock(&r->lock);
	while (rc == 0) {
		chunk *free_slot = NULL, *next = NULL, *ready;
		bool pending = false;
		for (size_t i = 0; i < r->nslots; i++) {
			chunk *c = &r->slots[i];
			if (c->state == SLOT_FREE && !free_slot)
				free_slot = c;
			else if (c->state != SLOT_FREE) {
				pending = true;
				if (c->seq == emit_seq && c->state == SLOT_DONE)
					next = c;
			}
		}
		if (next) {
			pthread_mutex_unlock(&r->lock);
			emit_seq++;
			rc = emit_chunk(r, next);
			pthread_mutex_lock(&r->lock);
			next->state = SLOT_FREE;
		} else if (free_slot && !done) {
			pthread_mutex_unlock(&r->lock);
			rc = next_chunk(r, free_slot);
			pthread_mutex_lock(&r->lock);
			if (rc > 0) {
				free_slot->state = SLOT_READY;
				pthread_cond_broadcast(&r->cond);
				rc = 0;
			} else {
				read_rc = rc; /* the end, or a read error once what came before is out */
				done = true;
				rc = 0;
			}
		} else if ((ready = first_ready(r)) != NULL)
			score_unlocked(r, t, ready);
		else if (done && !pending)
			break;
		else
			pthread_cond_wait(&r->cond, &r->lock);
	}
	r->stop = true;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
	return rc ? rc : read_rc;
}

/* threads scoring: the calling thread (with t) and threads - 1 workers with handles of their own. */
static int run_threads(lines_run *r, clout_text *t, unsigned threads)
{
	clout_text *handles[MAX_THREADS] = { 0 };
	worker workers[MAX_THREADS];
	pthread_t tids[MAX_THREADS];
	unsigned started = 0, nworkers = threads - 1;
	int rc = 0;
	for (unsigned k = 0; k < nworkers; k++)
		if (clout_text_new(&handles[k], r->opts->model, r->err) < 0) {
			rc = r->err->code ? r->err->code : CLOUT_ENOMEM;
			goto done;
		}
	r->threads = threads;
	r->nslots = 2 * (size_t)threads + 1;
	if (!(r->slots = calloc(r->nslots, sizeof(*r->slots)))) {
		rc = clout_error_set(r->err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	json_object_seed(0); /* before threads parse JSON: jansson seeds its hash once */
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	for (; started < nworkers; started++) {
		workers[started] = (worker){ r, handles[started] };
		if (pthread_create(&tids[started], NULL, work, &workers[started]) != 0)
			break; /* fewer workers: the calling thread scores what they do not */
	}
	rc = feed_and_emit(r, t);
	for (unsigned k = 0; k < started; k++)
		pthread_join(tids[k], NULL);
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
done:
	for (unsigned k = 0; k < nworkers; k++)
		clout_text_free(handles[k]);
	return rc;
}

/* One thread: cut, score, emit, chunk after chunk. */
static int run_one(lines_run *r, clout_text *t)
{
	int rc;
	r->nslots = 1;
	if (!(r->slots = calloc(1, sizeof(*r->slots))))
		return clout_error_set(r->err, CLOUT_ENOMEM, "out of memory");
	while ((rc = next_chunk(r, &r->slots[0])) > 0) {
		score_chunk(r, t, &r->slots[0]);
		if ((rc = emit_chunk(r, &r->slots[0])) != 0)
			break;
	}
	return rc;
}

/* Maps in from its position when it is a regular file (r->map stays NULL otherwise). */
static void map_input(lines_run *r)
{
	struct stat st;
	int fd = fileno(r->in);
	off_t at;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (at = ftello(r->in)) < 0 || at >= st.st_size)
		return;
	void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return;
	madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
	r->map_base = m;
	r->map_size = (size_t)st.st_size;
	r->map = (const char *)m + at;
	r->map_len = (size_t)(st.st_size - at);
}

int clout_text_sentiment_lines(clout_text *t, FILE *in, const clout_text_lines_options *opts,
	clout_text_lines_stats *out, clout_error *err)
{
	lines_run r;
	int rc;
	memset(out, 0, sizeof(*out));
	if (!opts || opts->version != CLOUT_TEXT_LINES_OPTIONS_VERSION || !opts->write || !opts->name)
		return clout_error_set(err, CLOUT_EINVAL, "sentiment lines: bad options");
	memset(&r, 0, sizeof(r));
	r.opts = opts;
	r.max_line = opts->max_line ? opts->max_line : CLOUT_TEXT_LINES_MAX_DEFAULT;
	r.stats = out;
	r.err = err;
	r.in = in;
	r.cut_line = r.emit_line = 1;
	if (opts->lang && strcmp(opts->lang, "auto")) {
		if (strcmp(opts->lang, "en") && strcmp(opts->lang, "fr"))
			return clout_error_set(err, CLOUT_EINVAL, "language must be auto, en or fr, not '%s'", opts->lang);
		r.lang = opts->lang;
	}
	map_input(&r);
	if (opts->threads > 1 && opts->model)
		rc = run_threads(&r, t, opts->threads > MAX_THREADS ? MAX_THREADS : opts->threads);
	else
		rc = run_one(&r, t);
	if (r.map_base) {
		munmap(r.map_base, r.map_size);
		fseeko(in, (off_t)r.map_size, SEEK_SET); /* what was mapped is read */
	}
	for (size_t i = 0; r.slots && i < r.nslots; i++) {
		for (size_t k = 0; k < r.slots[i].nbad; k++)
			free(r.slots[i].bads[k].what);
		free(r.slots[i].bads);
		free(r.slots[i].buf);
		free(r.slots[i].out);
	}
	free(r.slots);
	free(r.carry);
	return rc;
}
