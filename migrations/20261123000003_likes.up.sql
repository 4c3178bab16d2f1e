-- Likes are polymorphic (a post or a comment), so no foreign key can point at their
-- target. Triggers stand in for it, both ways:
--   * a like can only be made on a target that exists (and the target is locked until
--     the like commits, so it cannot be deleted underneath it);
--   * deleting a post or a comment deletes their likes. Deleting a post cascades to its
--     comments, whose trigger removes the comments' likes too.
CREATE TABLE likes (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    likeable_type VARCHAR(50) NOT NULL,
    likeable_id   BIGINT      NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT unique_user_like UNIQUE (user_id, likeable_type, likeable_id),
    CONSTRAINT valid_likeable_type CHECK (likeable_type IN ('post', 'comment'))
);

-- Counting a target's likes, newest first (the unique constraint serves "did I like it").
CREATE INDEX idx_likes_type_id_created ON likes (likeable_type, likeable_id, created_at DESC);

CREATE FUNCTION likes_check_target() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.likeable_type = 'post' THEN
        PERFORM 1 FROM posts WHERE id = NEW.likeable_id FOR KEY SHARE;
    ELSIF NEW.likeable_type = 'comment' THEN
        PERFORM 1 FROM comments WHERE id = NEW.likeable_id FOR KEY SHARE;
    ELSE
        RETURN NEW; -- an unknown type: the valid_likeable_type check refuses it
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the % % does not exist', NEW.likeable_type, NEW.likeable_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'likes_target_exists';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER likes_check_target BEFORE INSERT OR UPDATE ON likes
    FOR EACH ROW EXECUTE FUNCTION likes_check_target();

CREATE FUNCTION delete_likes_of_target() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- TG_ARGV[0] names the likeable_type of the table the trigger sits on.
    DELETE FROM likes WHERE likeable_type = TG_ARGV[0] AND likeable_id = OLD.id;
    RETURN OLD;
END
$$;

CREATE TRIGGER posts_delete_likes AFTER DELETE ON posts
    FOR EACH ROW EXECUTE FUNCTION delete_likes_of_target('post');
CREATE TRIGGER comments_delete_likes AFTER DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION delete_likes_of_target('comment');
