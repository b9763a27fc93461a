-- 0003 (PostgreSQL): accounts are found by handle without regard to case (`@Chef_Anna` is
-- `chef_anna`), and stubs with no handle need no entry. SQLite's COLLATE NOCASE folds ASCII only;
-- lower() in a database with the C collation (as clout's scratch clusters use) does the same, and
-- a query that compares lower(handle) = lower(?) is served by this index on PostgreSQL.
DROP INDEX account_handle;
CREATE INDEX account_handle ON account (workspace_id, lower(handle)) WHERE handle IS NOT NULL;
