-- Activity: someone liked my post or comment, commented on my post, followed me.
-- Each notification points at the row that caused it (the like, the comment, the
-- follow) with ON DELETE CASCADE, so undoing the action (unlike, delete the comment,
-- unfollow) removes its notification with no extra code path to forget.
CREATE TABLE notifications (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    actor_id     BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         VARCHAR(20) NOT NULL,
    post_id      BIGINT REFERENCES posts (id) ON DELETE CASCADE,
    comment_id   BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    like_id      BIGINT REFERENCES likes (id) ON DELETE CASCADE,
    follow_id    BIGINT REFERENCES follows (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at      TIMESTAMPTZ,

    CONSTRAINT notification_kind CHECK (kind IN ('like_post', 'like_comment', 'comment', 'follow')),
    -- Nobody is notified of their own actions.
    CONSTRAINT notification_not_self CHECK (recipient_id <> actor_id),
    CONSTRAINT notification_shape CHECK (
        (kind = 'like_post'    AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NULL AND follow_id IS NULL) OR
        (kind = 'like_comment' AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NOT NULL AND follow_id IS NULL) OR
        (kind = 'comment'      AND comment_id IS NOT NULL AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL) OR
        (kind = 'follow'       AND follow_id IS NOT NULL AND post_id IS NULL AND comment_id IS NULL AND like_id IS NULL)
    )
);

CREATE INDEX idx_notifications_recipient_created
    ON notifications (recipient_id, created_at DESC, id DESC);
-- The unread badge in the navigation.
CREATE INDEX idx_notifications_unread ON notifications (recipient_id) WHERE read_at IS NULL;
-- The cascades above look rows up by these columns.
CREATE INDEX idx_notifications_actor ON notifications (actor_id);
CREATE INDEX idx_notifications_post ON notifications (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX idx_notifications_comment ON notifications (comment_id) WHERE comment_id IS NOT NULL;
CREATE INDEX idx_notifications_like ON notifications (like_id) WHERE like_id IS NOT NULL;
CREATE INDEX idx_notifications_follow ON notifications (follow_id) WHERE follow_id IS NOT NULL;
