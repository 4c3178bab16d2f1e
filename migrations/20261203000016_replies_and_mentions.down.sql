DROP INDEX idx_notifications_mention_in_comment;
DROP INDEX idx_notifications_mention_in_post;
DELETE FROM notifications WHERE kind IN ('reply', 'mention');
ALTER TABLE notifications DROP CONSTRAINT notification_shape;
ALTER TABLE notifications ADD CONSTRAINT notification_shape CHECK (
    (kind = 'like_post'    AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NULL AND follow_id IS NULL) OR
    (kind = 'like_comment' AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NOT NULL AND follow_id IS NULL) OR
    (kind = 'comment'      AND comment_id IS NOT NULL AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL) OR
    (kind = 'follow'       AND follow_id IS NOT NULL AND post_id IS NULL AND comment_id IS NULL AND like_id IS NULL)
);
ALTER TABLE notifications DROP CONSTRAINT notification_kind;
ALTER TABLE notifications ADD CONSTRAINT notification_kind
    CHECK (kind IN ('like_post', 'like_comment', 'comment', 'follow'));

DROP TRIGGER comments_check_parent ON comments;
DROP FUNCTION comments_check_parent();
DROP INDEX idx_comments_parent_created;
DROP INDEX idx_comments_post_top_created;
-- Replies become top comments again: nothing anyone wrote is lost.
ALTER TABLE comments DROP CONSTRAINT comments_parent_same_post;
ALTER TABLE comments DROP CONSTRAINT comments_id_post;
ALTER TABLE comments DROP COLUMN parent_id;
