-- The shared demo account ("Try the demo") is found by this flag, never by its name.
-- Its username, email and password are fixed and it cannot be deleted, so no visitor
-- can take it over, rename it away, or break the next visitor's demo.
ALTER TABLE users ADD COLUMN is_demo boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX idx_users_one_demo ON users (is_demo) WHERE is_demo;

UPDATE users SET is_demo = true
WHERE id = (SELECT id FROM users WHERE lower(username) = 'demo' ORDER BY id LIMIT 1);

CREATE FUNCTION keep_demo_account() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.is_demo THEN
            RAISE EXCEPTION 'the demo account cannot be deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.is_demo AND (NEW.username IS DISTINCT FROM OLD.username
                        OR NEW.email IS DISTINCT FROM OLD.email
                        OR NEW.hashed_password IS DISTINCT FROM OLD.hashed_password
                        OR NOT NEW.is_demo) THEN
        RAISE EXCEPTION 'the demo account keeps its username, email and password';
    END IF;
    IF NEW.is_demo AND NOT OLD.is_demo THEN
        RAISE EXCEPTION 'an existing account cannot become the demo account';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER users_keep_demo_account
    BEFORE UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION keep_demo_account();
