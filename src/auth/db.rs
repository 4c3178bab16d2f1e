//! Every statement about accounts and sessions: finding an account to log in to,
//! creating one, the demo account, the session's user and the devices that logged in.

use sqlx::postgres::PgArguments;
use sqlx::{PgConnection, PgExecutor, PgPool, Postgres};

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
    pub email_verified: bool,
}

/// The session's account, if its login (`login_hash`) still stands; the login's last use
/// is moved on when it is five minutes old, in the same statement.
#[tracing::instrument(name = "load_session_user", skip_all)]
pub async fn session_user(
    pool: &PgPool,
    id: UserId,
    login_hash: &[u8],
) -> sqlx::Result<Option<SessionUserRow>> {
    // The unread count rides along (idx_notifications_unread): no extra statement. It
    // stops at 100, as the badge does ("99+"): someone with thousands unread costs no
    // more per page than someone with a hundred.
    sqlx::query_as(
        "WITH login AS (
             UPDATE logins SET last_seen_at = now()
             WHERE token_sha256 = $2 AND user_id = $1
               AND last_seen_at < now() - interval '5 minutes')
         SELECT id, username, full_name, profile_image_url, session_epoch, is_demo,
                email_verified_at IS NOT NULL AS email_verified,
                (SELECT count(*) FROM (SELECT FROM notifications n
                 WHERE n.recipient_id = users.id AND n.read_at IS NULL LIMIT 100) unread)
                   AS unread_notifications
         FROM users
         WHERE id = $1 AND suspended_at IS NULL
           AND EXISTS (SELECT 1 FROM logins l WHERE l.token_sha256 = $2 AND l.user_id = $1)",
    )
    .bind(id)
    .bind(login_hash)
    .fetch_optional(pool)
    .await
}

/// A stored session, with its account when it names a login that still stands.
#[derive(sqlx::FromRow)]
pub struct StoredSessionRow {
    /// The record, as `session_store` encodes it.
    pub data: Vec<u8>,
    /// Whether the row names an account (`user_id`). A logged-in session saved before
    /// that column existed does not.
    pub names_account: bool,
    pub id: Option<UserId>,
    pub username: Option<String>,
    pub full_name: Option<String>,
    pub profile_image_url: Option<String>,
    pub session_epoch: Option<i32>,
    pub unread_notifications: Option<i64>,
    pub is_demo: Option<bool>,
    pub email_verified: Option<bool>,
}

impl StoredSessionRow {
    /// The account, if the session names one whose login still stands.
    pub fn into_account(self) -> Option<SessionUserRow> {
        Some(SessionUserRow {
            id: self.id?,
            username: self.username?,
            full_name: self.full_name?,
            profile_image_url: self.profile_image_url,
            session_epoch: self.session_epoch?,
            unread_notifications: self.unread_notifications?,
            is_demo: self.is_demo?,
            email_verified: self.email_verified?,
        })
    }
}

/// Session `id` unless it expired, and in the same statement what [`session_user`]
/// asks of its account: one statement per request for the session and who is behind it.
#[tracing::instrument(name = "load_session", skip_all)]
pub async fn stored_session(pool: &PgPool, id: &str) -> sqlx::Result<Option<StoredSessionRow>> {
    sqlx::query_as(
        "WITH stored AS (
             SELECT data, user_id, login_sha256 FROM tower_sessions.session
             WHERE id = $1 AND expiry_date > now()),
         seen AS (
             UPDATE logins SET last_seen_at = now() FROM stored
             WHERE logins.token_sha256 = stored.login_sha256
               AND logins.user_id = stored.user_id
               AND logins.last_seen_at < now() - interval '5 minutes')
         SELECT stored.data, stored.user_id IS NOT NULL AS names_account,
                u.id, u.username, u.full_name, u.profile_image_url, u.session_epoch, u.is_demo,
                u.email_verified_at IS NOT NULL AS email_verified,
                CASE WHEN u.id IS NOT NULL THEN
                    (SELECT count(*) FROM (SELECT FROM notifications n
                     WHERE n.recipient_id = u.id AND n.read_at IS NULL LIMIT 100) unread)
                END AS unread_notifications
         FROM stored
         LEFT JOIN users u ON u.id = stored.user_id AND u.suspended_at IS NULL
             AND EXISTS (SELECT 1 FROM logins l WHERE l.token_sha256 = stored.login_sha256
                                                  AND l.user_id = stored.user_id)",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// A session as the store saves it: the encoded record, and the account and login it
/// names, if any.
pub struct SessionToStore {
    pub id: String,
    pub data: Vec<u8>,
    pub expiry_date: time::OffsetDateTime,
    pub user_id: Option<i64>,
    pub login_sha256: Option<[u8; 32]>,
}

/// A session's five columns, bound as `$1`–`$5` in the order the inserts name them.
fn bind_session<'q>(
    query: sqlx::query::Query<'q, Postgres, PgArguments>,
    session: &'q SessionToStore,
) -> sqlx::query::Query<'q, Postgres, PgArguments> {
    query
        .bind(&session.id)
        .bind(&session.data)
        .bind(session.expiry_date)
        .bind(session.user_id)
        .bind(session.login_sha256.as_ref().map(|hash| &hash[..]))
}

/// Saves a session, over the one with its id if there is one.
#[tracing::instrument(name = "save_session", skip_all)]
pub async fn save_session(pool: &PgPool, session: &SessionToStore) -> sqlx::Result<()> {
    bind_session(
        sqlx::query(
            "INSERT INTO tower_sessions.session (id, data, expiry_date, user_id, login_sha256)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data,
                 expiry_date = excluded.expiry_date, user_id = excluded.user_id,
                 login_sha256 = excluded.login_sha256",
        ),
        session,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Saves a new session; false if its id is taken.
#[tracing::instrument(name = "create_session", skip_all)]
pub async fn create_session(pool: &PgPool, session: &SessionToStore) -> sqlx::Result<bool> {
    let created = bind_session(
        sqlx::query(
            "INSERT INTO tower_sessions.session (id, data, expiry_date, user_id, login_sha256)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO NOTHING",
        ),
        session,
    )
    .execute(pool)
    .await?;
    Ok(created.rows_affected() == 1)
}

#[tracing::instrument(name = "delete_session", skip_all)]
pub async fn delete_session(pool: &PgPool, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM tower_sessions.session WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Sessions past their expiry (the store no longer loads them) go.
#[tracing::instrument(skip_all)]
pub async fn delete_expired_sessions(pool: &PgPool) -> sqlx::Result<u64> {
    let deleted = sqlx::query("DELETE FROM tower_sessions.session WHERE expiry_date < now()")
        .execute(pool)
        .await?;
    Ok(deleted.rows_affected())
}

/// An account a password may log in to, and what a session of it records.
#[derive(sqlx::FromRow)]
pub struct LoginAccountRow {
    pub id: UserId,
    pub hashed_password: String,
    pub session_epoch: i32,
    /// Suspended by a moderator: the right password still does not log in.
    pub suspended: bool,
    /// A code from an authenticator app is asked after the password.
    pub two_step: bool,
}

/// The account a username or email (any case) names. The demo account has no password
/// anyone may use: it is reached by "Try the demo", never found here.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn login_account(pool: &PgPool, name: &str) -> sqlx::Result<Option<LoginAccountRow>> {
    sqlx::query_as(
        "SELECT id, hashed_password, session_epoch, suspended_at IS NOT NULL AS suspended,
                EXISTS (SELECT 1 FROM two_step_logins t
                        WHERE t.user_id = users.id AND t.enabled_at IS NOT NULL) AS two_step
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
pub async fn insert_account(
    executor: impl PgExecutor<'_>,
    account: NewAccount<'_>,
) -> sqlx::Result<UserId> {
    sqlx::query_scalar(
        "INSERT INTO users (username, email, hashed_password, full_name)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(account.username)
    .bind(account.email)
    .bind(account.hashed_password)
    .bind(account.full_name)
    .fetch_one(executor)
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
        "INSERT INTO users (username, email, hashed_password, full_name, bio, is_demo,
                            email_verified_at)
         VALUES ($1, 'demo@isntgram.example', $2, 'Demo Person', 'Just looking around.', true,
                 now())
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
    pub id: i64,
    pub token_sha256: Vec<u8>,
    pub user_agent: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub now: i64,
}

/// The account's logins that still work (its current epoch, within the absolute
/// session lifetime), most recently used first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn logins_of(
    pool: &PgPool,
    user: UserId,
    max_age_days: i64,
) -> sqlx::Result<Vec<LoginRow>> {
    sqlx::query_as(
        "SELECT l.id, l.token_sha256, l.user_agent,
                extract(epoch FROM l.created_at)::bigint AS created_at,
                extract(epoch FROM l.last_seen_at)::bigint AS last_seen_at,
                extract(epoch FROM now())::bigint AS now
         FROM logins l JOIN users u ON u.id = l.user_id AND u.session_epoch = l.epoch
         WHERE l.user_id = $1 AND l.created_at > now() - $2 * interval '1 day'
         ORDER BY l.last_seen_at DESC, l.id DESC LIMIT 100",
    )
    .bind(user)
    .bind(max_age_days)
    .fetch_all(pool)
    .await
}

/// Ends one login of `user` (its session finds its row gone on its next request); the
/// hash of the ended login's token, if there was one.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn end_login(pool: &PgPool, user: UserId, login: i64) -> sqlx::Result<Option<Vec<u8>>> {
    sqlx::query_scalar("DELETE FROM logins WHERE id = $1 AND user_id = $2 RETURNING token_sha256")
        .bind(login)
        .bind(user)
        .fetch_optional(pool)
        .await
}

/// Moves the account to a new session epoch, which ends every session but the one
/// logged in again with it (and, by trigger, the unused links to change its email or
/// reset its password); answers the new epoch.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn new_session_epoch(pool: &PgPool, user: UserId) -> sqlx::Result<i32> {
    sqlx::query_scalar(
        "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1
         RETURNING session_epoch",
    )
    .bind(user)
    .fetch_one(pool)
    .await
}

/// What a link mailed to an address does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    /// Confirms the account's address after sign-up.
    VerifyEmail,
    /// Makes the address the account's email.
    ChangeEmail,
    /// Sets a new password.
    ResetPassword,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ChangeEmail => "change_email",
            Self::ResetPassword => "reset_password",
        }
    }

    /// How long a link works.
    pub fn lifetime(self) -> time::Duration {
        match self {
            Self::VerifyEmail => time::Duration::days(7),
            Self::ChangeEmail => time::Duration::days(1),
            Self::ResetPassword => time::Duration::hours(1),
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::VerifyEmail, Self::ChangeEmail, Self::ResetPassword]
            .into_iter()
            .find(|purpose| purpose.as_str() == text)
    }
}

/// Stores a new link's token hash; the account's earlier unused links of that purpose
/// stop working (the newest mail is the one that counts).
#[tracing::instrument(level = "debug", skip_all, fields(purpose = purpose.as_str()))]
pub async fn issue_token(
    conn: &mut PgConnection,
    user: UserId,
    purpose: TokenPurpose,
    email: &str,
    token_hash: &[u8],
) -> sqlx::Result<()> {
    sqlx::query(
        "WITH superseded AS (
             DELETE FROM email_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL)
         INSERT INTO email_tokens (token_hash, user_id, purpose, email, expires_at)
         VALUES ($5, $1, $2, $3, now() + $4 * interval '1 second')",
    )
    .bind(user)
    .bind(purpose.as_str())
    .bind(email)
    .bind(purpose.lifetime().whole_seconds())
    .bind(token_hash)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets links that expired more than a day ago.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn purge_tokens(pool: &PgPool) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM email_tokens WHERE expires_at < now() - interval '1 day'")
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// A link that was just used.
pub struct UsedToken {
    pub user_id: UserId,
    pub purpose: TokenPurpose,
    /// The address it was mailed to.
    pub email: String,
}

/// Uses the link whose token hashes to `token_hash` if it is one of `purposes`, unused
/// and unexpired: it never works again.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn use_token(
    conn: &mut PgConnection,
    token_hash: &[u8],
    purposes: &[TokenPurpose],
) -> sqlx::Result<Option<UsedToken>> {
    let purposes: Vec<&str> = purposes.iter().map(|purpose| purpose.as_str()).collect();
    let row: Option<(UserId, String, String)> = sqlx::query_as(
        "UPDATE email_tokens SET used_at = now()
         WHERE token_hash = $1 AND purpose = ANY($2) AND used_at IS NULL AND expires_at > now()
         RETURNING user_id, purpose, email",
    )
    .bind(token_hash)
    .bind(&purposes)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(user_id, purpose, email)| {
        Some(UsedToken {
            user_id,
            purpose: TokenPurpose::parse(&purpose)?,
            email,
        })
    }))
}

/// Whether the link would work now for one of `purposes` (the page shows its form only
/// then).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn token_is_usable(
    pool: &PgPool,
    token_hash: &[u8],
    purposes: &[TokenPurpose],
) -> sqlx::Result<bool> {
    let purposes: Vec<&str> = purposes.iter().map(|purpose| purpose.as_str()).collect();
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM email_tokens WHERE token_hash = $1 AND purpose = ANY($2)
                        AND used_at IS NULL AND expires_at > now())",
    )
    .bind(token_hash)
    .bind(&purposes)
    .fetch_one(pool)
    .await
}

/// The account's address is confirmed, if it still is `email`; whether it was.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn mark_email_verified(
    conn: &mut PgConnection,
    user: UserId,
    email: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, now())
         WHERE id = $1 AND lower(email) = lower($2)",
    )
    .bind(user)
    .bind(email)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The account's username and email, and the email it had before.
#[derive(sqlx::FromRow)]
pub struct ChangedEmailRow {
    pub username: String,
    pub old_email: String,
}

/// Makes `email` the account's (confirmed) address (the trigger on a new email stops
/// the other unused reset and change links). Fails with a unique violation of
/// `idx_users_email_lower` when another account took it meanwhile.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn change_email(
    conn: &mut PgConnection,
    user: UserId,
    email: &str,
) -> sqlx::Result<Option<ChangedEmailRow>> {
    sqlx::query_as(
        "UPDATE users u SET email = $2, email_verified_at = now()
         FROM (SELECT id, email FROM users WHERE id = $1 FOR UPDATE) old
         WHERE u.id = old.id
         RETURNING u.username, old.email AS old_email",
    )
    .bind(user)
    .bind(email)
    .fetch_optional(conn)
    .await
}

/// The account's username and email.
#[derive(sqlx::FromRow)]
pub struct AddressRow {
    pub username: String,
    pub email: String,
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn address_of(executor: impl PgExecutor<'_>, user: UserId) -> sqlx::Result<AddressRow> {
    sqlx::query_as("SELECT username, email FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(executor)
        .await
}

/// Where a reset link goes, in one statement whether or not an account uses `email`
/// (so the answer takes the same time): the account's earlier unused reset links stop
/// working, a new one is stored and its mail queued, with the account's username put
/// in place of `username_slot` in the mail. Suspended and demo accounts get none.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn queue_password_reset(
    pool: &PgPool,
    email: &str,
    token_hash: &[u8],
    mail: &crate::mail::Mail,
    username_slot: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "WITH account AS (
             SELECT id, username, email FROM users
             WHERE lower(email) = lower($1) AND NOT is_demo AND suspended_at IS NULL),
         superseded AS (
             DELETE FROM email_tokens t USING account
             WHERE t.user_id = account.id AND t.purpose = 'reset_password' AND t.used_at IS NULL),
         token AS (
             INSERT INTO email_tokens (token_hash, user_id, purpose, email, expires_at)
             SELECT $2, id, 'reset_password', email, now() + $3 * interval '1 second'
             FROM account)
         INSERT INTO mail_outbox (recipient, subject, body_text, body_html)
         SELECT email, $4, replace($5, $7, username), replace($6, $7, username) FROM account",
    )
    .bind(email)
    .bind(token_hash)
    .bind(TokenPurpose::ResetPassword.lifetime().whole_seconds())
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(username_slot)
    .execute(pool)
    .await?;
    Ok(())
}

/// Sets a new password after a reset, and moves the account to a new session epoch so
/// every session ends (and, by trigger, other unused reset and change links); the link
/// proves the address, so it counts as confirmed too.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn reset_password(
    conn: &mut PgConnection,
    user: UserId,
    hashed_password: &str,
    mailed_to: &str,
) -> sqlx::Result<Option<AddressRow>> {
    sqlx::query_as(
        "UPDATE users SET hashed_password = $2, session_epoch = session_epoch + 1,
                email_verified_at = CASE WHEN lower(email) = lower($3)
                                         THEN COALESCE(email_verified_at, now())
                                         ELSE email_verified_at END
         WHERE id = $1 AND NOT is_demo
         RETURNING username, email",
    )
    .bind(user)
    .bind(hashed_password)
    .bind(mailed_to)
    .fetch_optional(conn)
    .await
}

/// The account's two-step secret: the one in force (`enabled`), or the one being set up.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn two_step_secret(
    pool: &PgPool,
    user: UserId,
    enabled: bool,
) -> sqlx::Result<Option<Vec<u8>>> {
    sqlx::query_scalar(
        "SELECT secret FROM two_step_logins
         WHERE user_id = $1 AND (enabled_at IS NOT NULL) = $2",
    )
    .bind(user)
    .bind(enabled)
    .fetch_optional(pool)
    .await
}

/// Accepts a code of time step `step`, unless one of that step or a later one was
/// accepted before (a code works once); whether it was accepted.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn spend_time_step(pool: &PgPool, user: UserId, step: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE two_step_logins SET last_used_step = $2
         WHERE user_id = $1 AND enabled_at IS NOT NULL AND last_used_step < $2",
    )
    .bind(user)
    .bind(step)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Uses up an unused recovery code; whether there was one.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn spend_recovery_code(pool: &PgPool, user: UserId, hash: &[u8]) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = now()
         WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(user)
    .bind(hash)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Where the account's two-step login stands.
#[derive(sqlx::FromRow)]
pub struct TwoStepRow {
    pub enabled: bool,
    pub secret: Option<Vec<u8>>,
    pub recovery_codes_left: i64,
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn two_step_state(pool: &PgPool, user: UserId) -> sqlx::Result<TwoStepRow> {
    sqlx::query_as(
        "SELECT COALESCE(t.enabled_at IS NOT NULL, false) AS enabled, t.secret,
                (SELECT count(*) FROM recovery_codes r
                 WHERE r.user_id = $1 AND r.used_at IS NULL) AS recovery_codes_left
         FROM (SELECT $1::bigint AS user_id) me
         LEFT JOIN two_step_logins t ON t.user_id = me.user_id",
    )
    .bind(user)
    .fetch_one(pool)
    .await
}

/// Starts setting up two-step login with a new secret (replacing one being set up);
/// nothing changes when it is on already. Whether it started.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn begin_two_step(pool: &PgPool, user: UserId, secret: &[u8]) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO two_step_logins (user_id, secret) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret
         WHERE two_step_logins.enabled_at IS NULL",
    )
    .bind(user)
    .bind(secret)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts `secret`, being set up, in force (its first code was of `step`) with new
/// recovery codes in place of any old ones; whether it was the one being set up.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn enable_two_step(
    conn: &mut PgConnection,
    user: UserId,
    secret: &[u8],
    step: i64,
    recovery_hashes: &[Vec<u8>],
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE two_step_logins SET enabled_at = now(), last_used_step = $2
         WHERE user_id = $1 AND enabled_at IS NULL AND secret = $3",
    )
    .bind(user)
    .bind(step)
    .bind(secret)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "WITH old AS (DELETE FROM recovery_codes WHERE user_id = $1)
         INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])",
    )
    .bind(user)
    .bind(recovery_hashes)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Turns two-step login off: the secret and the recovery codes go.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn disable_two_step(pool: &PgPool, user: UserId) -> sqlx::Result<()> {
    sqlx::query(
        "WITH codes AS (DELETE FROM recovery_codes WHERE user_id = $1)
         DELETE FROM two_step_logins WHERE user_id = $1",
    )
    .bind(user)
    .execute(pool)
    .await?;
    Ok(())
}
