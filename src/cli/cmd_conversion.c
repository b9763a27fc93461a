/*
 * cmd_conversion.c: `clout conversion add|refund|secret`: record an order by hand or from a shop's
 * export (one call per row, idempotent on the order id), refund it, and print or rotate the
 * workspace's postback secret.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "clout/convert.h"
#include "util/banned.h"

/* Prints a library writer's JSON text on one line and frees it. */
static int print_json(const char *cmd, char *json)
{
	if (!json) {
		fprintf(stderr, "clout %s: out of memory\n", cmd);
		return EXIT_SOFTWARE;
	}
	printf("%s\n", json);
	free(json);
	return EXIT_OK;
}

static int print_conversion(const char *cmd, cli_format format, const clout_conversion *c)
{
	char amount[40], net[40];
	if (c->warning)
		fprintf(stderr, "clout %s: warning: %s\n", cmd, c->warning);
	if (format == CLI_FORMAT_JSON)
		return print_json(cmd, clout_conversion_json(c));
	clout_convert_money_format(amount, sizeof(amount), c->amount_minor, c->currency);
	clout_convert_money_format(net, sizeof(net), c->amount_minor - c->refunded_minor, c->currency);
	if (format == CLI_FORMAT_CSV) {
		printf("order_id,amount,net,currency,link,influencer,campaign\n");
		cli_csv_field(stdout, c->order_id);
		printf(",%s,%s,%s,", amount, net, c->currency);
		cli_csv_field(stdout, c->link ? c->link : "");
		putchar(',');
		cli_csv_field(stdout, c->influencer ? c->influencer : "");
		putchar(',');
		cli_csv_field(stdout, c->campaign ? c->campaign : "");
		putchar('\n');
	} else {
		printf("%-11s %s\n%-11s %s %s\n%-11s %s %s\n%-11s %s\n%-11s %s\n%-11s %s\n", "order_id", c->order_id, "amount",
			amount, c->currency, "net", net, c->currency, "link", c->link ? c->link : "-", "influencer",
			c->influencer ? c->influencer : "-", "campaign", c->campaign ? c->campaign : "-");
	}
	return EXIT_OK;
}

static int conversion_add(const cli_context *ctx, int argc, char **argv)
{
	clout_conversion_input in = CLOUT_CONVERSION_INPUT_INIT;
	const char *db = NULL, *workspace = NULL, *format_name = NULL, *time_text = NULL;
	int64_t click = 0;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "order", 0, &in.order_id, "ID", "the shop's order id (required; recorded once)" },
		{ CLI_OPT_STRING, "amount", 0, &in.amount, "AMOUNT", "order value as a decimal, e.g. 99.99 (required)" },
		{ CLI_OPT_STRING, "currency", 0, &in.currency, "CODE", "ISO 4217 currency, e.g. EUR (required)" },
		{ CLI_OPT_POS_INT, "click", 0, &click, "ID", "the clout_click id the redirect gave the shop" },
		{ CLI_OPT_STRING, "code", 0, &in.code, "CODE", "the promo code used" },
		{ CLI_OPT_STRING, "customer", 0, &in.customer_id, "ID", "the shop's customer id" },
		{ CLI_OPT_STRING, "time", 0, &time_text, "TIME", "when the order was placed (unix seconds or RFC 3339; default now)" },
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		CLI_OPT_FORMAT(&format_name),
		{ 0 },
	};
	const cli_command_spec spec = { "conversion add", "--order ID --amount AMOUNT --currency CODE [options]",
		"Record an order (again with the same amount: nothing changes; with another: refused).", options, 0, 0 };
	clout_session *session = NULL;
	clout_conversion c = { 0 };
	clout_error err = { 0 };
	cli_format format;
	int64_t ws;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (!in.order_id || !in.amount || !in.currency) {
		fprintf(stderr, "clout conversion add: --order, --amount and --currency are required\n");
		return EXIT_USAGE;
	}
	if (cli_parse_format("conversion add", format_name, &format) < 0)
		return EXIT_USAGE;
	in.click_id = click;
	if (time_text && clout_convert_time_parse(&in.at_ms, time_text, NULL, &err) < 0)
		return cli_fail("conversion add", &err);
	if ((rc = cli_open_session("conversion add", ctx, db, workspace, true, &session)) != 0)
		return rc;
	if (clout_session_workspace(session, &ws) < 0) {
		rc = cli_fail_session("conversion add", session);
		goto done;
	}
	if ((rc = clout_convert_record(&c, session, &in, NULL)) < 0) {
		rc = cli_fail_session("conversion add", session);
		goto done;
	}
	if (rc == 0)
		fprintf(stderr, "clout conversion add: order '%s' was recorded before; unchanged\n", in.order_id);
	rc = print_conversion("conversion add", format, &c);
done:
	clout_conversion_release(&c);
	clout_session_free(session);
	return rc;
}

static int conversion_refund(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *format_name = NULL, *order = NULL, *refund_id = NULL, *amount = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "order", 0, &order, "ID", "the order to refund (required)" },
		{ CLI_OPT_STRING, "amount", 0, &amount, "AMOUNT", "how much (default: all that is left)" },
		{ CLI_OPT_STRING, "refund-id", 0, &refund_id, "ID", "the shop's refund id (required for a partial refund)" },
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		CLI_OPT_FORMAT(&format_name),
		{ 0 },
	};
	const cli_command_spec spec = { "conversion refund", "--order ID [--amount AMOUNT --refund-id ID] [options]",
		"Refund an order in full or in part (once per refund id).", options, 0, 0 };
	clout_session *session = NULL;
	clout_conversion c = { 0 };
	cli_format format;
	int64_t ws;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (!order) {
		fprintf(stderr, "clout conversion refund: --order is required\n");
		return EXIT_USAGE;
	}
	if (cli_parse_format("conversion refund", format_name, &format) < 0)
		return EXIT_USAGE;
	if ((rc = cli_open_session("conversion refund", ctx, db, workspace, false, &session)) != 0)
		return rc;
	if (clout_session_workspace(session, &ws) < 0) {
		rc = cli_fail_session("conversion refund", session);
		goto done;
	}
	if ((rc = clout_convert_refund(&c, session, order, refund_id, amount)) < 0) {
		rc = cli_fail_session("conversion refund", session);
		goto done;
	}
	rc = print_conversion("conversion refund", format, &c);
done:
	clout_conversion_release(&c);
	clout_session_free(session);
	return rc;
}

static int conversion_secret(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL;
	bool rotate = false;
	const cli_opt options[] = {
		{ CLI_OPT_FLAG, "rotate", 0, &rotate, NULL, "replace the secret with a new random one (the old one stops working)" },
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		{ 0 },
	};
	const cli_command_spec spec = { "conversion secret", "[--rotate] [options]",
		"Print the workspace's postback secret (HMAC-SHA256 key for the Clout-Signature header).", options, 0, 0 };
	char hex[2 * CLOUT_CONVERT_SECRET_LEN + 1];
	clout_session *session = NULL;
	int64_t ws;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if ((rc = cli_open_session("conversion secret", ctx, db, workspace, true, &session)) != 0)
		return rc;
	if (clout_session_workspace(session, &ws) < 0)
		rc = cli_fail_session("conversion secret", session);
	else if (clout_convert_secret(hex, session, rotate) < 0)
		rc = cli_fail_session("conversion secret", session);
	else
		printf("%s\n", hex);
	clout_session_free(session);
	return rc;
}

int cmd_conversion(const cli_context *ctx, int argc, char **argv)
{
	static const char usage[] =
		"usage: clout conversion add --order ID --amount AMOUNT --currency CODE [--click ID] [--code CODE]\n"
		"                            [--customer ID] [--time TIME] [options]\n"
		"       clout conversion refund --order ID [--amount AMOUNT --refund-id ID] [options]\n"
		"       clout conversion secret [--rotate] [options]\n";
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return conversion_add(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "refund"))
		return conversion_refund(ctx, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "secret"))
		return conversion_secret(ctx, argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("%s", usage);
		return EXIT_OK;
	}
	fprintf(stderr, "%s", usage);
	return EXIT_USAGE;
}
