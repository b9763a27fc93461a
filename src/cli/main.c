/*
 * main.c: the clout command table and dispatch (git.c style). Each command lives in
 * cmd_<name>.c and declares its option spec there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

static const cli_command commands[] = {
	{ "import", cmd_import, "import social data (clout, X/Twitter v2, Instagram, YouTube, TikTok, edge lists)" },
	{ "discover", cmd_discover, "rank accounts for a topic by relevance, reach and resonance" },
	{ "index", cmd_index, "rebuild the discovery index" },
	{ "gen", cmd_gen, "write a seeded sample data set (or an R-MAT graph)" },
	{ "sentiment", cmd_sentiment, "score the sentiment of posts (JSON lines or plain text)" },
	{ "stats", cmd_stats, "count what the store holds" },
	{ "plan", cmd_plan, "choose the roster that reaches the most within a budget" },
	{ "spread", cmd_spread, "estimate a seed set's spread by Monte Carlo simulation" },
	{ "listen", cmd_listen, "listening rules: try a rule on posts (listen test)" },
	{ "inbox", cmd_listen_inbox, "the listening inbox: list, assign, reply, close (as clout listen inbox)" },
	{ "alerts", cmd_listen_alerts, "the listening alerts raised (as clout listen alerts)" },
	{ "overlap", cmd_overlap, "audience overlap of accounts (shared followers, Jaccard)" },
	{ "link", cmd_link, "create tracking links (clout link create --url URL)" },
	{ "crm", cmd_crm, "people and relationships (crm add|link|list|show)" },
	{ "code", cmd_code, "promo codes for influencers (clout code create CODE --influencer HANDLE)" },
	{ "conversion", cmd_conversion, "record orders and refunds; the postback secret" },
	{ "campaign", cmd_campaign, "campaigns: goal, dates, budget, KPI targets, roster, links per member" },
	{ "contract", cmd_contract, "contracts and deliverables (checked against their posts)" },
	{ "calendar", cmd_calendar, "the content calendar (table, json or ics)" },
	{ "report", cmd_report, "reports: links, campaign NAME, person PERSON" },
	{ "user", cmd_user, "users, roles and workspaces (user add|join|list|role|rm)" },
	{ "token", cmd_token, "API tokens for scripts (token create|list|revoke)" },
	{ "audit", cmd_audit, "read the audit log of writes" },
	{ "webhook", cmd_webhook, "webhooks: signed event deliveries (webhook add|list|rm|log)" },
	{ "serve", cmd_serve, "serve the HTTP API, tracking links and metrics" },
	{ "version", cmd_version, "print the version" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: clout COMMAND [options]\n\nclout is a self-hosted influencer-marketing platform.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'clout COMMAND --help' (or 'clout help COMMAND') for a command's options.\n");
	fprintf(out, "\nexit status (every command; docs/cli.md):\n");
	cli_print_exit_statuses(out);
}

int cmd_version(const cli_context *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	printf("clout %s\n", clout_version());
	return EXIT_OK;
}

/* Removes the store file a failed command created, with SQLite's companions (a failed command
 * leaves no new file behind). */
static void remove_created_store(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char name[CLI_PATH_MAX + 16];
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		unlink(name);
	}
}

/* Runs a command; when it fails, a store it created goes again. */
static int run(const cli_command *c, cli_context *ctx, int argc, char **argv)
{
	int rc = c->fn(ctx, argc, argv);
	if (rc != EXIT_OK && ctx->created_store[0])
		remove_created_store(ctx->created_store);
	return rc;
}

int main(int argc, char **argv)
{
	char created_store[CLI_PATH_MAX] = "";
	cli_context ctx = { getenv("CLOUT_DB"), created_store };
	if (ctx.db && !ctx.db[0])
		ctx.db = NULL;
	/* A global --db PATH before the command applies to every command that opens the store. */
	while (argc >= 2 && (!strcmp(argv[1], "--db") || !strncmp(argv[1], "--db=", 5))) {
		int used = argv[1][4] == '=' ? 1 : 2;
		if (used == 2 && argc < 3) {
			fprintf(stderr, "clout: --db needs a value\n");
			return EXIT_USAGE;
		}
		ctx.db = used == 1 ? argv[1] + 5 : argv[2];
		argc -= used;
		argv += used;
	}
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") && argc >= 3) {
		/* `clout help CMD` is `clout CMD --help` */
		char help_flag[] = "--help";
		char *help_argv[] = { argv[2], help_flag, NULL };
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (!strcmp(argv[2], commands[i].name))
				return commands[i].fn(&ctx, 2, help_argv);
		fprintf(stderr, "clout: '%s' is not a clout command (see clout --help)\n", argv[2]);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(&ctx, argc - 1, argv + 1);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return run(&commands[i], &ctx, argc - 1, argv + 1);
	fprintf(stderr, "clout: '%s' is not a clout command (see clout --help)\n", argv[1]);
	return EXIT_USAGE;
}
