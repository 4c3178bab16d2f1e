-- Posts and their comments. A post stores what the image pipeline produced: the
-- sanitized full-size image, its size (so pages reserve the box before it loads), the
-- smaller variants for srcset, a tiny placeholder and the alt text.
CREATE TABLE posts (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id           BIGINT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    image_url         VARCHAR(2000) NOT NULL,
    image_width       INTEGER       NOT NULL,
    image_height      INTEGER       NOT NULL,
    -- [{"width": 640, "url": "/media/…"}, …], smallest first.
    image_variants    JSONB         NOT NULL DEFAULT '[]',
    -- A data: URI of a few hundred bytes, shown blurred while the image loads.
    image_placeholder TEXT          NOT NULL DEFAULT '',
    alt_text          TEXT          NOT NULL DEFAULT '',
    caption           TEXT          NOT NULL DEFAULT '',
    created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),

    CONSTRAINT caption_length CHECK (char_length(caption) <= 2000),
    CONSTRAINT alt_text_length CHECK (char_length(alt_text) <= 1000),
    CONSTRAINT image_size_positive CHECK (image_width > 0 AND image_height > 0),
    CONSTRAINT image_variants_array CHECK (jsonb_typeof(image_variants) = 'array')
);

-- A profile's grid and the home feed: one person's posts, newest first, keyset by id.
CREATE INDEX idx_posts_user_id_created ON posts (user_id, created_at DESC, id DESC);
-- Explore: everyone's posts, newest first.
CREATE INDEX idx_posts_created ON posts (created_at DESC, id DESC);
CREATE INDEX idx_posts_caption_search ON posts
    USING gin (to_tsvector('english', caption));

CREATE TRIGGER posts_set_updated_at BEFORE UPDATE ON posts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE comments (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id    BIGINT      NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    content    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT content_not_empty CHECK (content ~ '[^[:space:]]'),
    CONSTRAINT content_length CHECK (char_length(content) <= 1000)
);

CREATE INDEX idx_comments_post_id_created ON comments (post_id, created_at DESC, id DESC);
-- Deleting a person cascades to their comments: that needs an index on user_id.
CREATE INDEX idx_comments_user_id ON comments (user_id);

CREATE TRIGGER comments_set_updated_at BEFORE UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
