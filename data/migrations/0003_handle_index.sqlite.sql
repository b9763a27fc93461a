-- 0003: accounts are found by handle without regard to case (`@Chef_Anna` is `chef_anna`), which
-- the binary-collated index of 0001 could not serve past the workspace; and most accounts of a bulk
-- import are stubs with no handle, which need no entry at all.
DROP INDEX account_handle;
CREATE INDEX account_handle ON account (workspace_id, handle COLLATE NOCASE) WHERE handle IS NOT NULL;
