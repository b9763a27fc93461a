/*
 * role.c: the roles and what each may do (see clout/auth.h). This table is the one place a role's
 * permissions are decided; docs/users.md prints it for people.
 */
#include <string.h>

#include "clout/auth.h"
#include "util/banned.h"

#define P(x) (1u << (x))

static const char *const role_names[CLOUT_ROLE_COUNT] = {
	"admin", "manager", "analyst", "pr", "social", "support", "viewer",
};

static const char *const permission_names[CLOUT_PERM_COUNT] = {
	"public", "signed-in", "metrics:read", "links:read", "links:write", "codes:write", "conversions:read",
	"conversions:write", "reports:read", "accounts:read", "discover:read", "plan:run", "sentiment:run",
	"listen:read", "listen:write", "webhooks:admin", "audit:read", "users:admin",
	"people:read", "people:write", "interactions:write", "inbox:write", "campaigns:read", "campaigns:write",
	"contracts:write",
};

/* Read access every signed-in role below admin shares. */
#define READ_BASE (P(CLOUT_PERM_LINKS_READ) | P(CLOUT_PERM_REPORTS_READ) | P(CLOUT_PERM_ACCOUNTS_READ) | \
	P(CLOUT_PERM_DISCOVER_READ) | P(CLOUT_PERM_PEOPLE_READ) | P(CLOUT_PERM_LISTEN_READ) | P(CLOUT_PERM_CAMPAIGNS_READ))

static const unsigned int role_grants[CLOUT_ROLE_COUNT] = {
	/* admin: everything */
	[CLOUT_ROLE_ADMIN] = (P(CLOUT_PERM_COUNT) - 1u),
	/* manager: runs campaigns end to end, but does not manage users */
	[CLOUT_ROLE_MANAGER] = READ_BASE | P(CLOUT_PERM_METRICS_READ) | P(CLOUT_PERM_LINKS_WRITE) |
		P(CLOUT_PERM_CODES_WRITE) | P(CLOUT_PERM_CONVERSIONS_READ) | P(CLOUT_PERM_CONVERSIONS_WRITE) |
		P(CLOUT_PERM_PLAN_RUN) | P(CLOUT_PERM_SENTIMENT_RUN) | P(CLOUT_PERM_LISTEN_READ) |
		P(CLOUT_PERM_LISTEN_WRITE) | P(CLOUT_PERM_WEBHOOKS_ADMIN) | P(CLOUT_PERM_AUDIT_READ) |
		P(CLOUT_PERM_PEOPLE_WRITE) | P(CLOUT_PERM_INTERACTIONS_WRITE) | P(CLOUT_PERM_INBOX_WRITE) |
		P(CLOUT_PERM_CAMPAIGNS_WRITE) | P(CLOUT_PERM_CONTRACTS_WRITE),
	/* analyst: reads and computes everything, writes nothing */
	[CLOUT_ROLE_ANALYST] = READ_BASE | P(CLOUT_PERM_METRICS_READ) | P(CLOUT_PERM_CONVERSIONS_READ) |
		P(CLOUT_PERM_PLAN_RUN) | P(CLOUT_PERM_SENTIMENT_RUN) | P(CLOUT_PERM_LISTEN_READ),
	/* pr: makes links and promo codes for the influencers they work with, logs interactions */
	[CLOUT_ROLE_PR] = READ_BASE | P(CLOUT_PERM_LINKS_WRITE) | P(CLOUT_PERM_CODES_WRITE) |
		P(CLOUT_PERM_SENTIMENT_RUN) | P(CLOUT_PERM_LISTEN_READ) | P(CLOUT_PERM_INTERACTIONS_WRITE) |
		P(CLOUT_PERM_INBOX_WRITE),
	/* social: listening and links, logs interactions */
	[CLOUT_ROLE_SOCIAL] = READ_BASE | P(CLOUT_PERM_LINKS_WRITE) | P(CLOUT_PERM_SENTIMENT_RUN) |
		P(CLOUT_PERM_LISTEN_READ) | P(CLOUT_PERM_LISTEN_WRITE) | P(CLOUT_PERM_INTERACTIONS_WRITE) |
		P(CLOUT_PERM_INBOX_WRITE),
	/* support: looks up and corrects conversions (refunds), logs interactions and feedback, works the inbox */
	[CLOUT_ROLE_SUPPORT] = READ_BASE | P(CLOUT_PERM_CONVERSIONS_READ) | P(CLOUT_PERM_CONVERSIONS_WRITE) |
		P(CLOUT_PERM_INTERACTIONS_WRITE) | P(CLOUT_PERM_INBOX_WRITE),
	/* viewer: reads links, reports, accounts, discovery, people and listening */
	[CLOUT_ROLE_VIEWER] = READ_BASE,
};

const char *clout_role_name(clout_role role)
{
	return (unsigned)role < CLOUT_ROLE_COUNT ? role_names[role] : "unknown";
}

int clout_role_parse(clout_role *out, const char *name, clout_error *err)
{
	for (int r = 0; r < CLOUT_ROLE_COUNT; r++)
		if (name && !strcmp(name, role_names[r])) {
			*out = (clout_role)r;
			return 0;
		}
	return clout_error_set(err, CLOUT_EINVAL,
		"role: '%s' is not a role (admin, manager, analyst, pr, social, support, viewer)", name ? name : "");
}

const char *clout_permission_name(clout_permission perm)
{
	return (unsigned)perm < CLOUT_PERM_COUNT ? permission_names[perm] : "unknown";
}

int clout_permission_parse(const char *name)
{
	for (int p = 0; p < CLOUT_PERM_COUNT; p++)
		if (name && !strcmp(name, permission_names[p]))
			return p;
	return -1;
}

bool clout_role_allows(clout_role role, clout_permission perm)
{
	if ((unsigned)perm >= CLOUT_PERM_COUNT || (unsigned)role >= CLOUT_ROLE_COUNT)
		return false;
	if (perm == CLOUT_PERM_PUBLIC || perm == CLOUT_PERM_SIGNED_IN)
		return true;
	return (role_grants[role] & P(perm)) != 0;
}
