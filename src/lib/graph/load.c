/*
 * load.c: SNAP-style edge lists (plain or gzip) and the store's edges into a clout_graph.
 *
 * The parser is hand-written for speed (edge lists run to hundreds of megabytes): it reads large
 * blocks through zlib (which passes plain files through), parses integers in place and remaps ids
 * as it goes, keeping only two 32-bit indexes (and a weight when the file has one) per arc.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "clout/store.h"
#include "lib/graph/graph_internal.h"
#include "lib/graph/idmap.h"

#define BLOCK_SIZE (4u << 20)
#define LINE_MAX_BYTES (1u << 20)

typedef struct arc_list {
	uint32_t *src, *dst;
	float *weight; /* NULL until an arc with a weight other than 1 shows up */
	uint64_t count, cap;
	clout_idmap map;
} arc_list;

static void arc_list_release(arc_list *l)
{
	free(l->src);
	free(l->dst);
	free(l->weight);
	clout__idmap_release(&l->map);
}

static int arc_list_add(arc_list *l, int64_t from, int64_t to, double weight)
{
	int rc;
	if (l->count == l->cap) {
		uint64_t cap = l->cap ? l->cap + l->cap / 2 : 1u << 16;
		uint32_t *src = realloc(l->src, cap * sizeof(*src));
		if (!src)
			return CLOUT_ENOMEM;
		l->src = src;
		uint32_t *dst = realloc(l->dst, cap * sizeof(*dst));
		if (!dst)
			return CLOUT_ENOMEM;
		l->dst = dst;
		if (l->weight) {
			float *w = realloc(l->weight, cap * sizeof(*w));
			if (!w)
				return CLOUT_ENOMEM;
			l->weight = w;
		}
		l->cap = cap;
	}
	if (weight != 1.0 && !l->weight) {
		if (!(l->weight = malloc(l->cap * sizeof(*l->weight))))
			return CLOUT_ENOMEM;
		for (uint64_t e = 0; e < l->count; e++)
			l->weight[e] = 1.0f;
	}
	if ((rc = clout__idmap_get(&l->map, from, &l->src[l->count])) < 0 ||
		(rc = clout__idmap_get(&l->map, to, &l->dst[l->count])) < 0)
		return rc;
	if (l->weight)
		l->weight[l->count] = (float)weight;
	l->count++;
	return 0;
}

static int arc_list_finish(arc_list *l, clout_graph **out, const char *where, clout_error *err)
{
	uint32_t n = l->map.count;
	if (!l->count)
		return clout_error_set(err, CLOUT_EBADDATA, "%s: no arcs", where);
	return clout__graph_build(out, n, clout__idmap_detach_ids(&l->map), l->src, l->dst, l->weight, l->count, err);
}

static inline int is_space(char c)
{
	return c == ' ' || c == '\t' || c == ',' || c == '\r';
}

/* Parses a signed decimal integer at *p; 0 and the value, or -1 when there is none or it overflows. */
static int parse_id(const char **p, int64_t *out)
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

typedef struct parse_state {
	const char *path;
	const clout_graph_load_options *opts;
	uint64_t line;
	bool header_seen;
	arc_list arcs;
} parse_state;

static int field_error(parse_state *st, const char *what, const char *at, clout_error *err)
{
	size_t len = strcspn(at, "\n");
	if (len > 40)
		len = 40;
	return clout_error_set(err, CLOUT_EBADDATA, "%s:%llu: %s, got '%.*s'", st->path, (unsigned long long)st->line,
		what, (int)len, at);
}

/* Parses one line (NUL or '\n' terminated, the buffer ends with a NUL after the last '\n'). */
static int parse_line(parse_state *st, const char *s, clout_error *err)
{
	int64_t from, to;
	double weight = 1.0;
	int rc;
	while (is_space(*s))
		s++;
	if (*s == '\n' || *s == '#' || *s == '%' || !*s)
		return 0;
	if (st->opts->header && !st->header_seen) {
		st->header_seen = true;
		return 0;
	}
	if (parse_id(&s, &from) < 0)
		return field_error(st, "expected a source node id", s, err);
	if (!is_space(*s))
		return field_error(st, "expected a separator after the source id", s, err);
	while (is_space(*s))
		s++;
	if (parse_id(&s, &to) < 0)
		return field_error(st, "expected a target node id", s, err);
	if (*s != '\n' && *s && !is_space(*s))
		return field_error(st, "expected a separator after the target id", s, err);
	while (is_space(*s))
		s++;
	if ((*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '+') {
		char *end;
		weight = strtod(s, &end);
		if (end == s || !(weight > 0) || weight > 1e30 || (*end != '\n' && *end && !is_space(*end)))
			return field_error(st, "expected a positive weight", s, err);
	} else if (*s != '\n' && *s) {
		return field_error(st, "expected a weight or the end of the line", s, err);
	}
	if (from == to) {
		if (st->opts->drop_self_loops)
			return 0;
		return clout_error_set(err, CLOUT_EBADDATA,
			"%s:%llu: self-loop on node %lld (use --drop-self-loops to ignore such lines)", st->path,
			(unsigned long long)st->line, (long long)from);
	}
	rc = st->opts->reverse ? arc_list_add(&st->arcs, to, from, weight) : arc_list_add(&st->arcs, from, to, weight);
	if (rc < 0)
		return clout_error_set(err, rc, "%s:%llu: out of memory", st->path, (unsigned long long)st->line);
	return 0;
}

/* Parses the complete lines of buf[0..len) (buf[len] must be writable); returns bytes consumed. */
static int parse_block(parse_state *st, char *buf, size_t len, size_t *consumed, clout_error *err)
{
	char *p = buf, *end = buf + len;
	int rc;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		st->line++;
		if ((rc = parse_line(st, p, err)) < 0)
			return rc;
		p = nl + 1;
	}
	*consumed = (size_t)(p - buf);
	return 0;
}

int clout_graph_load_edgelist(clout_graph **out, const char *path, const clout_graph_load_options *opts,
	clout_error *err)
{
	clout_graph_load_options defaults = CLOUT_GRAPH_LOAD_OPTIONS_INIT;
	parse_state st;
	gzFile file = NULL;
	char *buf = NULL;
	size_t carry = 0;
	uint64_t total = 0;
	struct stat sb;
	int rc = 0;
	*out = NULL;
	memset(&st, 0, sizeof(st));
	st.path = path;
	st.opts = opts ? opts : &defaults;
	clout__idmap_init(&st.arcs.map);
	if (stat(path, &sb) == 0)
		total = (uint64_t)sb.st_size;
	if (!(file = gzopen(path, "rb"))) {
		rc = clout_error_set(err, CLOUT_EIO, "%s: cannot open: %s", path, strerror(errno ? errno : ENOENT));
		goto done;
	}
	gzbuffer(file, 1u << 18);
	if (!(buf = malloc(BLOCK_SIZE + LINE_MAX_BYTES + 2))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (;;) {
		int got = gzread(file, buf + carry, BLOCK_SIZE);
		size_t len, consumed;
		if (got < 0) {
			int zerr;
			const char *msg = gzerror(file, &zerr);
			rc = clout_error_set(err, zerr == Z_DATA_ERROR ? CLOUT_EBADDATA : CLOUT_EIO, "%s:%llu: read error: %s",
				path, (unsigned long long)st.line + 1, msg);
			goto done;
		}
		len = carry + (size_t)got;
		if (got == 0) {
			if (!carry)
				break;
			buf[len++] = '\n'; /* a last line without a newline */
		}
		buf[len] = '\0';
		if ((rc = parse_block(&st, buf, len, &consumed, err)) < 0)
			goto done;
		carry = len - consumed;
		if (carry > LINE_MAX_BYTES) {
			rc = clout_error_set(err, CLOUT_EBADDATA, "%s:%llu: line longer than %u bytes", path,
				(unsigned long long)st.line + 1, LINE_MAX_BYTES);
			goto done;
		}
		memmove(buf, buf + consumed, carry);
		if (st.opts->progress && st.opts->progress(st.opts->progress_ctx, (uint64_t)gzoffset(file), total)) {
			rc = clout_error_set(err, CLOUT_EINVAL, "%s: loading stopped", path);
			goto done;
		}
		if (got == 0)
			break;
	}
	rc = arc_list_finish(&st.arcs, out, path, err);
done:
	if (file)
		gzclose(file);
	free(buf);
	arc_list_release(&st.arcs);
	return rc;
}

typedef struct store_ctx {
	arc_list arcs;
	int rc;
} store_ctx;

static int add_store_edge(void *ctx, int64_t src, int64_t dst, double weight, int64_t ts, const char *kind)
{
	store_ctx *sc = ctx;
	(void)ts;
	(void)kind;
	if (src == dst)
		return 0;
	/* "src follows / retweets / mentions dst": influence flows from dst to src */
	if ((sc->rc = arc_list_add(&sc->arcs, dst, src, weight > 0 ? weight : 1.0)) < 0)
		return 1;
	return 0;
}

int clout_graph_from_store(clout_graph **out, clout_store *store, int64_t workspace, const char *kind,
	clout_error *err)
{
	store_ctx sc;
	int rc;
	*out = NULL;
	memset(&sc, 0, sizeof(sc));
	clout__idmap_init(&sc.arcs.map);
	rc = clout_store_foreach_edge(store, workspace, kind, add_store_edge, &sc, err);
	if (sc.rc < 0)
		rc = clout_error_set(err, sc.rc, "out of memory reading edges from the store");
	if (rc >= 0)
		rc = arc_list_finish(&sc.arcs, out, "the store's edges", err);
	arc_list_release(&sc.arcs);
	return rc < 0 ? rc : 0;
}
