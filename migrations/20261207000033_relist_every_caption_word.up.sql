-- Every post's caption words listed again from the captions themselves, for a bulk load
-- that skipped the triggers that list them (the seeder's). Returns how many are listed.
CREATE FUNCTION relist_every_caption_word() RETURNS bigint
LANGUAGE sql AS $$
    DELETE FROM caption_words;
    INSERT INTO caption_words (word, created_at, post_id)
    SELECT word, p.created_at, p.id
    FROM posts p, unnest(tsvector_to_array(to_tsvector('english', p.caption))) AS word;
    SELECT count(*) FROM caption_words;
$$;
