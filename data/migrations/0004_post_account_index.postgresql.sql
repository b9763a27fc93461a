-- 0004 (PostgreSQL): as 0004_post_account_index.sqlite.sql: a workspace's posts, account by
-- account and oldest first, straight from one index.
DROP INDEX post_account;
CREATE INDEX post_account ON post (workspace_id, account_id, created_at);
