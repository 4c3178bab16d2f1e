-- Replies, one level deep as on Instagram: a reply belongs to a top comment of the same
-- post (the composite key says "same post"; the trigger says "a top comment"), and goes
-- with it when it is deleted.
ALTER TABLE comments ADD COLUMN parent_id BIGINT;
ALTER TABLE comments ADD CONSTRAINT comments_id_post UNIQUE (id, post_id);
ALTER TABLE comments ADD CONSTRAINT comments_parent_same_post
    FOREIGN KEY (parent_id, post_id) REFERENCES comments (id, post_id) ON DELETE CASCADE;

-- A post page lists its top comments oldest first; a thread its replies the same way.
CREATE INDEX idx_comments_post_top_created ON comments (post_id, created_at, id)
    WHERE parent_id IS NULL;
CREATE INDEX idx_comments_parent_created ON comments (parent_id, created_at, id)
    WHERE parent_id IS NOT NULL;

CREATE FUNCTION comments_check_parent() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.parent_id IS NULL THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM comments WHERE id = NEW.parent_id AND parent_id IS NOT NULL) THEN
        RAISE EXCEPTION 'comment % is a reply: a reply answers its thread''s top comment',
            NEW.parent_id USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_one_level';
    END IF;
    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM comments WHERE parent_id = NEW.id) THEN
        RAISE EXCEPTION 'comment % has replies, so it cannot become one', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_one_level';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER comments_check_parent BEFORE INSERT OR UPDATE OF parent_id ON comments
    FOR EACH ROW EXECUTE FUNCTION comments_check_parent();

-- Two more kinds of activity: a reply to my comment, a mention of me in a caption
-- (no comment) or a comment. A mention notifies once per post or comment, however
-- often the caption is edited.
ALTER TABLE notifications DROP CONSTRAINT notification_kind;
ALTER TABLE notifications ADD CONSTRAINT notification_kind
    CHECK (kind IN ('like_post', 'like_comment', 'comment', 'follow', 'reply', 'mention'));
ALTER TABLE notifications DROP CONSTRAINT notification_shape;
ALTER TABLE notifications ADD CONSTRAINT notification_shape CHECK (
    (kind = 'like_post'    AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NULL AND follow_id IS NULL) OR
    (kind = 'like_comment' AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NOT NULL AND follow_id IS NULL) OR
    (kind IN ('comment', 'reply') AND comment_id IS NOT NULL AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL) OR
    (kind = 'mention'      AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL) OR
    (kind = 'follow'       AND follow_id IS NOT NULL AND post_id IS NULL AND comment_id IS NULL AND like_id IS NULL)
);
CREATE UNIQUE INDEX idx_notifications_mention_in_post ON notifications (recipient_id, post_id)
    WHERE kind = 'mention' AND comment_id IS NULL;
CREATE UNIQUE INDEX idx_notifications_mention_in_comment ON notifications (recipient_id, comment_id)
    WHERE kind = 'mention' AND comment_id IS NOT NULL;
