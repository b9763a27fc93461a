/*
 * crm_erase.c: erasing a person in portable SQL (see crm.h): every statement that takes the
 * person's personal data out of the workspace, in the order that keeps each one able to find what
 * it must clear (the handles on links before the accounts lose theirs). Counts stay, and so does the
 * person row, renamed "erased-ID" (a name clout_crm_name_check refuses) and left out of every
 * lookup by name and every list.
 */
#include "lib/store/crm.h"
#include "lib/store/store_internal.h"
#include "util/banned.h"

/* Each statement takes ?1 workspace, ?2 person. */
static const char *const erase_sql[] = {
	"DELETE FROM crm_interaction WHERE workspace_id = ?1 AND person_id = ?2",
	"DELETE FROM crm_feedback WHERE workspace_id = ?1 AND person_id = ?2",
	"DELETE FROM crm_stage WHERE person_id = ?2 AND EXISTS (SELECT 1 FROM person WHERE id = ?2 AND workspace_id = ?1)",
	"UPDATE track_link SET influencer = NULL WHERE workspace_id = ?1 AND lower(influencer) IN"
	" (SELECT lower(handle) FROM account WHERE workspace_id = ?1 AND person_id = ?2 AND handle IS NOT NULL)",
	"UPDATE track_code SET influencer = NULL WHERE workspace_id = ?1 AND lower(influencer) IN"
	" (SELECT lower(handle) FROM account WHERE workspace_id = ?1 AND person_id = ?2 AND handle IS NOT NULL)",
	/* listening: the notes on the person's posts, their handle on mentions, alerts raised by their
	 * posts, and the partner list (by handle); the mentions' counts and sentiment stay */
	"DELETE FROM listen_note WHERE mention_id IN (SELECT m.id FROM listen_mention m JOIN account a ON a.id = m.account_id"
	" WHERE m.workspace_id = ?1 AND a.workspace_id = ?1 AND a.person_id = ?2)",
	"UPDATE listen_mention SET handle = NULL WHERE workspace_id = ?1 AND account_id IN"
	" (SELECT id FROM account WHERE workspace_id = ?1 AND person_id = ?2)",
	"UPDATE listen_alert SET detail = 'erased' WHERE workspace_id = ?1 AND post_id IN"
	" (SELECT p.id FROM post p JOIN account a ON a.id = p.account_id WHERE a.workspace_id = ?1 AND a.person_id = ?2)",
	"DELETE FROM listen_partner WHERE workspace_id = ?1 AND EXISTS (SELECT 1 FROM account a WHERE a.workspace_id = ?1"
	" AND a.person_id = ?2 AND a.platform = listen_partner.platform AND lower(a.handle) = lower(listen_partner.handle))",
	/* campaigns: the published URLs of the person's deliverables (contracts keep their terms and money) */
	"UPDATE deliverable SET url = NULL WHERE contract_id IN (SELECT c.id FROM contract c JOIN campaign k ON"
	" k.id = c.campaign_id WHERE k.workspace_id = ?1 AND c.person_id = ?2)",
	"UPDATE post SET text = NULL, url = NULL WHERE workspace_id = ?1 AND account_id IN"
	" (SELECT id FROM account WHERE workspace_id = ?1 AND person_id = ?2)",
	"UPDATE account SET handle = NULL, name = NULL, bio = NULL, url = NULL, lang = NULL, country = NULL,"
	" ext_id = 'erased-' || CAST(id AS TEXT), person_id = NULL WHERE workspace_id = ?1 AND person_id = ?2",
	/* The row stays, as an anonymous stub: campaigns, rosters and contracts point at it and keep
	 * their counts; opted out and shared with no one, it is withheld from every export. */
	"UPDATE person SET key = 'erased-' || CAST(id AS TEXT), name = NULL, owner = NULL, consent = 'out',"
	" consent_at = NULL, consent_source = NULL, sharing = 'none', nda = 'none', nda_sent_at = NULL,"
	" nda_signed_at = NULL, nda_expires_at = NULL WHERE workspace_id = ?1 AND id = ?2",
};

int clout__store_person_erase(clout_store *store, int64_t workspace, int64_t id, clout_error *err)
{
	int rc;
	if ((rc = store_touch(store, workspace, err)) < 0)
		return rc;
	for (size_t i = 0; i < sizeof(erase_sql) / sizeof(erase_sql[0]); i++) {
		store_bind b;
		if ((rc = store_stmt(store, &b, erase_sql[i], err)) < 0)
			return rc;
		sb_int(&b, 1, workspace);
		sb_int(&b, 2, id);
		if (b.rc < 0)
			return store_bind_error(store, &b, "erasing a person", err);
		if ((rc = clout_sql_run(store->db, b.st, "erasing a person", err)) < 0)
			return rc;
	}
	/* The discovery index holds the accounts' names and bios as terms: it goes, to be rebuilt. */
	return clout_store_index_clear(store, workspace, err);
}
