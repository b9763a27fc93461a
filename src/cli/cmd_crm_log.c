/*
 * cmd_crm_log.c: the relationship subcommands of `clout crm`: stage, consent, nda, log,
 * interactions, feedback, balance, currency and erase. Each parses, calls one library operation,
 * records the write in the audit log ("person:ID") and prints.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/begin.h"
#include "cli/cli.h"
#include "cli/cmd_crm.h"
#include "clout/convert.h"
#include "util/banned.h"

/* Ends a write on person name: on failure prints; else audits action and prints the person. */
static int after_write(cli_call *call, int lib_rc, const char *action, const char *name, bool show)
{
	clout_crm_person p = { 0 };
	int rc;
	if (lib_rc < 0)
		return cli_fail_session(call->cmd, call->session);
	if (clout_crm_get(&p, call->session, name) < 0)
		return cli_fail_session(call->cmd, call->session);
	if ((rc = crm_cli_audit(call, action, p.id)) == 0 && show)
		rc = crm_cli_print_person(&p, CLI_FORMAT_TABLE);
	clout_crm_person_release(&p);
	return rc;
}

/* Returns status (evaluated first) once the call has ended (cli_end). */
#define FINISH(status) \
	do { \
		int status_ = (status); \
		cli_end(&call); \
		return status_; \
	} while (0)

int crm_cmd_stage(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "crm stage" };
	const char *owner = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "owner", 0, &owner, "USER", "the user who owns the relationship (\"\" for none)" },
		CLI_OPT_STORE(&call), { 0 },
	};
	const cli_command_spec spec = { "crm stage", "PERSON [STAGE] [--owner USER]",
		"Move a person along the pipeline (identified, engaging, contacted, negotiating, partner, alumni, "
		"declined) and/or give the relationship to a user.", options, 1, 2 };
	char **args;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		FINISH(rc);
	args = call.args;
	if (!args[1] && !owner) {
		fprintf(stderr, "clout crm stage: give a stage, --owner, or both\n");
		FINISH(EXIT_USAGE);
	}
	rc = after_write(&call, clout_crm_stage_set(call.session, args[0], args[1], owner), "person.stage", args[0], true);
	FINISH(rc);
}

int crm_cmd_consent(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "crm consent" };
	const char *sharing = NULL, *date = NULL, *source = NULL;
	bool in = false, out = false;
	const cli_opt options[] = {
		{ CLI_OPT_FLAG, "opt-in", 0, &in, NULL, "the person agreed to be contacted" },
		{ CLI_OPT_FLAG, "opt-out", 0, &out, NULL, "the person refused or withdrew: contact actions are refused" },
		{ CLI_OPT_STRING, "sharing", 0, &sharing, "RIGHT", "none (nothing leaves the workspace), brand (own exports), public" },
		{ CLI_OPT_STRING, "date", 0, &date, "YYYY-MM-DD", "when consent was given or withdrawn (default: today)" },
		{ CLI_OPT_STRING, "source", 0, &source, "TEXT", "where: a signed form, an email..." },
		CLI_OPT_STORE(&call), { 0 },
	};
	const cli_command_spec spec = { "crm consent", "PERSON --opt-in|--opt-out [--sharing RIGHT] [options]",
		"Record a person's consent and sharing rights.", options, 1, 1 };
	clout_crm_consent_options o = CLOUT_CRM_CONSENT_OPTIONS_INIT;
	char **args;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		FINISH(rc);
	args = call.args;
	if ((in && out) || (!in && !out && !sharing)) {
		fprintf(stderr, "clout crm consent: give --opt-in or --opt-out (or only --sharing)\n");
		FINISH(EXIT_USAGE);
	}
	o.consent = in ? CLOUT_CRM_CONSENT_IN : out ? CLOUT_CRM_CONSENT_OUT : CLOUT_CRM_CONSENT_UNKNOWN;
	o.sharing = sharing;
	o.date = date;
	o.source = source;
	rc = after_write(&call, clout_crm_consent_set(call.session, args[0], &o), "person.consent", args[0], true);
	FINISH(rc);
}

int crm_cmd_nda(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "crm nda" };
	const char *sent = NULL, *signed_on = NULL, *expires = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "sent", 0, &sent, "YYYY-MM-DD", "the day it was sent" },
		{ CLI_OPT_STRING, "signed", 0, &signed_on, "YYYY-MM-DD", "the day it was signed" },
		{ CLI_OPT_STRING, "expires", 0, &expires, "YYYY-MM-DD", "the day it ends" },
		CLI_OPT_STORE(&call), { 0 },
	};
	const cli_command_spec spec = { "crm nda", "PERSON [none|sent|signed|expired] [--sent D] [--signed D] [--expires D]",
		"Record a person's NDA status and dates (private access granted is logged with crm log --kind "
		"private_access).", options, 1, 2 };
	char **args;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		FINISH(rc);
	args = call.args;
	rc = after_write(&call, clout_crm_nda_set(call.session, args[0], args[1], sent, signed_on, expires), "person.nda",
		args[0], true);
	FINISH(rc);
}

int crm_cmd_log(const cli_context *ctx, int argc, char **argv)
{
	clout_crm_log_options o = CLOUT_CRM_LOG_OPTIONS_INIT;
	cli_call call = { .cmd = "crm log" };
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "kind", 'k', &o.kind, "KIND", "like, share, reply, thanks, mention, email, dm, meeting, event, "
			"private_access, gift, sample, payment (required)" },
		{ CLI_OPT_STRING, "date", 0, &o.date, "DATE", "when it happened: YYYY-MM-DD or RFC 3339 (default: now)" },
		{ CLI_OPT_STRING, "note", 0, &o.note, "TEXT", "what happened" },
		{ CLI_OPT_STRING, "product", 0, &o.product, "TEXT", "the product given or previewed" },
		{ CLI_OPT_STRING, "value", 0, &o.value, "AMOUNT", "its value, e.g. 80 or 12.50" },
		{ CLI_OPT_STRING, "currency", 0, &o.currency, "CODE", "ISO 4217 currency of the value" },
		{ CLI_OPT_STRING, "shipped", 0, &o.shipped, "YYYY-MM-DD", "a gift or sample: the day it was shipped" },
		{ CLI_OPT_STRING, "received", 0, &o.received, "YYYY-MM-DD", "a gift or sample: the day it arrived" },
		{ CLI_OPT_STRING, "campaign", 0, &o.campaign, "NAME",
			"the campaign it belongs to (default: the only one whose roster the person is on)" },
		CLI_OPT_STORE(&call), { 0 },
	};
	const cli_command_spec spec = { "crm log", "PERSON --kind KIND [options]",
		"Log an interaction with a person (contact kinds are refused for a person who opted out).", options, 1, 1 };
	char **args;
	int64_t id = 0;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		FINISH(rc);
	args = call.args;
	if (!o.kind) {
		fprintf(stderr, "clout crm log: --kind is required\n");
		FINISH(EXIT_USAGE);
	}
	if ((rc = after_write(&call, clout_crm_log(&id, call.session, args[0], &o), "interaction.log", args[0], false)) == 0)
		printf("logged %s %lld for %s\n", o.kind, (long long)id, args[0]);
	FINISH(rc);
}

typedef struct print_state {
	cli_format format;
	size_t count;
} print_state;

static int print_interaction(void *ctx, const clout_crm_interaction *r)
{
	print_state *st = ctx;
	char *json;
	if (st->format == CLI_FORMAT_JSON) {
		if (!(json = clout_crm_interaction_json(r)))
			return CLOUT_ENOMEM;
		printf("%s%s", st->count ? "," : "", json);
		free(json);
	} else {
		char money[48] = "";
		if (r->value_minor >= 0 && r->currency)
			clout_convert_money_format(money, sizeof(money), r->value_minor, r->currency);
		printf("%-6lld %-15s %-8s %-10s %s%s%s\n", (long long)r->id, r->kind, r->direction, r->logged_by,
			money, r->currency && money[0] ? " " : "", r->currency ? r->currency : "");
	}
	st->count++;
	return 0;
}

int crm_cmd_interactions(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "crm interactions" };
	const cli_opt options[] = { CLI_OPT_STORE(&call), CLI_OPT_OUTPUT(&call), { 0 } };
	const cli_command_spec spec = { "crm interactions", "[PERSON] [options]",
		"List the interaction log (of one person, or everyone).", options, 0, 1 };
	print_state st = { 0 };
	char **args;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		FINISH(rc);
	args = call.args;
	st.format = call.format;
	if (st.format == CLI_FORMAT_JSON)
		printf("[");
	rc = clout_crm_interaction_foreach(call.session, args[0], print_interaction, &st);
	if (st.format == CLI_FORMAT_JSON)
		printf("]\n");
	FINISH(rc < 0 ? cli_fail_session(spec.name, call.session) : EXIT_OK);
}

static int print_feedback(void *ctx, const clout_crm_feedback *f)
{
	print_state *st = ctx;
	char *json;
	if (st->format == CLI_FORMAT_JSON) {
		if (!(json = clout_crm_feedback_json(f)))
			return CLOUT_ENOMEM;
		printf("%s%s", st->count ? "," : "", json);
		free(json);
	} else {
		printf("%-6lld %-13s %-10s %s\n", (long long)f->id, clout_crm_feedback_status_name(f->status),
			f->closed_by ? f->closed_by : "-", f->text);
	}
	st->count++;
	return 0;
}

int crm_cmd_feedback(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "crm feedback" };
	const char *product = NULL, *text = NULL, *status = NULL;
	int64_t id = 0;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "text", 0, &text, "TEXT", "record this feedback from PERSON" },
		{ CLI_OPT_STRING, "product", 0, &product, "TEXT", "the product it is about" },
		{ CLI_OPT_POS_INT, "id", 0, &id, "ID", "the feedback to move along the loop (with --status)" },
		{ CLI_OPT_STRING, "status", 0, &status, "STATUS", "open, acknowledged, acted or told (told closes it)" },
		CLI_OPT_STORE(&call), CLI_OPT_OUTPUT(&call), { 0 },
	};
	const cli_command_spec spec = { "crm feedback", "PERSON --text TEXT | --id ID --status S | [PERSON]",
		"Record product feedback, move it along its closed loop, or list it.", options, 0, 1 };
	print_state st = { 0 };
	char **args, object[40];
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		FINISH(rc);
	args = call.args;
	st.format = call.format;
	if (text) {
		if (!args[0]) {
			fprintf(stderr, "clout crm feedback: --text needs the PERSON it is from\n");
			FINISH(EXIT_USAGE);
		}
		if ((rc = after_write(&call, clout_crm_feedback_add(&id, call.session, args[0], product, text), "feedback.add",
			     args[0], false)) == 0)
			printf("feedback %lld recorded\n", (long long)id);
		FINISH(rc);
	}
	if (status) {
		if (id <= 0) {
			fprintf(stderr, "clout crm feedback: --status needs --id\n");
			FINISH(EXIT_USAGE);
		}
		if (clout_crm_feedback_set(call.session, id, status) < 0)
			FINISH(cli_fail_session(spec.name, call.session));
		snprintf(object, sizeof(object), "feedback:%lld", (long long)id);
		if ((rc = cli_audit(spec.name, call.session, call.ws, "feedback.status", object)) == 0)
			printf("feedback %lld is %s\n", (long long)id, status);
		FINISH(rc);
	}
	if (st.format == CLI_FORMAT_JSON)
		printf("[");
	rc = clout_crm_feedback_foreach(call.session, args[0], print_feedback, &st);
	if (st.format == CLI_FORMAT_JSON)
		printf("]\n");
	FINISH(rc < 0 ? cli_fail_session(spec.name, call.session) : EXIT_OK);
}

int crm_cmd_balance(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "crm balance" };
	const char *currency = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "currency", 0, &currency, "CODE", "the sheet's currency (default: the workspace's)" },
		CLI_OPT_STORE(&call), CLI_OPT_OUTPUT(&call), { 0 },
	};
	const cli_command_spec spec = { "crm balance", "PERSON [--currency CODE] [options]",
		"The engagement balance sheet: value given against value received, with the ratio.", options, 1, 1 };
	clout_crm_balance b = { 0 };
	cli_format format;
	char **args;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		FINISH(rc);
	args = call.args;
	format = call.format;
	if (clout_crm_balance_get(&b, call.session, args[0], currency) < 0)
		FINISH(cli_fail_session(spec.name, call.session));
	if (format == CLI_FORMAT_TABLE) {
		char m[6][48]; /* one buffer per amount of a printf */
		const char *cur = b.currency;
		printf("given      %s %s: fees %s, gifts %s (%lld), private access %s, amplification %s (%lld), other %s\n",
			clout_convert_money_format(m[0], 48, b.given_total, cur), cur, clout_convert_money_format(m[1], 48, b.fees, cur),
			clout_convert_money_format(m[2], 48, b.gifts, cur), (long long)b.gift_count,
			clout_convert_money_format(m[3], 48, b.private_access, cur),
			clout_convert_money_format(m[4], 48, b.amplification, cur), (long long)b.amplification_count,
			clout_convert_money_format(m[5], 48, b.other_given, cur));
		if (b.contracts || b.payments_logged)
			printf("           fees paid %s, due %s (%lld contract%s; payments logged %s)\n",
				clout_convert_money_format(m[0], 48, b.fees_paid, cur), clout_convert_money_format(m[1], 48, b.fees_due, cur),
				(long long)b.contracts, b.contracts == 1 ? "" : "s",
				clout_convert_money_format(m[2], 48, b.payments_logged, cur));
		printf("received   %s %s: revenue %s, mention value %s\n",
			clout_convert_money_format(m[0], 48, b.received_total, cur), cur,
			clout_convert_money_format(m[1], 48, b.revenue, cur), clout_convert_money_format(m[2], 48, b.mention_value, cur));
		printf("           %lld click%s, %.2f conversions, %lld mention%s (%lld listened), reach %lld, %lld engagement%s"
		       " on %lld post%s\n",
			(long long)b.clicks, b.clicks == 1 ? "" : "s", b.conversions, (long long)b.mentions,
			b.mentions == 1 ? "" : "s", (long long)b.listened_mentions, (long long)b.reach, (long long)b.engagements,
			b.engagements == 1 ? "" : "s", (long long)b.posts, b.posts == 1 ? "" : "s");
		for (size_t i = 0; i < b.nother; i++)
			printf("%-10s %s %s (not added: no rate is assumed)\n", b.other[i].given ? "given" : "received",
				clout_convert_money_format(m[0], 48, b.other[i].minor, b.other[i].currency), b.other[i].currency);
		if (b.ratio < 0)
			printf("ratio      - (nothing given)\n");
		else
			printf("ratio      %.4f\n", b.ratio);
	} else {
		char *json = clout_crm_balance_json(&b);
		rc = json ? (printf("%s\n", json), EXIT_OK) : EXIT_SOFTWARE;
		free(json);
	}
	clout_crm_balance_release(&b);
	FINISH(rc);
}

int crm_cmd_currency(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "crm currency" };
	const cli_opt options[] = { CLI_OPT_STORE(&call), { 0 } };
	const cli_command_spec spec = { "crm currency", "[CODE]", "Show or set the workspace's currency (balance sheets).",
		options, 0, 1 };
	char code[4];
	char **args;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		FINISH(rc);
	args = call.args;
	if (args[0]) {
		if (clout_crm_currency_set(call.session, args[0]) < 0)
			FINISH(cli_fail_session(spec.name, call.session));
		if ((rc = cli_audit(spec.name, call.session, call.ws, "workspace.currency", NULL)) != 0)
			FINISH(rc);
	}
	if (clout_crm_currency_get(code, call.session) < 0)
		FINISH(cli_fail_session(spec.name, call.session));
	printf("%s\n", code[0] ? code : "(none)");
	FINISH(EXIT_OK);
}

int crm_cmd_erase(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "crm erase" };
	const cli_opt options[] = { CLI_OPT_STORE(&call), { 0 } };
	const cli_command_spec spec = { "crm erase", "PERSON",
		"Erase a person's personal data everywhere in the workspace (counts stay, anonymous).", options, 1, 1 };
	char **args;
	int64_t id = 0;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		FINISH(rc);
	args = call.args;
	if (clout_crm_erase(&id, call.session, args[0]) < 0)
		FINISH(cli_fail_session(spec.name, call.session));
	if ((rc = crm_cli_audit(&call, "person.erase", id)) == 0)
		printf("erased person %lld; rebuild the discovery index with clout index\n", (long long)id);
	FINISH(rc);
}
