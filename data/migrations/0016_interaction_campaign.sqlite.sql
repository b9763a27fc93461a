-- 0016_interaction_campaign: the campaign an interaction of the crm log belongs to (a gift sent for
-- it, a fee paid under its contract), or NULL: a campaign's report counts only the gifts tied to
-- it; the person's balance sheet counts them all (src/lib/store/crm_log.c, campaign.c).
ALTER TABLE crm_interaction ADD COLUMN campaign_id INTEGER REFERENCES campaign(id);
CREATE INDEX IF NOT EXISTS crm_interaction_campaign ON crm_interaction (campaign_id);
