-- People. Usernames and emails are unique case-insensitively: the unique indexes are on
-- lower(...), so "Alice" and "alice" cannot both exist, while the case a person chose
-- is kept for display.

-- One trigger function keeps every table's updated_at current, so no query has to.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE TABLE users (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username          VARCHAR(30)  NOT NULL,
    email             VARCHAR(255) NOT NULL,
    -- An Argon2id PHC string is about 100 characters; leave room for stronger parameters.
    hashed_password   VARCHAR(255) NOT NULL,
    full_name         VARCHAR(255) NOT NULL,
    profile_image_url VARCHAR(2000),
    bio               TEXT,
    -- Bumped when the password changes: sessions remember the epoch they were created
    -- in, so changing the password ends every other session of that person.
    session_epoch     INTEGER      NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),

    CONSTRAINT username_format CHECK (username ~ '^[a-zA-Z0-9_]{3,30}$'),
    CONSTRAINT email_format CHECK (email ~ '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
    CONSTRAINT hashed_password_phc CHECK (hashed_password LIKE '$argon2%'),
    CONSTRAINT full_name_present CHECK (full_name ~ '[^[:space:]]'),
    CONSTRAINT bio_length CHECK (char_length(bio) <= 2000)
);

CREATE UNIQUE INDEX idx_users_username_lower ON users (lower(username));
CREATE UNIQUE INDEX idx_users_email_lower ON users (lower(email));
-- Full-text search over people ('simple': names are not English words to stem).
CREATE INDEX idx_users_search ON users
    USING gin (to_tsvector('simple', username || ' ' || full_name));

CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
