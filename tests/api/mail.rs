//! Mail: the outbox and its worker against a real SMTP server, confirming an address,
//! changing it, and resetting a forgotten password by a mailed link.

use isntgram::auth::api::{
    ConfirmEmail, LINK_EXPIRED, RESET_LINK_SENT, RequestPasswordReset, ResendVerification,
    ResetPassword,
};
use leptos::server_fn::ServerFn;
use sha2::{Digest, Sha256};

use crate::support::smtp::{SmtpServer, free_port};
use crate::support::*;

/// The app, mailing through `smtp`.
async fn app_mailing_to(smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    TestApp::spawn_with(move |config| config.mail.smtp_url = Some(url)).await
}

fn token_of(link: &str) -> String {
    link.split_once("token=")
        .expect("a token in the link")
        .1
        .to_owned()
}

async fn email_verified(app: &TestApp, user: i64) -> bool {
    sqlx::query_scalar("SELECT email_verified_at IS NOT NULL FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn signing_up_mails_a_link_that_confirms_the_email_once() {
    let smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    let ada = app.member("ada").await;
    assert!(!email_verified(&app, ada.id).await);
    let (_, home) = ada.page("/").await;
    assert!(home.contains("Confirm your email"), "the banner asks");

    let mail = smtp.wait_for("ada@example.com", "Confirm your email").await;
    assert_eq!(mail.from, "no-reply@localhost");
    // Once sent, the outbox keeps no working link.
    let mut kept = String::from("?");
    for _ in 0..100 {
        kept = sqlx::query_scalar("SELECT body_text || body_html FROM mail_outbox")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        if kept.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(kept, "");
    assert!(mail.text.contains("@ada"), "{}", mail.text);
    assert!(mail.html.contains("Confirm email"));
    let link = mail.link("/email/confirm?token=").expect("a link");
    assert!(link.starts_with(&app.address), "{link}");
    let token = token_of(&link);
    assert_eq!(token.len(), 64, "256 random bits");

    // Only a SHA-256 of the token is stored.
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM email_tokens")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, vec![Sha256::digest(token.as_bytes()).to_vec()]);

    // Opening the link changes nothing by itself (mail scanners open links too).
    let visitor = app.visitor();
    let (status, page) = visitor.page(&link[app.address.len()..]).await;
    assert_eq!(status, 200);
    assert!(page.contains("Confirm email"));
    assert!(!email_verified(&app, ada.id).await);

    let confirmed = visitor.call(ConfirmEmail::PATH, &[("token", &token)]).await;
    assert_eq!(
        confirmed.status(),
        200,
        "{}",
        confirmed.text().await.unwrap()
    );
    assert!(email_verified(&app, ada.id).await);
    let (_, home) = ada.page("/").await;
    assert!(!home.contains("Confirm your email"), "the banner is gone");

    let again = visitor.call(ConfirmEmail::PATH, &[("token", &token)]).await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains(LINK_EXPIRED));
    let (_, page) = visitor.page(&link[app.address.len()..]).await;
    assert!(page.contains(LINK_EXPIRED), "a used link says so");
}

#[tokio::test]
async fn a_new_confirmation_link_is_sent_at_most_once_a_minute_and_replaces_the_old() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let first = mailed_link(&app, "ada@example.com", "/email/confirm").await;
    let resend = ada.call(ResendVerification::PATH, &[]).await;
    assert_eq!(resend.status(), 200, "{}", resend.text().await.unwrap());
    let second = nth_mailed_link(&app, "ada@example.com", "/email/confirm", 2).await;
    assert_ne!(first, second);
    let too_soon = ada.call(ResendVerification::PATH, &[]).await;
    assert_eq!(too_soon.status(), 429);
    let queued = count(&app.pool, "SELECT count(*) FROM mail_outbox").await;
    assert_eq!(queued, 2, "the refused resend queued nothing");

    let visitor = app.visitor();
    let old = visitor
        .call(ConfirmEmail::PATH, &[("token", &token_of(&first))])
        .await;
    assert_eq!(old.status(), 422, "the newest link is the one that works");
    let new = visitor
        .call(ConfirmEmail::PATH, &[("token", &token_of(&second))])
        .await;
    assert_eq!(new.status(), 200);
    assert!(email_verified(&app, ada.id).await);
}

#[tokio::test]
async fn a_confirmation_link_expires() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let link = mailed_link(&app, "ada@example.com", "/email/confirm").await;
    sqlx::query(
        "UPDATE email_tokens SET created_at = now() - interval '8 days',
                                 expires_at = now() - interval '1 day'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let late = app
        .visitor()
        .call(ConfirmEmail::PATH, &[("token", &token_of(&link))])
        .await;
    assert_eq!(late.status(), 422);
    assert!(!email_verified(&app, ada.id).await);
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_session() {
    let smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    let ada = app.member("ada").await;
    let other_device = app.visitor();
    other_device.login("ada", PASSWORD).await;
    assert!(other_device.logged_in_as().await.is_some());

    let stranger = app.visitor();
    let asked = stranger
        .call(RequestPasswordReset::PATH, &[("email", "ADA@example.com")])
        .await;
    assert_eq!(asked.status(), 200, "{}", asked.text().await.unwrap());
    let mail = smtp
        .wait_for("ada@example.com", "Reset your Isntgram password")
        .await;
    assert!(mail.text.contains("Hi @ada,"), "{}", mail.text);
    let link = mail.link("/password/reset?token=").expect("a reset link");
    let token = token_of(&link);

    let (status, page) = stranger.page(&link[app.address.len()..]).await;
    assert_eq!(status, 200);
    assert!(page.contains("New password") && page.contains("Reset password"));

    let short = stranger
        .call(
            ResetPassword::PATH,
            &[("token", &token), ("new_password", "short")],
        )
        .await;
    assert_eq!(short.status(), 422, "the password rules hold");
    let reset = stranger
        .call(
            ResetPassword::PATH,
            &[("token", &token), ("new_password", "a brand new secret")],
        )
        .await;
    assert_eq!(reset.status(), 200, "{}", reset.text().await.unwrap());

    // Every session ended; the old password is gone, the new one works.
    assert!(ada.logged_in_as().await.is_none());
    assert!(other_device.logged_in_as().await.is_none());
    assert_eq!(app.visitor().login("ada", PASSWORD).await.status(), 422);
    assert_eq!(
        app.visitor()
            .login("ada", "a brand new secret")
            .await
            .status(),
        200
    );
    // The link proved the address.
    assert!(email_verified(&app, ada.id).await);
    smtp.wait_for("ada@example.com", "Your Isntgram password was reset")
        .await;

    let again = stranger
        .call(
            ResetPassword::PATH,
            &[("token", &token), ("new_password", "yet another secret")],
        )
        .await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains(LINK_EXPIRED));
    assert_eq!(
        app.visitor()
            .login("ada", "a brand new secret")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_reset_link_expires_after_an_hour() {
    let app = TestApp::spawn().await;
    app.member("ada").await;
    let visitor = app.visitor();
    visitor
        .call(RequestPasswordReset::PATH, &[("email", "ada@example.com")])
        .await;
    let link = mailed_link(&app, "ada@example.com", "/password/reset").await;
    let lifetime: f64 = sqlx::query_scalar(
        "SELECT extract(epoch FROM expires_at - created_at)::float8 FROM email_tokens
         WHERE purpose = 'reset_password'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(lifetime, 3600.0);
    sqlx::query(
        "UPDATE email_tokens SET created_at = now() - interval '61 minutes',
                                 expires_at = now() - interval '1 minute'
         WHERE purpose = 'reset_password'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let late = visitor
        .call(
            ResetPassword::PATH,
            &[
                ("token", &token_of(&link)),
                ("new_password", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(late.status(), 422);
    assert_eq!(app.visitor().login("ada", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn asking_for_a_reset_never_tells_whether_an_account_uses_the_address() {
    let app = TestApp::spawn().await;
    app.member("ada").await;
    let queued_before = count(&app.pool, "SELECT count(*) FROM mail_outbox").await;
    let ask = |email: &'static str| {
        let visitor = app.visitor();
        async move {
            let response = visitor
                .form_post(
                    RequestPasswordReset::PATH,
                    "/password/forgot",
                    &[("email", email)],
                )
                .await;
            let status = response.status();
            let location = response
                .headers()
                .get("location")
                .map(|value| value.to_str().unwrap().to_owned());
            (status, location, response.text().await.unwrap())
        }
    };
    let known = ask("ada@example.com").await;
    let unknown = ask("nobody@example.com").await;
    assert_eq!(known, unknown);
    assert_eq!(known.1.as_deref(), Some("/password/forgot?sent=1"));
    let (_, page) = app.visitor().page("/password/forgot?sent=1").await;
    assert!(page.contains(RESET_LINK_SENT));
    let queued = count(&app.pool, "SELECT count(*) FROM mail_outbox").await;
    assert_eq!(
        queued,
        queued_before + 1,
        "a mail only for the real account"
    );
    // Nor does the shared demo account get one, whoever asks.
    isntgram::auth::api::ensure_demo_user(&app.pool)
        .await
        .unwrap();
    ask("demo@isntgram.example").await;
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM mail_outbox").await,
        queued
    );
}

#[tokio::test]
async fn reset_links_are_limited_per_address_however_it_is_spelled() {
    let app = TestApp::spawn_with(|config| config.rate_limits.password_resets_per_hour = 2).await;
    app.member("ada").await;
    let ask = |email: &'static str| {
        let visitor = app.visitor();
        async move {
            visitor
                .call(RequestPasswordReset::PATH, &[("email", email)])
                .await
                .status()
        }
    };
    assert_eq!(ask("ada@example.com").await, 200);
    assert_eq!(ask("ADA@Example.COM").await, 200);
    assert_eq!(ask("  Ada@example.com ").await, 429);
    // Another address has its own quota.
    assert_eq!(ask("bea@example.com").await, 200);
    let queued = count(
        &app.pool,
        "SELECT count(*) FROM mail_outbox WHERE subject LIKE 'Reset%'",
    )
    .await;
    assert_eq!(queued, 2);
}

#[tokio::test]
async fn a_new_email_waits_for_its_link_and_the_old_address_is_told() {
    let smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    let ada = app.member("ada").await;
    let change = ada
        .update_profile(&[
            ("full_name", "Ada L"),
            ("username", "ada"),
            ("email", "ada.new@example.com"),
            ("bio", ""),
            ("email_password", PASSWORD),
        ])
        .await;
    assert_eq!(change.status(), 200, "{}", change.text().await.unwrap());
    let (email, name): (String, String) =
        sqlx::query_as("SELECT email, full_name FROM users WHERE id = $1")
            .bind(ada.id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(email, "ada@example.com", "nothing changes before the link");
    assert_eq!(name, "Ada L", "the rest of the form is saved");
    let (_, settings) = ada.page("/settings").await;
    assert!(
        settings.contains("Waiting for you to confirm"),
        "{settings}"
    );

    let mail = smtp
        .wait_for("ada.new@example.com", "Confirm your new email")
        .await;
    let token = token_of(&mail.link("/email/confirm?token=").unwrap());
    let confirmed = app
        .visitor()
        .call(ConfirmEmail::PATH, &[("token", &token)])
        .await;
    assert_eq!(confirmed.status(), 200);
    let (email, verified): (String, bool) =
        sqlx::query_as("SELECT email, email_verified_at IS NOT NULL FROM users WHERE id = $1")
            .bind(ada.id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((email.as_str(), verified), ("ada.new@example.com", true));
    let notice = smtp
        .wait_for("ada@example.com", "Your Isntgram email was changed")
        .await;
    assert!(notice.text.contains("ada.new@example.com"));
    assert_eq!(
        app.visitor()
            .login("ada.new@example.com", PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_new_email_taken_meanwhile_is_refused_at_the_link() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    ada.update_profile(&[
        ("full_name", "Ada"),
        ("username", "ada"),
        ("email", "shared@example.com"),
        ("bio", ""),
        ("email_password", PASSWORD),
    ])
    .await;
    let link = mailed_link(&app, "shared@example.com", "/email/confirm").await;
    app.visitor()
        .sign_up_as("Shared@example.com", "Bea", "bea", PASSWORD)
        .await;
    let refused = app
        .visitor()
        .call(ConfirmEmail::PATH, &[("token", &token_of(&link))])
        .await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("same email"));
    let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(ada.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(email, "ada@example.com");
}

#[tokio::test]
async fn mail_queued_while_the_smtp_server_is_down_goes_out_once_it_is_up() {
    let port = free_port();
    let url = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::spawn_with(move |config| config.mail.smtp_url = Some(url)).await;
    let ada = app.member("ada").await;
    // The sign-up answered at once; the mail waits in the outbox, failing.
    let mut failed = false;
    for _ in 0..100 {
        let (attempts, error): (i32, Option<String>) =
            sqlx::query_as("SELECT attempts, last_error FROM mail_outbox")
                .fetch_one(&app.pool)
                .await
                .unwrap();
        if attempts >= 1 {
            assert!(error.is_some());
            failed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(failed, "the worker tried and failed");
    assert!(ada.logged_in_as().await.is_some());

    let smtp = SmtpServer::start_on(port).await;
    smtp.wait_for("ada@example.com", "Confirm your email").await;
    let (sent, due): (bool, bool) =
        sqlx::query_as("SELECT sent_at IS NOT NULL, next_attempt_at IS NOT NULL FROM mail_outbox")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(sent && !due);
    // Sent once: a later round finds nothing to send.
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    assert_eq!(smtp.mails_to("ada@example.com").len(), 1);
}

#[tokio::test]
async fn without_smtp_mail_is_written_to_the_mail_folder() {
    let dir = std::env::temp_dir().join(format!("isntgram-mail-folder-{}", free_port()));
    let folder = dir.clone();
    let app = TestApp::spawn_with(move |config| config.mail.dir = folder).await;
    app.member("ada").await;
    let mut files = Vec::new();
    for _ in 0..100 {
        files = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .collect();
        if !files.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].extension().is_some_and(|ext| ext == "eml"));
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(eml.contains("To: ada@example.com"), "{eml}");
    assert!(eml.contains("Subject: Confirm your email for Isntgram"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn securing_the_account_stops_pending_links_to_change_its_email_or_reset_it() {
    let app = TestApp::spawn().await;
    let ada = app.member("ada").await;
    let change_to = |email: &'static str| {
        let ada = &ada;
        async move {
            ada.update_profile(&[
                ("full_name", "Ada"),
                ("username", "ada"),
                ("email", email),
                ("bio", ""),
                ("email_password", PASSWORD),
            ])
            .await
            .status()
        }
    };
    // An intruder who knew the password asked for these two links.
    assert_eq!(change_to("intruder@example.com").await, 200);
    let change = mailed_link(&app, "intruder@example.com", "/email/confirm").await;
    app.visitor()
        .call(RequestPasswordReset::PATH, &[("email", "ada@example.com")])
        .await;
    let reset = mailed_link(&app, "ada@example.com", "/password/reset").await;

    // Ada changes her password (or ends her other sessions): neither link works now.
    let changed = ada.change_password(PASSWORD, "a new long secret").await;
    assert_eq!(changed.status(), 200);
    let visitor = app.visitor();
    let confirm = visitor
        .call(ConfirmEmail::PATH, &[("token", &token_of(&change))])
        .await;
    assert_eq!(confirm.status(), 422);
    let reset = visitor
        .call(
            ResetPassword::PATH,
            &[
                ("token", &token_of(&reset)),
                ("new_password", "the intruder's own"),
            ],
        )
        .await;
    assert_eq!(reset.status(), 422);
    let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(ada.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(email, "ada@example.com");
}
