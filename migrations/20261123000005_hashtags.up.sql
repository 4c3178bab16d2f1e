-- Hashtags parsed from captions, many-to-many with posts. Names are stored lowercased
-- (Unicode letters, digits and underscore), so #Sunset and #sunset are one tag.
CREATE TABLE hashtags (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),

    CONSTRAINT hashtags_name_key UNIQUE (name),
    CONSTRAINT hashtag_name_format CHECK (name = lower(name) AND name ~ '^[[:alnum:]_]+$')
);

CREATE TABLE post_hashtags (
    post_id    BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    hashtag_id BIGINT NOT NULL REFERENCES hashtags (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, hashtag_id)
);

-- A tag's page: its posts, newest first (post ids grow with time).
CREATE INDEX idx_post_hashtags_hashtag_post ON post_hashtags (hashtag_id, post_id DESC);
-- Search by tag prefix.
CREATE INDEX idx_hashtags_name_pattern ON hashtags (name text_pattern_ops);
