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
 * starting with '@' (that names an account) nor with "erased-" (erasure's stubs). CLOUT_EINVAL
 * "name: ..." otherwise. */
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

/* ---- Pipeline stage and owner ---- */

/* One change of stage or owner. */
typedef struct clout_crm_stage_change {
	clout_crm_stage stage;
	const char *owner;   /* NULL: none */
	int64_t at;
	const char *by_user;
} clout_crm_stage_change;

/*
 * Moves person name to stage (a stage name) and, when owner is not NULL, gives the relationship to
 * owner (a user of the store; "" for no owner; the local operator "local" too). The change joins the
 * person's history. CLOUT_EINVAL for an unknown stage, CLOUT_ENOTFOUND for an unknown person or user.
 */
int clout_crm_stage_set(clout_session *s, const char *name, const char *stage, const char *owner);

/* Calls fn for each change of person name's stage, oldest first (borrowed for the call). */
int clout_crm_stage_foreach(clout_session *s, const char *name,
	int (*fn)(void *ctx, const clout_crm_stage_change *c), void *ctx);

/* {"stage","owner","at","by"} (at as RFC 3339 UTC). Malloc'd or NULL. */
char *clout_crm_stage_change_json(const clout_crm_stage_change *c);

/* ---- Consent and sharing ---- */

#define CLOUT_CRM_CONSENT_OPTIONS_VERSION 1
typedef struct clout_crm_consent_options {
	unsigned int version;
	clout_crm_consent consent; /* IN or OUT; UNKNOWN keeps the consent recorded */
	const char *sharing;       /* "none", "brand", "public"; NULL keeps it */
	const char *date;          /* the day consent was given or withdrawn (YYYY-MM-DD); NULL: now */
	const char *source;        /* where: "signed form", "email of 2026-02-03"; NULL: none */
} clout_crm_consent_options;
#define CLOUT_CRM_CONSENT_OPTIONS_INIT { CLOUT_CRM_CONSENT_OPTIONS_VERSION, CLOUT_CRM_CONSENT_UNKNOWN, NULL, NULL, NULL }

/* Records person name's consent and sharing rights. CLOUT_EINVAL naming sharing or date. */
int clout_crm_consent_set(clout_session *s, const char *name, const clout_crm_consent_options *opts);

/*
 * Who a result is for: WORKSPACE, the workspace's own exports and reports; SHARE, a version for
 * people outside the workspace (`--share`).
 */
typedef enum clout_crm_audience { CLOUT_CRM_AUDIENCE_WORKSPACE = 0, CLOUT_CRM_AUDIENCE_SHARE } clout_crm_audience;

/*
 * The one rule every export, report and API response applies: whether p must be shown as
 * "withheld" (no name, handle or id) to audience. A person who opted out is withheld from both;
 * sharing NONE withholds from both, BRAND from SHARE only, PUBLIC from neither.
 * (The CRM's own views of a person, for members of the workspace, show the person.)
 */
bool clout_crm_withheld(const clout_crm_person *p, clout_crm_audience audience);

/*
 * The same rule for an influencer named by an account (as on links and promo codes: "@handle",
 * "handle" or "platform:ext_id"): the person who owns the account decides. An account that no person
 * owns, or that the store does not have, has no consent on record: withheld from SHARE, shown to
 * WORKSPACE. *out_person (may be NULL) is the owner's id or 0.
 */
int clout_crm_withheld_account(bool *out, int64_t *out_person, clout_session *s, const char *account,
	clout_crm_audience audience);

/* A person's JSON for audience: clout_crm_person_json's, or {"withheld":true} (no name, handle
 * or id) when clout_crm_withheld says so. Malloc'd or NULL. */
char *clout_crm_person_json_for(const clout_crm_person *p, clout_crm_audience audience);

/* ---- NDA ---- */

/* Sets person name's NDA status (a name) and days (YYYY-MM-DD or NULL to keep; "" clears). */
int clout_crm_nda_set(clout_session *s, const char *name, const char *status, const char *sent, const char *signed_on,
	const char *expires);

/* ---- The interaction log ---- */

/*
 * Kinds: like, share, reply, thanks, mention, email, dm, meeting, event (an invitation), private_access
 * (a preview, an early product), gift, sample (a product sample), payment (a fee paid). A mention is
 * received from the person; every other kind is given by the workspace. Contact kinds (email, dm,
 * meeting, event, private_access, gift, sample) are refused for a person who opted out.
 */
bool clout_crm_kind_valid(const char *kind);
bool clout_crm_kind_is_contact(const char *kind);

#define CLOUT_CRM_LOG_OPTIONS_VERSION 1
typedef struct clout_crm_log_options {
	unsigned int version;
	const char *kind;     /* required */
	const char *date;     /* when it happened: YYYY-MM-DD or RFC 3339; NULL: now */
	const char *note;
	const char *product;  /* gift, sample, private access */
	const char *value;    /* decimal in the currency's major unit ("80", "12.50"); NULL: none */
	const char *currency; /* ISO 4217, required with value */
	const char *shipped;  /* gift or sample: YYYY-MM-DD */
	const char *received;
} clout_crm_log_options;
#define CLOUT_CRM_LOG_OPTIONS_INIT { CLOUT_CRM_LOG_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/* An interaction as read back; strings borrowed for a callback. */
typedef struct clout_crm_interaction {
	int64_t id;
	int64_t person_id;
	const char *kind;
	const char *direction; /* "given" or "received" */
	int64_t at;
	const char *note, *product;
	int64_t value_minor;   /* -1: none */
	const char *currency;  /* NULL when no value */
	int64_t shipped_at, received_at; /* days, -1 when not set */
	const char *logged_by;
	int64_t logged_at;
} clout_crm_interaction;

/*
 * Logs an interaction with person name, as the acting user, now. CLOUT_EINVAL naming the field
 * (kind, value: negative or not a decimal, currency, date, shipped, received, product); CLOUT_EDENIED
 * "PERSON opted out ..." for a contact kind when the person opted out. *out_id may be NULL.
 */
int clout_crm_log(int64_t *out_id, clout_session *s, const char *name, const clout_crm_log_options *opts);

/* Calls fn for each interaction of person name (NULL: every person), oldest first. */
int clout_crm_interaction_foreach(clout_session *s, const char *name,
	int (*fn)(void *ctx, const clout_crm_interaction *row), void *ctx);

/* {"id","kind","direction","at","note","product","value","currency","shipped","received",
 * "logged_by","logged_at"} (value as a decimal string or null). Malloc'd or NULL. */
char *clout_crm_interaction_json(const clout_crm_interaction *row);

/* ---- Product feedback ---- */

/* The closed loop: open, acknowledged, acted (acted on), told (told back: closed). */
typedef enum clout_crm_feedback_status {
	CLOUT_CRM_FEEDBACK_OPEN = 0,
	CLOUT_CRM_FEEDBACK_ACKNOWLEDGED,
	CLOUT_CRM_FEEDBACK_ACTED,
	CLOUT_CRM_FEEDBACK_TOLD,
	CLOUT_CRM_FEEDBACK_COUNT
} clout_crm_feedback_status;
const char *clout_crm_feedback_status_name(clout_crm_feedback_status status);
int clout_crm_feedback_status_parse(clout_crm_feedback_status *out, const char *name, clout_error *err);

typedef struct clout_crm_feedback {
	int64_t id, person_id;
	const char *product, *text;
	clout_crm_feedback_status status;
	int64_t created_at;
	const char *created_by;
	int64_t updated_at;
	const char *closed_by; /* who told the person back, NULL while open */
	int64_t closed_at;     /* -1 while open */
} clout_crm_feedback;

/* Records feedback text (about product, may be NULL) from person name, open. */
int clout_crm_feedback_add(int64_t *out_id, clout_session *s, const char *name, const char *product, const char *text);
/* Moves feedback id along the loop (told closes it, recording who). CLOUT_ENOTFOUND. */
int clout_crm_feedback_set(clout_session *s, int64_t id, const char *status);
/* Calls fn for each feedback of person name (NULL: everyone), oldest first. */
int clout_crm_feedback_foreach(clout_session *s, const char *name, int (*fn)(void *ctx, const clout_crm_feedback *f),
	void *ctx);
char *clout_crm_feedback_json(const clout_crm_feedback *f);

/* ---- The engagement balance sheet ---- */

/* The workspace's currency (the balance sheet's): set (ISO 4217) and read ("" when not chosen). */
int clout_crm_currency_set(clout_session *s, const char *currency);
int clout_crm_currency_get(char out[4], clout_session *s);

/* Amounts in another currency than the sheet's: listed, never added (no rate is assumed). */
typedef struct clout_crm_amount {
	char currency[4];
	bool given;    /* given by the workspace, else received */
	int64_t minor;
} clout_crm_amount;

typedef struct clout_crm_balance {
	char currency[4];
	/* given, in currency: fees (fees_paid + fees_due), gifts and samples, private access,
	 * amplification (likes, shares, replies, thanks), the rest (meetings, events, messages with a
	 * value) */
	int64_t fees, gifts, private_access, amplification, other_given, given_total;
	/* fees paid: the agreed compensation of the contracts marked paid, or the payments logged when
	 * they are more; fees due: the agreed compensation of the other contracts less what the logged
	 * payments left over (never below 0). A payment is never counted twice. */
	int64_t fees_paid, fees_due;
	int64_t payments_logged;      /* the payments of the interaction log */
	int64_t contracts;            /* the person's contracts in currency */
	int64_t amplification_count; /* likes, shares, replies and thanks given */
	int64_t gift_count;
	/* received */
	int64_t mentions;            /* earned mentions (logged) */
	int64_t listened_mentions;   /* their posts that listening rules matched (each post once) */
	int64_t mention_value;       /* their logged value, in currency */
	int64_t reach;               /* followers of the person's accounts */
	int64_t posts, engagements;  /* their posts in the store and its likes, comments, shares, quotes */
	int64_t clicks;              /* human clicks on links of their accounts */
	double conversions;
	int64_t revenue;             /* net revenue in currency */
	int64_t received_total;      /* revenue + mention_value */
	double ratio;                /* received_total / given_total; -1 when nothing was given */
	clout_crm_amount *other;     /* given or received amounts in other currencies */
	size_t nother;
} clout_crm_balance;

/*
 * The balance sheet of person name in currency (NULL: the workspace's; CLOUT_EINVAL "currency: ..."
 * when neither), over every campaign. Fees come from the person's contracts (flat fee, fee per
 * deliverable times their deliverables, product value: the agreed compensation; commissions are in
 * the campaign reports) and from the payments logged, as fees_paid and fees_due say. Received
 * clicks, conversions and revenue are those of the tracking links and promo codes whose influencer
 * is one of the person's accounts (last-click model).
 */
int clout_crm_balance_get(clout_crm_balance *out, clout_session *s, const char *name, const char *currency);
void clout_crm_balance_release(clout_crm_balance *b);
char *clout_crm_balance_json(const clout_crm_balance *b);

/* ---- Erasure ---- */

/*
 * Erases person name: its interactions, feedback, stage history and consent, the personal fields of
 * its accounts (handle, name, bio, URL, ext_id) and of their posts (text, URL), the handle on its
 * tracking links, promo codes, listened mentions and the listening partner list, the notes and
 * alert details on its posts, its deliverables' URLs, and the discovery index (rebuild it with
 * clout index). The person
 * row stays as an anonymous stub ("erased-ID", opted out, shared with no one: withheld everywhere,
 * never listed, found only by that name) so that campaigns and contracts that point at it keep
 * their counts. Counts
 * (followers, engagements, clicks, conversions, revenue) stay, anonymous.
 * *out_id (may be NULL) is the erased person's id, for the audit log.
 */
int clout_crm_erase(int64_t *out_id, clout_session *s, const char *name);

#ifdef __cplusplus
}
#endif
#endif
