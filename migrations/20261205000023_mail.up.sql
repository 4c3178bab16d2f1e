-- Mail waits here, written in the same transaction as the action it tells of, until a
-- worker hands it to the mail server: a crash between the two loses nothing, and a
-- worker holds a row's lock while it sends, so no two servers send the same mail.
CREATE TABLE mail_outbox (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient       text        NOT NULL CHECK (length(recipient) BETWEEN 3 AND 320),
    subject         text        NOT NULL CHECK (length(subject) <= 200),
    body_text       text        NOT NULL,
    body_html       text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- When to try next; NULL once sent, or given up after too many failures.
    next_attempt_at timestamptz DEFAULT now(),
    sent_at         timestamptz,
    last_error      text,
    CHECK (sent_at IS NULL OR next_attempt_at IS NULL)
);
CREATE INDEX idx_mail_outbox_due ON mail_outbox (next_attempt_at)
    WHERE next_attempt_at IS NOT NULL;

-- NULL until the person opens the link mailed to their address. The demo account has
-- no mailbox to check.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
UPDATE users SET email_verified_at = created_at WHERE is_demo;

-- Single-use links mailed to an address: confirming it (after sign-up or to change the
-- account's email to it) or resetting the password. Only a SHA-256 of the random token
-- is kept, so the table alone opens nothing.
CREATE TABLE email_tokens (
    token_hash bytea       PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text        NOT NULL
        CHECK (purpose IN ('verify_email', 'change_email', 'reset_password')),
    -- The address the link was sent to: for a change, the new one.
    email      text        NOT NULL CHECK (length(email) <= 320),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX idx_email_tokens_user ON email_tokens (user_id, purpose);
