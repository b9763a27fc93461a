/*
 * rng.h: the counter-based random numbers of the graph and plan modules. Every random object
 * (an RR set, a Monte Carlo run, an R-MAT arc block) seeds its own generator from (seed, stream,
 * index), so results depend on the seed alone, never on how work was split between threads.
 * The generator is SplitMix64 (Steele, Lea & Flood, OOPSLA 2014).
 */
#ifndef CLOUT_LIB_GRAPH_RNG_H
#define CLOUT_LIB_GRAPH_RNG_H

#include <stdint.h>

typedef struct clout__stream_rng {
	uint64_t state;
} clout__stream_rng;

static inline uint64_t clout__mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void clout__rng_seed(clout__stream_rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
	r->state = clout__mix64(seed ^ clout__mix64(stream * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL)) ^
		clout__mix64(index + 0x2545f4914f6cdd1dULL);
}

static inline uint64_t clout__rng_next(clout__stream_rng *r)
{
	r->state += 0x9e3779b97f4a7c15ULL;
	return clout__mix64(r->state);
}

/* Uniform in [0, 1). */
static inline double clout__rng_double(clout__stream_rng *r)
{
	return (double)(clout__rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in (0, 1]: safe for log(). */
static inline double clout__rng_double_pos(clout__stream_rng *r)
{
	return ((double)(clout__rng_next(r) >> 11) + 1.0) * 0x1.0p-53;
}

/* Uniform integer in [0, bound) (Lemire's multiply-shift; the bias is below 2^-32 for bounds < 2^32). */
static inline uint32_t clout__rng_below(clout__stream_rng *r, uint32_t bound)
{
	return (uint32_t)(((clout__rng_next(r) >> 32) * (uint64_t)bound) >> 32);
}

#endif
