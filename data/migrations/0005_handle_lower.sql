-- 0005: handles are matched as lower(handle) = lower(?) on every engine (SQLite's NOCASE collation
-- has no PostgreSQL twin), so the handle index is on that expression; it still skips the stubs of
-- a bulk import, which have no handle.
DROP INDEX account_handle;
CREATE INDEX account_handle ON account (workspace_id, lower(handle)) WHERE handle IS NOT NULL;
