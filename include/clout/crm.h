/*
 * clout/crm.h: people and relationships (`clout crm`): the people a workspace works with, the
 * platform accounts each owns, their pipeline stage and owner, consent and sharing rights.
 *
 * A person lives in one workspace and is named there (the name is unique in the workspace
 * without regard to ASCII case: "Anna" finds "anna"). It is the person row that imports fill too
 * (the "person" field of a clout record names one), so an import's people show up here. The
 * accounts a person owns are accounts already in the store, each linked to at most one person.
 *
 * Every operation takes the session (store, workspace, acting user), clears its error on entry and
 * leaves the message there on failure; a failed write changes nothing. Bad input is CLOUT_EINVAL
 * naming the field, an unknown person CLOUT_ENOTFOUND ("no person 'NAME' in workspace 'WS'").
 * The acting user (clout_session_user, "local" when NULL) is who is recorded as having done a
 * change. Times are unix seconds.
 */
#ifndef CLOUT_CRM_H
#define CLOUT_CRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/session.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest person name, in bytes. */
#define CLOUT_CRM_NAME_MAX 128

/* ---- Enumerations (names as stored and shown) ---- */

/* The pipeline: identified, engaging, contacted, negotiating, partner, alumni, declined. */
typedef enum clout_crm_stage {
	CLOUT_CRM_STAGE_IDENTIFIED = 0,
	CLOUT_CRM_STAGE_ENGAGING,
	CLOUT_CRM_STAGE_CONTACTED,
	CLOUT_CRM_STAGE_NEGOTIATING,
	CLOUT_CRM_STAGE_PARTNER,
	CLOUT_CRM_STAGE_ALUMNI,
	CLOUT_CRM_STAGE_DECLINED,
	CLOUT_CRM_STAGE_COUNT
} clout_crm_stage;

/* Consent to be contacted and to have data kept: not asked yet, opted in, opted out. */
typedef enum clout_crm_consent {
	CLOUT_CRM_CONSENT_UNKNOWN = 0,
	CLOUT_CRM_CONSENT_IN,
	CLOUT_CRM_CONSENT_OUT,
	CLOUT_CRM_CONSENT_COUNT
} clout_crm_consent;

/*
 * Sharing rights: NONE (nothing about the person leaves the workspace: exports and shared reports
 * show "withheld"), BRAND (the workspace's own exports and reports only), PUBLIC (anywhere). A new
 * person starts at NONE.
 */
typedef enum clout_crm_sharing {
	CLOUT_CRM_SHARING_NONE = 0,
	CLOUT_CRM_SHARING_BRAND,
	CLOUT_CRM_SHARING_PUBLIC,
	CLOUT_CRM_SHARING_COUNT
} clout_crm_sharing;

/* NDA status: none, sent, signed, expired. */
typedef enum clout_crm_nda {
	CLOUT_CRM_NDA_NONE = 0,
	CLOUT_CRM_NDA_SENT,
	CLOUT_CRM_NDA_SIGNED,
	CLOUT_CRM_NDA_EXPIRED,
	CLOUT_CRM_NDA_COUNT
} clout_crm_nda;

/* Names ("identified", "in", "brand", "signed"); "unknown" out of range. */
const char *clout_crm_stage_name(clout_crm_stage stage);
const char *clout_crm_consent_name(clout_crm_consent consent);
const char *clout_crm_sharing_name(clout_crm_sharing sharing);
const char *clout_crm_nda_name(clout_crm_nda nda);

/* Parse a name; CLOUT_EINVAL naming the field (stage, sharing, nda) and the names it takes. */
int clout_crm_stage_parse(clout_crm_stage *out, const char *name, clout_error *err);
int clout_crm_sharing_parse(clout_crm_sharing *out, const char *name, clout_error *err);
int clout_crm_nda_parse(clout_crm_nda *out, const char *name, clout_error *err);

/* ---- People ---- */

/* An account a person owns. */
typedef struct clout_crm_account {
	int64_t id;
	char *platform;
	char *ext_id;
	char *handle; /* NULL when the store knows none */
} clout_crm_account;

/* A person as read back; every string is owned (clout_crm_person_release). */
typedef struct clout_crm_person {
	int64_t id;
	char *name;
	int64_t created_at;      /* -1 for a person an import made */
	clout_crm_stage stage;
	char *owner;             /* the user who owns the relationship, or NULL */
	clout_crm_consent consent;
	int64_t consent_at;      /* -1 when never recorded */
	char *consent_source;    /* where consent was given ("email 2026-02-03", "form"), or NULL */
	clout_crm_sharing sharing;
	clout_crm_nda nda;
	int64_t nda_sent_at, nda_signed_at, nda_expires_at; /* days; -1 when not set */
	clout_crm_account *accounts;
	size_t naccounts;
} clout_crm_person;

/* Frees what p owns and zeroes it (NULL-safe). */
void clout_crm_person_release(clout_crm_person *p);

/* A person name's shape: 1 to CLOUT_CRM_NAME_MAX bytes of UTF-8, no control character, not
 * starting with '@' (that names an account). CLOUT_EINVAL "name: ..." otherwise. */
int clout_crm_name_check(const char *name, clout_error *err);

/*
 * Adds person name to the session's workspace (created when the session may create it), linked to
 * accounts (each "@handle", "platform:ext_id" or an ext_id; on platform when not NULL), at stage
 * identified. CLOUT_EEXISTS when the name is taken (in any case), CLOUT_ENOTFOUND for an account
 * the store does not have, CLOUT_ECONFLICT for one another person owns; nothing is added then.
 * *out_id (may be NULL) is the new person's id.
 */
int clout_crm_add(int64_t *out_id, clout_session *s, const char *name, const char *const *accounts,
	size_t naccounts, const char *platform);

/* The id of person name. CLOUT_ENOTFOUND when absent. */
int clout_crm_find(int64_t *out, clout_session *s, const char *name);

/* Person name with its accounts; release with clout_crm_person_release. CLOUT_ENOTFOUND. */
int clout_crm_get(clout_crm_person *out, clout_session *s, const char *name);

/*
 * Links account (as in clout_crm_add) to person name. Linking an account the person already owns
 * changes nothing; CLOUT_ECONFLICT when another person owns it.
 */
int clout_crm_link(clout_session *s, const char *name, const char *account, const char *platform);

/* Unlinks account from person name. CLOUT_ENOTFOUND when the person does not own it. */
int clout_crm_unlink(clout_session *s, const char *name, const char *account, const char *platform);

/* Calls fn for every person of the workspace by name (accounts filled); fn's non-zero return
 * stops the walk and is returned. The person is borrowed for the call. */
typedef int (*clout_crm_person_fn)(void *ctx, const clout_crm_person *p);
int clout_crm_foreach(clout_session *s, clout_crm_person_fn fn, void *ctx);

/* {"id","name","created_at","stage","owner","consent","consent_at","consent_source","sharing",
 * "nda","nda_sent_at","nda_signed_at","nda_expires_at","accounts":[{"id","platform","ext_id",
 * "handle"}]} with times as RFC 3339 UTC (dates as YYYY-MM-DD) or null. Malloc'd or NULL. */
char *clout_crm_person_json(const clout_crm_person *p);

#ifdef __cplusplus
}
#endif
#endif
