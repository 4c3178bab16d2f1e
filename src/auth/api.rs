//! The server functions behind the account forms. Each one works as a plain HTML form
//! post (Leptos redirects back, or to where the function says) and as a fetch from the
//! hydrated page.

use leptos::prelude::*;

use crate::auth::CurrentUser;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{db, domain::*, password, rate_limit, safe_next, session},
    error::with_status,
    server::state::AppState,
};
#[cfg(feature = "ssr")]
use tracing::Instrument;

/// The current user, or `None` for a visitor.
#[server]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(session::current_user())
}

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
            session::log_in(&session::session()?, account.id, account.session_epoch).await?;
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
            let user_id = match db::insert_account(&state.pool, account).await {
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
