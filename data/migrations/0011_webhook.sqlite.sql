-- 0011_webhook: webhooks and their durable outbox (src/lib/store/webhook.c). A delivery is a row
-- written with the event (status 0 pending, 1 delivered, 2 failed after the last attempt); the
-- deliverer thread posts due rows and records each attempt's result on the row.
CREATE TABLE IF NOT EXISTS webhook (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_delivery (
  id INTEGER PRIMARY KEY,
  webhook_id INTEGER NOT NULL REFERENCES webhook(id),
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  next_at_ms INTEGER NOT NULL,
  status INTEGER NOT NULL,
  last_status INTEGER,
  last_error TEXT,
  done_at_ms INTEGER
);
CREATE INDEX IF NOT EXISTS webhook_delivery_due ON webhook_delivery (status, next_at_ms);
