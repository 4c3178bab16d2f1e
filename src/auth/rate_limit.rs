//! Limits on guessing passwords, keyed to what they protect (the quotas are in
//! `RateLimitSettings`, the counting in `server::rate_limit`, shared by every server):
//! - the client: its IPv4 address or IPv6 /64, from behind `TRUSTED_PROXIES` the address
//!   they forwarded;
//! - the account: its id once the name resolves, so `@ada`, `ADA` and her email are one
//!   key; an unknown name is keyed as the lookup reads it;
//! - a browser that logged in to the account before (a device cookie, as OWASP
//!   suggests) has a quota of its own on that account, so an attack on the account
//!   cannot lock its owner out.

use axum::http::{HeaderValue, header};
use leptos::prelude::{expect_context, use_context};
use sqlx::PgPool;

use crate::auth::db;
use crate::auth::token::{new_token, token_hash};
use crate::error::AppError;
use crate::ids::UserId;
use crate::server::config::Config;
use crate::server::rate_limit::{self, Quota};

/// Longer than any username or email: refused before any work.
pub const MAX_LOGIN_CHARS: usize = 255;

const DEVICE_COOKIE: &str = "isntgram_device";

const TOO_MANY: &str = "Too many attempts.";

/// Whom a password attempt is against.
pub enum Attempted<'a> {
    /// An account that exists.
    Account(UserId),
    /// A name nobody has (yet), as the lookup reads it.
    Name(&'a str),
}

/// One attempt from this request's client. Comes first, before any other work.
pub async fn check_client(pool: &PgPool, config: &Config) -> Result<(), AppError> {
    let Some(ip) = crate::auth::session::client_ip() else {
        return Ok(());
    };
    let key = format!("login-ip:{}", rate_limit::client_key(ip));
    limit(
        pool,
        &key,
        Quota::per_minute(config.rate_limits.per_ip_per_minute),
    )
    .await
}

/// One password attempt on `attempted`: from a browser that logged in to that account
/// before, against that browser's own quota; otherwise against the account's.
pub async fn check_account(
    pool: &PgPool,
    config: &Config,
    attempted: Attempted<'_>,
) -> Result<(), AppError> {
    let quota = Quota::per_minute(config.rate_limits.per_account_per_minute);
    let key = match attempted {
        Attempted::Account(user_id) => match known_device(pool, user_id).await? {
            Some(device) => format!("login-device:{user_id}:{}", hex::encode(device)),
            None => format!("login-account:{user_id}"),
        },
        Attempted::Name(name) => format!("login-name:{name}"),
    };
    limit(pool, &key, quota).await
}

/// Re-entering the password for a setting counts against the account, like a login.
pub async fn check_reauthentication(
    pool: &PgPool,
    config: &Config,
    user_id: UserId,
) -> Result<(), AppError> {
    let quota = Quota::per_minute(config.rate_limits.per_account_per_minute);
    limit(pool, &format!("login-account:{user_id}"), quota).await
}

async fn limit(pool: &PgPool, key: &str, quota: Quota) -> Result<(), AppError> {
    rate_limit::enforce(pool, key, quota, TOO_MANY).await
}

/// The hash of this browser's device token, if it logged in to `user_id` before.
async fn known_device(pool: &PgPool, user_id: UserId) -> Result<Option<[u8; 32]>, AppError> {
    let Some(token) = presented_device_token() else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    let known = db::is_known_device(pool, &hash, user_id).await?;
    Ok(known.then_some(hash))
}

/// After a successful login: this browser is now known to `user_id` (a new token when
/// it has none), for a year.
pub async fn remember_device(
    pool: &PgPool,
    config: &Config,
    user_id: UserId,
) -> Result<(), AppError> {
    let token = presented_device_token().unwrap_or_else(new_token);
    db::remember_device(pool, &token_hash(&token), user_id).await?;
    let secure = if config.serves_https() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{DEVICE_COOKIE}={token}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}"
    );
    if let (Some(response), Ok(cookie)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        response.append_header(header::SET_COOKIE, cookie);
    }
    Ok(())
}

/// The device token in this request's cookies: 64 hex digits, or nothing.
fn presented_device_token() -> Option<String> {
    let parts = expect_context::<axum::http::request::Parts>();
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == DEVICE_COOKIE)
        .map(|(_, token)| token.to_owned())
        .filter(|token| crate::auth::token::is_well_formed(token))
}
