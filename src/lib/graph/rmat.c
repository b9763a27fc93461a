/*
 * rmat.c: the R-MAT recursive-matrix graph generator (Chakrabarti, Zhan & Faloutsos, SDM 2004),
 * the model behind the Graph500 Kronecker generator. Arc i draws from a generator seeded with
 * (seed, i), so a graph is reproducible from its options alone.
 */
#include <math.h>

#include "clout/graph.h"
#include "util/rng.h"
#include "util/banned.h"

#define RMAT_STREAM 0x524d415400000001ULL

/* A bijection of [0, 2^bits): odd multiplications and xor-shifts, keyed by the seed. */
static uint64_t scramble(uint64_t x, unsigned bits, uint64_t key)
{
	uint64_t mask = bits >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << bits) - 1;
	for (int round = 0; round < 3; round++) {
		uint64_t k = clout_rng_mix64(key + (uint64_t)round);
		x = (x * (k | 1)) & mask;
		x = (x + (k >> 17)) & mask;
		x ^= x >> (bits / 2 + 1);
	}
	return x;
}

int clout_graph_rmat(const clout_rmat_options *opts, clout_arc_fn fn, void *ctx, clout_error *err)
{
	double d;
	uint64_t arcs;
	if (!opts || opts->version != CLOUT_RMAT_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "R-MAT options of an unknown version");
	if (opts->scale < 1 || opts->scale > 31)
		return clout_error_set(err, CLOUT_EINVAL, "scale %u is not in 1..31", opts->scale);
	if (!(opts->edge_factor > 0) || opts->edge_factor > 1e6)
		return clout_error_set(err, CLOUT_EINVAL, "edge factor %g is not positive", opts->edge_factor);
	d = 1.0 - opts->a - opts->b - opts->c;
	if (!(opts->a >= 0 && opts->b >= 0 && opts->c >= 0 && d >= -1e-12))
		return clout_error_set(err, CLOUT_EINVAL, "R-MAT probabilities a=%g b=%g c=%g must be >= 0 with a+b+c <= 1",
			opts->a, opts->b, opts->c);
	arcs = (uint64_t)llround(opts->edge_factor * (double)(UINT64_C(1) << opts->scale));
	for (uint64_t i = 0; i < arcs; i++) {
		clout_rng rng;
		uint64_t src = 0, dst = 0;
		int rc;
		clout_rng_seed_stream(&rng, opts->seed, RMAT_STREAM, i);
		for (unsigned level = 0; level < opts->scale; level++) {
			double r = clout_rng_uniform(&rng);
			unsigned quadrant = r < opts->a ? 0 : r < opts->a + opts->b ? 1 : r < opts->a + opts->b + opts->c ? 2 : 3;
			src = (src << 1) | (quadrant >> 1);
			dst = (dst << 1) | (quadrant & 1);
		}
		if (opts->scramble) {
			src = scramble(src, opts->scale, opts->seed);
			dst = scramble(dst, opts->scale, opts->seed);
		}
		if (src == dst)
			continue;
		if ((rc = fn(ctx, src, dst)) != 0)
			return rc;
	}
	return 0;
}
