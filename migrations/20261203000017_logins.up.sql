-- Where each person is logged in: one row per login, for the list in Settings. The
-- session itself lives in tower_sessions.session and holds the token whose SHA-256 is
-- here. Rows of an older session epoch (a changed password, "Log out other sessions")
-- belong to sessions that no longer work; they are deleted when the epoch moves.
CREATE TABLE logins (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_sha256 BYTEA       NOT NULL UNIQUE,
    epoch        INTEGER     NOT NULL,
    user_agent   TEXT        NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT logins_user_agent_length CHECK (char_length(user_agent) <= 300)
);

CREATE INDEX idx_logins_user_created ON logins (user_id, created_at DESC);
