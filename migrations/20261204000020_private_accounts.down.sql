CREATE OR REPLACE FUNCTION blocks_end_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM follows
    WHERE (user_id = NEW.blocker_id AND user_followed_id = NEW.blocked_id)
       OR (user_id = NEW.blocked_id AND user_followed_id = NEW.blocker_id);
    RETURN NULL;
END $$;
DROP TRIGGER follows_need_approval ON follows;
DROP FUNCTION follows_need_approval();

CREATE OR REPLACE FUNCTION comments_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE FUNCTION likes_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE FUNCTION saved_posts_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM posts p WHERE p.id = NEW.post_id
               AND blocked_between(NEW.user_id, p.user_id)) THEN
        RAISE EXCEPTION 'post % is not there for user %', NEW.post_id, NEW.user_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'saved_posts_post_id_fkey';
    END IF;
    RETURN NEW;
END $$;

DROP FUNCTION may_see_posts(BIGINT, BIGINT);

DELETE FROM notifications WHERE kind = 'follow_request';
ALTER TABLE notifications DROP CONSTRAINT notification_shape;
ALTER TABLE notifications ADD CONSTRAINT notification_shape CHECK (
    (kind = 'like_post'    AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NULL AND follow_id IS NULL) OR
    (kind = 'like_comment' AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NOT NULL AND follow_id IS NULL) OR
    (kind IN ('comment', 'reply') AND comment_id IS NOT NULL AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL) OR
    (kind = 'mention'      AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL) OR
    (kind = 'follow'       AND follow_id IS NOT NULL AND post_id IS NULL AND comment_id IS NULL AND like_id IS NULL)
);
ALTER TABLE notifications DROP CONSTRAINT notification_kind;
ALTER TABLE notifications ADD CONSTRAINT notification_kind
    CHECK (kind IN ('like_post', 'like_comment', 'comment', 'follow', 'reply', 'mention'));
ALTER TABLE notifications DROP COLUMN follow_request_id;
DROP TABLE follow_requests;
ALTER TABLE users DROP COLUMN is_private;
