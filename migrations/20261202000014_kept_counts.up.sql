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

-- The counting triggers run once per statement over its rows (transition tables), so
-- a statement that writes many rows (an account deleted with all its likes, a bulk
-- load) updates each counted row once, by the number it moved. Each function reads
-- the rows of whichever transition table its event has (`added` for inserts, `removed`
-- for deletes), then moves the counts by +1 or -1 a row.

CREATE FUNCTION count_likes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    delta BIGINT := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
    kinds TEXT[];
    ids   BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(likeable_type), array_agg(likeable_id) INTO kinds, ids FROM added;
    ELSE
        SELECT array_agg(likeable_type), array_agg(likeable_id) INTO kinds, ids FROM removed;
    END IF;
    UPDATE posts p SET like_count = p.like_count + delta * moved.n
    FROM (SELECT id, count(*) AS n FROM unnest(kinds, ids) AS liked (kind, id)
          WHERE kind = 'post' GROUP BY id) AS moved
    WHERE p.id = moved.id;
    UPDATE comments c SET like_count = c.like_count + delta * moved.n
    FROM (SELECT id, count(*) AS n FROM unnest(kinds, ids) AS liked (kind, id)
          WHERE kind = 'comment' GROUP BY id) AS moved
    WHERE c.id = moved.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER likes_count_added AFTER INSERT ON likes
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_likes();
CREATE TRIGGER likes_count_removed AFTER DELETE ON likes
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_likes();

CREATE FUNCTION count_comments() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    delta     BIGINT := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
    commented BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(post_id) INTO commented FROM added;
    ELSE
        SELECT array_agg(post_id) INTO commented FROM removed;
    END IF;
    UPDATE posts p SET comment_count = p.comment_count + delta * moved.n
    FROM (SELECT id, count(*) AS n FROM unnest(commented) AS post (id) GROUP BY id) AS moved
    WHERE p.id = moved.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER comments_count_added AFTER INSERT ON comments
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_comments();
CREATE TRIGGER comments_count_removed AFTER DELETE ON comments
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_comments();

CREATE FUNCTION count_posts() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    delta   BIGINT := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
    authors BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(user_id) INTO authors FROM added;
    ELSE
        SELECT array_agg(user_id) INTO authors FROM removed;
    END IF;
    UPDATE users u SET post_count = u.post_count + delta * moved.n
    FROM (SELECT id, count(*) AS n FROM unnest(authors) AS author (id) GROUP BY id) AS moved
    WHERE u.id = moved.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER posts_count_added AFTER INSERT ON posts
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_posts();
CREATE TRIGGER posts_count_removed AFTER DELETE ON posts
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_posts();

-- A follow moves two people's counts. They are locked in id order first, whoever
-- follows whom: "a follows b" and "b follows a" at the same moment then wait for each
-- other instead of deadlocking.
CREATE FUNCTION count_follows() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    delta     BIGINT := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
    followers BIGINT[];
    followed  BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(user_id), array_agg(user_followed_id) INTO followers, followed FROM added;
    ELSE
        SELECT array_agg(user_id), array_agg(user_followed_id) INTO followers, followed FROM removed;
    END IF;
    PERFORM 1 FROM users WHERE id = ANY (followers || followed) ORDER BY id FOR NO KEY UPDATE;
    UPDATE users u SET follower_count = u.follower_count + delta * moved.n
    FROM (SELECT id, count(*) AS n FROM unnest(followed) AS person (id) GROUP BY id) AS moved
    WHERE u.id = moved.id;
    UPDATE users u SET following_count = u.following_count + delta * moved.n
    FROM (SELECT id, count(*) AS n FROM unnest(followers) AS person (id) GROUP BY id) AS moved
    WHERE u.id = moved.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER follows_count_added AFTER INSERT ON follows
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_follows();
CREATE TRIGGER follows_count_removed AFTER DELETE ON follows
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_follows();

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
