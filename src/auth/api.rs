//! The server functions behind the account forms. Each one works as a plain HTML form
//! post (Leptos redirects back, or to where the function says) and as a fetch from the
//! hydrated page.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{db, domain::*, mails, password, rate_limit, safe_next, session, token, two_step},
    error::with_status,
    server::state::AppState,
};
#[cfg(feature = "ssr")]
use tracing::Instrument;

pub const LOGIN_FAILED: &str =
    "Sorry, your username or password was incorrect. Please check them and try again.";

#[server]
pub async fn login(login: String, password: String, next: Option<String>) -> Result<(), AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            if login.chars().count() > rate_limit::MAX_LOGIN_CHARS {
                return Err(AppError::invalid(LOGIN_FAILED));
            }
            let kept = [("login", login.as_str())];
            if login.trim().is_empty() || password.is_empty() {
                return Err(AppError::invalid_keeping(
                    "Enter your username or email and your password.",
                    &kept,
                ));
            }
            rate_limit::check_client(&state.pool, &state.config).await?;

            // The name as the lookup reads it, which is also the limit's key for unknown names.
            let name = login.trim().trim_start_matches('@').to_lowercase();
            let account = db::login_account(&state.pool, &name).await?;
            let attempted = match &account {
                Some(account) => rate_limit::Attempted::Account(account.id),
                None => rate_limit::Attempted::Name(&name),
            };
            rate_limit::check_account(&state.pool, &state.config, attempted).await?;
            let stored = account
                .as_ref()
                .map(|account| account.hashed_password.clone());
            // Unknown account or wrong password: one message, one Argon2 verification either way.
            if !password::verify(password, stored).await? {
                return Err(AppError::invalid_keeping(LOGIN_FAILED, &kept));
            }
            let account = account
                .ok_or_else(|| AppError::internal("a verified password without its account"))?;
            // Told only to whoever knows the password.
            if account.suspended {
                return Err(AppError::invalid_keeping(
                    "This account is suspended by our moderators.",
                    &kept,
                ));
            }
            let session = session::session()?;
            if account.two_step {
                session::await_second_step(&session, account.id, account.session_epoch).await?;
                let next = crate::ui::form::encode_query_value(&safe_next(next.as_deref()));
                leptos_axum::redirect(&format!("/login/two-step?next={next}"));
                return Ok(());
            }
            session::log_in(&session, account.id, account.session_epoch).await?;
            rate_limit::remember_device(&state.pool, &state.config, account.id).await?;
            tracing::info!(user_id = %account.id, "logged in");
            leptos_axum::redirect(&safe_next(next.as_deref()));
            Ok(())
        }
        .instrument(tracing::info_span!("login"))
        .await,
    )
}

/// Logs in as the demo account, which exists in every database. A fixed path: the
/// benchmark (bench/run) logs in with it.
#[server(endpoint = "demo_login")]
pub async fn demo_login() -> Result<(), AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let demo = ensure_demo_user(&state.pool).await?;
            session::log_in(&session::session()?, demo.id, demo.session_epoch).await?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub const DEMO_USERNAME: &str = "demo";

/// Creates the demo account when it is missing; returns its id and session epoch. It is
/// the one account flagged `is_demo` (the database keeps its name, email and password
/// as they are and refuses to delete it); its name is reserved for everyone else.
#[cfg(feature = "ssr")]
pub async fn ensure_demo_user(pool: &sqlx::PgPool) -> anyhow::Result<db::DemoAccountRow> {
    if let Some(found) = db::demo_account(pool).await? {
        return Ok(found);
    }
    // Nobody logs in to the demo with a password: it gets one nobody knows.
    let hashed = password::hash(password::random_secret()).await?;
    db::insert_demo_account(pool, DEMO_USERNAME, hashed).await?;
    db::demo_account(pool)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo account's name is taken by another account"))
}

/// What a demo visitor reads when they try to change what the next visitor relies on.
#[cfg(feature = "ssr")]
pub const DEMO_ACCOUNT_FIXED: &str = "This is the shared demo account: its username, email and password stay as they are, and it can't be deleted. Sign up to have an account of your own.";

#[server]
pub async fn signup(
    email: String,
    full_name: String,
    username: String,
    password: String,
) -> Result<(), AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let kept = [
                ("email", email.as_str()),
                ("full_name", full_name.as_str()),
                ("username", username.as_str()),
            ];
            let invalid = |message: String| AppError::invalid_keeping(message, &kept);

            let email = Email::parse(&email).map_err(invalid)?;
            let full_name = FullName::parse(&full_name).map_err(invalid)?;
            let username = Username::parse(&username).map_err(invalid)?;
            let password = NewPassword::parse(&password).map_err(invalid)?;
            rate_limit::check_client(&state.pool, &state.config).await?;

            // A friendly early answer; the unique indexes remain the truth (see below).
            let taken = db::taken(&state.pool, username.as_str(), email.as_str()).await?;
            if taken.username_taken {
                return Err(invalid(username_taken_message(&username)));
            }
            if taken.email_taken {
                return Err(invalid(EMAIL_TAKEN.into()));
            }

            let account = db::NewAccount {
                username: username.as_str(),
                email: email.as_str(),
                hashed_password: password::hash(password.expose().to_owned()).await?,
                full_name: full_name.as_str(),
            };
            let mut tx = state.pool.begin().await?;
            let user_id = match db::insert_account(&mut *tx, account).await {
                Ok(id) => id,
                // Two sign-ups raced past the check: the index decided, the message is the same.
                Err(error) => {
                    return Err(match unique_violation(&error) {
                        Some("idx_users_username_lower") => {
                            invalid(username_taken_message(&username))
                        }
                        Some("idx_users_email_lower") => invalid(EMAIL_TAKEN.into()),
                        _ => error.into(),
                    });
                }
            };
            queue_verification(&state, &mut tx, user_id, username.as_str(), email.as_str()).await?;
            tx.commit().await?;
            state.outbox_wake.ring();
            session::log_in(&session::session()?, user_id, 0).await?;
            tracing::info!(%user_id, "signed up");
            leptos_axum::redirect("/");
            Ok(())
        }
        .instrument(tracing::info_span!("signup"))
        .await,
    )
}

#[cfg(feature = "ssr")]
pub const EMAIL_TAKEN: &str = "Another account is using the same email.";

#[cfg(feature = "ssr")]
pub fn username_taken_message(username: &Username) -> String {
    format!(
        "The username {} isn't available. Please try another.",
        username.as_str()
    )
}

/// The constraint behind a unique violation, if that is what `error` is.
#[cfg(feature = "ssr")]
pub fn unique_violation(error: &sqlx::Error) -> Option<&str> {
    let db = error.as_database_error()?;
    if db.is_unique_violation() {
        db.constraint()
    } else {
        None
    }
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    with_status(
        async {
            session::log_out(&session::session()?).await?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// A link to confirm `email`, mailed to it, in the caller's transaction.
#[cfg(feature = "ssr")]
pub async fn queue_verification(
    state: &AppState,
    conn: &mut sqlx::PgConnection,
    user_id: crate::ids::UserId,
    username: &str,
    email: &str,
) -> Result<(), AppError> {
    let token = token::new_token();
    db::issue_token(
        conn,
        user_id,
        db::TokenPurpose::VerifyEmail,
        email,
        &token::token_hash(&token),
    )
    .await?;
    let link = format!("{}/email/confirm?token={token}", state.public_origin());
    let mail = mails::verification(email, username, &link);
    crate::mail::outbox::enqueue(conn, &mail).await?;
    Ok(())
}

/// Mails the signed-in person a new link to confirm their address (at most once a
/// minute).
#[server]
pub async fn resend_verification() -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            if user.email_verified {
                return Ok(());
            }
            let state = expect_context::<AppState>();
            crate::server::rate_limit::enforce(
                &state.pool,
                &format!("verify-mail:{}", user.id),
                crate::server::rate_limit::Quota::per_minute(1),
                "We sent you a link a moment ago. You can ask for another in a minute.",
            )
            .await?;
            let mut tx = state.pool.begin().await?;
            let address = db::address_of(&mut *tx, user.id).await?;
            queue_verification(&state, &mut tx, user.id, &address.username, &address.email).await?;
            tx.commit().await?;
            state.outbox_wake.ring();
            Ok(())
        }
        .instrument(tracing::info_span!("resend_verification"))
        .await,
    )
}

/// A token as mailed: 64 hex digits. Anything else is no link of ours.
#[cfg(feature = "ssr")]
fn presented_token(token: &str) -> Option<[u8; 32]> {
    let token = token.trim();
    token::is_well_formed(token).then(|| token::token_hash(&token.to_ascii_lowercase()))
}

pub const LINK_EXPIRED: &str = "This link has expired or was already used. Ask for a new one.";

/// Whether a mailed link (to confirm an address, or to reset the password) still works.
#[server]
pub async fn email_link_works(token: String, reset: bool) -> Result<bool, AppError> {
    with_status(
        async {
            let Some(hash) = presented_token(&token) else {
                return Ok(false);
            };
            let state = expect_context::<AppState>();
            let purposes: &[db::TokenPurpose] = if reset {
                &[db::TokenPurpose::ResetPassword]
            } else {
                &[db::TokenPurpose::VerifyEmail, db::TokenPurpose::ChangeEmail]
            };
            Ok(db::token_is_usable(&state.pool, &hash, purposes).await?)
        }
        .await,
    )
}

/// Confirms the address a link was mailed to: the account's email after sign-up, or
/// its new email after a change (the old address is told).
#[server]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let hash = presented_token(&token).ok_or_else(|| AppError::invalid(LINK_EXPIRED))?;
            let mut tx = state.pool.begin().await?;
            let used = db::use_token(
                &mut tx,
                &hash,
                &[db::TokenPurpose::VerifyEmail, db::TokenPurpose::ChangeEmail],
            )
            .await?
            .ok_or_else(|| AppError::invalid(LINK_EXPIRED))?;
            match used.purpose {
                db::TokenPurpose::ChangeEmail => {
                    let changed =
                        match db::change_email(&mut tx, used.user_id, &used.email).await {
                            Ok(changed) => changed,
                            Err(error) => {
                                return Err(match unique_violation(&error) {
                                    Some("idx_users_email_lower") => AppError::invalid(EMAIL_TAKEN),
                                    _ => error.into(),
                                });
                            }
                        }
                        .ok_or_else(|| AppError::invalid(LINK_EXPIRED))?;
                    let forgot = format!("{}/password/forgot", state.public_origin());
                    let notice = mails::email_changed(
                        &changed.old_email,
                        &changed.username,
                        &used.email,
                        &forgot,
                    );
                    crate::mail::outbox::enqueue(&mut *tx, &notice).await?;
                    tracing::info!(user_id = %used.user_id, "email changed");
                }
                _ => {
                    if !db::mark_email_verified(&mut tx, used.user_id, &used.email).await? {
                        return Err(AppError::invalid(
                            "This link is for an address the account no longer uses.",
                        ));
                    }
                    tracing::info!(user_id = %used.user_id, "email confirmed");
                }
            }
            tx.commit().await?;
            state.outbox_wake.ring();
            leptos_axum::redirect("/email/confirm?confirmed=1");
            Ok(())
        }
        .instrument(tracing::info_span!("confirm_email"))
        .await,
    )
}

/// What "Send reset link" answers, whether or not an account uses the address.
pub const RESET_LINK_SENT: &str = "If an account uses that email, we sent it a link to reset the password. The link works for an hour.";

/// Mails a link to reset the password to the account that uses `email`, if one does.
/// The answer is the same either way, after one statement either way (which writes
/// rows only for an account).
#[server]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let kept = [("email", email.as_str())];
            let email = Email::parse(&email)
                .map_err(|message| AppError::invalid_keeping(message, &kept))?;
            rate_limit::check_client(&state.pool, &state.config).await?;
            // Keyed to the address as the lookup reads it (any case is one key).
            crate::server::rate_limit::enforce(
                &state.pool,
                &format!("reset-mail:{}", email.as_str().to_lowercase()),
                crate::server::rate_limit::Quota::per_hour(
                    state.config.rate_limits.password_resets_per_hour,
                ),
                "Too many reset links were asked for this address. Try again later.",
            )
            .await?;
            let token = token::new_token();
            let link = format!("{}/password/reset?token={token}", state.public_origin());
            db::queue_password_reset(
                &state.pool,
                email.as_str(),
                &token::token_hash(&token),
                &mails::password_reset(&link),
                mails::USERNAME_SLOT,
            )
            .await?;
            state.outbox_wake.ring();
            leptos_axum::redirect("/password/forgot?sent=1");
            Ok(())
        }
        .instrument(tracing::info_span!("request_password_reset"))
        .await,
    )
}

/// Sets a new password with a mailed link: the link is used up, every session of the
/// account ends, and the account's address is told.
#[server]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            rate_limit::check_client(&state.pool, &state.config).await?;
            let hash = presented_token(&token).ok_or_else(|| AppError::invalid(LINK_EXPIRED))?;
            if !db::token_is_usable(&state.pool, &hash, &[db::TokenPurpose::ResetPassword]).await? {
                return Err(AppError::invalid(LINK_EXPIRED));
            }
            let new_password = NewPassword::parse(&new_password).map_err(AppError::invalid)?;
            let hashed = password::hash(new_password.expose().to_owned()).await?;
            let mut tx = state.pool.begin().await?;
            let used = db::use_token(&mut tx, &hash, &[db::TokenPurpose::ResetPassword])
                .await?
                .ok_or_else(|| AppError::invalid(LINK_EXPIRED))?;
            let account = db::reset_password(&mut tx, used.user_id, &hashed, &used.email)
                .await?
                .ok_or_else(|| AppError::invalid(LINK_EXPIRED))?;
            let forgot = format!("{}/password/forgot", state.public_origin());
            let notice = mails::password_was_reset(&account.email, &account.username, &forgot);
            crate::mail::outbox::enqueue(&mut *tx, &notice).await?;
            tx.commit().await?;
            state.outbox_wake.ring();
            tracing::info!(user_id = %used.user_id, "password reset by mail");
            leptos_axum::redirect("/login?reset=1");
            Ok(())
        }
        .instrument(tracing::info_span!("reset_password"))
        .await,
    )
}

/// The second step of a login with two-step login on: a code from the authenticator
/// app, or a recovery code. Counts against the account's login quota.
#[server]
pub async fn confirm_two_step(code: String, next: Option<String>) -> Result<(), AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let session = session::session()?;
            let (user_id, epoch) = session::awaited_second_step(&session)
                .await?
                .ok_or_else(|| AppError::invalid(SECOND_STEP_EXPIRED))?;
            rate_limit::check_client(&state.pool, &state.config).await?;
            rate_limit::check_account(
                &state.pool,
                &state.config,
                rate_limit::Attempted::Account(user_id),
            )
            .await?;
            // Six digits are few: beside the per-minute limit, a cap per hour.
            crate::server::rate_limit::enforce(
                &state.pool,
                &format!("two-step:{user_id}"),
                crate::server::rate_limit::Quota::per_hour(TWO_STEP_TRIES_PER_HOUR),
                "Too many codes were tried for this account. Try again in an hour.",
            )
            .await?;
            if !two_step::verify(&state.pool, user_id, &code).await? {
                return Err(AppError::invalid(
                    "That code isn't right. Check your authenticator app (or your recovery codes) and try again.",
                ));
            }
            session::end_second_step(&session).await?;
            session::log_in(&session, user_id, epoch).await?;
            rate_limit::remember_device(&state.pool, &state.config, user_id).await?;
            tracing::info!(%user_id, "logged in with a second step");
            leptos_axum::redirect(&safe_next(next.as_deref()));
            Ok(())
        }
        .instrument(tracing::info_span!("confirm_two_step"))
        .await,
    )
}

/// Whether this browser gave an account's password in the last five minutes and owes
/// its code.
#[server]
pub async fn second_step_awaited() -> Result<bool, AppError> {
    with_status(
        async {
            Ok(session::awaited_second_step(&session::session()?)
                .await?
                .is_some())
        }
        .await,
    )
}

/// Codes that may be tried on one account in an hour.
#[cfg(feature = "ssr")]
const TWO_STEP_TRIES_PER_HOUR: u32 = 30;

pub const SECOND_STEP_EXPIRED: &str = "Your login took too long. Log in again.";
