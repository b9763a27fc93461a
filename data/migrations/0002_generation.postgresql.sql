-- 0002 (PostgreSQL): a per-workspace generation, bumped by every transaction that writes records, so
-- that derived data (the discovery index) can tell cheaply whether it is stale. BIGINT: SQLite's
-- INTEGER is 64-bit, PostgreSQL's is not.
ALTER TABLE workspace ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
