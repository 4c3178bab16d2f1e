DROP FUNCTION may_see_post(BIGINT, BIGINT, TIMESTAMPTZ);
CREATE OR REPLACE FUNCTION may_see(viewer BIGINT, author BIGINT) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT viewer IS NULL OR NOT blocked_between(viewer, author)
$$;
DELETE FROM notifications WHERE kind IN ('report_resolved', 'content_hidden');
ALTER TABLE notifications DROP CONSTRAINT notification_not_self;
ALTER TABLE notifications ADD CONSTRAINT notification_not_self CHECK (recipient_id <> actor_id);
ALTER TABLE notifications DROP CONSTRAINT notification_shape;
ALTER TABLE notifications ADD CONSTRAINT notification_shape CHECK (
    (kind = 'like_post'    AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'like_comment' AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NOT NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind IN ('comment', 'reply') AND comment_id IS NOT NULL AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'mention'      AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'follow'       AND follow_id IS NOT NULL AND post_id IS NULL AND comment_id IS NULL AND like_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'follow_request' AND follow_request_id IS NOT NULL AND post_id IS NULL AND comment_id IS NULL AND like_id IS NULL AND follow_id IS NULL)
);

ALTER TABLE notifications DROP CONSTRAINT notification_moderation;
ALTER TABLE notifications DROP CONSTRAINT notification_kind;
ALTER TABLE notifications ADD CONSTRAINT notification_kind
    CHECK (kind IN ('like_post', 'like_comment', 'comment', 'follow', 'reply', 'mention',
                    'follow_request'));
ALTER TABLE notifications DROP COLUMN moderation_action_id;
DROP TABLE moderation_actions;
DROP FUNCTION moderation_log_is_append_only();
ALTER TABLE comments DROP COLUMN hidden_at;
ALTER TABLE posts DROP COLUMN hidden_at;
ALTER TABLE users DROP COLUMN suspended_at;
ALTER TABLE users DROP COLUMN is_moderator;
