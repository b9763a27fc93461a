/*
 * cmd_spread.c: `clout spread`: the expected spread of a given seed set by independent Monte
 * Carlo simulation, so that any plan (clout's or another tool's) can be checked.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

int cmd_spread(const cli_context *ctx, int argc, char **argv)
{
	const char *model_name = NULL, *prob_name = NULL, *seeds_path = NULL, *target_path = NULL, *format_name = NULL;
	cli_graph_opts c = { 0 };
	int64_t simulations = 10000, threads = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
	int64_t seed = 1;
	const cli_opt options[] = {
		CLI_OPT_GRAPH(&c, "edge list (\"src dst [weight]\" lines, plain or gzip)", "store edge kind only",
			"\"a b\" means b influences a"),
		{ CLI_OPT_STRING, "model", 'm', &model_name, "MODEL", "ic (default) or lt" },
		{ CLI_OPT_STRING, "prob", 'p', &prob_name, "PROB", "wc (default), uniform:P, trivalency, weights" },
		{ CLI_OPT_STRING, "seeds", 0, &seeds_path, "FILE", "the seed set, one id a line (required)" },
		{ CLI_OPT_STRING, "target", 't', &target_path, "FILE", "count only these nodes" },
		{ CLI_OPT_POS_INT, "mc", 0, &simulations, "N", "Monte Carlo simulations (default 10000)" },
		{ CLI_OPT_POS_INT, "threads", 'j', &threads, "N", "threads (default: all cores); the result does not depend on it" },
		{ CLI_OPT_INT, "seed", 's', &seed, "S", "random seed (default 1)" },
		CLI_OPT_FORMAT(&format_name),
		{ 0 },
	};
	const cli_command_spec spec = { "spread", "(--graph FILE | --from-store) --seeds FILE [options]",
		"Estimate the expected spread of a seed set by Monte Carlo simulation.", options, 0, 0 };
	clout_graph_source source = CLOUT_GRAPH_SOURCE_INIT;
	clout_graph *g = NULL;
	clout_model model;
	clout_spread_result result;
	clout_error err = { 0 };
	cli_format format;
	uint32_t *seeds = NULL, seed_count = 0, *target_nodes = NULL, target_count = 0;
	uint8_t *target = NULL;
	double started, loaded, finished;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("spread", format_name, &format) < 0)
		return EXIT_USAGE;
	if (!c.path == !c.from_store || !seeds_path) {
		fprintf(stderr, "clout spread: give one of --graph FILE and --from-store, and --seeds FILE\n");
		return EXIT_USAGE;
	}
	if (threads > 256) {
		fprintf(stderr, "clout spread: --threads: '%lld' is more than 256\n", (long long)threads);
		return EXIT_USAGE;
	}
	if (clout_graph_prob_parse(prob_name, &source.prob, &source.uniform_p, &err) < 0 ||
		clout_graph_model_parse(model_name, &model, &err) < 0)
		return cli_fail("spread", &err);
	started = cli_now();
	if ((rc = cli_graph_source("spread", ctx, &c, &source)) != 0)
		return rc;
	source.seed = (uint64_t)seed;
	source.load.threads = (unsigned)threads;
	if ((rc = clout_graph_open(&g, &source, &err)) < 0 ||
		(rc = clout_graph_read_nodes(&seeds, &seed_count, g, seeds_path, cli_graph_resolver(&c), &c, &err)) < 0 ||
		(target_path && (rc = clout_graph_read_nodes(&target_nodes, &target_count, g, target_path,
					 cli_graph_resolver(&c), &c, &err)) < 0)) {
		rc = cli_fail("spread", &err);
		goto done;
	}
	if (target_path) {
		if (!(target = calloc(clout_graph_node_count(g), 1))) {
			rc = EXIT_SOFTWARE;
			goto done;
		}
		for (uint32_t i = 0; i < target_count; i++)
			target[target_nodes[i]] = 1;
	}
	loaded = cli_now();
	if ((rc = clout_graph_spread(g, model, seeds, seed_count, target, (uint64_t)simulations, (uint64_t)seed,
		     (unsigned)threads, &result, &err)) < 0) {
		rc = cli_fail("spread", &err);
		goto done;
	}
	finished = cli_now();
	if (format == CLI_FORMAT_JSON) {
		clout_graph_spread_report rep = { &result, g, seed_count, loaded - started, finished - loaded };
		char *json;
		int wrc = clout_graph_spread_json(&json, &rep, &err);
		if ((rc = cli_print_json("spread", wrc, json, &err)) != 0)
			goto done;
	} else if (format == CLI_FORMAT_CSV)
		printf("spread,std_error,simulations,seeds\n%.3f,%.3f,%llu,%u\n", result.mean, result.std_error,
			(unsigned long long)result.simulations, seed_count);
	else
		printf("spread %.1f +- %.1f (standard error; %llu %s of %u %s; %.3f s)\n", result.mean, result.std_error,
			(unsigned long long)result.simulations, cli_plural(result.simulations, "simulation", "simulations"),
			seed_count, cli_plural(seed_count, "seed", "seeds"), finished - loaded);
	rc = EXIT_OK;
done:
	clout_graph_free(g);
	clout_session_free(c.session);
	free(seeds);
	free(target);
	free(target_nodes);
	return rc;
}
