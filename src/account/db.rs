//! Every statement of `/settings`: reading and changing one's own row of `users`.

use sqlx::{PgExecutor, PgPool};

use crate::account::EditableProfile;
use crate::ids::UserId;

#[derive(sqlx::FromRow)]
pub struct EditableProfileRow {
    pub username: String,
    pub full_name: String,
    pub email: String,
    pub bio: Option<String>,
    pub email_verified: bool,
    pub pending_email: Option<String>,
}

impl From<EditableProfileRow> for EditableProfile {
    fn from(row: EditableProfileRow) -> Self {
        Self {
            username: row.username,
            full_name: row.full_name,
            email: row.email,
            bio: row.bio.unwrap_or_default(),
            email_verified: row.email_verified,
            pending_email: row.pending_email,
        }
    }
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn editable_profile(pool: &PgPool, user: UserId) -> sqlx::Result<EditableProfileRow> {
    sqlx::query_as(
        "SELECT username, full_name, email, bio, email_verified_at IS NOT NULL AS email_verified,
                (SELECT t.email FROM email_tokens t
                 WHERE t.user_id = users.id AND t.purpose = 'change_email'
                   AND t.used_at IS NULL AND t.expires_at > now()
                 ORDER BY t.created_at DESC LIMIT 1) AS pending_email
         FROM users WHERE id = $1",
    )
    .bind(user)
    .fetch_one(pool)
    .await
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn email_of(pool: &PgPool, user: UserId) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(pool)
        .await
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn hashed_password_of(pool: &PgPool, user: UserId) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT hashed_password FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(pool)
        .await
}

/// The profile form's values, already parsed. (A new email waits for the link mailed to
/// it: `auth::db::change_email`.)
pub struct ProfileUpdate<'a> {
    pub full_name: &'a str,
    pub username: &'a str,
    pub bio: &'a str,
}

/// Fails with a unique violation of `idx_users_username_lower` when the name is
/// someone else's.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn update_profile(
    executor: impl PgExecutor<'_>,
    user: UserId,
    profile: ProfileUpdate<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET full_name = $2, username = $3, bio = NULLIF($4, '') WHERE id = $1",
    )
    .bind(user)
    .bind(profile.full_name)
    .bind(profile.username)
    .bind(profile.bio)
    .execute(executor)
    .await?;
    Ok(())
}

/// Whether an account other than `user` uses `email` (any case).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn email_taken(pool: &PgPool, user: UserId, email: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($2) AND id <> $1)",
    )
    .bind(user)
    .bind(email)
    .fetch_one(pool)
    .await
}

/// What the demo account may change of its profile.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn update_name_and_bio(
    pool: &PgPool,
    user: UserId,
    full_name: &str,
    bio: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET full_name = $2, bio = NULLIF($3, '') WHERE id = $1")
        .bind(user)
        .bind(full_name)
        .bind(bio)
        .execute(pool)
        .await?;
    Ok(())
}

/// Sets a new password hash and moves the session epoch on, which ends every session
/// of the account made before; returns the new epoch.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn set_password(pool: &PgPool, user: UserId, hashed: String) -> sqlx::Result<i32> {
    sqlx::query_scalar(
        "UPDATE users SET hashed_password = $2, session_epoch = session_epoch + 1
         WHERE id = $1 RETURNING session_epoch",
    )
    .bind(user)
    .bind(hashed)
    .fetch_one(pool)
    .await
}

/// Posts, comments, likes, follows and notifications all cascade with the row.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn delete_account(pool: &PgPool, user: UserId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}

/// Everything `user` wrote and did, as one JSON document: the account, posts, comments,
/// likes, follows both ways and saved posts, oldest first. The photos themselves are
/// read from the media store (`account::export`).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn data_of(pool: &PgPool, user: UserId) -> sqlx::Result<String> {
    sqlx::query_scalar(
        "SELECT jsonb_pretty(jsonb_build_object(
           'account', (SELECT jsonb_build_object('username', username, 'full_name', full_name,
                         'email', email, 'bio', bio, 'joined', created_at,
                         'profile_photo', profile_image_url)
                       FROM users WHERE id = $1),
           'posts', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', p.id,
                        'caption', p.caption, 'created_at', p.created_at,
                        'photos', (SELECT jsonb_agg(jsonb_build_object(
                                     'file', 'photos/post-' || p.id || '-' || (ph.position + 1)
                                             || '.' || substring(ph.url from '[^.]+$'),
                                     'alt_text', ph.alt_text) ORDER BY ph.position)
                                   FROM photos ph WHERE ph.post_id = p.id))
                        ORDER BY p.created_at), '[]')
                     FROM posts p WHERE p.user_id = $1),
           'comments', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'post', post_id,
                           'reply_to', parent_id, 'text', content, 'created_at', created_at)
                           ORDER BY created_at), '[]')
                        FROM comments WHERE user_id = $1),
           'likes', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', likeable_type,
                        'id', likeable_id, 'created_at', created_at) ORDER BY created_at), '[]')
                     FROM likes WHERE user_id = $1),
           'following', (SELECT coalesce(jsonb_agg(jsonb_build_object('username', u.username,
                            'since', f.created_at) ORDER BY f.created_at), '[]')
                         FROM follows f JOIN users u ON u.id = f.user_followed_id
                         WHERE f.user_id = $1),
           'followers', (SELECT coalesce(jsonb_agg(jsonb_build_object('username', u.username,
                            'since', f.created_at) ORDER BY f.created_at), '[]')
                         FROM follows f JOIN users u ON u.id = f.user_id
                         WHERE f.user_followed_id = $1),
           'saved', (SELECT coalesce(jsonb_agg(jsonb_build_object('post', post_id,
                        'saved_at', created_at) ORDER BY created_at), '[]')
                     FROM saved_posts WHERE user_id = $1)))",
    )
    .bind(user)
    .fetch_one(pool)
    .await
}

/// A stored photo of someone's: its name in their archive, and where it is served.
#[derive(Debug, sqlx::FromRow)]
pub struct ArchivedPhotoRow {
    pub name: String,
    pub url: String,
}

/// The stored photos of `user`'s posts (full size) and profile.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn photos_of(pool: &PgPool, user: UserId) -> sqlx::Result<Vec<ArchivedPhotoRow>> {
    sqlx::query_as(
        "SELECT 'post-' || p.id || '-' || (ph.position + 1) AS name, ph.url
         FROM posts p JOIN photos ph ON ph.post_id = p.id WHERE p.user_id = $1
         UNION ALL
         SELECT 'profile-photo', profile_image_url FROM users
         WHERE id = $1 AND profile_image_url IS NOT NULL",
    )
    .bind(user)
    .fetch_all(pool)
    .await
}

/// Takes the account's export lease, unless a download of its data is under way (one
/// started in the last 15 minutes); when taken, the lease's start (its name).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn start_export(
    pool: &PgPool,
    user: UserId,
) -> sqlx::Result<Option<time::OffsetDateTime>> {
    sqlx::query_scalar(
        "INSERT INTO data_exports (user_id) VALUES ($1)
         ON CONFLICT (user_id) DO UPDATE SET started_at = now()
         WHERE data_exports.started_at < now() - interval '15 minutes'
         RETURNING started_at",
    )
    .bind(user)
    .fetch_optional(pool)
    .await
}

/// Gives back the lease that started at `started_at` (a later one stays).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn end_export(
    pool: &PgPool,
    user: UserId,
    started_at: time::OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM data_exports WHERE user_id = $1 AND started_at = $2")
        .bind(user)
        .bind(started_at)
        .execute(pool)
        .await?;
    Ok(())
}
