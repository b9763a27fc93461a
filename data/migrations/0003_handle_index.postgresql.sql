-- 0003 (PostgreSQL): as 0003_handle_index.sqlite.sql: handles found without regard to case, stubs
-- with no handle left out of the index. (0005 gives both engines the same expression.)
DROP INDEX account_handle;
CREATE INDEX account_handle ON account (workspace_id, lower(handle)) WHERE handle IS NOT NULL;
