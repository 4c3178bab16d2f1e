-- Counts that pages show on every post, comment and profile, kept in the rows they
-- describe by triggers in the transaction of the write that changes them, so a page
-- reads them instead of counting index entries. `isntgram analyze --check-counts`
-- compares them with fresh counts and repairs any drift.

ALTER TABLE posts
    ADD COLUMN like_count    BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN comment_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE comments
    ADD COLUMN like_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users
    ADD COLUMN post_count      BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN follower_count  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN following_count BIGINT NOT NULL DEFAULT 0;

-- Room on each page for the new version of a row whose count moved, so the update
-- stays on the page and touches no index (a HOT update).
ALTER TABLE posts SET (fillfactor = 90);
ALTER TABLE comments SET (fillfactor = 90);
ALTER TABLE users SET (fillfactor = 90);

-- A change of counts alone is not an edit: updated_at stays.
DROP TRIGGER posts_set_updated_at ON posts;
CREATE TRIGGER posts_set_updated_at BEFORE UPDATE ON posts
    FOR EACH ROW
    WHEN ((OLD.like_count, OLD.comment_count) IS NOT DISTINCT FROM (NEW.like_count, NEW.comment_count))
    EXECUTE FUNCTION set_updated_at();
DROP TRIGGER comments_set_updated_at ON comments;
CREATE TRIGGER comments_set_updated_at BEFORE UPDATE ON comments
    FOR EACH ROW
    WHEN (OLD.like_count IS NOT DISTINCT FROM NEW.like_count)
    EXECUTE FUNCTION set_updated_at();
DROP TRIGGER users_set_updated_at ON users;
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW
    WHEN ((OLD.post_count, OLD.follower_count, OLD.following_count)
          IS NOT DISTINCT FROM (NEW.post_count, NEW.follower_count, NEW.following_count))
    EXECUTE FUNCTION set_updated_at();

CREATE FUNCTION count_likes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    row   likes;
    delta BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN row := NEW; delta := 1; ELSE row := OLD; delta := -1; END IF;
    IF row.likeable_type = 'post' THEN
        UPDATE posts SET like_count = like_count + delta WHERE id = row.likeable_id;
    ELSE
        UPDATE comments SET like_count = like_count + delta WHERE id = row.likeable_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER likes_count AFTER INSERT OR DELETE ON likes
    FOR EACH ROW EXECUTE FUNCTION count_likes();

CREATE FUNCTION count_comments() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE posts SET comment_count = comment_count + 1 WHERE id = NEW.post_id;
    ELSE
        UPDATE posts SET comment_count = comment_count - 1 WHERE id = OLD.post_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER comments_count AFTER INSERT OR DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION count_comments();

CREATE FUNCTION count_posts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE users SET post_count = post_count + 1 WHERE id = NEW.user_id;
    ELSE
        UPDATE users SET post_count = post_count - 1 WHERE id = OLD.user_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER posts_count AFTER INSERT OR DELETE ON posts
    FOR EACH ROW EXECUTE FUNCTION count_posts();

CREATE FUNCTION count_follows() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    row   follows;
    delta BIGINT;
    who   BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN row := NEW; delta := 1; ELSE row := OLD; delta := -1; END IF;
    -- The two people in id order, whoever follows whom: "a follows b" and "b follows a"
    -- at the same moment lock them in the same order, so they cannot deadlock.
    FOREACH who IN ARRAY ARRAY[least(row.user_id, row.user_followed_id),
                               greatest(row.user_id, row.user_followed_id)] LOOP
        UPDATE users SET
            follower_count  = follower_count  + CASE WHEN who = row.user_followed_id THEN delta ELSE 0 END,
            following_count = following_count + CASE WHEN who = row.user_id THEN delta ELSE 0 END
        WHERE id = who;
    END LOOP;
    RETURN NULL;
END
$$;
CREATE TRIGGER follows_count AFTER INSERT OR DELETE ON follows
    FOR EACH ROW EXECUTE FUNCTION count_follows();

-- What the counts are, from the rows themselves: the migration fills the columns with
-- it, the seeder (whose bulk load skips triggers) too, and the drift check repairs with
-- it. Rows already right are left alone.
CREATE FUNCTION recount_kept_counts() RETURNS void
LANGUAGE sql AS $$
    UPDATE posts p SET like_count = fresh.likes, comment_count = fresh.comments
    FROM (SELECT p2.id, COALESCE(l.n, 0) AS likes, COALESCE(c.n, 0) AS comments
          FROM posts p2
          LEFT JOIN (SELECT likeable_id, count(*) AS n FROM likes
                     WHERE likeable_type = 'post' GROUP BY likeable_id) l ON l.likeable_id = p2.id
          LEFT JOIN (SELECT post_id, count(*) AS n FROM comments GROUP BY post_id) c
                 ON c.post_id = p2.id) AS fresh
    WHERE p.id = fresh.id
      AND (p.like_count, p.comment_count) IS DISTINCT FROM (fresh.likes, fresh.comments);
    UPDATE comments c SET like_count = fresh.likes
    FROM (SELECT c2.id, COALESCE(l.n, 0) AS likes
          FROM comments c2
          LEFT JOIN (SELECT likeable_id, count(*) AS n FROM likes
                     WHERE likeable_type = 'comment' GROUP BY likeable_id) l ON l.likeable_id = c2.id) AS fresh
    WHERE c.id = fresh.id AND c.like_count IS DISTINCT FROM fresh.likes;
    UPDATE users u SET post_count = fresh.posts, follower_count = fresh.followers,
                       following_count = fresh.following
    FROM (SELECT u2.id, COALESCE(p.n, 0) AS posts, COALESCE(fr.n, 0) AS followers,
                 COALESCE(fg.n, 0) AS following
          FROM users u2
          LEFT JOIN (SELECT user_id, count(*) AS n FROM posts GROUP BY user_id) p ON p.user_id = u2.id
          LEFT JOIN (SELECT user_followed_id, count(*) AS n FROM follows GROUP BY user_followed_id) fr
                 ON fr.user_followed_id = u2.id
          LEFT JOIN (SELECT user_id, count(*) AS n FROM follows GROUP BY user_id) fg
                 ON fg.user_id = u2.id) AS fresh
    WHERE u.id = fresh.id
      AND (u.post_count, u.follower_count, u.following_count)
          IS DISTINCT FROM (fresh.posts, fresh.followers, fresh.following);
$$;

SELECT recount_kept_counts();

-- Suggestions: the most followed people first.
CREATE INDEX idx_users_follower_count ON users (follower_count DESC, id DESC);
