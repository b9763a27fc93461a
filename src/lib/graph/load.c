/*
 * load.c: SNAP-style edge lists (plain or gzip) and the store's edges into a clout_graph.
 *
 * The parser is hand-written for speed (edge lists run to hundreds of megabytes). Plain files are
 * mapped and cut into one piece per thread at line boundaries; each thread parses its piece into
 * raw 32-bit ids, which are then ranked (a presence array and a prefix sum) into dense indexes in
 * id order. Gzip files (and ids that do not fit 31 bits) stream through zlib in large blocks and a
 * hash map. Both paths give the same graph.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clout/store.h"
#include "lib/graph/graph_internal.h"
#include "lib/graph/idmap.h"
#include "util/stream.h"
#include "util/banned.h"

#define BLOCK_SIZE (4u << 20)
#define LINE_MAX_BYTES (1u << 20)
#define MAX_THREADS 64

/* ---- one line ---- */

typedef struct line_parser {
	const char *path;
	const clout_graph_load_options *opts;
	bool header_pending;
} line_parser;

enum { LINE_SKIP = 0, LINE_ARC = 1 };

static inline int is_space(char c)
{
	return c == ' ' || c == '\t' || c == ',' || c == '\r';
}

static inline int is_end(char c)
{
	return c == '\n' || c == '\0';
}

/* Parses a signed decimal integer at *p; 0 and the value, or -1 when there is none or it overflows. */
static inline int parse_id(const char **p, int64_t *out)
{
	const char *s = *p;
	int negative = 0;
	uint64_t value = 0;
	if (*s == '-' || *s == '+')
		negative = *s++ == '-';
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (value > (UINT64_C(1) << 62))
			return -1;
		value = value * 10 + (uint64_t)(*s - '0');
	}
	if (value > (uint64_t)INT64_MAX)
		return -1;
	*out = negative ? -(int64_t)value : (int64_t)value;
	*p = s;
	return 0;
}

static int field_error(const line_parser *lp, uint64_t line, const char *what, const char *at, clout_error *err)
{
	size_t len = strcspn(at, "\n");
	if (len > 40)
		len = 40;
	return clout_error_set(err, CLOUT_EBADDATA, "%s:%llu: %s, got '%.*s'", lp->path, (unsigned long long)line, what,
		(int)len, at);
}

/*
 * Parses the line at s (ending in '\n' or NUL): LINE_ARC with the arc in influence direction,
 * LINE_SKIP for comments, blank lines, the header and dropped self-loops, or a negative code with
 * the message (which needs the line number, so callers without one parse the line again).
 */
static inline const char *line_end(const char *s)
{
	while (!is_end(*s))
		s++;
	return *s ? s + 1 : s;
}

static int parse_line(line_parser *lp, const char *s, uint64_t line, int64_t *from, int64_t *to, double *weight,
	const char **next, clout_error *err)
{
	*weight = 1.0;
	while (is_space(*s))
		s++;
	if (is_end(*s) || *s == '#' || *s == '%') {
		*next = line_end(s);
		return LINE_SKIP;
	}
	if (lp->header_pending) {
		lp->header_pending = false;
		*next = line_end(s);
		return LINE_SKIP;
	}
	if (parse_id(&s, from) < 0)
		return field_error(lp, line, "expected a source node id", s, err);
	if (!is_space(*s))
		return field_error(lp, line, "expected a separator after the source id", s, err);
	while (is_space(*s))
		s++;
	if (parse_id(&s, to) < 0)
		return field_error(lp, line, "expected a target node id", s, err);
	if (!is_end(*s) && !is_space(*s))
		return field_error(lp, line, "expected a separator after the target id", s, err);
	while (is_space(*s))
		s++;
	if ((*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '+') {
		char *end;
		*weight = strtod(s, &end);
		if (end == s || !(*weight > 0) || *weight > 1e30 || (!is_end(*end) && !is_space(*end)))
			return field_error(lp, line, "expected a positive weight", s, err);
		s = end;
	} else if (!is_end(*s)) {
		return field_error(lp, line, "expected a weight or the end of the line", s, err);
	}
	*next = line_end(s); /* further columns (a timestamp, a type) are ignored */
	if (*from == *to) {
		if (lp->opts->drop_self_loops)
			return LINE_SKIP;
		return clout_error_set(err, CLOUT_EBADDATA,
			"%s:%llu: self-loop on node %lld (use --drop-self-loops to ignore such lines)", lp->path,
			(unsigned long long)line, (long long)*from);
	}
	if (lp->opts->reverse) {
		int64_t t = *from;
		*from = *to;
		*to = t;
	}
	return LINE_ARC;
}

/* ---- growable arc arrays ---- */

typedef struct arc_buffer {
	clout__arc_chunk chunk;
	uint64_t cap;
} arc_buffer;

/* Grows b's arrays (the weights too when b has them) to cap arcs. */
static int arc_buffer_grow(arc_buffer *b, uint64_t cap)
{
	clout__arc_chunk *c = &b->chunk;
	uint32_t *src, *dst;
	if (!(src = realloc(c->src, cap * sizeof(*src))))
		return CLOUT_ENOMEM;
	c->src = src;
	if (!(dst = realloc(c->dst, cap * sizeof(*dst))))
		return CLOUT_ENOMEM;
	c->dst = dst;
	if (c->weight) {
		float *w = realloc(c->weight, cap * sizeof(*w));
		if (!w)
			return CLOUT_ENOMEM;
		c->weight = w;
	}
	b->cap = cap;
	return 0;
}

/* Gives b weights at the first arc that is not 1: every arc so far weighs 1. */
static int arc_buffer_add_weights(arc_buffer *b)
{
	clout__arc_chunk *c = &b->chunk;
	if (!(c->weight = malloc(b->cap * sizeof(*c->weight))))
		return CLOUT_ENOMEM;
	for (uint64_t e = 0; e < c->count; e++)
		c->weight[e] = 1.0f;
	return 0;
}

static int arc_buffer_push(arc_buffer *b, uint32_t from, uint32_t to, double weight)
{
	clout__arc_chunk *c = &b->chunk;
	if (c->count == b->cap && arc_buffer_grow(b, b->cap ? b->cap + b->cap / 2 : 1u << 16) < 0)
		return CLOUT_ENOMEM;
	if (weight != 1.0 && !c->weight && arc_buffer_add_weights(b) < 0)
		return CLOUT_ENOMEM;
	c->src[c->count] = from;
	c->dst[c->count] = to;
	if (c->weight)
		c->weight[c->count] = (float)weight;
	c->count++;
	return 0;
}

/* ---- reading a gzip file block by block ---- */

/*
 * Called with each block of text: buf[0, len) is what was carried over plus the bytes just inflated
 * (got; 0 at the end, when a last unterminated line gets a '\n'), and buf[len] is '\0'. It parses the
 * whole lines and sets *consumed to the bytes they take; the rest carries into the next block.
 * Returns 0 to go on, anything else to stop with that result.
 */
typedef int (*gz_block_fn)(void *ctx, char *buf, size_t len, size_t got, size_t *consumed, clout_error *err);

/*
 * Inflates path in blocks of BLOCK_SIZE, hands each to fn with ctx, and reports progress. *line is
 * the caller's count of lines parsed so far, for messages. Returns 0 at the end of the file, fn's
 * result when it stopped, or an error.
 */
static int gz_read_blocks(const char *path, const clout_graph_load_options *opts, const uint64_t *line,
	gz_block_fn fn, void *ctx, clout_error *err)
{
	clout_stream *stream = NULL;
	char *buf = NULL;
	size_t carry = 0;
	uint64_t total;
	int rc = 0;
	if ((rc = clout_stream_open_path(&stream, path, err)) < 0)
		goto done;
	total = clout_stream_size(stream);
	if (!(buf = malloc(BLOCK_SIZE + LINE_MAX_BYTES + 2))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (;;) {
		size_t got, len, consumed = 0;
		if ((rc = clout_stream_read(stream, buf + carry, BLOCK_SIZE, &got, err)) < 0) {
			clout_error_wrap(err, rc, "%s:%llu: read error: ", path, (unsigned long long)*line + 1);
			goto done;
		}
		len = carry + got;
		if (got == 0) {
			if (!carry)
				break;
			buf[len++] = '\n'; /* a last line without a newline */
		}
		buf[len] = '\0';
		if ((rc = fn(ctx, buf, len, got, &consumed, err)) != 0)
			goto done;
		carry = len - consumed;
		if (carry > LINE_MAX_BYTES) {
			rc = clout_error_set(err, CLOUT_EBADDATA, "%s:%llu: line longer than %u bytes", path,
				(unsigned long long)*line + 1, LINE_MAX_BYTES);
			goto done;
		}
		memmove(buf, buf + consumed, carry);
		if (opts->progress && opts->progress(opts->progress_ctx, clout_stream_offset(stream), total)) {
			rc = clout_error_set(err, CLOUT_EINVAL, "%s: loading stopped", path);
			goto done;
		}
		if (got == 0)
			break;
	}
done:
	clout_stream_free(stream);
	free(buf);
	return rc;
}

/* ---- the streaming path: gzip, or ids past 31 bits ---- */

typedef struct stream_state {
	line_parser lp;
	uint64_t line;
	arc_buffer arcs;
	clout_idmap map;
} stream_state;

static int stream_block(void *ctx, char *buf, size_t len, size_t got, size_t *consumed, clout_error *err)
{
	stream_state *st = ctx;
	char *p = buf, *end = buf + len;
	(void)got;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		int64_t from, to;
		double weight;
		uint32_t a, b;
		int rc;
		if (!nl)
			break;
		st->line++;
		const char *next;
		rc = parse_line(&st->lp, p, st->line, &from, &to, &weight, &next, err);
		if (rc < 0)
			return rc;
		if (rc == LINE_ARC) {
			if ((rc = clout__idmap_get(&st->map, from, &a)) < 0 || (rc = clout__idmap_get(&st->map, to, &b)) < 0 ||
				(rc = arc_buffer_push(&st->arcs, a, b, weight)) < 0)
				return clout_error_set(err, rc, "%s:%llu: out of memory", st->lp.path, (unsigned long long)st->line);
		}
		p = nl + 1;
	}
	*consumed = (size_t)(p - buf);
	return 0;
}

/* Sorts ids, builds the graph; takes the arcs and the map's ids. */
static int finish_stream(clout_graph **out, arc_buffer *arcs, clout_idmap *map, const char *where, unsigned threads,
	clout_error *err)
{
	uint32_t n = map->count;
	int64_t *ids;
	if (!arcs->chunk.count)
		return clout_error_set(err, CLOUT_EBADDATA, "%s: no arcs", where);
	ids = clout__idmap_detach_ids(map);
	if (!ids || clout__graph_sort_ids(ids, n, &arcs->chunk, 1) < 0) {
		free(ids);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	return clout__graph_build(out, n, ids, &arcs->chunk, 1, threads, err);
}

static int load_stream(clout_graph **out, const char *path, const clout_graph_load_options *opts, clout_error *err)
{
	stream_state st;
	int rc;
	memset(&st, 0, sizeof(st));
	st.lp.path = path;
	st.lp.opts = opts;
	st.lp.header_pending = opts->header;
	clout__idmap_init(&st.map);
	if ((rc = gz_read_blocks(path, opts, &st.line, stream_block, &st, err)) == 0)
		rc = finish_stream(out, &st.arcs, &st.map, path, opts->threads, err);
	clout__arc_chunk_release(&st.arcs.chunk);
	clout__idmap_release(&st.map);
	return rc;
}

/* ---- the parallel path: plain files, ids in [0, RAW_ID_LIMIT) ---- */

/*
 * Two passes, one thread per piece of the mapped file: the first parses, counts arcs per target id
 * and marks the ids present (keeping the parsed arcs, 8 bytes each); the second writes each arc's
 * source into its CSR slot. With low_memory the arcs are not kept and the second pass parses the
 * file again, so that the peak is the CSR itself. The file's pages are dropped behind the parser.
 * Ids are then ranked into dense indexes in id order.
 */
#define RAW_ID_LIMIT (UINT32_C(1) << 26)
#define DROP_WINDOW ((size_t)16 << 20)

typedef struct piece {
	const clout_graph_load_options *opts;
	const char *path;
	const char *data;           /* the whole mapping, to drop pages behind */
	const char *begin, *end;    /* whole lines; the last may lack its '\n' only in the last piece */
	const char *tail;           /* NUL-terminated copy of an unterminated last line, or NULL */
	bool first;
	int pass;
	/* pass 1 */
	uint32_t *count;            /* arcs per raw target id */
	uint8_t *present;           /* raw id appears as a source (targets show in count) */
	uint64_t len;               /* of count and present */
	uint64_t arcs;
	uint32_t max_id;
	bool weighted;
	bool keep;                  /* keep the parsed arcs for pass 2 instead of parsing again */
	uint64_t id_cap;            /* larger ids take the streaming path */
	arc_buffer kept;
	/* pass 2 */
	uint32_t *cursor;           /* next slot per raw target id (files past 2^32 arcs stream instead) */
	uint32_t *in_src;
	float *in_weight;
	const char *error_at;       /* the line that failed, for the caller to report */
	bool wide_ids;              /* an id outside [0, RAW_ID_LIMIT): use the streaming path */
	int rc;
} piece;

static int grow_ids(piece *pc, uint64_t needed)
{
	uint64_t len = pc->len ? pc->len : 1u << 16;
	while (len < needed)
		len *= 2;
	uint32_t *count = realloc(pc->count, len * sizeof(*count));
	if (!count)
		return CLOUT_ENOMEM;
	pc->count = count;
	uint8_t *present = realloc(pc->present, len);
	if (!present)
		return CLOUT_ENOMEM;
	pc->present = present;
	memset(pc->count + pc->len, 0, (len - pc->len) * sizeof(*count));
	memset(pc->present + pc->len, 0, len - pc->len);
	pc->len = len;
	return 0;
}

#define BATCH 4096

/* Arcs parsed but not yet counted (pass 1) or placed (pass 2): the random-access loops then run
 * tight, with many cache misses in flight, instead of one miss per parsed line. */
typedef struct batch {
	uint32_t src[BATCH], dst[BATCH];
	float weight[BATCH];
	unsigned count;
} batch;

static int flush_batch(piece *pc, batch *b)
{
	if (pc->pass == 2) {
		uint32_t *cursor = pc->cursor;
		uint32_t *in_src = pc->in_src;
		if (pc->in_weight) {
			for (unsigned i = 0; i < b->count; i++) {
				uint32_t slot = cursor[b->dst[i]]++;
				in_src[slot] = b->src[i];
				pc->in_weight[slot] = b->weight[i];
			}
		} else {
			for (unsigned i = 0; i < b->count; i++)
				in_src[cursor[b->dst[i]]++] = b->src[i];
		}
	} else {
		uint32_t *count = pc->count;
		uint8_t *present = pc->present;
		for (unsigned i = 0; i < b->count; i++) {
			count[b->dst[i]]++;
			present[b->src[i]] = 1;
		}
		pc->arcs += b->count;
		if (pc->keep && b->count) { /* an empty batch may meet arrays not yet allocated */
			arc_buffer *kept = &pc->kept;
			clout__arc_chunk *c = &kept->chunk;
			if (c->count + b->count > kept->cap && arc_buffer_grow(kept, kept->cap + kept->cap / 2 + BATCH) < 0)
				return CLOUT_ENOMEM;
			if (pc->weighted && !c->weight && arc_buffer_add_weights(kept) < 0)
				return CLOUT_ENOMEM;
			memcpy(c->src + c->count, b->src, b->count * sizeof(*b->src));
			memcpy(c->dst + c->count, b->dst, b->count * sizeof(*b->dst));
			if (c->weight)
				memcpy(c->weight + c->count, b->weight, b->count * sizeof(*b->weight));
			c->count += b->count;
		}
	}
	b->count = 0;
	return 0;
}

/* The common line, "digits SEP digits[ 1]\n" with distinct small ids, without the general parser. */
static inline int fast_line(const char *p, int64_t *from, int64_t *to, const char **next)
{
	uint64_t a = 0, b = 0;
	const char *start = p;
	if ((unsigned)(*p - '0') > 9)
		return 0;
	do
		a = a * 10 + (uint64_t)(*p++ - '0');
	while ((unsigned)(*p - '0') <= 9);
	if ((*p != ' ' && *p != '\t') || p - start > 9)
		return 0;
	start = ++p;
	if ((unsigned)(*p - '0') > 9)
		return 0;
	do
		b = b * 10 + (uint64_t)(*p++ - '0');
	while ((unsigned)(*p - '0') <= 9);
	/* a weight column of exactly "1" (as in the SNAP retweet graphs) is the default weight */
	if ((*p == ' ' || *p == '\t') && p[1] == '1' && p[2] == '\n')
		p += 2;
	if (*p != '\n' || p - start > 9 || a == b)
		return 0;
	*from = (int64_t)a;
	*to = (int64_t)b;
	*next = p + 1;
	return 1;
}

static inline int piece_line(piece *pc, batch *b, line_parser *lp, const char *s, const char **next)
{
	int64_t from, to;
	double weight = 1.0;
	int rc;
	if (!lp->header_pending && fast_line(s, &from, &to, next)) {
		rc = LINE_ARC;
		if (lp->opts->reverse) {
			int64_t t = from;
			from = to;
			to = t;
		}
	} else {
		rc = parse_line(lp, s, 0, &from, &to, &weight, next, NULL);
	}
	if (rc < 0) {
		pc->error_at = s;
		return rc;
	}
	if (rc == LINE_SKIP)
		return 0;
	if (pc->pass == 1) {
		/* arrays indexed by id must stay proportionate to the file: sparse ids go to the hash map */
		if (from < 0 || to < 0 || from >= RAW_ID_LIMIT || to >= RAW_ID_LIMIT || (uint64_t)from > pc->id_cap ||
			(uint64_t)to > pc->id_cap) {
			pc->wide_ids = true;
			return -1;
		}
		uint32_t high = (uint32_t)(from > to ? from : to);
		if (high >= pc->len && (flush_batch(pc, b) < 0 || grow_ids(pc, (uint64_t)high + 1) < 0))
			return CLOUT_ENOMEM;
		if (high > pc->max_id)
			pc->max_id = high;
		if (weight != 1.0)
			pc->weighted = true;
	}
	b->src[b->count] = (uint32_t)from;
	b->dst[b->count] = (uint32_t)to;
	b->weight[b->count++] = (float)weight;
	if (b->count == BATCH)
		return flush_batch(pc, b);
	return 0;
}

static void drop_pages(const piece *pc, const char *from, const char *to)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)from + page - 1) & ~(page - 1), b = (uintptr_t)to & ~(page - 1);
	(void)pc;
	if (b > a)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

/* Pass 2 from the kept arcs: place each in its slot. */
static void *place_kept(piece *pc)
{
	clout__arc_chunk *c = &pc->kept.chunk;
	uint32_t *cursor = pc->cursor, *in_src = pc->in_src;
	for (uint64_t e = 0; e < c->count; e++) {
		uint32_t slot = cursor[c->dst[e]]++;
		in_src[slot] = c->src[e];
		if (pc->in_weight)
			pc->in_weight[slot] = c->weight ? c->weight[e] : 1.0f;
	}
	clout__arc_chunk_release(c);
	return NULL;
}

static void *parse_piece(void *arg)
{
	piece *pc = arg;
	if (pc->pass == 2 && pc->keep)
		return place_kept(pc);
	line_parser lp = { pc->path, pc->opts, pc->first && pc->opts->header };
	const char *p = pc->begin, *dropped = pc->begin;
	batch *b = malloc(sizeof(*b));
	if (!b) {
		pc->rc = CLOUT_ENOMEM;
		return NULL;
	}
	b->count = 0;
	/* every line before end finishes with '\n' (an unterminated last line is in tail) */
	while (p < pc->end) {
		const char *next;
		if ((pc->rc = piece_line(pc, b, &lp, p, &next)) < 0)
			break;
		p = next;
		if ((size_t)(p - dropped) >= DROP_WINDOW) {
			drop_pages(pc, dropped, p);
			dropped = p;
		}
	}
	if (pc->rc >= 0 && pc->tail) {
		/* the unterminated last line, parsed from its NUL-terminated copy */
		const char *next;
		if ((pc->rc = piece_line(pc, b, &lp, pc->tail, &next)) < 0 && pc->error_at)
			pc->error_at = pc->end;
	}
	if (pc->rc >= 0)
		pc->rc = flush_batch(pc, b);
	free(b);
	drop_pages(pc, dropped, p);
	return NULL;
}

typedef struct remap_job {
	uint32_t *in_src;
	uint64_t first, last;
	const uint32_t *rank;
} remap_job;

static void *remap_range(void *arg)
{
	remap_job *job = arg;
	for (uint64_t e = job->first; e < job->last; e++)
		job->in_src[e] = job->rank[job->in_src[e]];
	return NULL;
}

static void run_threads(void *(*fn)(void *), void *items, size_t item_size, unsigned count)
{
	pthread_t tids[MAX_THREADS];
	bool started[MAX_THREADS] = { false };
	for (unsigned t = 1; t < count; t++)
		started[t] = pthread_create(&tids[t], NULL, fn, (char *)items + t * item_size) == 0;
	fn(items);
	for (unsigned t = 1; t < count; t++) {
		if (started[t])
			pthread_join(tids[t], NULL);
		else
			fn((char *)items + t * item_size);
	}
}

/* Reports the first failing line of a piece with its line number, parsing it again. */
static int report_piece_error(const piece *pc, const char *data, size_t size, const char *tail, clout_error *err)
{
	line_parser lp = { pc->path, pc->opts, false };
	const char *at = pc->error_at;
	uint64_t line = 1;
	int64_t from, to;
	double weight;
	int rc;
	if (!at)
		return clout_error_set(err, pc->rc < 0 ? pc->rc : CLOUT_ENOMEM, "%s: out of memory", pc->path);
	for (const char *q = data; (q = memchr(q, '\n', (size_t)(at - q))) != NULL; q++)
		line++;
	const char *next;
	rc = parse_line(&lp, memchr(at, '\n', (size_t)(data + size - at)) ? at : tail, line, &from, &to, &weight, &next,
		err);
	if (rc >= 0)
		rc = clout_error_set(err, CLOUT_EINTERNAL, "%s:%llu: parse error", pc->path, (unsigned long long)line);
	return rc;
}

/*
 * Pass 2 and the CSR from pieces that have run pass 1: ranks the raw ids present into dense indexes
 * in id order, places every arc in its slot (from the kept arcs, or parsing *datap again), and
 * builds the graph. Returns 1 when the ids are too sparse for arrays indexed by id (the caller then
 * takes the hash-map path), else 0 or an error. Unmaps *datap once it is no longer needed.
 */
static int build_from_pieces(clout_graph **out, const char *path, piece *pieces, unsigned threads,
	unsigned build_threads, const char **datap, size_t size, const char *tail, clout_error *err)
{
	remap_job jobs[MAX_THREADS];
	uint32_t *rank = NULL, *in_src = NULL, max_id = 0, n = 0;
	uint64_t arcs = 0, *in_offset = NULL;
	float *in_weight = NULL;
	int64_t *ids = NULL;
	bool weighted = false;
	int rc = 0;
	for (unsigned t = 0; t < threads; t++) {
		if (pieces[t].arcs && pieces[t].max_id > max_id)
			max_id = pieces[t].max_id;
		arcs += pieces[t].arcs;
		weighted |= pieces[t].weighted;
	}
	if (!arcs) {
		rc = clout_error_set(err, CLOUT_EBADDATA, "%s: no arcs", path);
		goto done;
	}
	if ((uint64_t)max_id > 16 * arcs + (UINT64_C(1) << 20) || arcs >= UINT32_MAX) {
		rc = 1; /* ids too sparse for arrays indexed by id, or slots past 32 bits */
		goto done;
	}
	/* slots: raw target id r, piece t start at the arcs into ids < r plus those of pieces < t into r */
	if (!(rank = calloc((size_t)max_id + 1, sizeof(*rank))) || !(in_src = malloc(arcs * sizeof(*in_src))) ||
		(weighted && !(in_weight = malloc(arcs * sizeof(*in_weight))))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory for %llu arcs", (unsigned long long)arcs);
		goto done;
	}
	clout_hint_huge(in_src, arcs * sizeof(*in_src));
	clout_hint_huge(in_weight, in_weight ? arcs * sizeof(*in_weight) : 0);
	for (unsigned t = 0; t < threads; t++) {
		if (!(pieces[t].cursor = malloc(((size_t)max_id + 1) * sizeof(uint32_t)))) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			goto done;
		}
		clout_hint_huge(pieces[t].cursor, ((size_t)max_id + 1) * sizeof(uint32_t));
	}
	{
		uint64_t total = 0;
		for (uint64_t r = 0; r <= max_id; r++) {
			bool present = false;
			for (unsigned t = 0; t < threads; t++) {
				uint32_t count = r < pieces[t].len ? pieces[t].count[r] : 0;
				present |= count || (r < pieces[t].len && pieces[t].present[r]);
				pieces[t].cursor[r] = (uint32_t)total;
				total += count;
			}
			if (present)
				n++;
			rank[r] = present ? n : 0; /* rank + 1; 0 = absent */
		}
	}
	for (unsigned t = 0; t < threads; t++) {
		free(pieces[t].count);
		free(pieces[t].present);
		pieces[t].count = NULL;
		pieces[t].present = NULL;
		pieces[t].pass = 2;
		pieces[t].in_src = in_src;
		pieces[t].in_weight = in_weight;
		pieces[t].rc = 0;
	}
	/* dense offsets: the first slot of each present id (pieces' cursors still hold starts) */
	if (!(ids = malloc((size_t)n * sizeof(*ids))) || !(in_offset = malloc(((size_t)n + 1) * sizeof(*in_offset)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (uint64_t r = 0; r <= max_id; r++)
		if (rank[r]) {
			ids[rank[r] - 1] = (int64_t)r;
			in_offset[rank[r] - 1] = pieces[0].cursor[r];
			rank[r]--;
		}
	in_offset[n] = arcs;
	run_threads(parse_piece, pieces, sizeof(pieces[0]), threads);
	for (unsigned t = 0; t < threads; t++)
		if (pieces[t].rc < 0) {
			rc = report_piece_error(&pieces[t], *datap, size, tail, err);
			goto done;
		}
	if (*datap)
		munmap((void *)*datap, size);
	*datap = NULL;
	for (unsigned t = 0; t < threads; t++) {
		free(pieces[t].cursor);
		pieces[t].cursor = NULL;
		jobs[t].in_src = in_src;
		jobs[t].first = arcs * t / threads;
		jobs[t].last = arcs * (t + 1) / threads;
		jobs[t].rank = rank;
	}
	run_threads(remap_range, jobs, sizeof(jobs[0]), threads);
	free(rank);
	rank = NULL;
	rc = clout__graph_from_csr(out, n, ids, in_offset, in_src, in_weight, build_threads, err);
	ids = NULL;
	in_offset = NULL;
	in_src = NULL;
	in_weight = NULL;
done:
	free(rank);
	free(ids);
	free(in_offset);
	free(in_src);
	free(in_weight);
	return rc;
}

/* Returns 1 when the file needs the streaming path (ids too wide or sparse), else 0 or an error. */
static int load_parallel(clout_graph **out, const char *path, int fd, size_t size, const clout_graph_load_options *opts,
	clout_error *err)
{
	piece pieces[MAX_THREADS];
	unsigned threads = opts->threads < 1 ? 1 : opts->threads > MAX_THREADS ? MAX_THREADS : opts->threads;
	char *tail = NULL;
	int rc = 0;
	const char *data = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (data == MAP_FAILED)
		return 1;
	madvise((void *)data, size, MADV_SEQUENTIAL);
	memset(pieces, 0, sizeof(pieces));
	if (size < ((size_t)1 << 20))
		threads = 1;
	const char *body_end = data + size;
	if (data[size - 1] != '\n') {
		/* copy the unterminated last line so that parsing can stop at a NUL */
		const char *last = data + size;
		while (last > data && last[-1] != '\n')
			last--;
		if ((size_t)(data + size - last) > LINE_MAX_BYTES || !(tail = malloc((size_t)(data + size - last) + 1))) {
			rc = clout_error_set(err, CLOUT_EBADDATA, "%s: last line too long", path);
			goto done;
		}
		memcpy(tail, last, (size_t)(data + size - last));
		tail[data + size - last] = '\0';
		body_end = last;
	}
	{
		const char *p = data;
		size_t body = (size_t)(body_end - data);
		for (unsigned t = 0; t < threads; t++) {
			const char *end = t == threads - 1 ? body_end : data + body * (t + 1) / threads;
			if (end < p)
				end = p;
			while (end < body_end && end > data && end[-1] != '\n')
				end++;
			pieces[t].opts = opts;
			pieces[t].path = path;
			pieces[t].data = data;
			pieces[t].begin = p;
			pieces[t].end = end;
			pieces[t].tail = t == threads - 1 ? tail : NULL;
			pieces[t].first = t == 0;
			pieces[t].pass = 1;
			pieces[t].id_cap = 4 * (uint64_t)size + (UINT64_C(1) << 20); /* a line is at least 4 bytes */
			pieces[t].keep = !opts->low_memory;
			if (pieces[t].keep) {
				/* a typical line is 8 to 16 bytes */
				uint64_t guess = (uint64_t)(end - p) / 12 + BATCH;
				pieces[t].kept.chunk.src = malloc(guess * sizeof(uint32_t));
				pieces[t].kept.chunk.dst = malloc(guess * sizeof(uint32_t));
				pieces[t].kept.cap = pieces[t].kept.chunk.src && pieces[t].kept.chunk.dst ? guess : 0;
				clout_hint_huge(pieces[t].kept.chunk.src, guess * sizeof(uint32_t));
				clout_hint_huge(pieces[t].kept.chunk.dst, guess * sizeof(uint32_t));
			}
			p = end;
		}
	}
	run_threads(parse_piece, pieces, sizeof(pieces[0]), threads);
	for (unsigned t = 0; t < threads; t++) {
		if (pieces[t].wide_ids) {
			rc = 1;
			goto done;
		}
		if (pieces[t].rc < 0) {
			rc = report_piece_error(&pieces[t], data, size, tail, err);
			goto done;
		}
	}
	rc = build_from_pieces(out, path, pieces, threads, threads, &data, size, tail, err);
done:
	if (data)
		munmap((void *)data, size);
	for (unsigned t = 0; t < MAX_THREADS; t++) {
		free(pieces[t].count);
		free(pieces[t].present);
		free(pieces[t].cursor);
		clout__arc_chunk_release(&pieces[t].kept.chunk);
	}
	free(tail);
	return rc;
}

/* The gzip path with small ids: one piece in pass 1, fed block by block. */
typedef struct gzip_raw {
	piece pc;
	batch *b;
	line_parser lp;
	uint64_t inflated, line;
} gzip_raw;

static int gzip_raw_block(void *ctx, char *buf, size_t len, size_t got, size_t *consumed, clout_error *err)
{
	gzip_raw *g = ctx;
	piece *pc = &g->pc;
	const char *path = g->lp.path;
	uint64_t line = g->line;
	int rc;
	g->inflated += (uint64_t)got;
	/* ids stay proportionate to the text read so far, as for plain files to their size */
	pc->id_cap = 4 * g->inflated + (UINT64_C(1) << 20);
	const char *p = buf, *stop = buf + len;
	while (stop > buf && stop[-1] != '\n')
		stop--;
	/* every line before stop ends in '\n'; the rest waits for the next block */
	while (p < stop) {
		const char *next;
		line++;
		if ((rc = piece_line(pc, g->b, &g->lp, p, &next)) < 0) {
			if (pc->wide_ids) {
				rc = 1;
			} else if (pc->error_at) {
				/* the message needs the line number: parse the line again with it */
				line_parser again = { path, g->lp.opts, false };
				int64_t from, to;
				double weight;
				rc = parse_line(&again, p, line, &from, &to, &weight, &next, err);
				if (rc >= 0)
					rc = clout_error_set(err, CLOUT_EINTERNAL, "%s:%llu: parse error", path,
						(unsigned long long)line);
			} else {
				rc = clout_error_set(err, rc, "%s:%llu: out of memory", path, (unsigned long long)line);
			}
			g->line = line;
			return rc;
		}
		/* a NUL inside a line ends the parse early: skip to the line's real end */
		p = next > p && next[-1] == '\n' ? next : (const char *)memchr(p, '\n', (size_t)(stop - p)) + 1;
	}
	g->line = line;
	*consumed = (size_t)(stop - buf);
	return 0;
}

/*
 * Gzip files with small ids: inflate block by block and run pass 1 on each block as it arrives (one
 * piece that keeps its arcs), so ids are ranked by the presence array like a plain file's, without
 * the hash map and the sort of the streaming path. Returns 1 when an id is too wide or the ids too
 * sparse (the caller then reads the file again on the streaming path), else 0 or an error.
 */
static int load_gzip_raw(clout_graph **out, const char *path, const clout_graph_load_options *opts, clout_error *err)
{
	gzip_raw g;
	piece *pc = &g.pc;
	const char *no_data = NULL;
	int rc = 0;
	memset(&g, 0, sizeof(g));
	g.lp.path = path;
	g.lp.opts = opts;
	g.lp.header_pending = opts->header;
	pc->opts = opts;
	pc->path = path;
	pc->first = true;
	pc->pass = 1;
	pc->keep = true; /* a gzip stream cannot be parsed twice cheaply */
	if (!(g.b = malloc(sizeof(*g.b)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	g.b->count = 0;
	if ((rc = gz_read_blocks(path, opts, &g.line, gzip_raw_block, &g, err)) != 0)
		goto done;
	if ((rc = flush_batch(pc, g.b)) < 0) {
		rc = clout_error_set(err, rc, "%s: out of memory", path);
		goto done;
	}
	rc = build_from_pieces(out, path, pc, 1, opts->threads < 1 ? 1 : opts->threads, &no_data, 0, NULL, err);
done:
	free(g.b);
	free(pc->count);
	free(pc->present);
	free(pc->cursor);
	clout__arc_chunk_release(&pc->kept.chunk);
	return rc;
}

static int is_gzip(int fd)
{
	unsigned char magic[2];
	return pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

int clout_graph_load_edgelist(clout_graph **out, const char *path, const clout_graph_load_options *opts,
	clout_error *err)
{
	clout_graph_load_options defaults = CLOUT_GRAPH_LOAD_OPTIONS_INIT;
	struct stat sb;
	int fd, rc = 1;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if ((fd = open(path, O_RDONLY)) < 0)
		return clout_error_set(err, errno == ENOENT ? CLOUT_ENOTFOUND : CLOUT_EIO, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
		if (opts->cache && clout__graph_cache_load(out, path, fd, &sb, opts) == 0) {
			close(fd);
			if (opts->progress)
				opts->progress(opts->progress_ctx, (uint64_t)sb.st_size, (uint64_t)sb.st_size);
			return 0;
		}
		/* only regular files: the fallback reads the file again, which a pipe cannot */
		if (!is_gzip(fd))
			rc = load_parallel(out, path, fd, (size_t)sb.st_size, opts, err);
		else
			rc = load_gzip_raw(out, path, opts, err);
		if (rc == 0 && opts->cache)
			clout__graph_cache_write(*out, path, fd, &sb, opts);
	}
	close(fd);
	if (rc == 1) {
		clout_error_clear(err);
		rc = load_stream(out, path, opts, err);
	} else if (rc == 0 && opts->progress) {
		opts->progress(opts->progress_ctx, (uint64_t)sb.st_size, (uint64_t)sb.st_size);
	}
	return rc;
}

/* ---- the store ---- */

typedef struct store_ctx {
	arc_buffer arcs;
	clout_idmap map;
	int rc;
} store_ctx;

static int add_store_edge(void *ctx, int64_t src, int64_t dst, double weight, int64_t ts, const char *kind)
{
	store_ctx *sc = ctx;
	uint32_t a, b;
	(void)ts;
	(void)kind;
	if (src == dst)
		return 0;
	/* "src follows / retweets / mentions dst": influence flows from dst to src */
	if ((sc->rc = clout__idmap_get(&sc->map, dst, &a)) < 0 || (sc->rc = clout__idmap_get(&sc->map, src, &b)) < 0 ||
		(sc->rc = arc_buffer_push(&sc->arcs, a, b, weight > 0 ? weight : 1.0)) < 0)
		return 1;
	return 0;
}

int clout__graph_from_store(clout_graph **out, clout_store *store, int64_t workspace, const char *kind,
	clout_error *err)
{
	store_ctx sc;
	int rc;
	*out = NULL;
	memset(&sc, 0, sizeof(sc));
	clout__idmap_init(&sc.map);
	rc = clout_store_foreach_edge(store, workspace, kind, add_store_edge, &sc, err);
	if (sc.rc < 0)
		rc = clout_error_set(err, sc.rc, "out of memory reading edges from the store");
	if (rc >= 0)
		rc = finish_stream(out, &sc.arcs, &sc.map, "the store's edges", 1, err);
	clout__arc_chunk_release(&sc.arcs.chunk);
	clout__idmap_release(&sc.map);
	return rc < 0 ? rc : 0;
}
