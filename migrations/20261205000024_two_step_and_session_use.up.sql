-- When each login was last used (touched at most every five minutes), for the list in
-- Settings; a login whose row is gone has ended ("Log out" on that list).
ALTER TABLE logins ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();

-- Two-step login: the secret shared with the person's authenticator app, written when
-- they set it up and in force once a first code proved the app has it; and the last
-- time step a code was accepted for, so that no code works twice.
CREATE TABLE two_step_logins (
    user_id        bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret         bytea       NOT NULL CHECK (octet_length(secret) = 20),
    enabled_at     timestamptz,
    last_used_step bigint      NOT NULL DEFAULT 0
);

-- Ten single-use codes for a lost phone; only their SHA-256 is kept.
CREATE TABLE recovery_codes (
    user_id   bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea       NOT NULL CHECK (octet_length(code_hash) = 32),
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);
