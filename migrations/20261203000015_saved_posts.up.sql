-- Posts people keep for later. Only the person who saved a post ever sees that they
-- did; nobody is notified.
CREATE TABLE saved_posts (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id    BIGINT      NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),

    -- Saving twice is saving once; the constraint also answers "did I save it".
    CONSTRAINT saved_posts_once UNIQUE (user_id, post_id)
);

-- `/:username/saved`: mine, newest saved first, a keyset page at a time.
CREATE INDEX idx_saved_posts_user_created ON saved_posts (user_id, created_at DESC, id DESC);
-- Deleting a post cascades here.
CREATE INDEX idx_saved_posts_post ON saved_posts (post_id);
