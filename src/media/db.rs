//! Who may fetch a stored file: the one statement the media route asks.

use sqlx::PgPool;

use crate::ids::UserId;

/// Who may fetch a stored file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: a public post's photo, a profile photo, or a file no row uses.
    Public,
    /// This viewer, but not every viewer: a private account's photo shown to its
    /// approved followers (so no shared cache may keep it).
    Private,
    /// Not this viewer: as if it did not exist.
    Hidden,
}

/// `url` (`/media/…`) is public when no post uses it or a public account's post does
/// (not hidden by a moderator, its author not suspended);
/// otherwise `viewer` needs to see one of the posts that use it (`may_see_posts`).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn access(pool: &PgPool, viewer: Option<UserId>, url: &str) -> sqlx::Result<Access> {
    let (public, visible): (Option<bool>, Option<bool>) = sqlx::query_as(
        "SELECT bool_or(NOT u.is_private AND p.hidden_at IS NULL AND u.suspended_at IS NULL),
                bool_or(may_see_post($1, p.user_id, p.hidden_at))
         FROM photos ph JOIN posts p ON p.id = ph.post_id JOIN users u ON u.id = p.user_id
         WHERE ph.url = $2
            OR ph.variants @> jsonb_build_array(jsonb_build_object('url', $2::text))",
    )
    .bind(viewer)
    .bind(url)
    .fetch_one(pool)
    .await?;
    Ok(match (public, visible) {
        (None, _) | (Some(true), _) => Access::Public,
        (Some(false), Some(true)) => Access::Private,
        (Some(false), _) => Access::Hidden,
    })
}
