//! Every statement about comments: a post's conversation and a thread's replies a page
//! at a time, adding one (and telling the post's author, the person replied to and the
//! people mentioned), deleting one.

use sqlx::{PgConnection, PgPool};

use crate::comments::CommentView;
use crate::ids::{CommentId, PostId, UserId};
use crate::pagination::{Cursor, Page, split_page};
use crate::posts::db::notify_mentions;

/// The columns of a comment as pages show it, for
/// `FROM comments c JOIN users u ON u.id = c.user_id JOIN posts p ON p.id = c.post_id`,
/// with the viewer's id (or NULL) as `$1`. "Liked by me" is a scalar subquery for the
/// reason given at `post_columns!`.
macro_rules! comment_columns {
    () => {
        concat!("c.id, c.post_id, c.parent_id,
         (SELECT count(*) FROM comments r WHERE r.parent_id = c.id) AS reply_count,
         u.username AS author, u.profile_image_url AS author_avatar, c.content,
         extract(epoch FROM c.created_at)::bigint AS created_at,
         extract(epoch FROM now())::bigint AS now,
         c.like_count,
         COALESCE((SELECT true FROM likes l WHERE l.user_id = $1::bigint
                   AND l.likeable_type = 'comment' AND l.likeable_id = c.id), false) AS liked_by_me,
         COALESCE(c.user_id = $1::bigint OR p.user_id = $1::bigint, false) AS can_delete,
         COALESCE(c.user_id = $1::bigint, false) AS mine, ",
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

/// Which comments a page of a conversation holds.
#[derive(Debug, Clone, Copy)]
pub enum Conversation {
    /// A post's top comments.
    Post(PostId),
    /// A thread's replies.
    Replies(CommentId),
}

/// A page of comments oldest first, those that `$filter` keeps (on `$2`), after the
/// keyset `$3`/`$4`, `$5` rows.
macro_rules! comment_page_sql {
    ($filter:literal) => {
        concat!(
            "SELECT ",
            comment_columns!(),
            ", (extract(epoch FROM c.created_at) * 1000000)::bigint AS created_micros
             FROM comments c JOIN users u ON u.id = c.user_id JOIN posts p ON p.id = c.post_id
             WHERE may_see($1, c.user_id) AND may_see_post($1, p.user_id, p.hidden_at)
               AND (c.hidden_at IS NULL OR c.user_id = $1) AND ",
            $filter,
            " AND (c.created_at, c.id) > (
                   COALESCE(timestamptz 'epoch' + $3::bigint * interval '1 microsecond',
                            '-infinity'::timestamptz),
                   COALESCE($4::bigint, 0))
             ORDER BY c.created_at, c.id
             LIMIT $5"
        )
    };
}

/// A post's top comments or a thread's replies, oldest first, `size` at a time after
/// `after` (keyset: a flooded post costs no more per page than a quiet one).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn page(
    pool: &PgPool,
    viewer: Option<UserId>,
    conversation: Conversation,
    after: Option<Cursor>,
    size: usize,
) -> sqlx::Result<Page<CommentView>> {
    let (micros, id) = Cursor::binds(after);
    let (sql, of) = match conversation {
        Conversation::Post(post) => (
            comment_page_sql!("c.post_id = $2 AND c.parent_id IS NULL"),
            post.0,
        ),
        Conversation::Replies(comment) => (comment_page_sql!("c.parent_id = $2"), comment.0),
    };
    let rows: Vec<CommentPageRow> = sqlx::query_as(sql)
        .bind(viewer)
        .bind(of)
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
          SELECT * FROM comments c WHERE c.post_id = wanted.post_id AND may_see($1, c.user_id)
            AND (c.hidden_at IS NULL OR c.user_id = $1)
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

/// The comment a reply answers: its thread (the top comment) and its author, who is told.
#[derive(Debug, sqlx::FromRow)]
pub struct ReplyTarget {
    pub thread: CommentId,
    pub author: UserId,
}

/// What replying to comment `id` on `post` means, or `None` when there is no such
/// comment on that post. Replying to a reply answers its thread. The comment is locked
/// until the transaction ends, so it cannot vanish underneath.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn reply_target(
    tx: &mut PgConnection,
    post: PostId,
    id: CommentId,
) -> sqlx::Result<Option<ReplyTarget>> {
    sqlx::query_as(
        "SELECT COALESCE(parent_id, id) AS thread, user_id AS author FROM comments
         WHERE id = $1 AND post_id = $2 FOR KEY SHARE",
    )
    .bind(id)
    .bind(post)
    .fetch_optional(tx)
    .await
}

/// Adds `author`'s comment (a reply when `reply` says to what) and tells the post's
/// author, the person replied to and the people mentioned (each once), in the caller's
/// transaction. Fails with a foreign key violation when the post is gone.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn insert(
    tx: &mut PgConnection,
    author: UserId,
    post: PostId,
    content: &str,
    reply: Option<&ReplyTarget>,
) -> sqlx::Result<CommentView> {
    let id: CommentId = sqlx::query_scalar(
        "INSERT INTO comments (user_id, post_id, content, parent_id) VALUES ($1, $2, $3, $4)
         RETURNING id",
    )
    .bind(author)
    .bind(post)
    .bind(content)
    .bind(reply.map(|reply| reply.thread))
    .fetch_one(&mut *tx)
    .await?;
    // The person replied to hears of a reply; the post's author of a comment, unless
    // they are that person.
    sqlx::query(
        "INSERT INTO notifications (recipient_id, actor_id, kind, post_id, comment_id)
         SELECT $4, $1, 'reply', $2, $3 WHERE $4::bigint IS NOT NULL AND $4 <> $1
             AND NOT blocked_between($4, $1)
         UNION ALL
         SELECT p.user_id, $1, 'comment', p.id, $3 FROM posts p
         WHERE p.id = $2 AND p.user_id <> $1 AND p.user_id IS DISTINCT FROM $4::bigint",
    )
    .bind(author)
    .bind(post)
    .bind(id)
    .bind(reply.map(|reply| reply.author))
    .execute(&mut *tx)
    .await?;
    notify_mentions(tx, author, post, Some(id), content).await?;
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
