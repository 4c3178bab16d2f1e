//! The server functions behind the account forms. Each one works as a plain HTML form
//! post (Leptos redirects back, or to where the function says) and as a fetch from the
//! hydrated page.

use leptos::prelude::*;

use crate::auth::CurrentUser;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::{domain::*, password, rate_limit, safe_next, session},
    error::with_status,
    server::state::AppState,
};

/// The current user, or `None` for a visitor.
#[server]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(session::current_user())
}

pub const LOGIN_FAILED: &str =
    "Sorry, your username or password was incorrect. Please check them and try again.";

#[server]
pub async fn login(login: String, password: String, next: Option<String>) -> Result<(), AppError> {
    with_status(login_inner(login, password, next).await)
}

#[cfg(feature = "ssr")]
#[tracing::instrument(name = "login", skip_all)]
async fn login_inner(
    login: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
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
    // The demo account has no password anyone may use: it is reached by "Try the demo".
    let account: Option<(i64, String, i32)> = sqlx::query_as(
        "SELECT id, hashed_password, session_epoch FROM users
         WHERE (lower(username) = lower($1) OR lower(email) = lower($1)) AND NOT is_demo",
    )
    .bind(&name)
    .fetch_optional(&state.pool)
    .await?;
    let attempted = match &account {
        Some((id, ..)) => rate_limit::Attempted::Account(*id),
        None => rate_limit::Attempted::Name(&name),
    };
    rate_limit::check_account(&state.pool, &state.config, attempted).await?;
    let (stored, user) = match account {
        Some((id, hash, epoch)) => (Some(hash), Some((id, epoch))),
        None => (None, None),
    };
    // Unknown account or wrong password: one message, one Argon2 verification either way.
    if !password::verify(password, stored).await? {
        return Err(AppError::invalid_keeping(LOGIN_FAILED, &kept));
    }
    let (user_id, epoch) = user.ok_or(AppError::Internal)?;
    session::log_in(&session::session()?, user_id, epoch).await?;
    rate_limit::remember_device(&state.pool, &state.config, user_id).await?;
    tracing::info!(user_id, "logged in");
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

/// Logs in as the demo account, which exists in every database. A fixed path: the
/// benchmark (bench/run) logs in with it.
#[server(endpoint = "demo_login")]
pub async fn demo_login() -> Result<(), AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let demo = ensure_demo_user(&state.pool).await?;
            session::log_in(&session::session()?, demo.0, demo.1).await?;
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
pub async fn ensure_demo_user(pool: &sqlx::PgPool) -> anyhow::Result<(i64, i32)> {
    const FIND: &str = "SELECT id, session_epoch FROM users WHERE is_demo";
    if let Some(found) = sqlx::query_as(FIND).fetch_optional(pool).await? {
        return Ok(found);
    }
    // Nobody logs in to the demo with a password: it gets one nobody knows.
    let hashed = password::hash(password::random_secret()).await?;
    sqlx::query(
        "INSERT INTO users (username, email, hashed_password, full_name, bio, is_demo)
         VALUES ($1, 'demo@isntgram.example', $2, 'Demo Person', 'Just looking around.', true)
         ON CONFLICT DO NOTHING",
    )
    .bind(DEMO_USERNAME)
    .bind(hashed)
    .execute(pool)
    .await?;
    Ok(sqlx::query_as(FIND).fetch_one(pool).await?)
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
    with_status(signup_inner(email, full_name, username, password).await)
}

#[cfg(feature = "ssr")]
#[tracing::instrument(name = "signup", skip_all)]
async fn signup_inner(
    email: String,
    full_name: String,
    username: String,
    password: String,
) -> Result<(), AppError> {
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
    let taken: Option<(Option<bool>, Option<bool>)> = sqlx::query_as(
        "SELECT bool_or(lower(username) = lower($1)), bool_or(lower(email) = lower($2))
         FROM users WHERE lower(username) = lower($1) OR lower(email) = lower($2)",
    )
    .bind(username.as_str())
    .bind(email.as_str())
    .fetch_optional(&state.pool)
    .await?;
    if let Some((Some(username_taken), Some(email_taken))) = taken {
        if username_taken {
            return Err(invalid(username_taken_message(&username)));
        }
        if email_taken {
            return Err(invalid(EMAIL_TAKEN.into()));
        }
    }

    let hashed = password::hash(password.expose().to_owned()).await?;
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO users (username, email, hashed_password, full_name)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(username.as_str())
    .bind(email.as_str())
    .bind(hashed)
    .bind(full_name.as_str())
    .fetch_one(&state.pool)
    .await;
    let user_id = match inserted {
        Ok(id) => id,
        // Two sign-ups raced past the check: the index decided, the message is the same.
        Err(error) => {
            return Err(match unique_violation(&error) {
                Some("idx_users_username_lower") => invalid(username_taken_message(&username)),
                Some("idx_users_email_lower") => invalid(EMAIL_TAKEN.into()),
                _ => error.into(),
            });
        }
    };
    session::log_in(&session::session()?, user_id, 0).await?;
    tracing::info!(user_id, "signed up");
    leptos_axum::redirect("/");
    Ok(())
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
