/*
 * cache.c: the binary copy of a loaded edge list, kept beside it (FILE.clout-csr) so that the next
 * load maps the finished in-arc CSR instead of parsing text (or inflating gzip) again.
 *
 * The file is a header, then the graph's arrays as they sit in memory: ids (int64 per node),
 * in_offset (uint64, node_count + 1), in_src (uint32 per arc), and in_weight (float per arc) when
 * the arcs have weights, each starting on an 8-byte boundary. The header names what the copy was
 * made from: the source's size, modification time and a hash of its first and last 64 KiB, and
 * the load flags that shape the graph (reverse, header, drop_self_loops). Any mismatch, a short
 * or inconsistent file, or another byte order makes the copy stale: it is then rebuilt. Writing
 * it is best effort (a read-only folder only costs the next load its time): a temporary file is
 * renamed into place, so a reader never sees half a copy.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/graph/graph_internal.h"
#include "util/banned.h"

#define CACHE_MAGIC "CLOUTCSR"
#define CACHE_VERSION 2u /* 2: the source hash takes 8 bytes at a time */
#define CACHE_SUFFIX ".clout-csr"
#define HASH_SPAN 65536

typedef struct cache_header {
	char magic[8];
	uint32_t version, byte_order; /* byte_order: 0x01020304 as written */
	uint32_t flags;               /* 1 reverse, 2 header, 4 drop_self_loops, 8 weights */
	uint32_t node_count;
	uint64_t arc_count;
	uint64_t source_size, source_mtime_sec, source_mtime_nsec, source_hash;
} cache_header;

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static uint32_t load_flags(const clout_graph_load_options *o)
{
	return (o->reverse ? 1u : 0u) | (o->header ? 2u : 0u) | (o->drop_self_loops ? 4u : 0u);
}

/* A hash of the source's first and last HASH_SPAN bytes, eight at a time (each word mixed in by
 * a multiply and a rotation, the tail bytes one by one): catches a rewrite that kept the size and
 * the timestamp (a copy with preserved times), cheaply. */
static int source_hash(int fd, uint64_t size, uint64_t *out)
{
	uint64_t words[HASH_SPAN / 8];
	unsigned char *buf = (unsigned char *)words;
	uint64_t h = 1469598103934665603ull;
	off_t starts[2] = { 0, size > HASH_SPAN ? (off_t)(size - HASH_SPAN) : 0 };
	for (int part = 0; part < (size > HASH_SPAN ? 2 : 1); part++) {
		ssize_t n = pread(fd, buf, HASH_SPAN, starts[part]), i;
		if (n < 0)
			return -1;
		for (i = 0; i + 8 <= n; i += 8) {
			h = (h ^ words[i / 8]) * 0x9e3779b97f4a7c15ull;
			h ^= h >> 29;
		}
		for (; i < n; i++)
			h = (h ^ buf[i]) * 1099511628211ull;
		h ^= (uint64_t)n;
	}
	*out = h;
	return 0;
}

/* The header the copy of path (opened as fd, with st) must carry for opts. */
static int expected_header(cache_header *h, int fd, const struct stat *st, const clout_graph_load_options *opts)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, CACHE_MAGIC, sizeof(h->magic));
	h->version = CACHE_VERSION;
	h->byte_order = 0x01020304u;
	h->flags = load_flags(opts);
	h->source_size = (uint64_t)st->st_size;
	h->source_mtime_sec = (uint64_t)st->st_mtim.tv_sec;
	h->source_mtime_nsec = (uint64_t)st->st_mtim.tv_nsec;
	return source_hash(fd, (uint64_t)st->st_size, &h->source_hash);
}

static int cache_path(char *out, size_t size, const char *path)
{
	return snprintf(out, size, "%s%s", path, CACHE_SUFFIX) < (int)size ? 0 : -1;
}

/* The bytes of a copy with these counts (0 when they overflow). */
static size_t cache_size(uint32_t n, uint64_t m, bool weights)
{
	size_t bytes = align8(sizeof(cache_header));
	if (m > (SIZE_MAX / 16))
		return 0;
	bytes += align8((size_t)n * sizeof(int64_t));
	bytes += align8(((size_t)n + 1) * sizeof(uint64_t));
	bytes += align8((size_t)m * sizeof(uint32_t));
	if (weights)
		bytes += align8((size_t)m * sizeof(float));
	return bytes;
}

int clout__graph_cache_load(clout_graph **out, const char *path, int fd, const struct stat *st,
	const clout_graph_load_options *opts)
{
	char name[4096];
	cache_header want, *h;
	struct stat cst;
	void *map = MAP_FAILED;
	size_t size = 0;
	clout_graph *g = NULL;
	int cfd = -1, rc = 1;
	*out = NULL;
	if (cache_path(name, sizeof(name), path) < 0 || expected_header(&want, fd, st, opts) < 0)
		return 1;
	if ((cfd = open(name, O_RDONLY)) < 0 || fstat(cfd, &cst) < 0 || (size_t)cst.st_size < sizeof(cache_header))
		goto done;
	size = (size_t)cst.st_size;
	/* MAP_POPULATE: the whole copy is read below and by the samplers, map it in one call rather
	 * than fault it in a few pages at a time */
	if ((map = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, cfd, 0)) == MAP_FAILED)
		goto done;
	h = map;
	want.flags |= h->flags & 8u;
	want.node_count = h->node_count;
	want.arc_count = h->arc_count;
	if (memcmp(h, &want, sizeof(want)) != 0 || cache_size(h->node_count, h->arc_count, h->flags & 8u) != size)
		goto done;
	if (!(g = calloc(1, sizeof(*g))))
		goto done;
	{
		char *at = (char *)map + align8(sizeof(cache_header));
		uint32_t n = h->node_count;
		uint64_t m = h->arc_count;
		g->ids = (int64_t *)(void *)at;
		at += align8((size_t)n * sizeof(int64_t));
		g->in_offset = (uint64_t *)(void *)at;
		at += align8(((size_t)n + 1) * sizeof(uint64_t));
		g->in_src = (uint32_t *)(void *)at;
		at += align8((size_t)m * sizeof(uint32_t));
		g->in_weight = (h->flags & 8u) ? (float *)(void *)at : NULL;
		/* what the samplers and lookups rely on (a damaged copy is stale, not a crash): offsets
		 * that rise to the arc count, sources that are nodes, ids in ascending order. Each check
		 * is a branch-free pass (the compiler vectorises it) rather than a loop that stops early */
		bool sound = g->in_offset[0] == 0 && g->in_offset[n] == m;
		unsigned bad = 0;
		uint32_t top = 0;
		for (uint32_t v = 0; v < n; v++)
			bad |= (unsigned)(g->in_offset[v] > g->in_offset[v + 1]);
		for (uint32_t v = 1; v < n; v++)
			bad |= (unsigned)(g->ids[v - 1] >= g->ids[v]);
		for (uint64_t e = 0; e < m; e++)
			top = g->in_src[e] > top ? g->in_src[e] : top;
		sound = sound && !bad && (m == 0 || top < n);
		if (!sound) {
			free(g);
			g = NULL;
			goto done;
		}
		g->node_count = n;
		g->arc_count = m;
	}
	pthread_mutex_init(&g->out_lock, NULL);
	g->map = map;
	g->map_size = size;
	map = MAP_FAILED;
	/* as a parsed graph leaves the loader: WC probabilities */
	if (!(g->node_p = malloc((g->node_count ? g->node_count : 1) * sizeof(*g->node_p))) ||
		clout_graph_set_probabilities(g, CLOUT_PROB_WC, 0, 0, NULL) < 0) {
		clout_graph_free(g);
		goto done;
	}
	*out = g;
	rc = 0;
done:
	if (map != MAP_FAILED)
		munmap(map, size);
	if (cfd >= 0)
		close(cfd);
	return rc;
}

/* Writes len bytes of data and the zeros up to the next 8-byte boundary; false on failure. */
static bool write_part(FILE *f, const void *data, size_t len)
{
	static const char zeros[8] = { 0 };
	return fwrite(data, 1, len, f) == len && fwrite(zeros, 1, align8(len) - len, f) == align8(len) - len;
}

void clout__graph_cache_write(const clout_graph *g, const char *path, int fd, const struct stat *st,
	const clout_graph_load_options *opts)
{
	char name[4096], tmp[4128];
	cache_header h;
	FILE *f;
	bool ok;
	if (cache_path(name, sizeof(name), path) < 0 || expected_header(&h, fd, st, opts) < 0)
		return;
	h.flags |= g->in_weight ? 8u : 0u;
	h.node_count = g->node_count;
	h.arc_count = g->arc_count;
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", name, (long)getpid());
	if (!(f = fopen(tmp, "wb")))
		return;
	ok = write_part(f, &h, sizeof(h)) && write_part(f, g->ids, (size_t)g->node_count * sizeof(int64_t)) &&
	     write_part(f, g->in_offset, ((size_t)g->node_count + 1) * sizeof(uint64_t)) &&
	     write_part(f, g->in_src, (size_t)g->arc_count * sizeof(uint32_t)) &&
	     (!g->in_weight || write_part(f, g->in_weight, (size_t)g->arc_count * sizeof(float)));
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, name) != 0)
		unlink(tmp);
}
