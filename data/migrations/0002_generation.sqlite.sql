-- 0002: a per-workspace generation, bumped by every transaction that writes records, so that
-- derived data (the discovery index) can tell cheaply whether it is stale.
ALTER TABLE workspace ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
