/*
 * rrset.c: sampling reverse-reachable sets under IC and LT.
 *
 * An RR set is the set of nodes that would have activated a random root (Borgs et al. 2014):
 * under IC a reverse breadth-first search keeping each in-arc with its probability; under LT a
 * reverse random walk choosing at most one in-arc per node. When all in-arcs of a node share one
 * probability p (WC, uniform), the IC search jumps straight to the next live arc with a geometric
 * draw, so its cost follows the live arcs rather than all arcs (SUBSIM, Guo et al. 2020).
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/hugepage.h"
#include "util/rng.h"
#include "lib/plan/rrset.h"
#include "util/banned.h"

typedef struct sample_buffer {
	uint32_t *nodes;
	uint64_t len, cap;
	uint64_t *ends; /* end of each set, relative to nodes */
	uint64_t count;
} sample_buffer;

struct clout__rr_pool;

typedef struct worker {
	const clout_rr_sampler *sampler;
	clout_rr_scratch *scratch;
	struct clout__rr_pool *pool; /* a pool thread's: draw stops when the job it drew for is over */
	uint64_t generation;
	uint64_t stream;
	uint64_t *visited;
	sample_buffer out;
} worker;

static int buffer_reserve(sample_buffer *b, uint64_t extra)
{
	if (b->len + extra <= b->cap)
		return 0;
	uint64_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + extra)
		cap += cap / 2 + 16;
	uint32_t *nodes = realloc(b->nodes, cap * sizeof(*nodes));
	if (!nodes)
		return CLOUT_ENOMEM;
	b->nodes = nodes;
	b->cap = cap;
	return 0;
}

static inline bool seen(const worker *w, uint32_t v)
{
	return (w->visited[v >> 6] >> (v & 63)) & 1;
}

static inline int push(worker *w, uint32_t v)
{
	if (w->out.len == w->out.cap && buffer_reserve(&w->out, 1) < 0)
		return CLOUT_ENOMEM;
	w->out.nodes[w->out.len++] = v;
	w->visited[v >> 6] |= 1ull << (v & 63);
	if (w->sampler->nodes)
		__builtin_prefetch(&w->sampler->nodes[v]); /* read when v leaves the queue */
	return 0;
}

/* IC with one probability per node's in-arcs (WC, uniform): the gap to the next live arc is
 * geometric, floor(ln U / ln(1 - p)) */
static int sample_ic_node(worker *w, clout_rng *rng, uint32_t root)
{
	const clout_rr_node *nodes = w->sampler->nodes;
	const uint32_t *src = w->sampler->graph.in_src;
	uint64_t head = w->out.len;
	if (push(w, root) < 0)
		return CLOUT_ENOMEM;
	for (; head < w->out.len; head++) {
		clout_rr_node x = nodes[w->out.nodes[head]];
		if (!x.degree)
			continue;
		if (x.jump == 0.0f) { /* p >= 1: every in-arc is live */
			for (uint64_t e = x.begin; e < x.begin + x.degree; e++)
				if (!seen(w, src[e]) && push(w, src[e]) < 0)
					return CLOUT_ENOMEM;
			continue;
		}
		double scale = (double)x.jump;
		double jump = floor(log(clout_rng_uniform_pos(rng)) * scale);
		while (jump < (double)x.degree) {
			uint32_t u = src[x.begin + (uint64_t)jump];
			if (!seen(w, u) && push(w, u) < 0)
				return CLOUT_ENOMEM;
			jump += 1.0 + floor(log(clout_rng_uniform_pos(rng)) * scale);
		}
	}
	return 0;
}

/* IC with a probability per arc */
static int sample_ic_arc(worker *w, clout_rng *rng, uint32_t root)
{
	const clout_graph_csr *g = &w->sampler->graph;
	uint64_t head = w->out.len;
	if (push(w, root) < 0)
		return CLOUT_ENOMEM;
	for (; head < w->out.len; head++) {
		uint32_t v = w->out.nodes[head];
		for (uint64_t e = g->in_offset[v]; e < g->in_offset[v + 1]; e++) {
			uint32_t u = g->in_src[e];
			if (!seen(w, u) && clout_rng_uniform(rng) < g->arc_p[e] && push(w, u) < 0)
				return CLOUT_ENOMEM;
		}
	}
	return 0;
}

static int sample_lt(worker *w, clout_rng *rng, uint32_t root)
{
	const clout_graph_csr *g = &w->sampler->graph;
	uint32_t v = root;
	if (push(w, root) < 0)
		return CLOUT_ENOMEM;
	for (;;) {
		uint64_t begin = g->in_offset[v], degree = g->in_offset[v + 1] - begin;
		uint32_t u;
		if (!degree)
			return 0;
		if (!g->arc_p) {
			/* in-weights summing past 1 are scaled down to sum to 1 */
			double total = (double)g->node_p[v] * (double)degree;
			if (total < 1.0 && clout_rng_uniform(rng) >= total)
				return 0;
			u = g->in_src[begin + clout_rng_below32(rng, (uint32_t)degree)];
		} else {
			double total = 0, r, acc = 0;
			uint64_t e;
			for (e = begin; e < begin + degree; e++)
				total += g->arc_p[e];
			r = clout_rng_uniform(rng) * (total > 1.0 ? total : 1.0);
			if (r >= total)
				return 0;
			for (e = begin; e < begin + degree - 1; e++) {
				acc += g->arc_p[e];
				if (r < acc)
					break;
			}
			u = g->in_src[e];
		}
		if (seen(w, u))
			return 0;
		if (push(w, u) < 0)
			return CLOUT_ENOMEM;
		v = u;
	}
}

/* Makes sure w's scratch (visit marks over every node) exists; 0 or CLOUT_ENOMEM. */
static int worker_ready(worker *w)
{
	uint32_t n = w->sampler->graph.node_count;
	if (!w->scratch->visited && !(w->scratch->visited = calloc((size_t)n / 64 + 1, sizeof(uint64_t))))
		return CLOUT_ENOMEM;
	w->visited = w->scratch->visited;
	return 0;
}

static bool job_over(const worker *w);

/* Draws sets [first, last) of stream into w->out (which is empty); 0, CLOUT_ENOMEM, or 1 when
 * the job it drew for is over (a pool thread the caller did not wait for). */
static int draw(worker *w, uint64_t first, uint64_t last)
{
	const clout_rr_sampler *s = w->sampler;
	uint32_t n = s->graph.node_count;
	uint64_t sets = last - first;
	int rc = 0;
	if ((rc = worker_ready(w)) < 0)
		return rc;
	if (!(w->out.ends = malloc((sets ? sets : 1) * sizeof(uint64_t))) || buffer_reserve(&w->out, sets * 4 + 16) < 0)
		return CLOUT_ENOMEM;
	for (uint64_t i = first; i < last && rc == 0; i++) {
		clout_rng rng;
		uint32_t root;
		if (job_over(w)) {
			rc = 1;
			break;
		}
		uint64_t begin = w->out.len;
		clout_rng_seed_stream(&rng, s->seed, w->stream, i);
		root = s->roots ? s->roots[clout_rng_below32(&rng, s->root_count)] : clout_rng_below32(&rng, n);
		rc = s->model == CLOUT_MODEL_LT ? sample_lt(w, &rng, root) :
		     s->nodes ? sample_ic_node(w, &rng, root) : sample_ic_arc(w, &rng, root);
		/* clear the marks of this set (all of them, even after a failure) */
		for (uint64_t j = begin; j < w->out.len; j++)
			w->visited[w->out.nodes[j] >> 6] = 0;
		if (rc == 0)
			w->out.ends[w->out.count++] = w->out.len;
	}
	return rc;
}

/*
 * The sampling threads of a sampler. An extend call cuts its sets into blocks and posts them as
 * the pool's job; the calling thread and every pool thread that is running claim blocks one at a
 * time. When none is left unclaimed, the caller draws again the blocks still unfinished (a pool
 * thread the scheduler has not run, or has preempted, on a loaded machine) instead of waiting
 * for them: whichever copy ends first is kept, and a pool thread whose job is over stops at its
 * next set. The caller thus never waits for another thread. Set i is drawn from (seed, stream,
 * i) whoever draws it, and the blocks are put together in their order, so the sets do not
 * depend on the threads.
 */
typedef struct rr_job {
	uint64_t stream, first, last, block, nblocks;
	uint64_t next, done;     /* blocks claimed, blocks finished */
	uint64_t backup;         /* the caller's second pass over unfinished blocks */
	sample_buffer *out;      /* per block */
	bool *finished;          /* per block */
	int rc;
} rr_job;

struct clout__rr_pool {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	clout_rr_sampler *sampler;
	rr_job *job;             /* the job under way, or NULL */
	_Atomic uint64_t generation; /* changes when a job starts or ends */
	bool stop;
	unsigned count;          /* threads started */
	pthread_t tids[255];
	worker workers[256];     /* [0]: the calling thread's */
};

static bool job_over(const worker *w)
{
	return w->pool && atomic_load_explicit(&w->pool->generation, memory_order_relaxed) != w->generation;
}

/* Draws blocks of the current job (claimed ones too when caller) until there is nothing left for
 * w; called and returns with the lock held. */
static void pool_draw(struct clout__rr_pool *pool, worker *w, bool caller)
{
	rr_job *job;
	while ((job = pool->job) != NULL) {
		uint64_t b, gen = atomic_load(&pool->generation);
		if (job->next < job->nblocks)
			b = job->next++;
		else if (caller) {
			while (job->backup < job->nblocks && job->finished[job->backup])
				job->backup++;
			if (job->backup == job->nblocks)
				break;
			b = job->backup++;
		} else
			break;
		uint64_t first = job->first + b * job->block;
		uint64_t last = first + job->block < job->last ? first + job->block : job->last;
		int rc;
		w->stream = job->stream;
		w->generation = gen;
		pthread_mutex_unlock(&pool->lock);
		memset(&w->out, 0, sizeof(w->out));
		rc = draw(w, first, last);
		pthread_mutex_lock(&pool->lock);
		if (atomic_load(&pool->generation) == gen && rc <= 0 && !job->finished[b]) {
			job->out[b] = w->out;
			job->finished[b] = true;
			job->done++;
			if (rc < 0)
				job->rc = rc;
		} else { /* drawn by another thread first, or the job is over */
			free(w->out.nodes);
			free(w->out.ends);
		}
		memset(&w->out, 0, sizeof(w->out));
	}
}

static void *pool_thread(void *arg)
{
	worker *w = arg;
	struct clout__rr_pool *pool = w->sampler->pool;
	pthread_mutex_lock(&pool->lock);
	while (!pool->stop) {
		pool_draw(pool, w, false);
		if (!pool->stop)
			pthread_cond_wait(&pool->wake, &pool->lock);
	}
	pthread_mutex_unlock(&pool->lock);
	return NULL;
}

/* Starts the sampler's threads (threads - 1 of them besides the caller); 0 or CLOUT_ENOMEM. A
 * thread that cannot be started leaves its share to the others. */
static int pool_start(clout_rr_sampler *s, unsigned threads)
{
	struct clout__rr_pool *pool = calloc(1, sizeof(*pool));
	if (!pool)
		return CLOUT_ENOMEM;
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->wake, NULL);
	atomic_init(&pool->generation, 0);
	pool->sampler = s;
	s->pool = pool;
	for (unsigned t = 0; t < threads; t++) {
		pool->workers[t].sampler = s;
		pool->workers[t].scratch = &s->scratch[t];
		pool->workers[t].pool = t ? pool : NULL;
	}
	for (unsigned t = 1; t < threads; t++) {
		if (pthread_create(&pool->tids[pool->count], NULL, pool_thread, &pool->workers[t]) != 0)
			break;
		pool->count++;
	}
	return 0;
}

static void pool_stop(clout_rr_sampler *s)
{
	struct clout__rr_pool *pool = s->pool;
	if (!pool)
		return;
	pthread_mutex_lock(&pool->lock);
	pool->stop = true;
	atomic_fetch_add(&pool->generation, 1);
	pthread_cond_broadcast(&pool->wake);
	pthread_mutex_unlock(&pool->lock);
	for (unsigned t = 0; t < pool->count; t++)
		pthread_join(pool->tids[t], NULL);
	pthread_cond_destroy(&pool->wake);
	pthread_mutex_destroy(&pool->lock);
	free(pool);
	s->pool = NULL;
}

void clout__rr_sets_init(clout_rr_sets *sets, uint64_t stream)
{
	memset(sets, 0, sizeof(*sets));
	sets->stream = stream;
}

void clout__rr_sets_release(clout_rr_sets *sets)
{
	free(sets->nodes);
	free(sets->offset);
	memset(sets, 0, sizeof(*sets));
}

static int reserve_sets(clout_rr_sets *sets, uint64_t count, uint64_t entries)
{
	if (count + 1 > sets->offset_cap) {
		uint64_t cap = count + 1;
		uint64_t *offset = realloc(sets->offset, cap * sizeof(*offset));
		if (!offset)
			return CLOUT_ENOMEM;
		if (!sets->offset_cap)
			offset[0] = 0;
		sets->offset = offset;
		sets->offset_cap = cap;
	}
	if (entries > sets->nodes_cap) {
		uint64_t cap = entries + entries / 4;
		uint32_t *nodes = realloc(sets->nodes, cap * sizeof(*nodes));
		if (!nodes)
			return CLOUT_ENOMEM;
		sets->nodes = nodes;
		sets->nodes_cap = cap;
		clout_hint_huge(nodes, cap * sizeof(*nodes));
	}
	return 0;
}

void clout__rr_sampler_release(clout_rr_sampler *s)
{
	pool_stop(s);
	for (unsigned t = 0; t < sizeof(s->scratch) / sizeof(s->scratch[0]); t++) {
		free(s->scratch[t].visited);
		s->scratch[t].visited = NULL;
	}
	free(s->nodes);
	s->nodes = NULL;
}

/* The IC sampler's node records (clout_rr_node) of a graph whose in-arcs share one probability per
 * node; 0 or CLOUT_ENOMEM. ln(1 - p) is computed once per distinct p (WC has one p per in-degree). */
static int nodes_build(clout_rr_sampler *s)
{
	const clout_graph_csr *g = &s->graph;
	enum { MEMO = 1024 };
	float memo_p[MEMO], memo_jump[MEMO];
	clout_rr_node *nodes = malloc(((size_t)g->node_count + 1) * sizeof(*nodes));
	if (!nodes)
		return CLOUT_ENOMEM;
	for (unsigned i = 0; i < MEMO; i++)
		memo_p[i] = -1.0f;
	for (uint32_t v = 0; v < g->node_count; v++) {
		float p = g->node_p[v], jump;
		uint32_t bits;
		nodes[v].begin = g->in_offset[v];
		nodes[v].degree = (uint32_t)(g->in_offset[v + 1] - g->in_offset[v]);
		if (!(p > 0.0f)) {
			nodes[v].degree = 0; /* no live arc */
			nodes[v].jump = 0.0f;
			continue;
		}
		memcpy(&bits, &p, sizeof(bits));
		bits = (bits ^ (bits >> 13)) * 0x9e3779b1u >> 22;
		if (memo_p[bits] == p)
			jump = memo_jump[bits];
		else {
			jump = p >= 1.0f ? 0.0f : (float)(1.0 / log1p(-(double)p));
			memo_p[bits] = p;
			memo_jump[bits] = jump;
		}
		nodes[v].jump = jump;
	}
	s->nodes = nodes;
	return 0;
}

int clout__rr_sets_extend(clout_rr_sets *sets, clout_rr_sampler *s, uint64_t count, clout_error *err)
{
	unsigned threads = s->threads ? s->threads : 1;
	uint64_t first = sets->count, todo, entries;
	rr_job job;
	int rc = 0;
	if (count <= first)
		return 0;
	todo = count - first;
	if (threads > 256)
		threads = 256;
	memset(&job, 0, sizeof(job));
	if (s->model != CLOUT_MODEL_LT && !s->graph.arc_p && !s->nodes && (rc = nodes_build(s)) < 0)
		goto done;
	job.stream = sets->stream;
	job.first = first;
	job.last = count;
	/* blocks small enough to share out, large enough that claiming one costs nothing */
	job.block = todo / ((uint64_t)threads * 8);
	if (job.block < 64)
		job.block = 64;
	job.nblocks = (todo + job.block - 1) / job.block;
	if (!(job.out = calloc(job.nblocks, sizeof(*job.out))) || !(job.finished = calloc(job.nblocks, sizeof(bool)))) {
		rc = CLOUT_ENOMEM;
		goto done;
	}
	if (threads > 1 && job.nblocks > 1 && !s->pool && (rc = pool_start(s, threads)) < 0)
		goto done;
	if (s->pool) {
		struct clout__rr_pool *pool = s->pool;
		pthread_mutex_lock(&pool->lock);
		pool->job = &job;
		atomic_fetch_add(&pool->generation, 1);
		pthread_cond_broadcast(&pool->wake);
		pool_draw(pool, &pool->workers[0], true); /* returns with every block drawn */
		pool->job = NULL;
		atomic_fetch_add(&pool->generation, 1); /* threads still drawing for it stop */
		pthread_mutex_unlock(&pool->lock);
	} else {
		worker w;
		memset(&w, 0, sizeof(w));
		w.sampler = s;
		w.scratch = &s->scratch[0];
		w.stream = job.stream;
		rc = draw(&w, first, count);
		job.out[0] = w.out;
		for (uint64_t b = 1; b < job.nblocks; b++) /* all drawn as one block */
			memset(&job.out[b], 0, sizeof(job.out[b]));
		job.rc = rc;
	}
	if ((rc = job.rc) < 0)
		goto done;
	entries = sets->entries;
	for (uint64_t b = 0; b < job.nblocks; b++)
		entries += job.out[b].len;
	if ((rc = reserve_sets(sets, count, entries)) < 0)
		goto done;
	/* append the blocks' sets in index order */
	for (uint64_t b = 0; b < job.nblocks; b++) {
		sample_buffer *o = &job.out[b];
		uint64_t base = sets->entries;
		if (o->len)
			memcpy(sets->nodes + base, o->nodes, o->len * sizeof(uint32_t));
		for (uint64_t i = 0; i < o->count; i++)
			sets->offset[sets->count + 1 + i] = base + o->ends[i];
		sets->count += o->count;
		sets->entries += o->len;
	}
done:
	if (rc < 0)
		clout_error_set(err, rc, "out of memory sampling %llu RR sets", (unsigned long long)count);
	for (uint64_t b = 0; job.out && b < job.nblocks; b++) {
		free(job.out[b].nodes);
		free(job.out[b].ends);
	}
	free(job.out);
	free(job.finished);
	return rc;
}
