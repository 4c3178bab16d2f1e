//! The worker that empties the outbox. It wakes when this server queued mail (the
//! `OutboxWake` in the state) and every few seconds for mail queued by other servers
//! and for retries. Each mail is sent inside the transaction that locks its row, so
//! two servers never send it both; a crash after the server took it but before the
//! commit sends it again on the next round (at least once, never lost).

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::Notify;
use tracing::Instrument;

use crate::mail::outbox;
use crate::mail::transport::Mailer;

/// How often the outbox is looked at without a wake-up.
const POLL_EVERY: Duration = Duration::from_secs(3);

/// Rings the worker of this server after a transaction that queued mail committed.
#[derive(Clone, Default)]
pub struct OutboxWake(Arc<Notify>);

impl OutboxWake {
    pub fn ring(&self) {
        self.0.notify_one();
    }
}

/// Runs the worker until the runtime stops. Its first look is at the first wake-up or
/// one period after start, so a server that is over in a moment opens no connection.
pub fn spawn(pool: PgPool, mailer: Arc<dyn Mailer>, wake: OutboxWake) {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                () = wake.0.notified() => {}
                () = tokio::time::sleep(POLL_EVERY) => {}
            }
            if let Err(error) = deliver_due(&pool, mailer.as_ref()).await {
                tracing::warn!(%error, "could not read the mail outbox");
            }
        }
    });
}

/// Sends every mail that is due; answers how many went.
pub async fn deliver_due(pool: &PgPool, mailer: &dyn Mailer) -> sqlx::Result<usize> {
    let mut sent = 0;
    loop {
        let mut tx = pool.begin().await?;
        let Some(due) = outbox::claim_due(&mut tx).await? else {
            return Ok(sent);
        };
        let span = tracing::info_span!("send_mail", mail_id = due.id, attempt = due.attempts + 1);
        match mailer.send(&due.mail()).instrument(span).await {
            Ok(()) => {
                outbox::mark_sent(&mut tx, due.id).await?;
                sent += 1;
            }
            Err(error) => {
                let error = format!("{error:#}");
                tracing::warn!(mail_id = due.id, attempts = due.attempts + 1, %error, "a mail was not sent");
                outbox::mark_failed(&mut tx, due.id, &error).await?;
            }
        }
        tx.commit().await?;
        // A failed mail waits for its next attempt; others behind it go now.
    }
}
