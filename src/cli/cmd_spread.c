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
	clout_graph_spread_options opts = CLOUT_GRAPH_SPREAD_OPTIONS_INIT;
	clout_graph_spread_outcome result;
	clout_session *session = NULL;
	clout_error err = { 0 };
	cli_format format;
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
	if (clout_graph_prob_parse(prob_name, &opts.graph.prob, &opts.graph.uniform_p, &err) < 0 ||
		clout_graph_model_parse(model_name, &opts.model, &err) < 0)
		return cli_fail("spread", &err);
	if ((rc = cli_graph_session("spread", ctx, &c, &session, &opts.graph)) != 0)
		return rc;
	opts.graph.seed = (uint64_t)seed;
	opts.graph.load.threads = (unsigned)threads;
	opts.seeds_path = seeds_path;
	opts.target_path = target_path;
	opts.simulations = (uint64_t)simulations;
	opts.seed = (uint64_t)seed;
	opts.threads = (unsigned)threads;
	if (clout_graph_spread_run(session, &opts, &result) < 0) {
		rc = cli_fail_session("spread", session);
		goto done;
	}
	if (format == CLI_FORMAT_JSON) {
		char *json;
		int wrc = clout_graph_spread_json(&json, &result, &err);
		if ((rc = cli_print_json("spread", wrc, json, &err)) != 0)
			goto done;
	} else if (format == CLI_FORMAT_CSV)
		printf("spread,std_error,simulations,seeds\n%.3f,%.3f,%llu,%u\n", result.spread.mean, result.spread.std_error,
			(unsigned long long)result.spread.simulations, result.seeds);
	else
		printf("spread %.1f +- %.1f (standard error; %llu %s of %u %s; %.3f s)\n", result.spread.mean,
			result.spread.std_error, (unsigned long long)result.spread.simulations,
			cli_plural(result.spread.simulations, "simulation", "simulations"), result.seeds,
			cli_plural(result.seeds, "seed", "seeds"), result.simulate_seconds);
	rc = EXIT_OK;
done:
	clout_session_free(session);
	return rc;
}
