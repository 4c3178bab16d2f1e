//! A real SMTP server for the tests that mail: aiosmtpd (`scripts/smtp-server`), on a
//! port of its own, writing every mail it takes to a folder as JSON.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use tokio::process::{Child, Command};

/// One mail as the server received it, decoded.
#[derive(Debug, Clone, Deserialize)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl ReceivedMail {
    /// The first link to `path` in the text.
    pub fn link(&self, path: &str) -> Option<String> {
        link_in(&self.text, path)
    }
}

/// The first link to `path` in a mail's text.
pub fn link_in(text: &str, path: &str) -> Option<String> {
    text.split_whitespace()
        .find(|word| word.starts_with("http") && word.contains(path))
        .map(str::to_owned)
}

pub struct SmtpServer {
    pub port: u16,
    dir: PathBuf,
    /// Killed when the server is dropped.
    _child: Child,
}

/// A port nothing listens on (yet).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpServer {
    pub async fn start() -> Self {
        Self::start_on(free_port()).await
    }

    /// The server on `port`, answering once it accepts connections.
    pub async fn start_on(port: u16) -> Self {
        let dir = std::env::temp_dir().join(format!("isntgram-smtp-{port}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/smtp-server");
        let child = Command::new(script)
            .arg(port.to_string())
            .arg(&dir)
            .kill_on_drop(true)
            .spawn()
            .expect("scripts/smtp-server starts (scripts/setup installs aiosmtpd)");
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Self {
                    port,
                    dir,
                    _child: child,
                };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP server did not start on port {port}");
    }

    /// `SMTP_URL` for the app.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every mail received so far, in order of arrival.
    pub fn mails(&self) -> Vec<ReceivedMail> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|path| serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap())
            .collect()
    }

    /// The mails to `to`.
    pub fn mails_to(&self, to: &str) -> Vec<ReceivedMail> {
        self.mails()
            .into_iter()
            .filter(|mail| mail.to.iter().any(|rcpt| rcpt.eq_ignore_ascii_case(to)))
            .collect()
    }

    /// The first mail to `to` whose subject contains `subject`, waiting for it to arrive
    /// (delivery is asynchronous: the outbox worker sends it after the commit).
    pub async fn wait_for(&self, to: &str, subject: &str) -> ReceivedMail {
        for _ in 0..300 {
            if let Some(mail) = self
                .mails_to(to)
                .into_iter()
                .find(|mail| mail.subject.contains(subject))
            {
                return mail;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "no mail to {to} about “{subject}” arrived; received: {:?}",
            self.mails()
        );
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
