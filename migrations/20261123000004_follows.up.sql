-- user_id follows user_followed_id.
CREATE TABLE follows (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id          BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_followed_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT unique_follow UNIQUE (user_id, user_followed_id),
    CONSTRAINT no_self_follow CHECK (user_id <> user_followed_id)
);

-- "following" lists and the feed's author set; "followers" lists.
CREATE INDEX idx_follows_user_created ON follows (user_id, created_at DESC);
CREATE INDEX idx_follows_followed_created ON follows (user_followed_id, created_at DESC);
