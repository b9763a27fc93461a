/*
 * cmd_crm.c: `clout crm add|link|unlink|list|show`: the people a workspace works with and the
 * accounts they own, and the dispatcher of every `clout crm` subcommand (the relationship
 * subcommands are in cmd_crm_log.c). Each write is recorded in the audit log as "person:ID".
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/begin.h"
#include "cli/cli.h"
#include "cli/cmd_crm.h"
#include "cli/commands.h"
#include "util/banned.h"

int crm_cli_audit(cli_call *call, const char *action, int64_t person)
{
	char object[40];
	snprintf(object, sizeof(object), "person:%lld", (long long)person);
	return cli_call_audit(call, action, object);
}

/* The accounts of p, comma separated ("@h" or "platform:ext_id"), into out. */
static void accounts_text(char *out, size_t size, const clout_crm_person *p)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < p->naccounts && used < size; i++) {
		const clout_crm_account *a = &p->accounts[i];
		int n = a->handle ? snprintf(out + used, size - used, "%s%s:@%s", i ? "," : "", a->platform, a->handle)
				  : snprintf(out + used, size - used, "%s%s:%s", i ? "," : "", a->platform, a->ext_id);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static int crm_add(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "crm add", .create = true };
	const char *platform = NULL;
	cli_list accounts = { 0 };
	const cli_opt options[] = {
		{ CLI_OPT_LIST, "account", 'a', &accounts, "ACCOUNT", "an account of the store the person owns: @handle or platform:id (repeatable)" },
		{ CLI_OPT_STRING, "platform", 'p', &platform, "PLATFORM", "the platform of the accounts named" },
		CLI_OPT_STORE(&call),
		CLI_OPT_OUTPUT(&call),
		{ 0 },
	};
	const cli_command_spec spec = { "crm add", "NAME [--account @HANDLE]... [options]",
		"Add a person to the workspace, linked to accounts already in the store.", options, 1, 1 };
	clout_crm_person p = { 0 };
	int64_t id = 0;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	if (clout_crm_add(&id, call.session, call.args[0], accounts.items, (size_t)accounts.count, platform) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	if ((rc = crm_cli_audit(&call, "person.add", id)) != 0)
		goto done;
	if (clout_crm_get(&p, call.session, call.args[0]) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	rc = crm_cli_print_person(&p, call.format);
done:
	clout_crm_person_release(&p);
	cli_end(&call);
	free(accounts.items);
	return rc;
}

/* crm link / crm unlink: PERSON ACCOUNT [--platform P]. */
static int crm_link_common(const cli_context *ctx, int argc, char **argv, bool link)
{
	cli_call call = { .cmd = link ? "crm link" : "crm unlink" };
	const char *platform = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "platform", 'p', &platform, "PLATFORM", "the account's platform" },
		CLI_OPT_STORE(&call),
		{ 0 },
	};
	const cli_command_spec spec = { call.cmd, "PERSON @HANDLE|PLATFORM:ID [--platform P]",
		link ? "Link an account of the store to a person." : "Unlink an account from a person.", options, 2, 2 };
	char **args;
	int64_t id = 0;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	args = call.args;
	if ((link ? clout_crm_link(call.session, args[0], args[1], platform)
		  : clout_crm_unlink(call.session, args[0], args[1], platform)) < 0 ||
		clout_crm_find(&id, call.session, args[0]) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	if ((rc = crm_cli_audit(&call, link ? "person.link" : "person.unlink", id)) != 0)
		goto done;
	printf("%s %s %s\n", args[1], link ? "linked to" : "unlinked from", args[0]);
done:
	cli_end(&call);
	return rc;
}

int crm_cli_print_person(const clout_crm_person *p, cli_format format)
{
	char accounts[1024];
	if (format == CLI_FORMAT_JSON) {
		char *json = clout_crm_person_json(p);
		if (!json) {
			fprintf(stderr, "clout crm: out of memory\n");
			return EXIT_SOFTWARE;
		}
		printf("%s\n", json);
		free(json);
		return EXIT_OK;
	}
	accounts_text(accounts, sizeof(accounts), p);
	if (format == CLI_FORMAT_CSV) {
		printf("name,stage,owner,consent,sharing,nda,accounts\n");
		cli_csv_field(stdout, p->name);
		printf(",%s,", clout_crm_stage_name(p->stage));
		cli_csv_field(stdout, p->owner ? p->owner : "");
		printf(",%s,%s,%s,", clout_crm_consent_name(p->consent), clout_crm_sharing_name(p->sharing),
			clout_crm_nda_name(p->nda));
		cli_csv_field(stdout, accounts);
		putchar('\n');
		return EXIT_OK;
	}
	printf("%-10s %s\n%-10s %s\n%-10s %s\n", "person", p->name, "stage", clout_crm_stage_name(p->stage), "owner",
		p->owner ? p->owner : "-");
	printf("%-10s %s%s%s\n", "consent", clout_crm_consent_name(p->consent), p->consent_source ? " via " : "",
		p->consent_source ? p->consent_source : "");
	printf("%-10s %s\n%-10s %s\n%-10s %s\n", "sharing", clout_crm_sharing_name(p->sharing), "nda",
		clout_crm_nda_name(p->nda), "accounts", accounts[0] ? accounts : "-");
	return EXIT_OK;
}

typedef struct list_state {
	cli_format format;
	size_t count;
	bool for_audience;           /* --for: an export that obeys sharing rights */
	clout_crm_audience audience;
} list_state;

static int print_row(void *ctx, const clout_crm_person *p)
{
	list_state *st = ctx;
	char accounts[1024];
	if (st->for_audience && clout_crm_withheld(p, st->audience)) {
		if (st->format == CLI_FORMAT_JSON)
			printf("%s{\"withheld\":true}", st->count ? "," : "");
		else if (st->format == CLI_FORMAT_CSV)
			printf("withheld,,,,,,\n");
		else
			printf("%-20s\n", "(withheld)");
		st->count++;
		return 0;
	}
	accounts_text(accounts, sizeof(accounts), p);
	if (st->format == CLI_FORMAT_JSON) {
		char *json = clout_crm_person_json(p);
		if (!json)
			return CLOUT_ENOMEM;
		printf("%s%s", st->count ? "," : "", json);
		free(json);
	} else if (st->format == CLI_FORMAT_CSV) {
		cli_csv_field(stdout, p->name);
		printf(",%s,", clout_crm_stage_name(p->stage));
		cli_csv_field(stdout, p->owner ? p->owner : "");
		printf(",%s,%s,%s,", clout_crm_consent_name(p->consent), clout_crm_sharing_name(p->sharing),
			clout_crm_nda_name(p->nda));
		cli_csv_field(stdout, accounts);
		putchar('\n');
	} else {
		printf("%-20s %-12s %-12s %-8s %-8s %s\n", p->name, clout_crm_stage_name(p->stage), p->owner ? p->owner : "-",
			clout_crm_consent_name(p->consent), clout_crm_sharing_name(p->sharing), accounts[0] ? accounts : "-");
	}
	st->count++;
	return 0;
}

/* --for: workspace or share; 0 to go on, else the exit status after printing why. */
static int check_audience(cli_call *call, void *arg)
{
	const char *audience = *(const char **)arg;
	if (audience && strcmp(audience, "workspace") && strcmp(audience, "share")) {
		fprintf(stderr, "clout %s: --for: '%s' is not workspace or share\n", call->cmd, audience);
		return EXIT_USAGE;
	}
	return 0;
}

static int crm_list(const cli_context *ctx, int argc, char **argv)
{
	const char *audience = NULL;
	cli_call call = { .cmd = "crm list", .check = check_audience, .check_arg = &audience };
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "for", 0, &audience, "AUDIENCE", "an export for the workspace's own use (workspace) or for "
			"outside it (share): withheld people show as \"withheld\"" },
		CLI_OPT_STORE(&call), CLI_OPT_OUTPUT(&call), { 0 },
	};
	const cli_command_spec spec = { "crm list", "[--for workspace|share] [options]",
		"List the workspace's people (every one: the CRM's own view), or an export that obeys sharing rights.", options,
		0, 0 };
	list_state st = { 0 };
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc)) {
		cli_end(&call);
		return rc;
	}
	st.format = call.format;
	if (audience) {
		st.for_audience = true;
		st.audience = strcmp(audience, "share") ? CLOUT_CRM_AUDIENCE_WORKSPACE : CLOUT_CRM_AUDIENCE_SHARE;
	}
	if (st.format == CLI_FORMAT_JSON)
		printf("[");
	else if (st.format == CLI_FORMAT_CSV)
		printf("name,stage,owner,consent,sharing,nda,accounts\n");
	else
		printf("%-20s %-12s %-12s %-8s %-8s %s\n", "NAME", "STAGE", "OWNER", "CONSENT", "SHARING", "ACCOUNTS");
	rc = clout_crm_foreach(call.session, print_row, &st);
	if (st.format == CLI_FORMAT_JSON)
		printf("]\n");
	rc = rc < 0 ? cli_fail_session(call.cmd, call.session) : EXIT_OK;
	cli_end(&call);
	return rc;
}

/* Prints a day (unix seconds) as YYYY-MM-DD into out, or "-" when unknown. */
static const char *day_text(char out[32], size_t size, int64_t day)
{
	struct tm tm;
	time_t t = (time_t)day;
	if (day < 0 || !gmtime_r(&t, &tm))
		return "-";
	snprintf(out, size, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return out;
}

static int print_access(void *ctx, const clout_crm_interaction *r)
{
	char day[32];
	(void)ctx;
	if (strcmp(r->kind, "private_access"))
		return 0;
	printf("%-10s %s %s%s%s\n", "access", day_text(day, sizeof(day), r->at), r->product ? r->product : "-",
		r->note ? ": " : "", r->note ? r->note : "");
	return 0;
}

/* The table's details beyond crm_cli_print_person: the NDA's days and the private access granted. */
static int print_details(cli_call *call, const clout_crm_person *p)
{
	char sent[32], signed_on[32], expires[32];
	printf("%-10s sent %s, signed %s, expires %s\n", "nda days", day_text(sent, sizeof(sent), p->nda_sent_at),
		day_text(signed_on, sizeof(signed_on), p->nda_signed_at), day_text(expires, sizeof(expires), p->nda_expires_at));
	if (clout_crm_interaction_foreach(call->session, p->name, print_access, NULL) < 0)
		return cli_fail_session(call->cmd, call->session);
	return EXIT_OK;
}

static int crm_show(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "crm show" };
	const cli_opt options[] = { CLI_OPT_STORE(&call), CLI_OPT_OUTPUT(&call), { 0 } };
	const cli_command_spec spec = { "crm show", "PERSON [options]", "Show a person: stage, consent, NDA, accounts.",
		options, 1, 1 };
	clout_crm_person p = { 0 };
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	if (clout_crm_get(&p, call.session, call.args[0]) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	if ((rc = crm_cli_print_person(&p, call.format)) == EXIT_OK && call.format == CLI_FORMAT_TABLE)
		rc = print_details(&call, &p);
done:
	clout_crm_person_release(&p);
	cli_end(&call);
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(const cli_context *ctx, int argc, char **argv);
} subcommands[] = {
	{ "add", crm_add },
	{ "list", crm_list },
	{ "show", crm_show },
	{ "stage", crm_cmd_stage },
	{ "consent", crm_cmd_consent },
	{ "nda", crm_cmd_nda },
	{ "log", crm_cmd_log },
	{ "interactions", crm_cmd_interactions },
	{ "feedback", crm_cmd_feedback },
	{ "balance", crm_cmd_balance },
	{ "currency", crm_cmd_currency },
	{ "erase", crm_cmd_erase },
};

static int crm_link(const cli_context *ctx, int argc, char **argv)
{
	return crm_link_common(ctx, argc, argv, true);
}

static int crm_unlink(const cli_context *ctx, int argc, char **argv)
{
	return crm_link_common(ctx, argc, argv, false);
}

int cmd_crm(const cli_context *ctx, int argc, char **argv)
{
	static const char usage[] =
		"usage: clout crm add NAME [--account @HANDLE]...   add a person linked to accounts of the store\n"
		"       clout crm link PERSON @HANDLE [--platform P] link an account to a person\n"
		"       clout crm unlink PERSON @HANDLE              unlink an account\n"
		"       clout crm list | show PERSON                 the people, one person\n"
		"       clout crm stage PERSON [STAGE] [--owner USER] the pipeline and who owns it\n"
		"       clout crm consent PERSON --opt-in|--opt-out [--sharing none|brand|public]\n"
		"       clout crm nda PERSON [STATUS] [--sent D] [--signed D] [--expires D]\n"
		"       clout crm log PERSON --kind KIND [--product P --value V --currency C ...]\n"
		"       clout crm interactions [PERSON]              the interaction log\n"
		"       clout crm feedback PERSON --text T | --id N --status S | [PERSON]\n"
		"       clout crm balance PERSON [--currency C]      value given against value received\n"
		"       clout crm currency [CODE]                    the workspace's currency\n"
		"       clout crm erase PERSON                       erase a person's personal data\n"
		"(clout crm SUBCOMMAND --help for the options)\n";
	if (argc >= 2) {
		for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
			if (!strcmp(argv[1], subcommands[i].name))
				return subcommands[i].fn(ctx, argc - 1, argv + 1);
		if (!strcmp(argv[1], "link"))
			return crm_link(ctx, argc - 1, argv + 1);
		if (!strcmp(argv[1], "unlink"))
			return crm_unlink(ctx, argc - 1, argv + 1);
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			printf("%s", usage);
			return EXIT_OK;
		}
	}
	fprintf(stderr, "%s", usage);
	return EXIT_USAGE;
}
