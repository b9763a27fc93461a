/*
 * cmd_gen_graph.c: `clout gen graph`: writes a reproducible R-MAT (Kronecker) graph as a SNAP-style
 * edge list, plain or gzip (by the output name), for benchmarks that anyone can regenerate.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

typedef struct gen_out {
	FILE *plain;
	gzFile gz;
	char buf[1 << 16];
	size_t len;
	uint64_t arcs;
	int failed;
} gen_out;

static int flush_out(gen_out *o)
{
	if (!o->len)
		return 0;
	if (o->gz ? gzwrite(o->gz, o->buf, (unsigned)o->len) != (int)o->len : fwrite(o->buf, 1, o->len, o->plain) != o->len)
		o->failed = 1;
	o->len = 0;
	return o->failed ? -1 : 0;
}

static size_t format_u64(char *p, uint64_t v)
{
	char tmp[24];
	size_t n = 0, i;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

static int write_arc(void *ctx, uint64_t src, uint64_t dst)
{
	gen_out *o = ctx;
	if (o->len + 48 > sizeof(o->buf) && flush_out(o) < 0)
		return 1;
	o->len += format_u64(o->buf + o->len, src);
	o->buf[o->len++] = '\t';
	o->len += format_u64(o->buf + o->len, dst);
	o->buf[o->len++] = '\n';
	o->arcs++;
	return 0;
}

int cmd_gen_graph(const cli_context *ctx, int argc, char **argv)
{
	(void)ctx;
	int64_t scale = 16, seed = 1;
	double edge_factor = 16, a = 0.57, b = 0.19, c = 0.19;
	const char *output = NULL;
	bool no_scramble = false;
	const cli_opt options[] = {
		{ CLI_OPT_POS_INT, "scale", 0, &scale, "S", "2^S nodes (default 16)" },
		{ CLI_OPT_POS_DOUBLE, "edge-factor", 0, &edge_factor, "F", "arcs per node (default 16)" },
		{ CLI_OPT_FRACTION, "a", 'a', &a, "P", "R-MAT quadrant probability a (default 0.57)" },
		{ CLI_OPT_FRACTION, "b", 'b', &b, "P", "quadrant probability b (default 0.19)" },
		{ CLI_OPT_FRACTION, "c", 'c', &c, "P", "quadrant probability c (default 0.19); d = 1 - a - b - c" },
		{ CLI_OPT_INT, "seed", 's', &seed, "S", "random seed (default 1)" },
		{ CLI_OPT_FLAG, "no-scramble", 0, &no_scramble, NULL, "keep R-MAT's ids (high degree at low ids)" },
		{ CLI_OPT_STRING, "output", 'o', &output, "FILE", "output file (.gz: gzip); required" },
		{ 0 },
	};
	const cli_command_spec spec = { "gen graph", "--scale S --edge-factor F [options] -o FILE",
		"Generate an R-MAT (Kronecker) graph as a \"src dst\" edge list; self-loops are left out,\n"
		"duplicate arcs are kept (loaders merge them).",
		options, 0, 0 };
	clout_rmat_options opts = CLOUT_RMAT_OPTIONS_INIT;
	clout_error err = { 0 };
	gen_out *out;
	int rc;
	size_t len;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (!output) {
		fprintf(stderr, "clout gen graph: -o FILE is required\n");
		return EXIT_USAGE;
	}
	if (scale > 31) {
		fprintf(stderr, "clout gen graph: --scale: '%lld' is more than 31\n", (long long)scale);
		return EXIT_USAGE;
	}
	opts.scale = (unsigned)scale;
	opts.edge_factor = edge_factor;
	opts.a = a;
	opts.b = b;
	opts.c = c;
	opts.seed = (uint64_t)seed;
	opts.scramble = !no_scramble;
	if (!(out = calloc(1, sizeof(*out)))) {
		fprintf(stderr, "clout gen graph: out of memory\n");
		return EXIT_SOFTWARE;
	}
	len = strlen(output);
	if (len > 3 && !strcmp(output + len - 3, ".gz"))
		out->gz = gzopen(output, "wb6");
	else
		out->plain = fopen(output, "wb");
	if (!out->gz && !out->plain) {
		fprintf(stderr, "clout gen graph: %s: cannot write: %s\n", output, strerror(errno));
		free(out);
		return EXIT_IOERR;
	}
	rc = clout_graph_rmat(&opts, write_arc, out, &err);
	flush_out(out);
	if (out->gz ? gzclose(out->gz) != Z_OK : fclose(out->plain) != 0)
		out->failed = 1;
	if (rc < 0) {
		rc = cli_fail("gen graph", &err);
	} else if (out->failed || rc > 0) {
		fprintf(stderr, "clout gen graph: %s: write error\n", output);
		rc = EXIT_IOERR;
	} else {
		fprintf(stderr, "clout gen graph: wrote %llu %s on %llu nodes to %s\n", (unsigned long long)out->arcs,
			cli_plural(out->arcs, "arc", "arcs"), (unsigned long long)1 << scale, output);
		rc = EXIT_OK;
	}
	free(out);
	return rc;
}
