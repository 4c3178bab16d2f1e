-- The session store's table, as tower-sessions' PostgresStore expects it (the app does
-- not call the store's own migrate(): the schema lives here, with up and down).
CREATE SCHEMA tower_sessions;

CREATE TABLE tower_sessions.session (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BYTEA       NOT NULL,
    expiry_date TIMESTAMPTZ NOT NULL
);

-- The periodic clean-up deletes expired sessions.
CREATE INDEX idx_session_expiry_date ON tower_sessions.session (expiry_date);
