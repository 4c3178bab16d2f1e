//! The outbox's statements: mail goes in with the action that sends it and leaves once
//! a mail server took it.

use sqlx::{PgConnection, PgExecutor};

use crate::mail::Mail;

/// After this many failed attempts (about a day of them) a mail is given up on.
pub const MAX_ATTEMPTS: i32 = 30;

/// Queues `mail`; it is sent once the surrounding transaction commits.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn enqueue(executor: impl PgExecutor<'_>, mail: &Mail) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO mail_outbox (recipient, subject, body_text, body_html)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .execute(executor)
    .await?;
    Ok(())
}

/// A mail whose time has come, locked for the transaction that sends it.
#[derive(Debug, sqlx::FromRow)]
pub struct DueMailRow {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attempts: i32,
}

impl DueMailRow {
    pub fn mail(&self) -> Mail {
        Mail {
            to: self.recipient.clone(),
            subject: self.subject.clone(),
            text: self.body_text.clone(),
            html: self.body_html.clone(),
        }
    }
}

/// The mail due longest, skipping any another worker holds.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn claim_due(conn: &mut PgConnection) -> sqlx::Result<Option<DueMailRow>> {
    sqlx::query_as(
        "SELECT id, recipient, subject, body_text, body_html, attempts FROM mail_outbox
         WHERE next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT 1
         FOR UPDATE SKIP LOCKED",
    )
    .fetch_optional(conn)
    .await
}

/// Marks a mail sent. Its words go: they may hold a link that works (a reset, a
/// confirmation), and the outbox is no place to keep one.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn mark_sent(conn: &mut PgConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE mail_outbox
         SET sent_at = now(), next_attempt_at = NULL, attempts = attempts + 1, last_error = NULL,
             body_text = '', body_html = ''
         WHERE id = $1",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a failed attempt; the next waits twice as long as the last (2 s, 4 s, …, at
/// most an hour), and after `MAX_ATTEMPTS` there is none (and the words go, as when
/// sent).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn mark_failed(conn: &mut PgConnection, id: i64, error: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE mail_outbox
         SET attempts = attempts + 1,
             last_error = left($2, 1000),
             next_attempt_at = CASE WHEN attempts + 1 >= $3 THEN NULL
                 ELSE now() + least(interval '1 second' * power(2, least(attempts + 1, 12)),
                                    interval '1 hour') END,
             body_text = CASE WHEN attempts + 1 >= $3 THEN '' ELSE body_text END,
             body_html = CASE WHEN attempts + 1 >= $3 THEN '' ELSE body_html END
         WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(MAX_ATTEMPTS)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets mail sent (or given up on) more than 30 days ago; the recent rows stay, for
/// whoever looks into a delivery.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn purge(pool: &sqlx::PgPool) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "DELETE FROM mail_outbox
         WHERE next_attempt_at IS NULL AND created_at < now() - interval '30 days'",
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
