-- Search shows the newest posts whose caption holds a word. The caption's GIN index
-- finds every match, but not newest first: a common word meant reading every matching
-- post to sort them. `caption_words` lists each post's words (the caption's lexemes,
-- as `to_tsvector('english', …)` makes them) with the post's time, so the newest posts
-- holding a word are one backward range of its primary key, read only as far as a
-- page needs.
CREATE TABLE caption_words (
    word TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    post_id BIGINT NOT NULL
);

INSERT INTO caption_words (word, created_at, post_id)
SELECT word, p.created_at, p.id
FROM posts p, unnest(tsvector_to_array(to_tsvector('english', p.caption))) AS word;

ALTER TABLE caption_words ADD PRIMARY KEY (word, created_at, post_id);
CREATE INDEX idx_caption_words_post ON caption_words (post_id);
ALTER TABLE caption_words
    ADD FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE;

-- New posts, a statement at a time (the seeder inserts thousands in one).
CREATE FUNCTION list_new_caption_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO caption_words (word, created_at, post_id)
    SELECT word, added.created_at, added.id
    FROM added, unnest(tsvector_to_array(to_tsvector('english', added.caption))) AS word;
    RETURN NULL;
END $$;

CREATE TRIGGER posts_list_caption_words AFTER INSERT ON posts
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION list_new_caption_words();

-- An edited caption: its words listed again.
CREATE FUNCTION relist_caption_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM caption_words WHERE post_id = NEW.id;
    INSERT INTO caption_words (word, created_at, post_id)
    SELECT word, NEW.created_at, NEW.id
    FROM unnest(tsvector_to_array(to_tsvector('english', NEW.caption))) AS word;
    RETURN NULL;
END $$;

CREATE TRIGGER posts_relist_caption_words AFTER UPDATE OF caption ON posts
    FOR EACH ROW WHEN (OLD.caption IS DISTINCT FROM NEW.caption)
    EXECUTE FUNCTION relist_caption_words();

-- People whose username or folded full name starts with what was typed, in order: a
-- range of these indexes (`~>=~`/`~<~` compare bytes, as `text_pattern_ops` sorts),
-- read only as far as ten names, where the trigram indexes would list every match.
CREATE INDEX idx_users_username_prefix ON users (lower(username) text_pattern_ops);
CREATE INDEX idx_users_full_name_prefix ON users (search_fold(full_name) text_pattern_ops);
