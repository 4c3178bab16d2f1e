-- Rate limits that hold across every app server. One row per key (an account, an IPv6
-- /64, a device): the theoretical arrival time of the next request under the generic
-- cell rate algorithm. UNLOGGED: losing them in a crash only forgives a few attempts.
CREATE UNLOGGED TABLE rate_limits (
    key text        PRIMARY KEY CHECK (length(key) <= 300),
    tat timestamptz NOT NULL
);
CREATE INDEX idx_rate_limits_tat ON rate_limits (tat);

-- Browsers that have logged in to an account (OWASP's "device cookie"): their attempts
-- on that account have a limit of their own, so an attack on the account cannot lock
-- its owner out. Only a SHA-256 of the cookie's random token is kept.
CREATE TABLE login_devices (
    token_hash bytea       NOT NULL CHECK (octet_length(token_hash) = 32),
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (token_hash, user_id)
);
CREATE INDEX idx_login_devices_user ON login_devices (user_id);
