-- A logged-in session's account and the SHA-256 of its login token, kept beside the
-- record (which the store encodes, so SQL cannot read it): loading a session then finds
-- its account in the same statement. A session saved before these columns existed
-- fills them at its next save.
ALTER TABLE tower_sessions.session
    ADD COLUMN user_id BIGINT,
    ADD COLUMN login_sha256 BYTEA;
