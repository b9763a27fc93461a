-- 0004: a workspace's posts, account by account and oldest first, straight from one index: the
-- discovery index reads every post this way, and with (account_id, created_at) alone SQLite chose
-- to sort the whole workspace's posts (text included) in a temporary B-tree instead.
DROP INDEX post_account;
CREATE INDEX post_account ON post (workspace_id, account_id, created_at);
