-- 0002 (PostgreSQL): as 0002_generation.sqlite.sql: a per-workspace generation, bumped by every
-- transaction that writes records, so that derived data can tell cheaply whether it is stale.
ALTER TABLE workspace ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
