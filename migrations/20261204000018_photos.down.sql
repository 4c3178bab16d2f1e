-- Back to one photo per post: each post keeps its first photo; the others are lost.
DROP TRIGGER photos_stay_with_post ON photos;
DROP FUNCTION photo_kept_with_post();
DROP TRIGGER posts_have_photos ON posts;
DROP FUNCTION post_has_photos();

ALTER TABLE posts
    ADD COLUMN image_url         VARCHAR(2000),
    ADD COLUMN image_width       INTEGER,
    ADD COLUMN image_height      INTEGER,
    ADD COLUMN image_variants    JSONB NOT NULL DEFAULT '[]',
    ADD COLUMN image_placeholder TEXT  NOT NULL DEFAULT '',
    ADD COLUMN alt_text          TEXT  NOT NULL DEFAULT '';

UPDATE posts p SET image_url = ph.url, image_width = ph.width, image_height = ph.height,
                   image_variants = ph.variants, image_placeholder = ph.placeholder,
                   alt_text = ph.alt_text
FROM photos ph WHERE ph.post_id = p.id AND ph.position = 0;

ALTER TABLE posts
    ALTER COLUMN image_url SET NOT NULL,
    ALTER COLUMN image_width SET NOT NULL,
    ALTER COLUMN image_height SET NOT NULL,
    ADD CONSTRAINT alt_text_length CHECK (char_length(alt_text) <= 1000),
    ADD CONSTRAINT image_size_positive CHECK (image_width > 0 AND image_height > 0),
    ADD CONSTRAINT image_variants_array CHECK (jsonb_typeof(image_variants) = 'array');
CREATE INDEX idx_posts_image_variants ON posts USING gin (image_variants jsonb_path_ops);

DROP TABLE photos;
