//! Where mail goes: an SMTP server (`SMTP_URL`), or in development a folder of `.eml`
//! files (`MAIL_DIR`) with each mail's link in the log.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::Duration;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::mail::{Mail, MailSettings};

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;

/// Hands one mail over. An error means it was not taken and may be tried again.
pub trait Mailer: Send + Sync {
    fn send<'a>(&'a self, mail: &'a Mail) -> SendFuture<'a>;
}

/// The mailer the settings ask for.
pub fn configured(settings: &MailSettings) -> anyhow::Result<Box<dyn Mailer>> {
    let from: Mailbox = settings
        .from
        .parse()
        .with_context(|| format!("MAIL_FROM={} is not a mail address", settings.from))?;
    Ok(match &settings.smtp_url {
        Some(url) => Box::new(Smtp {
            transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .context("SMTP_URL is not a valid smtp:// or smtps:// address")?
                .timeout(Some(Duration::from_secs(10)))
                .build(),
            from,
        }),
        None => Box::new(Folder {
            transport: AsyncFileTransport::<Tokio1Executor>::new(&settings.dir),
            dir: settings.dir.clone(),
            from,
        }),
    })
}

fn message(from: &Mailbox, mail: &Mail) -> anyhow::Result<Message> {
    let to: Mailbox = mail
        .to
        .parse()
        .with_context(|| format!("{} is not a mail address", mail.to))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&mail.subject)
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .context("building the mail")
}

struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer for Smtp {
    fn send<'a>(&'a self, mail: &'a Mail) -> SendFuture<'a> {
        Box::pin(async move {
            let message = message(&self.from, mail)?;
            self.transport
                .send(message)
                .await
                .context("the SMTP server did not take the mail")?;
            Ok(())
        })
    }
}

struct Folder {
    transport: AsyncFileTransport<Tokio1Executor>,
    dir: PathBuf,
    from: Mailbox,
}

impl Mailer for Folder {
    fn send<'a>(&'a self, mail: &'a Mail) -> SendFuture<'a> {
        Box::pin(async move {
            tokio::fs::create_dir_all(&self.dir)
                .await
                .with_context(|| format!("cannot create MAIL_DIR {}", self.dir.display()))?;
            let message = message(&self.from, mail)?;
            let id = self
                .transport
                .send(message)
                .await
                .context("cannot write the mail")?;
            let link = mail
                .text
                .split_whitespace()
                .find(|word| word.starts_with("http://") || word.starts_with("https://"));
            tracing::info!(
                to = %mail.to,
                subject = %mail.subject,
                link = link.unwrap_or("none"),
                file = %self.dir.join(format!("{id}.eml")).display(),
                "mail written (no SMTP_URL)"
            );
            Ok(())
        })
    }
}
