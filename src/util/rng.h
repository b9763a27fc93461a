/*
 * rng.h: the one random generator of clout: SplitMix64 (Steele, Lea & Flood, OOPSLA 2014), fast,
 * seedable and the same on every platform, with the distributions the generators need.
 *
 * A generator can be seeded from (seed, stream, index) with clout_rng_seed_stream: every random
 * object (an RR set, a Monte Carlo run, an R-MAT arc block) then gets its own generator, so results
 * depend on the seed alone, never on how work was split between threads.
 */
#ifndef CLOUT_UTIL_RNG_H
#define CLOUT_UTIL_RNG_H

#include <stdint.h>

typedef struct clout_rng {
	uint64_t state;
} clout_rng;

/* SplitMix64's output function: a bijective mix of 64 bits. */
static inline uint64_t clout_rng_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Seeds r for the object index of stream under seed. */
static inline void clout_rng_seed_stream(clout_rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
	r->state = clout_rng_mix64(seed ^ clout_rng_mix64(stream * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL)) ^
		clout_rng_mix64(index + 0x2545f4914f6cdd1dULL);
}

/* Seeds r from seed alone. */
static inline void clout_rng_seed(clout_rng *r, uint64_t seed)
{
	clout_rng_seed_stream(r, seed, 0, 0);
}

static inline uint64_t clout_rng_next(clout_rng *r)
{
	r->state += 0x9e3779b97f4a7c15ULL;
	return clout_rng_mix64(r->state);
}

/* Uniform in [0, 1). */
static inline double clout_rng_uniform(clout_rng *r)
{
	return (double)(clout_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in (0, 1]: safe for log(). */
static inline double clout_rng_uniform_pos(clout_rng *r)
{
	return ((double)(clout_rng_next(r) >> 11) + 1.0) * 0x1.0p-53;
}

/* Uniform integer in [0, bound) (Lemire's multiply-shift; the bias is below 2^-32). */
static inline uint32_t clout_rng_below32(clout_rng *r, uint32_t bound)
{
	return (uint32_t)(((clout_rng_next(r) >> 32) * (uint64_t)bound) >> 32);
}

/* Uniform integer in [0, n) for any 64-bit n (0 when n is 0). */
uint64_t clout_rng_below(clout_rng *r, uint64_t n);
/* Standard normal (Box-Muller). */
double clout_rng_normal(clout_rng *r);
double clout_rng_lognormal(clout_rng *r, double mu, double sigma);
/* Poisson with mean lambda (normal approximation above 50). */
uint64_t clout_rng_poisson(clout_rng *r, double lambda);

#endif
