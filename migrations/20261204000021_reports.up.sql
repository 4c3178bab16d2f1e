-- Reports of a post, a comment or an account, for the moderators' queue. A person has
-- at most one open report of the same thing; the report goes with what it reports.
CREATE TABLE reports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reporter_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id     BIGINT      REFERENCES posts (id) ON DELETE CASCADE,
    comment_id  BIGINT      REFERENCES comments (id) ON DELETE CASCADE,
    account_id  BIGINT      REFERENCES users (id) ON DELETE CASCADE,
    reason      VARCHAR(30) NOT NULL,
    details     TEXT        NOT NULL DEFAULT '',
    status      VARCHAR(20) NOT NULL DEFAULT 'open',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at TIMESTAMPTZ,

    CONSTRAINT report_one_target CHECK (num_nonnulls(post_id, comment_id, account_id) = 1),
    CONSTRAINT report_reason CHECK (reason IN ('spam', 'nudity', 'harassment', 'violence',
                                               'false_information', 'other')),
    CONSTRAINT report_other_explained CHECK (reason <> 'other' OR details ~ '[^[:space:]]'),
    CONSTRAINT report_details_length CHECK (char_length(details) <= 1000),
    CONSTRAINT report_status CHECK (status IN ('open', 'dismissed', 'actioned')),
    CONSTRAINT report_resolved CHECK ((status = 'open') = (resolved_at IS NULL))
);

CREATE UNIQUE INDEX reports_open_once ON reports
    (reporter_id, COALESCE(post_id, 0), COALESCE(comment_id, 0), COALESCE(account_id, 0))
    WHERE status = 'open';
-- The moderators' queue: open reports, newest first.
CREATE INDEX idx_reports_open ON reports (created_at DESC) WHERE status = 'open';
CREATE INDEX idx_reports_post ON reports (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX idx_reports_comment ON reports (comment_id) WHERE comment_id IS NOT NULL;
CREATE INDEX idx_reports_account ON reports (account_id) WHERE account_id IS NOT NULL;
