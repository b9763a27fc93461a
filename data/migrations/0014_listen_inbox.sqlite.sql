-- 0014_listen_inbox: what listening keeps (src/lib/store/listen_inbox.c). listen_mention: one row per
-- post and rule that matched it (idempotent on re-runs), with the post's time, language, sentiment
-- and author reach, and its inbox state: owner, status (new, assigned, replied, closed), the SLA due
-- time and the first-response and close times. listen_note: the reply notes logged on a mention.
-- listen_alert: alerts (spike, crisis, influencer, disclosure) at the time of the posts that raised
-- them, unique per dedup_key. listen_sla: per-team and per-priority response times that replace the
-- defaults; listen_duty: members off duty are skipped by round-robin routing; listen_partner:
-- accounts under contract, checked for disclosure. listen_rule.owner: a rule's fixed owner.
CREATE TABLE IF NOT EXISTS listen_mention (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  rule_id INTEGER NOT NULL,
  rule_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  team TEXT NOT NULL,
  priority TEXT NOT NULL,
  post_id INTEGER NOT NULL REFERENCES post(id),
  account_id INTEGER NOT NULL REFERENCES account(id),
  platform TEXT NOT NULL,
  post_ext_id TEXT NOT NULL,
  handle TEXT,
  posted_at INTEGER NOT NULL,
  lang TEXT,
  sentiment REAL NOT NULL,
  label TEXT NOT NULL,
  reach INTEGER,
  owner TEXT,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  first_response_at INTEGER,
  closed_at INTEGER,
  UNIQUE (workspace_id, rule_id, post_id)
);
CREATE INDEX IF NOT EXISTS listen_mention_inbox ON listen_mention (workspace_id, status, due_at);
CREATE INDEX IF NOT EXISTS listen_mention_rule_time ON listen_mention (workspace_id, rule_name, posted_at);
CREATE TABLE IF NOT EXISTS listen_note (
  id INTEGER PRIMARY KEY,
  mention_id INTEGER NOT NULL REFERENCES listen_mention(id),
  author TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS listen_note_mention ON listen_note (mention_id);
CREATE TABLE IF NOT EXISTS listen_alert (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  kind TEXT NOT NULL,
  dedup_key TEXT NOT NULL,
  rule_name TEXT,
  at INTEGER NOT NULL,
  post_id INTEGER,
  detail TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (workspace_id, dedup_key)
);
CREATE INDEX IF NOT EXISTS listen_alert_at ON listen_alert (workspace_id, at);
CREATE TABLE IF NOT EXISTS listen_sla (
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  team TEXT NOT NULL,
  priority TEXT NOT NULL,
  seconds INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, team, priority)
);
CREATE TABLE IF NOT EXISTS listen_duty (
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  user_name TEXT NOT NULL,
  on_duty INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, user_name)
);
CREATE TABLE IF NOT EXISTS listen_partner (
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  platform TEXT NOT NULL,
  handle TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, platform, handle)
);
ALTER TABLE listen_rule ADD COLUMN owner TEXT;
