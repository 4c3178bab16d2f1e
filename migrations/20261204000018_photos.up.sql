-- A post holds 1 to 10 photos, shown as a carousel in `position` order. Each photo is
-- what the image pipeline produced: the sanitized full-size image, its size (so pages
-- reserve the box before it loads), the smaller variants for srcset, a tiny
-- placeholder, and its own alt text.
CREATE TABLE photos (
    post_id     BIGINT        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    position    SMALLINT      NOT NULL,
    url         VARCHAR(2000) NOT NULL,
    width       INTEGER       NOT NULL,
    height      INTEGER       NOT NULL,
    -- [{"width": 640, "url": "/media/…"}, …], smallest first.
    variants    JSONB         NOT NULL DEFAULT '[]',
    -- A data: URI of a few hundred bytes, shown blurred while the image loads.
    placeholder TEXT          NOT NULL DEFAULT '',
    alt_text    TEXT          NOT NULL DEFAULT '',

    PRIMARY KEY (post_id, position),
    CONSTRAINT position_in_carousel CHECK (position BETWEEN 0 AND 9),
    CONSTRAINT alt_text_length CHECK (char_length(alt_text) <= 1000),
    CONSTRAINT size_positive CHECK (width > 0 AND height > 0),
    CONSTRAINT variants_array CHECK (jsonb_typeof(variants) = 'array')
);

INSERT INTO photos (post_id, position, url, width, height, variants, placeholder, alt_text)
SELECT id, 0, image_url, image_width, image_height, image_variants, image_placeholder, alt_text
FROM posts;

-- Before a stored file is removed, every reference to it is looked up (files are named
-- by their content and may serve several rows).
CREATE INDEX idx_photos_variants ON photos USING gin (variants jsonb_path_ops);
CREATE INDEX idx_photos_url ON photos (url);

ALTER TABLE posts
    DROP COLUMN image_url,
    DROP COLUMN image_width,
    DROP COLUMN image_height,
    DROP COLUMN image_variants,
    DROP COLUMN image_placeholder,
    DROP COLUMN alt_text;

-- Every post has its first photo when its transaction commits: a post is created with
-- its photos, and a photo leaves only with its post.
CREATE FUNCTION post_has_photos() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM posts WHERE id = NEW.id)
       AND NOT EXISTS (SELECT 1 FROM photos WHERE post_id = NEW.id AND position = 0) THEN
        RAISE EXCEPTION 'post % has no first photo', NEW.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER posts_have_photos AFTER INSERT ON posts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION post_has_photos();

CREATE FUNCTION photo_kept_with_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.position = 0 AND EXISTS (SELECT 1 FROM posts WHERE id = OLD.post_id)
       AND NOT EXISTS (SELECT 1 FROM photos WHERE post_id = OLD.post_id AND position = 0) THEN
        RAISE EXCEPTION 'post % would lose its first photo', OLD.post_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER photos_stay_with_post AFTER DELETE OR UPDATE OF post_id, position ON photos
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION photo_kept_with_post();
