-- 0012_crm: people and relationships (src/lib/store/crm.c, src/lib/crm/). A person is the row of
-- the person table that imports already fill (key = the person's name in the workspace, matched
-- without regard to case); the accounts a person owns point at it (account.person_id).
-- Enumerations are kept as their names: stage (identified, engaging, contacted, negotiating,
-- partner, alumni, declined), consent (unknown, in, out), sharing (none, brand, public), nda
-- (none, sent, signed, expired), feedback status (open, acknowledged, acted, told). Times are unix
-- seconds; money is integer minor units of its ISO 4217 currency. Users named in these tables
-- (owner, by_user, logged_by, closed_by) are auth user names, "local" for the CLI's operator.
ALTER TABLE person ADD COLUMN created_at INTEGER;
ALTER TABLE person ADD COLUMN stage TEXT NOT NULL DEFAULT 'identified';
ALTER TABLE person ADD COLUMN owner TEXT;
ALTER TABLE person ADD COLUMN consent TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE person ADD COLUMN consent_at INTEGER;
ALTER TABLE person ADD COLUMN consent_source TEXT;
ALTER TABLE person ADD COLUMN sharing TEXT NOT NULL DEFAULT 'none';
ALTER TABLE person ADD COLUMN nda TEXT NOT NULL DEFAULT 'none';
ALTER TABLE person ADD COLUMN nda_sent_at INTEGER;
ALTER TABLE person ADD COLUMN nda_signed_at INTEGER;
ALTER TABLE person ADD COLUMN nda_expires_at INTEGER;
CREATE INDEX IF NOT EXISTS person_name ON person (workspace_id, lower(key));
CREATE INDEX IF NOT EXISTS account_person ON account (person_id) WHERE person_id IS NOT NULL;
-- The currency the workspace's balance sheets are kept in (NULL: not chosen yet).
ALTER TABLE workspace ADD COLUMN currency TEXT;
-- Each change of stage or owner, oldest first by id.
CREATE TABLE IF NOT EXISTS crm_stage (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  stage TEXT NOT NULL,
  owner TEXT,
  at INTEGER NOT NULL,
  by_user TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS crm_stage_person ON crm_stage (person_id);
-- The interaction log. direction: 'given' (the brand gave: a like, a gift, private access, a
-- payment) or 'received' (the person gave: a mention). shipped_at and received_at are days (unix
-- seconds at 00:00 UTC) of a gift or sample.
CREATE TABLE IF NOT EXISTS crm_interaction (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  kind TEXT NOT NULL,
  direction TEXT NOT NULL,
  at INTEGER NOT NULL,
  note TEXT,
  product TEXT,
  value_minor INTEGER,
  currency TEXT,
  shipped_at INTEGER,
  received_at INTEGER,
  logged_by TEXT NOT NULL,
  logged_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS crm_interaction_person ON crm_interaction (person_id, at);
-- Product feedback and its closed loop.
CREATE TABLE IF NOT EXISTS crm_feedback (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  product TEXT,
  text TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  closed_by TEXT,
  closed_at INTEGER
);
CREATE INDEX IF NOT EXISTS crm_feedback_person ON crm_feedback (person_id);
