/*
 * spread.c: Monte Carlo estimation of a seed set's spread by forward simulation of the IC and LT
 * models. Run i draws its coins from a generator seeded with (seed, i), so the estimate depends on
 * the seed only; threads take interleaved runs and their integer totals add up exactly.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/graph/graph_internal.h"
#include "util/rng.h"
#include "util/banned.h"

#define SPREAD_STREAM 0x5350524541440001ULL

typedef struct spread_job {
	const clout_graph *g;
	clout_model model;
	const uint32_t *seeds;
	uint32_t seed_count;
	const uint8_t *target;
	const float *in_total; /* LT: sum of in-arc probabilities per node */
	uint64_t simulations, seed;
	unsigned thread, threads;
	double sum, sum_squares;
	int rc;
} spread_job;

typedef struct sim_scratch {
	uint32_t *stamp;  /* == run + 1 when active in this run */
	uint32_t *queue;
	uint32_t *lt_stamp; /* LT: == run + 1 when weight/threshold are for this run */
	float *lt_weight, *lt_threshold;
} sim_scratch;

static uint64_t simulate(const spread_job *job, sim_scratch *s, uint64_t run)
{
	const clout_graph *g = job->g;
	uint32_t mark = (uint32_t)(run % 0xfffffffeu) + 1, head = 0, tail = 0;
	uint64_t reached = 0;
	clout_rng rng;
	clout_rng_seed_stream(&rng, job->seed, SPREAD_STREAM, run);
	for (uint32_t i = 0; i < job->seed_count; i++) {
		uint32_t v = job->seeds[i];
		if (s->stamp[v] == mark)
			continue;
		s->stamp[v] = mark;
		s->queue[tail++] = v;
	}
	while (head < tail) {
		uint32_t u = s->queue[head++];
		if (!job->target || job->target[u])
			reached++;
		for (uint64_t e = g->out_offset[u]; e < g->out_offset[u + 1]; e++) {
			uint32_t v = g->out_dst[e];
			if (s->stamp[v] == mark)
				continue;
			if (job->model == CLOUT_MODEL_IC) {
				if (clout_rng_uniform(&rng) >= g->out_p[e])
					continue;
			} else {
				if (s->lt_stamp[v] != mark) {
					s->lt_stamp[v] = mark;
					s->lt_weight[v] = 0;
					s->lt_threshold[v] = (float)clout_rng_uniform(&rng);
				}
				float total = job->in_total[v] > 1.0f ? job->in_total[v] : 1.0f;
				s->lt_weight[v] += g->out_p[e] / total;
				if (s->lt_weight[v] <= s->lt_threshold[v])
					continue;
			}
			s->stamp[v] = mark;
			s->queue[tail++] = v;
		}
	}
	return reached;
}

static void *spread_worker(void *arg)
{
	spread_job *job = arg;
	uint32_t n = job->g->node_count;
	sim_scratch s = { 0 };
	if (!(s.stamp = calloc(n, sizeof(*s.stamp))) || !(s.queue = malloc(n * sizeof(*s.queue))) ||
		(job->model == CLOUT_MODEL_LT &&
			(!(s.lt_stamp = calloc(n, sizeof(*s.lt_stamp))) || !(s.lt_weight = malloc(n * sizeof(float))) ||
				!(s.lt_threshold = malloc(n * sizeof(float)))))) {
		job->rc = CLOUT_ENOMEM;
		goto done;
	}
	for (uint64_t run = job->thread; run < job->simulations; run += job->threads) {
		double reached = (double)simulate(job, &s, run);
		job->sum += reached;
		job->sum_squares += reached * reached;
	}
done:
	free(s.stamp);
	free(s.queue);
	free(s.lt_stamp);
	free(s.lt_weight);
	free(s.lt_threshold);
	return NULL;
}

int clout_graph_spread(const clout_graph *cg, clout_model model, const uint32_t *seeds, uint32_t seed_count,
	const uint8_t *target, uint64_t simulations, uint64_t seed, unsigned threads, clout_spread_result *out,
	clout_error *err)
{
	clout_graph *g = (clout_graph *)cg; /* out-arcs are a cache */
	spread_job *jobs = NULL;
	pthread_t *tids = NULL;
	float *in_total = NULL;
	double sum = 0, sum_squares = 0;
	int rc;
	memset(out, 0, sizeof(*out));
	if (!simulations)
		return clout_error_set(err, CLOUT_EINVAL, "the number of simulations must be positive");
	for (uint32_t i = 0; i < seed_count; i++)
		if (seeds[i] >= g->node_count)
			return clout_error_set(err, CLOUT_EINVAL, "seed index %u is out of range", seeds[i]);
	if ((rc = clout__graph_build_out(g, err)) < 0)
		return rc;
	if (threads < 1)
		threads = 1;
	if (threads > 256)
		threads = 256;
	if ((uint64_t)threads > simulations)
		threads = (unsigned)simulations;
	jobs = calloc(threads, sizeof(*jobs));
	tids = calloc(threads, sizeof(*tids));
	if (!jobs || !tids) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if (model == CLOUT_MODEL_LT) {
		if (!(in_total = calloc(g->node_count ? g->node_count : 1, sizeof(*in_total)))) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			goto done;
		}
		for (uint32_t v = 0; v < g->node_count; v++)
			for (uint64_t e = g->in_offset[v]; e < g->in_offset[v + 1]; e++)
				in_total[v] += clout__graph_arc_p(g, v, e);
	}
	for (unsigned t = 0; t < threads; t++) {
		spread_job *job = &jobs[t];
		job->g = g;
		job->model = model;
		job->seeds = seeds;
		job->seed_count = seed_count;
		job->target = target;
		job->in_total = in_total;
		job->simulations = simulations;
		job->seed = seed;
		job->thread = t;
		job->threads = threads;
	}
	for (unsigned t = 1; t < threads; t++)
		if (pthread_create(&tids[t], NULL, spread_worker, &jobs[t]) != 0) {
			jobs[t].rc = CLOUT_ENOMEM;
			tids[t] = 0;
		}
	spread_worker(&jobs[0]);
	for (unsigned t = 1; t < threads; t++)
		if (tids[t])
			pthread_join(tids[t], NULL);
	rc = 0;
	for (unsigned t = 0; t < threads; t++) {
		if (jobs[t].rc < 0)
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory or threads for the simulation");
		sum += jobs[t].sum;
		sum_squares += jobs[t].sum_squares;
	}
	if (rc == 0) {
		double n = (double)simulations, mean = sum / n;
		double variance = n > 1 ? (sum_squares - n * mean * mean) / (n - 1) : 0;
		out->mean = mean;
		out->std_error = variance > 0 ? sqrt(variance / n) : 0;
		out->simulations = simulations;
	}
done:
	free(jobs);
	free(tids);
	free(in_total);
	return rc;
}
