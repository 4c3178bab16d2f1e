-- Private accounts: their posts (and followers and following lists) are for their
-- approved followers only. Following one sends a request, which its owner confirms or
-- deletes; the request is a notification of its own until then.
ALTER TABLE users ADD COLUMN is_private BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE follow_requests (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    requester_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT unique_follow_request UNIQUE (requester_id, target_id),
    CONSTRAINT no_self_request CHECK (requester_id <> target_id)
);
CREATE INDEX idx_follow_requests_target ON follow_requests (target_id, created_at DESC);

ALTER TABLE notifications ADD COLUMN follow_request_id BIGINT
    REFERENCES follow_requests (id) ON DELETE CASCADE;
CREATE INDEX idx_notifications_follow_request ON notifications (follow_request_id)
    WHERE follow_request_id IS NOT NULL;
ALTER TABLE notifications DROP CONSTRAINT notification_kind;
ALTER TABLE notifications ADD CONSTRAINT notification_kind
    CHECK (kind IN ('like_post', 'like_comment', 'comment', 'follow', 'reply', 'mention',
                    'follow_request'));
ALTER TABLE notifications DROP CONSTRAINT notification_shape;
ALTER TABLE notifications ADD CONSTRAINT notification_shape CHECK (
    (kind = 'like_post'    AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'like_comment' AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NOT NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind IN ('comment', 'reply') AND comment_id IS NOT NULL AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'mention'      AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'follow'       AND follow_id IS NOT NULL AND post_id IS NULL AND comment_id IS NULL AND like_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'follow_request' AND follow_request_id IS NOT NULL AND post_id IS NULL AND comment_id IS NULL AND like_id IS NULL AND follow_id IS NULL)
);

-- Whether `viewer` (NULL: someone logged out) may see the posts of `author`, and their
-- followers and following lists: themselves; anyone not kept apart by a block, when
-- the account is public; its approved followers, when it is private. Every query that
-- shows posts asks it (and `may_see` for people).
CREATE FUNCTION may_see_posts(viewer BIGINT, author BIGINT) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT viewer IS NOT DISTINCT FROM author
        OR (may_see(viewer, author)
            AND (NOT (SELECT is_private FROM users WHERE id = author)
                 OR EXISTS (SELECT 1 FROM follows
                            WHERE user_id = viewer AND user_followed_id = author)))
$$;

-- Writes about a post need its posts to be visible to the writer: nobody likes,
-- comments on or saves what they may not see (the same errors as for something gone).
CREATE OR REPLACE FUNCTION comments_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM posts p WHERE p.id = NEW.post_id
               AND NOT may_see_posts(NEW.user_id, p.user_id))
       OR EXISTS (SELECT 1 FROM comments c WHERE c.id = NEW.parent_id
                  AND blocked_between(NEW.user_id, c.user_id)) THEN
        RAISE EXCEPTION 'post % is not there for user %', NEW.post_id, NEW.user_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'comments_not_blocked';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION likes_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.likeable_type = 'post' AND EXISTS (
            SELECT 1 FROM posts p WHERE p.id = NEW.likeable_id
            AND NOT may_see_posts(NEW.user_id, p.user_id)))
       OR (NEW.likeable_type = 'comment' AND EXISTS (
            SELECT 1 FROM comments c JOIN posts p ON p.id = c.post_id
            WHERE c.id = NEW.likeable_id
              AND (blocked_between(NEW.user_id, c.user_id)
                   OR NOT may_see_posts(NEW.user_id, p.user_id)))) THEN
        RAISE EXCEPTION 'the % % is not there for user %', NEW.likeable_type,
            NEW.likeable_id, NEW.user_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'likes_target_exists';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION saved_posts_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM posts p WHERE p.id = NEW.post_id
               AND NOT may_see_posts(NEW.user_id, p.user_id)) THEN
        RAISE EXCEPTION 'post % is not there for user %', NEW.post_id, NEW.user_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'saved_posts_post_id_fkey';
    END IF;
    RETURN NEW;
END $$;

-- A follow of a private account only comes from a confirmed request (the app inserts
-- it then, in the same transaction as the request's removal).
CREATE FUNCTION follows_need_approval() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT is_private FROM users WHERE id = NEW.user_followed_id)
       AND NOT EXISTS (SELECT 1 FROM follow_requests
                       WHERE requester_id = NEW.user_id AND target_id = NEW.user_followed_id) THEN
        RAISE EXCEPTION 'user % is private: follow % needs a confirmed request',
            NEW.user_followed_id, NEW.user_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'follows_need_approval';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER follows_need_approval BEFORE INSERT ON follows
    FOR EACH ROW EXECUTE FUNCTION follows_need_approval();

-- A block ends pending requests both ways too.
CREATE OR REPLACE FUNCTION blocks_end_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM follows
    WHERE (user_id = NEW.blocker_id AND user_followed_id = NEW.blocked_id)
       OR (user_id = NEW.blocked_id AND user_followed_id = NEW.blocker_id);
    DELETE FROM follow_requests
    WHERE (requester_id = NEW.blocker_id AND target_id = NEW.blocked_id)
       OR (requester_id = NEW.blocked_id AND target_id = NEW.blocker_id);
    RETURN NULL;
END $$;
