/*
 * rng.h: a small, fast, seedable random generator (xoshiro256**, seeded through splitmix64) and
 * the distributions the generators need. Deterministic for a given seed on every platform.
 */
#ifndef CLOUT_UTIL_RNG_H
#define CLOUT_UTIL_RNG_H

#include <stdint.h>

typedef struct clout_rng {
	uint64_t s[4];
} clout_rng;

void clout_rng_seed(clout_rng *r, uint64_t seed);
uint64_t clout_rng_next(clout_rng *r);
/* Uniform in [0, 1). */
double clout_rng_uniform(clout_rng *r);
/* Uniform integer in [0, n). */
uint64_t clout_rng_below(clout_rng *r, uint64_t n);
double clout_rng_normal(clout_rng *r);
double clout_rng_lognormal(clout_rng *r, double mu, double sigma);
/* Poisson with mean lambda (normal approximation above 50). */
uint64_t clout_rng_poisson(clout_rng *r, double lambda);

#endif
