//! Every statement about comments: a post's conversation a page at a time, adding one
//! (and telling the post's author), deleting one.

use sqlx::{PgConnection, PgPool};

use crate::comments::CommentView;
use crate::ids::{CommentId, PostId, UserId};
use crate::pagination::{Cursor, Page, split_page};

/// The columns of a comment as pages show it, for
/// `FROM comments c JOIN users u ON u.id = c.user_id JOIN posts p ON p.id = c.post_id`,
/// with the viewer's id (or NULL) as `$1`.
macro_rules! comment_columns {
    () => {
        concat!("c.id, c.post_id, u.username AS author, u.profile_image_url AS author_avatar, c.content,
         extract(epoch FROM c.created_at)::bigint AS created_at,
         extract(epoch FROM now())::bigint AS now,
         c.like_count,
         EXISTS (SELECT 1 FROM likes l WHERE l.user_id = $1::bigint AND l.likeable_type = 'comment'
                 AND l.likeable_id = c.id) AS liked_by_me,
         COALESCE(c.user_id = $1::bigint OR p.user_id = $1::bigint, false) AS can_delete, ",
        $crate::posts::caption::mentioned_users!("c.content"),
        " AS mentions")
    };
}

/// A comment with where it sits in its post's conversation, for the next page's cursor.
#[derive(sqlx::FromRow)]
struct CommentPageRow {
    #[sqlx(flatten)]
    comment: CommentView,
    created_micros: i64,
}

/// A post's comments, oldest first, `size` at a time after `after` (keyset: a flooded
/// post costs no more per page than a quiet one).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn of_post(
    pool: &PgPool,
    viewer: Option<UserId>,
    post: PostId,
    after: Option<Cursor>,
    size: usize,
) -> sqlx::Result<Page<CommentView>> {
    let (micros, id) = Cursor::binds(after);
    let rows: Vec<CommentPageRow> = sqlx::query_as(concat!(
        "SELECT ",
        comment_columns!(),
        ", (extract(epoch FROM c.created_at) * 1000000)::bigint AS created_micros
         FROM comments c JOIN users u ON u.id = c.user_id JOIN posts p ON p.id = c.post_id
         WHERE c.post_id = $2
           AND (c.created_at, c.id) > (
               COALESCE(timestamptz 'epoch' + $3::bigint * interval '1 microsecond',
                        '-infinity'::timestamptz),
               COALESCE($4::bigint, 0))
         ORDER BY c.created_at, c.id
         LIMIT $5"
    ))
    .bind(viewer)
    .bind(post)
    .bind(micros)
    .bind(id)
    .bind(size as i64 + 1)
    .fetch_all(pool)
    .await?;
    let (rows, next) = split_page(rows, size, |row| Cursor {
        micros: row.created_micros,
        id: row.comment.id.0,
    });
    Ok(Page {
        items: rows.into_iter().map(|row| row.comment).collect(),
        next,
    })
}

/// The latest comments of several posts. `$1` the viewer, `$2` the posts, `$3` how
/// many each.
pub const LATEST_COMMENTS_SQL: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM unnest($2::bigint[]) AS wanted (post_id)
      CROSS JOIN LATERAL (
          SELECT * FROM comments c WHERE c.post_id = wanted.post_id
          ORDER BY c.created_at DESC, c.id DESC LIMIT $3) AS c
      JOIN users u ON u.id = c.user_id
      JOIN posts p ON p.id = c.post_id
      ORDER BY c.created_at, c.id"
);

/// The latest `each` comments of every post in `posts` (oldest of them first), as
/// `viewer` sees them.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn latest_of_posts(
    pool: &PgPool,
    viewer: UserId,
    posts: &[PostId],
    each: i64,
) -> sqlx::Result<Vec<CommentView>> {
    sqlx::query_as(LATEST_COMMENTS_SQL)
        .bind(viewer)
        .bind(posts)
        .bind(each)
        .fetch_all(pool)
        .await
}

/// Adds `author`'s comment and tells the post's author, in the caller's transaction.
/// Fails with a foreign key violation when the post is gone.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn insert(
    tx: &mut PgConnection,
    author: UserId,
    post: PostId,
    content: &str,
) -> sqlx::Result<CommentView> {
    let id: CommentId = sqlx::query_scalar(
        "INSERT INTO comments (user_id, post_id, content) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(author)
    .bind(post)
    .bind(content)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO notifications (recipient_id, actor_id, kind, post_id, comment_id)
         SELECT p.user_id, $1, 'comment', p.id, $3 FROM posts p
         WHERE p.id = $2 AND p.user_id <> $1",
    )
    .bind(author)
    .bind(post)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query_as(concat!(
        "SELECT ",
        comment_columns!(),
        " FROM comments c JOIN users u ON u.id = c.user_id JOIN posts p ON p.id = c.post_id
          WHERE c.id = $2"
    ))
    .bind(author)
    .bind(id)
    .fetch_one(&mut *tx)
    .await
}

/// Deletes the comment if `user` wrote it or owns its post, in the one statement that
/// checks; false otherwise. Its likes (trigger) and notifications (cascade) go with it.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn delete(pool: &PgPool, id: CommentId, user: UserId) -> sqlx::Result<bool> {
    let deleted = sqlx::query(
        "DELETE FROM comments c USING posts p
         WHERE c.id = $1 AND p.id = c.post_id AND (c.user_id = $2 OR p.user_id = $2)",
    )
    .bind(id)
    .bind(user)
    .execute(pool)
    .await?;
    Ok(deleted.rows_affected() > 0)
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn exists(pool: &PgPool, id: CommentId) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM comments WHERE id = $1)")
        .bind(id)
        .fetch_one(pool)
        .await
}
