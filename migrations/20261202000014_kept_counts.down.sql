DROP INDEX idx_users_follower_count;
DROP FUNCTION recount_kept_counts();
DROP TRIGGER follows_count_removed ON follows;
DROP TRIGGER follows_count_added ON follows;
DROP FUNCTION count_follows();
DROP TRIGGER posts_count_removed ON posts;
DROP TRIGGER posts_count_added ON posts;
DROP FUNCTION count_posts();
DROP TRIGGER comments_count_removed ON comments;
DROP TRIGGER comments_count_added ON comments;
DROP FUNCTION count_comments();
DROP TRIGGER likes_count_removed ON likes;
DROP TRIGGER likes_count_added ON likes;
DROP FUNCTION count_likes();

DROP TRIGGER users_set_updated_at ON users;
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
DROP TRIGGER comments_set_updated_at ON comments;
CREATE TRIGGER comments_set_updated_at BEFORE UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
DROP TRIGGER posts_set_updated_at ON posts;
CREATE TRIGGER posts_set_updated_at BEFORE UPDATE ON posts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

ALTER TABLE users RESET (fillfactor);
ALTER TABLE comments RESET (fillfactor);
ALTER TABLE posts RESET (fillfactor);

ALTER TABLE users
    DROP COLUMN following_count,
    DROP COLUMN follower_count,
    DROP COLUMN post_count;
ALTER TABLE comments DROP COLUMN like_count;
ALTER TABLE posts
    DROP COLUMN comment_count,
    DROP COLUMN like_count;
