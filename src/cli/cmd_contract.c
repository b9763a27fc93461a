/*
 * cmd_contract.c: `clout contract`: create a contract (compensation, guidelines, exclusivity,
 * payment), show and list them, set their status, add and update deliverables (checked against
 * their post when it is in the store).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/begin.h"
#include "cli/campaign_common.h"
#include "cli/commands.h"
#include "clout/campaign.h"
#include "util/banned.h"

static void print_contract(const clout_contract *c, cli_format format)
{
	char due[16], amount[40];
	if (format == CLI_FORMAT_JSON) {
		cli_emit_json("contract", clout_contract_json(c));
		return;
	}
	printf("%-14s %s / %s (%s, payment %s)\n", "contract", c->campaign, c->person, c->status, c->payment_status);
	printf("%-14s %s %s", "flat fee", clout_convert_money_format(amount, sizeof(amount), c->flat_fee_minor, c->currency),
		c->currency);
	printf("; per deliverable %s", clout_convert_money_format(amount, sizeof(amount), c->per_deliverable_minor, c->currency));
	printf("; commission %d.%02d%%\n", c->commission_bp / 100, c->commission_bp % 100);
	for (size_t i = 0; i < c->deliverable_count; i++) {
		const clout_deliverable *d = &c->deliverables[i];
		printf("%-14s #%lld %s %s due %s (%s)%s%s\n", i ? "" : "deliverables", (long long)d->id, d->platform, d->format,
			clout_campaign_day_format(due, sizeof(due), d->due_day), d->status, d->check.checked ? " check: " : "",
			d->check.checked ? (d->check.problems ? d->check.problems : "ok") : "");
	}
}

static int contract_create(const cli_context *ctx, int argc, char **argv)
{
	clout_contract_input in = CLOUT_CONTRACT_INPUT_INIT;
	cli_call call = { .cmd = "contract create" };
	cli_list dos = { 0 }, donts = { 0 }, hashtags = { 0 }, competitors = { 0 };
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "flat", 0, &in.flat, "AMOUNT", "flat fee in the campaign's currency" },
		{ CLI_OPT_STRING, "per-deliverable", 0, &in.per_deliverable, "AMOUNT", "fee per deliverable" },
		{ CLI_OPT_STRING, "commission", 0, &in.commission, "PERCENT", "share of attributed revenue, e.g. 10%" },
		{ CLI_OPT_STRING, "product", 0, &in.product, "TEXT", "product given as compensation" },
		{ CLI_OPT_STRING, "product-value", 0, &in.product_value, "AMOUNT", "its value" },
		{ CLI_OPT_STRING, "currency", 0, &in.currency, "CODE", "must be the campaign's (no exchange rate is assumed)" },
		{ CLI_OPT_STRING, "objectives", 0, &in.objectives, "TEXT", "performance objectives" },
		{ CLI_OPT_LIST, "do", 0, &dos, "TEXT", "a creative do (repeat)" },
		{ CLI_OPT_LIST, "dont", 0, &donts, "WORD", "a don't: a word or phrase the content must not hold (repeat)" },
		{ CLI_OPT_LIST, "hashtag", 0, &hashtags, "TAG", "a required hashtag (repeat)" },
		{ CLI_OPT_STRING, "disclosure", 0, &in.disclosure, "TEXT", "required disclosure, e.g. #ad" },
		{ CLI_OPT_LIST, "competitor", 0, &competitors, "NAME", "exclusivity: a competitor (repeat)" },
		{ CLI_OPT_STRING, "exclusive-from", 0, &in.exclusive_from, "DATE", "exclusivity start" },
		{ CLI_OPT_STRING, "exclusive-to", 0, &in.exclusive_to, "DATE", "exclusivity end" },
		{ CLI_OPT_STRING, "payment-terms", 0, &in.payment_terms, "TEXT", "e.g. 50% on signature, 50% net 30" },
		{ CLI_OPT_STRING, "status", 0, &in.status, "STATUS", "draft (default), sent, signed, active, completed, cancelled" },
		CLI_OPT_STORE(&call),
		CLI_OPT_OUTPUT(&call),
		{ 0 },
	};
	const cli_command_spec spec = { call.cmd, "CAMPAIGN PERSON [options]",
		"Agree a contract with a person on a campaign (they join its roster).", options, 2, 2 };
	clout_contract c = { 0 };
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	in.campaign = call.args[0];
	in.person = call.args[1];
	in.dos = dos.items, in.dos_count = (size_t)dos.count;
	in.donts = donts.items, in.donts_count = (size_t)donts.count;
	in.hashtags = hashtags.items, in.hashtags_count = (size_t)hashtags.count;
	in.competitors = competitors.items, in.competitors_count = (size_t)competitors.count;
	if (clout_contract_create(&c, call.session, &in) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	{
		char object[64];
		snprintf(object, sizeof(object), "contract:%lld", (long long)c.id);
		if ((rc = cli_call_audit(&call, "contract.create", object)) != 0)
			goto done;
	}
	print_contract(&c, call.format);
done:
	clout_contract_release(&c);
	cli_end(&call);
	free(dos.items);
	free(donts.items);
	free(hashtags.items);
	free(competitors.items);
	return rc;
}

static int contract_show(const cli_context *ctx, int argc, char **argv, bool list)
{
	const char *campaign = NULL, *person = NULL;
	cli_call call = { .cmd = list ? "contract list" : "contract show" };
	const char *cmd = call.cmd;
	const cli_opt show_options[] = { CLI_OPT_STORE(&call), CLI_OPT_OUTPUT(&call), { 0 } };
	const cli_opt list_options[] = {
		{ CLI_OPT_STRING, "campaign", 0, &campaign, "NAME", "only this campaign's" },
		{ CLI_OPT_STRING, "person", 0, &person, "PERSON", "only this person's" },
		CLI_OPT_STORE(&call), CLI_OPT_OUTPUT(&call), { 0 },
	};
	const cli_command_spec spec = { cmd, list ? "[--campaign NAME] [--person PERSON]" : "CAMPAIGN PERSON",
		list ? "List contracts with their deliverables." : "Show a contract with its deliverables and their checks.",
		list ? list_options : show_options, list ? 0 : 2, list ? 0 : 2 };
	clout_contract *all = NULL;
	size_t n = 0;
	cli_format format;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	format = call.format;
	if (!list) {
		campaign = call.args[0];
		person = call.args[1];
	}
	if (clout_contract_list(&all, &n, call.session, campaign, person) < 0) {
		rc = cli_fail_session(cmd, call.session);
		goto done;
	}
	if (!list && n == 0) {
		fprintf(stderr, "clout %s: '%s' has no contract on '%s'\n", cmd, person, campaign);
		rc = EXIT_NOINPUT;
		goto done;
	}
	if (format == CLI_FORMAT_JSON && list)
		printf("[");
	for (size_t i = 0; i < n; i++) {
		if (format == CLI_FORMAT_JSON && list && i)
			printf(",");
		if (format == CLI_FORMAT_JSON && list) {
			char *json = clout_contract_json(&all[i]);
			printf("%s", json ? json : "null");
			free(json);
		} else {
			print_contract(&all[i], format);
		}
	}
	if (format == CLI_FORMAT_JSON && list)
		printf("]\n");
done:
	for (size_t i = 0; i < n; i++)
		clout_contract_release(&all[i]);
	free(all);
	cli_end(&call);
	return rc;
}

static int contract_status(const cli_context *ctx, int argc, char **argv)
{
	const char *payment = NULL;
	cli_call call = { .cmd = "contract status" };
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "payment", 0, &payment, "STATUS", "payment status: unpaid, pending or paid" },
		CLI_OPT_STORE(&call), { 0 },
	};
	const cli_command_spec spec = { call.cmd, "CAMPAIGN PERSON STATUS [--payment S]",
		"Set a contract's status (draft, sent, signed, active, completed, cancelled).", options, 3, 3 };
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	if (clout_contract_set_status(call.session, call.args[0], call.args[1], call.args[2], payment) < 0)
		rc = cli_fail_session(call.cmd, call.session);
	else
		rc = cli_call_audit(&call, "contract.status", call.args[0]);
done:
	cli_end(&call);
	return rc;
}

/* deliver CAMPAIGN PERSON (add) or deliver --id N (update). */
static int contract_deliver(const cli_context *ctx, int argc, char **argv, bool update)
{
	clout_deliverable_input in = CLOUT_DELIVERABLE_INPUT_INIT;
	cli_call call = { .cmd = update ? "contract update" : "contract deliverable" };
	const char *cmd = call.cmd;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "platform", 0, &in.platform, "PLATFORM", "instagram, youtube, tiktok, twitter, ..." },
		{ CLI_OPT_STRING, "format", 0, &in.format, "FORMAT", "post, story, reel, video, live, short, thread, article" },
		{ CLI_OPT_STRING, "due", 0, &in.due, "DATE", "due day (YYYY-MM-DD)" },
		{ CLI_OPT_STRING, "status", 0, &in.status, "STATUS", "draft, submitted, approved, published or late" },
		{ CLI_OPT_STRING, "url", 0, &in.url, "URL", "the published URL (checked when its post is in the store)" },
		{ CLI_OPT_STRING, "post", 0, &in.post, "PLATFORM:ID", "the published post in the store (checked)" },
		CLI_OPT_STORE(&call), CLI_OPT_OUTPUT(&call), { 0 },
	};
	const cli_command_spec spec = { cmd, update ? "ID [options]" : "CAMPAIGN PERSON --platform P --format F --due D",
		update ? "Change a deliverable (status, URL, post) and check it again."
		       : "Add a deliverable to a contract.", options, update ? 1 : 2, update ? 1 : 2 };
	clout_deliverable d = { 0 };
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	if (update) {
		int64_t id;
		if (cli_opt_number(cmd, "ID", call.args[0], CLI_OPT_POS_INT, &id) < 0) {
			rc = EXIT_USAGE;
			goto done;
		}
		rc = clout_deliverable_update(&d, call.session, id, &in);
	} else {
		rc = clout_deliverable_add(&d, call.session, call.args[0], call.args[1], &in);
	}
	if (rc < 0) {
		rc = cli_fail_session(cmd, call.session);
		goto done;
	}
	{
		char object[64];
		snprintf(object, sizeof(object), "deliverable:%lld", (long long)d.id);
		if ((rc = cli_call_audit(&call, update ? "deliverable.update" : "deliverable.create", object)) != 0)
			goto done;
	}
	if (call.format == CLI_FORMAT_JSON) {
		rc = cli_emit_json(cmd, clout_deliverable_json(&d));
	} else {
		char due[16];
		printf("deliverable %lld: %s %s due %s, %s", (long long)d.id, d.platform, d.format,
			clout_campaign_day_format(due, sizeof(due), d.due_day), d.status);
		printf("%s%s\n", d.check.checked ? "; check: " : "", d.check.checked ? (d.check.problems ? d.check.problems : "ok")
			: "");
	}
done:
	clout_deliverable_release(&d);
	cli_end(&call);
	return rc;
}

int cmd_contract(const cli_context *ctx, int argc, char **argv)
{
	static const char usage[] =
		"usage: clout contract create CAMPAIGN PERSON [--flat A] [--commission P%] [--hashtag T]... [options]\n"
		"       clout contract show CAMPAIGN PERSON | list [--campaign NAME] [--person PERSON]\n"
		"       clout contract status CAMPAIGN PERSON STATUS [--payment S]\n"
		"       clout contract deliverable CAMPAIGN PERSON --platform P --format F --due D [--url U]\n"
		"       clout contract update ID [--status S] [--url U] [--post PLATFORM:ID]\n";
	const char *sub = argc >= 2 ? argv[1] : "";
	if (!strcmp(sub, "create"))
		return contract_create(ctx, argc - 1, argv + 1);
	if (!strcmp(sub, "show") || !strcmp(sub, "list"))
		return contract_show(ctx, argc - 1, argv + 1, !strcmp(sub, "list"));
	if (!strcmp(sub, "status"))
		return contract_status(ctx, argc - 1, argv + 1);
	if (!strcmp(sub, "deliverable") || !strcmp(sub, "update"))
		return contract_deliver(ctx, argc - 1, argv + 1, !strcmp(sub, "update"));
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		printf("%s", usage);
		return EXIT_OK;
	}
	fprintf(stderr, "%s", usage);
	return EXIT_USAGE;
}
