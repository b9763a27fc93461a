-- 0004 (PostgreSQL): a workspace's posts, account by account and oldest first, straight from one
-- index (the discovery index reads every post this way). The same statements as the SQLite file:
-- this variant exists so that the number has one file per engine whatever the plain file becomes.
DROP INDEX post_account;
CREATE INDEX post_account ON post (workspace_id, account_id, created_at);
