-- The feed and the profile grid filter an author's posts by `hidden_at` (a hidden post
-- is shown to its author only). With the column in the index, the feed's probe per
-- person followed stays an index-only scan instead of reading every candidate post's
-- row to look at it.
CREATE INDEX idx_posts_user_created_hidden ON posts (user_id, created_at DESC, id DESC)
    INCLUDE (hidden_at);
DROP INDEX idx_posts_user_id_created;
ALTER INDEX idx_posts_user_created_hidden RENAME TO idx_posts_user_id_created;
