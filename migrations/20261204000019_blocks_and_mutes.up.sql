-- Blocking keeps two people apart, both ways and silently: neither sees the other's
-- profile, posts, comments or likes, and neither can follow, like, comment on, save
-- or mention-notify the other. Muting only takes someone's posts out of my feed.
CREATE TABLE blocks (
    blocker_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),

    PRIMARY KEY (blocker_id, blocked_id),
    CONSTRAINT no_self_block CHECK (blocker_id <> blocked_id)
);
-- The other direction of "is there a block between these two", and cascades.
CREATE INDEX idx_blocks_blocked ON blocks (blocked_id, blocker_id);

CREATE TABLE mutes (
    muter_id   BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    muted_id   BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),

    PRIMARY KEY (muter_id, muted_id),
    CONSTRAINT no_self_mute CHECK (muter_id <> muted_id)
);
CREATE INDEX idx_mutes_muted ON mutes (muted_id);

-- Whether either of two people blocked the other. Simple SQL: the planner inlines it.
CREATE FUNCTION blocked_between(a BIGINT, b BIGINT) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM blocks
                   WHERE (blocker_id = a AND blocked_id = b)
                      OR (blocker_id = b AND blocked_id = a))
$$;

-- Whether `viewer` (NULL: someone logged out) may see what `author` shares and does.
-- Every query that shows people, posts, comments, likes or notifications asks it.
CREATE FUNCTION may_see(viewer BIGINT, author BIGINT) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT viewer IS NULL OR NOT blocked_between(viewer, author)
$$;

-- A block ends the follows between the two, both ways.
CREATE FUNCTION blocks_end_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM follows
    WHERE (user_id = NEW.blocker_id AND user_followed_id = NEW.blocked_id)
       OR (user_id = NEW.blocked_id AND user_followed_id = NEW.blocker_id);
    RETURN NULL;
END $$;

CREATE TRIGGER blocks_end_follows AFTER INSERT ON blocks
    FOR EACH ROW EXECUTE FUNCTION blocks_end_follows();

-- Across a block, the other person and what they shared do not exist: the same
-- foreign-key errors as for something deleted, which the app already answers with 404.
CREATE FUNCTION follows_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF blocked_between(NEW.user_id, NEW.user_followed_id) THEN
        RAISE EXCEPTION 'user % is not there for user %', NEW.user_followed_id, NEW.user_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'follows_not_blocked';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER follows_not_blocked BEFORE INSERT ON follows
    FOR EACH ROW EXECUTE FUNCTION follows_not_blocked();

CREATE FUNCTION comments_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM posts p WHERE p.id = NEW.post_id
               AND blocked_between(NEW.user_id, p.user_id))
       OR EXISTS (SELECT 1 FROM comments c WHERE c.id = NEW.parent_id
                  AND blocked_between(NEW.user_id, c.user_id)) THEN
        RAISE EXCEPTION 'post % is not there for user %', NEW.post_id, NEW.user_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'comments_not_blocked';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER comments_not_blocked BEFORE INSERT ON comments
    FOR EACH ROW EXECUTE FUNCTION comments_not_blocked();

CREATE FUNCTION likes_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.likeable_type = 'post' AND EXISTS (
            SELECT 1 FROM posts p WHERE p.id = NEW.likeable_id
            AND blocked_between(NEW.user_id, p.user_id)))
       OR (NEW.likeable_type = 'comment' AND EXISTS (
            SELECT 1 FROM comments c JOIN posts p ON p.id = c.post_id
            WHERE c.id = NEW.likeable_id
              AND (blocked_between(NEW.user_id, c.user_id)
                   OR blocked_between(NEW.user_id, p.user_id)))) THEN
        RAISE EXCEPTION 'the % % is not there for user %', NEW.likeable_type,
            NEW.likeable_id, NEW.user_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'likes_target_exists';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER likes_not_blocked BEFORE INSERT ON likes
    FOR EACH ROW EXECUTE FUNCTION likes_not_blocked();

CREATE FUNCTION saved_posts_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM posts p WHERE p.id = NEW.post_id
               AND blocked_between(NEW.user_id, p.user_id)) THEN
        RAISE EXCEPTION 'post % is not there for user %', NEW.post_id, NEW.user_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'saved_posts_post_id_fkey';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER saved_posts_not_blocked BEFORE INSERT ON saved_posts
    FOR EACH ROW EXECUTE FUNCTION saved_posts_not_blocked();
