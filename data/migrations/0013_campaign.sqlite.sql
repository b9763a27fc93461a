-- 0013_campaign: campaigns, their KPI targets and roster, contracts and deliverables
-- (src/lib/store/campaign.c). Money is integer minor units of the row's ISO 4217 currency; days
-- are unix seconds at midnight UTC. Lists (hashtags, dos, don'ts, competitors, languages) are
-- newline-separated text. A KPI target is kept as the decimal text given (an amount in the
-- campaign's currency for money metrics).
CREATE TABLE IF NOT EXISTS campaign (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  name TEXT NOT NULL,
  goal TEXT NOT NULL,
  status TEXT NOT NULL,
  start_day INTEGER NOT NULL,
  end_day INTEGER NOT NULL,
  budget INTEGER NOT NULL,
  currency TEXT NOT NULL,
  audience TEXT,
  lifetime_value INTEGER,
  languages TEXT,
  plan_forecast TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (workspace_id, name)
);
CREATE TABLE IF NOT EXISTS campaign_kpi (
  campaign_id INTEGER NOT NULL REFERENCES campaign(id),
  metric TEXT NOT NULL,
  target TEXT NOT NULL,
  deadline INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, metric)
);
CREATE TABLE IF NOT EXISTS campaign_member (
  campaign_id INTEGER NOT NULL REFERENCES campaign(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  source TEXT NOT NULL,
  planned_gain REAL,
  planned_cost REAL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, person_id)
);
CREATE TABLE IF NOT EXISTS contract (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaign(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  status TEXT NOT NULL,
  currency TEXT NOT NULL,
  flat_fee INTEGER NOT NULL,
  per_deliverable_fee INTEGER NOT NULL,
  commission_bp INTEGER NOT NULL,
  product TEXT,
  product_value INTEGER NOT NULL,
  objectives TEXT,
  dos TEXT,
  donts TEXT,
  hashtags TEXT,
  disclosure TEXT,
  exclusivity TEXT,
  exclusive_from INTEGER,
  exclusive_to INTEGER,
  payment_terms TEXT,
  payment_status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (campaign_id, person_id)
);
CREATE TABLE IF NOT EXISTS deliverable (
  id INTEGER PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contract(id),
  platform TEXT NOT NULL,
  format TEXT NOT NULL,
  due_day INTEGER NOT NULL,
  status TEXT NOT NULL,
  url TEXT,
  post_id INTEGER,
  check_result TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS deliverable_contract ON deliverable (contract_id, due_day);
