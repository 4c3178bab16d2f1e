//! Every statement about accounts and sessions: finding an account to log in to,
//! creating one, the demo account, the session's user and the devices that logged in.

use sqlx::PgPool;

use crate::ids::UserId;

/// The session's account as a request needs it.
#[derive(sqlx::FromRow)]
pub struct SessionUserRow {
    pub id: UserId,
    pub username: String,
    pub full_name: String,
    pub profile_image_url: Option<String>,
    pub session_epoch: i32,
    pub unread_notifications: i64,
    pub is_demo: bool,
}

#[tracing::instrument(name = "load_session_user", skip_all)]
pub async fn session_user(pool: &PgPool, id: UserId) -> sqlx::Result<Option<SessionUserRow>> {
    // The unread count rides along (idx_notifications_unread): no extra statement.
    sqlx::query_as(
        "SELECT id, username, full_name, profile_image_url, session_epoch, is_demo,
                (SELECT count(*) FROM notifications n
                 WHERE n.recipient_id = users.id AND n.read_at IS NULL) AS unread_notifications
         FROM users WHERE id = $1 AND suspended_at IS NULL",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// An account a password may log in to, and what a session of it records.
#[derive(sqlx::FromRow)]
pub struct LoginAccountRow {
    pub id: UserId,
    pub hashed_password: String,
    pub session_epoch: i32,
    /// Suspended by a moderator: the right password still does not log in.
    pub suspended: bool,
}

/// The account a username or email (any case) names. The demo account has no password
/// anyone may use: it is reached by "Try the demo", never found here.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn login_account(pool: &PgPool, name: &str) -> sqlx::Result<Option<LoginAccountRow>> {
    sqlx::query_as(
        "SELECT id, hashed_password, session_epoch, suspended_at IS NOT NULL AS suspended
         FROM users
         WHERE (lower(username) = lower($1) OR lower(email) = lower($1)) AND NOT is_demo",
    )
    .bind(name)
    .fetch_optional(pool)
    .await
}

/// Which of a new account's username and email someone else already has.
#[derive(Debug, Default, sqlx::FromRow)]
pub struct TakenRow {
    pub username_taken: bool,
    pub email_taken: bool,
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn taken(pool: &PgPool, username: &str, email: &str) -> sqlx::Result<TakenRow> {
    sqlx::query_as(
        "SELECT COALESCE(bool_or(lower(username) = lower($1)), false) AS username_taken,
                COALESCE(bool_or(lower(email) = lower($2)), false) AS email_taken
         FROM users WHERE lower(username) = lower($1) OR lower(email) = lower($2)",
    )
    .bind(username)
    .bind(email)
    .fetch_one(pool)
    .await
}

pub struct NewAccount<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub hashed_password: String,
    pub full_name: &'a str,
}

/// Fails with a unique violation of `idx_users_username_lower` or
/// `idx_users_email_lower` when the name or email is taken.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn insert_account(pool: &PgPool, account: NewAccount<'_>) -> sqlx::Result<UserId> {
    sqlx::query_scalar(
        "INSERT INTO users (username, email, hashed_password, full_name)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(account.username)
    .bind(account.email)
    .bind(account.hashed_password)
    .bind(account.full_name)
    .fetch_one(pool)
    .await
}

/// The demo account and what a session of it records.
#[derive(sqlx::FromRow)]
pub struct DemoAccountRow {
    pub id: UserId,
    pub session_epoch: i32,
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn demo_account(pool: &PgPool) -> sqlx::Result<Option<DemoAccountRow>> {
    sqlx::query_as("SELECT id, session_epoch FROM users WHERE is_demo")
        .fetch_optional(pool)
        .await
}

/// Creates the demo account unless one exists (or its name is taken).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn insert_demo_account(
    pool: &PgPool,
    username: &str,
    hashed_password: String,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO users (username, email, hashed_password, full_name, bio, is_demo)
         VALUES ($1, 'demo@isntgram.example', $2, 'Demo Person', 'Just looking around.', true)
         ON CONFLICT DO NOTHING",
    )
    .bind(username)
    .bind(hashed_password)
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether the browser whose device token hashes to `token_hash` logged in to `user`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn is_known_device(pool: &PgPool, token_hash: &[u8], user: UserId) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM login_devices WHERE token_hash = $1 AND user_id = $2)",
    )
    .bind(token_hash)
    .bind(user)
    .fetch_one(pool)
    .await
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn remember_device(pool: &PgPool, token_hash: &[u8], user: UserId) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO login_devices (token_hash, user_id) VALUES ($1, $2)
         ON CONFLICT (token_hash, user_id) DO UPDATE SET created_at = now()",
    )
    .bind(token_hash)
    .bind(user)
    .execute(pool)
    .await?;
    Ok(())
}

/// Records a login (its token's hash, the browser it came from) and forgets the logins
/// of this account's older session epochs, which no longer work.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn record_login(
    pool: &PgPool,
    user: UserId,
    epoch: i32,
    token_hash: &[u8],
    user_agent: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "WITH stale AS (DELETE FROM logins WHERE user_id = $1 AND epoch <> $2)
         INSERT INTO logins (user_id, epoch, token_sha256, user_agent) VALUES ($1, $2, $3, $4)",
    )
    .bind(user)
    .bind(epoch)
    .bind(token_hash)
    .bind(user_agent)
    .execute(pool)
    .await?;
    Ok(())
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn forget_login(pool: &PgPool, token_hash: &[u8]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM logins WHERE token_sha256 = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// One place an account is logged in.
#[derive(Debug, sqlx::FromRow)]
pub struct LoginRow {
    pub token_sha256: Vec<u8>,
    pub user_agent: String,
    pub created_at: i64,
    pub now: i64,
}

/// The account's logins that still work (its current epoch, within the absolute
/// session lifetime), newest first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn logins_of(
    pool: &PgPool,
    user: UserId,
    max_age_days: i64,
) -> sqlx::Result<Vec<LoginRow>> {
    sqlx::query_as(
        "SELECT l.token_sha256, l.user_agent, extract(epoch FROM l.created_at)::bigint AS created_at,
                extract(epoch FROM now())::bigint AS now
         FROM logins l JOIN users u ON u.id = l.user_id AND u.session_epoch = l.epoch
         WHERE l.user_id = $1 AND l.created_at > now() - $2 * interval '1 day'
         ORDER BY l.created_at DESC LIMIT 100",
    )
    .bind(user)
    .bind(max_age_days)
    .fetch_all(pool)
    .await
}

/// Moves the account to a new session epoch, which ends every session but the one
/// logged in again with it; answers the new epoch.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn new_session_epoch(pool: &PgPool, user: UserId) -> sqlx::Result<i32> {
    sqlx::query_scalar(
        "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch",
    )
    .bind(user)
    .fetch_one(pool)
    .await
}
