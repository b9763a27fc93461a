-- 0009_convert: promo codes, conversions, refunds and the customer-click map (src/lib/store/convert.c).
-- Amounts are integer minor units of the row's ISO 4217 currency. A conversion's link_id, code_id
-- and attributed_by keep its attribution as first answered (0 none, 1 click, 2 code, 3 customer);
-- reports recompute attribution from the touches (click_id, code_id, track_customer_click).
CREATE TABLE IF NOT EXISTS track_code (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  code TEXT NOT NULL,
  influencer TEXT,
  campaign TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (workspace_id, code)
);
CREATE TABLE IF NOT EXISTS track_conversion (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  order_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  refunded INTEGER NOT NULL,
  at INTEGER NOT NULL,
  click_id INTEGER,
  code_id INTEGER,
  customer_id TEXT,
  attributed_by INTEGER NOT NULL,
  link_id INTEGER,
  warning TEXT,
  UNIQUE (workspace_id, order_id)
);
CREATE INDEX IF NOT EXISTS track_conversion_at ON track_conversion (workspace_id, at);
CREATE TABLE IF NOT EXISTS track_refund (
  conversion_id INTEGER NOT NULL REFERENCES track_conversion(id),
  refund_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (conversion_id, refund_id)
);
CREATE TABLE IF NOT EXISTS track_customer_click (
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  customer_id TEXT NOT NULL,
  click_id INTEGER NOT NULL REFERENCES track_click(id),
  PRIMARY KEY (workspace_id, customer_id, click_id)
);
