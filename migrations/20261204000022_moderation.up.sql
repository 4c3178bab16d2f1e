-- Moderation: moderators (granted from the command line), content they hide (seen by
-- its author only), accounts they suspend (cannot log in, everything they shared is
-- hidden; reversible), and an audit log of every action that nobody can edit.
ALTER TABLE users ADD COLUMN is_moderator BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN suspended_at TIMESTAMPTZ;
ALTER TABLE posts ADD COLUMN hidden_at TIMESTAMPTZ;
ALTER TABLE comments ADD COLUMN hidden_at TIMESTAMPTZ;

-- Who acted is kept by id and name (no foreign key: the log outlives accounts).
CREATE TABLE moderation_actions (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    moderator_id       BIGINT      NOT NULL,
    moderator_username TEXT        NOT NULL,
    action             VARCHAR(20) NOT NULL,
    target_kind        VARCHAR(10) NOT NULL,
    target_id          BIGINT      NOT NULL,
    -- What it was (an excerpt, or the username): deleted content is gone otherwise.
    target_summary     TEXT        NOT NULL,
    -- Why: the reports it answered ("spam ×2, harassment").
    reason             TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT moderation_action CHECK (action IN ('dismiss', 'hide', 'delete', 'suspend')),
    CONSTRAINT moderation_target CHECK (target_kind IN ('post', 'comment', 'account'))
);
CREATE INDEX idx_moderation_actions_created ON moderation_actions (created_at DESC, id DESC);

CREATE FUNCTION moderation_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the moderation log is append-only'
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER moderation_log_is_append_only BEFORE UPDATE OR DELETE ON moderation_actions
    FOR EACH ROW EXECUTE FUNCTION moderation_log_is_append_only();
CREATE TRIGGER moderation_log_not_truncated BEFORE TRUNCATE ON moderation_actions
    FOR EACH STATEMENT EXECUTE FUNCTION moderation_log_is_append_only();

-- Reporters hear the outcome; an author hears that their content was hidden.
ALTER TABLE notifications ADD COLUMN moderation_action_id BIGINT
    REFERENCES moderation_actions (id);
ALTER TABLE notifications DROP CONSTRAINT notification_kind;
ALTER TABLE notifications ADD CONSTRAINT notification_kind
    CHECK (kind IN ('like_post', 'like_comment', 'comment', 'follow', 'reply', 'mention',
                    'follow_request', 'report_resolved', 'content_hidden'));
ALTER TABLE notifications ADD CONSTRAINT notification_moderation CHECK (
    (kind IN ('report_resolved', 'content_hidden')) = (moderation_action_id IS NOT NULL));
-- These come from the moderators, who stay anonymous: the recipient is their own actor.
ALTER TABLE notifications DROP CONSTRAINT notification_not_self;
ALTER TABLE notifications ADD CONSTRAINT notification_not_self
    CHECK (recipient_id <> actor_id OR kind IN ('report_resolved', 'content_hidden'));
ALTER TABLE notifications DROP CONSTRAINT notification_shape;
ALTER TABLE notifications ADD CONSTRAINT notification_shape CHECK (
    (kind = 'like_post'    AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'like_comment' AND like_id IS NOT NULL AND post_id IS NOT NULL AND comment_id IS NOT NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind IN ('comment', 'reply') AND comment_id IS NOT NULL AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'mention'      AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'follow'       AND follow_id IS NOT NULL AND post_id IS NULL AND comment_id IS NULL AND like_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'follow_request' AND follow_request_id IS NOT NULL AND post_id IS NULL AND comment_id IS NULL AND like_id IS NULL AND follow_id IS NULL) OR
    (kind = 'report_resolved' AND like_id IS NULL AND follow_id IS NULL AND follow_request_id IS NULL) OR
    (kind = 'content_hidden' AND post_id IS NOT NULL AND like_id IS NULL AND follow_id IS NULL AND follow_request_id IS NULL)
);


-- A suspended account is not there for anyone.
CREATE OR REPLACE FUNCTION may_see(viewer BIGINT, author BIGINT) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT NOT EXISTS (SELECT 1 FROM users WHERE id = author AND suspended_at IS NOT NULL)
       AND (viewer IS NULL OR NOT blocked_between(viewer, author))
$$;

-- Whether `viewer` may see this post: its author's posts (`may_see_posts`), unless a
-- moderator hid it (then only its author does).
CREATE FUNCTION may_see_post(viewer BIGINT, author BIGINT, hidden_at TIMESTAMPTZ)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (hidden_at IS NULL OR viewer IS NOT DISTINCT FROM author)
       AND may_see_posts(viewer, author)
$$;
