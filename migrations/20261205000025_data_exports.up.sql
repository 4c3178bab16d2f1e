-- "Download your data" in progress: one at a time per account, on whichever server.
-- A lease older than 15 minutes belongs to a download that died with its server.
CREATE UNLOGGED TABLE data_exports (
    user_id    bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL DEFAULT now()
);
