//! Mail to people's addresses. An action that mails writes the mail to the outbox in
//! its own transaction (`outbox::enqueue`); a worker on every app server hands due mail
//! to the configured `Mailer` (SMTP, or a folder of `.eml` files in development) and
//! retries failures with a growing delay.

pub mod outbox;
pub mod transport;
pub mod worker;

use std::path::PathBuf;

use html_escape::{encode_double_quoted_attribute, encode_text};

/// The app's name, as mails sign themselves.
pub const APP_NAME: &str = "Isntgram";

/// Where mail goes and whom it is from.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `SMTP_URL`: the mail server, `smtps://user:password@host:465`,
    /// `smtp://user:password@host:587?tls=required` (STARTTLS) or `smtp://host:25`.
    /// Unset: every mail is written to `MAIL_DIR` instead and its link logged.
    pub smtp_url: Option<String>,
    /// `MAIL_FROM` (default `Isntgram <no-reply@localhost>`).
    pub from: String,
    /// `MAIL_DIR` (default `target/mail`): where mails go without `SMTP_URL`.
    pub dir: PathBuf,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            smtp_url: None,
            from: "Isntgram <no-reply@localhost>".to_owned(),
            dir: PathBuf::from("target/mail"),
        }
    }
}

/// One mail, ready for the outbox: plain text and the same in simple HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The button of a mail: what it says and where it leads.
pub struct Action<'a> {
    pub label: &'a str,
    pub url: &'a str,
}

impl Mail {
    /// A mail of a few paragraphs and at most one link, written twice: as text (the link
    /// on a line of its own) and as HTML (every paragraph escaped, the link a button).
    pub fn compose(to: &str, subject: &str, paragraphs: &[String], action: Option<Action>) -> Self {
        let mut text = String::new();
        let mut html = String::from(
            "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;\
             color:#171717;max-width:32rem;margin:0 auto;padding:1.5rem\">\
             <p style=\"font-size:1.5rem;font-weight:600\">Isntgram</p>",
        );
        for paragraph in paragraphs {
            text.push_str(paragraph);
            text.push_str("\n\n");
            html.push_str("<p>");
            html.push_str(&encode_text(paragraph));
            html.push_str("</p>");
        }
        if let Some(action) = action {
            text.push_str(action.label);
            text.push_str(":\n");
            text.push_str(action.url);
            text.push_str("\n\n");
            html.push_str(&format!(
                "<p><a href=\"{url}\" style=\"display:inline-block;background:#0095f6;\
                 color:#fff;padding:.6rem 1rem;border-radius:.5rem;text-decoration:none;\
                 font-weight:600\">{label}</a></p><p style=\"font-size:.85rem;color:#525252\">\
                 Or open this address: {url_text}</p>",
                url = encode_double_quoted_attribute(action.url),
                label = encode_text(action.label),
                url_text = encode_text(action.url),
            ));
        }
        text.push_str(&format!("— {APP_NAME}\n"));
        html.push_str(&format!(
            "<p style=\"font-size:.85rem;color:#525252\">— {APP_NAME}</p></body></html>"
        ));
        Self {
            to: to.to_owned(),
            subject: subject.to_owned(),
            text,
            html,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mails_escape_what_people_wrote_in_html_and_keep_it_in_text() {
        let mail = Mail::compose(
            "ada@example.com",
            "Hello",
            &["Hi </title><script>alert(1)</script> \"><img onerror=x>".to_owned()],
            Some(Action {
                label: "Open",
                url: "https://isntgram.example/x?a=1&b=\"2\"",
            }),
        );
        assert!(mail.text.contains("Hi </title><script>alert(1)</script>"));
        assert!(
            mail.text
                .contains("https://isntgram.example/x?a=1&b=\"2\"\n")
        );
        assert!(!mail.html.contains("<script>"));
        assert!(!mail.html.contains("<img"));
        assert!(mail.html.contains("&lt;script&gt;"));
        assert!(
            mail.html
                .contains("href=\"https://isntgram.example/x?a=1&amp;b=&quot;2&quot;\"")
        );
    }
}
