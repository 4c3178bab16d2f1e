//! Reading, adding and deleting comments. The author is always the session's user;
//! deleting is for the comment's author and the post's owner, checked in the same
//! statement that deletes.

use leptos::prelude::*;

use crate::comments::{CommentView, MAX_COMMENT_CHARS};
use crate::error::AppError;
use crate::pagination::Page;

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    error::with_status,
    pagination::{Cursor, split_page},
    server::rate_limit::{self, Quota},
    server::state::AppState,
};

pub const COMMENT_NOT_FOUND: &str = crate::likes::api::COMMENT_NOT_FOUND;

/// The columns of a comment as pages show it, for
/// `FROM comments c JOIN users u ON u.id = c.user_id JOIN posts p ON p.id = c.post_id`,
/// with the viewer's id (or NULL) as `$1`.
#[macro_export]
macro_rules! comment_columns {
    () => {
        concat!("c.id, c.post_id, u.username AS author, u.profile_image_url AS author_avatar, c.content,
         extract(epoch FROM c.created_at)::bigint AS created_at,
         extract(epoch FROM now())::bigint AS now,
         (SELECT count(*) FROM likes l WHERE l.likeable_type = 'comment' AND l.likeable_id = c.id) AS like_count,
         EXISTS (SELECT 1 FROM likes l WHERE l.user_id = $1::bigint AND l.likeable_type = 'comment'
                 AND l.likeable_id = c.id) AS liked_by_me,
         COALESCE(c.user_id = $1::bigint OR p.user_id = $1::bigint, false) AS can_delete, ",
        $crate::mentioned_users!("c.content"),
        " AS mentions")
    };
}

/// How many comments a post page shows at a time.
pub const COMMENTS_PAGE_SIZE: usize = 50;

/// A comment with where it sits in its post's conversation, for the next page's cursor.
#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct CommentPageRow {
    #[sqlx(flatten)]
    comment: CommentView,
    created_micros: i64,
}

/// A post's comments, oldest first (a conversation reads top to bottom), a page at a
/// time after `after` (keyset: a flooded post costs no more per page than a quiet one).
#[server]
pub async fn post_comments(
    post_id: i64,
    after: Option<String>,
) -> Result<Page<CommentView>, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let me = session::current_user().map(|user| user.id);
            let (micros, id) = Cursor::binds(Cursor::parse(after.as_deref())?);
            let rows: Vec<CommentPageRow> = sqlx::query_as(concat!(
                "SELECT ",
                crate::comment_columns!(),
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
            .bind(me)
            .bind(post_id)
            .bind(micros)
            .bind(id)
            .bind(COMMENTS_PAGE_SIZE as i64 + 1)
            .fetch_all(&state.pool)
            .await?;
            let (rows, next) = split_page(rows, COMMENTS_PAGE_SIZE, |row| Cursor {
                micros: row.created_micros,
                id: row.comment.id,
            });
            Ok(Page {
                items: rows.into_iter().map(|row| row.comment).collect(),
                next,
            })
        }
        .await,
    )
}

/// A comment as typed, trimmed; refused when empty or too long (keeping what was typed).
pub fn parse_comment(post_id: i64, content: &str) -> Result<String, AppError> {
    let trimmed = content.trim().replace("\r\n", "\n");
    let keep = |message: &str| {
        AppError::invalid_keeping(
            message,
            &[("post_id", &post_id.to_string()), ("content", content)],
        )
    };
    if trimmed.is_empty() {
        return Err(keep("Write something first."));
    }
    if trimmed.chars().count() > MAX_COMMENT_CHARS {
        return Err(keep(&format!(
            "Comments are at most {MAX_COMMENT_CHARS} characters."
        )));
    }
    Ok(trimmed)
}

#[server]
pub async fn add_comment(post_id: i64, content: String) -> Result<CommentView, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let content = parse_comment(post_id, &content)?;
            let state = expect_context::<AppState>();
            let quota = Quota::per_hour(state.config.rate_limits.comments_per_hour);
            let key = format!("comment:{}", user.id);
            rate_limit::enforce(&state.pool, &key, quota, "You're commenting very fast.").await?;
            let mut tx = state.pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO comments (user_id, post_id, content) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(user.id)
            .bind(post_id)
            .bind(&content)
            .fetch_one(&mut *tx)
            .await
            .map_err(|error| match &error {
                sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                    AppError::NotFound(crate::posts::api::POST_NOT_FOUND.into())
                }
                _ => error.into(),
            })?;
            // The post's owner hears of it, in the same transaction.
            sqlx::query(
                "INSERT INTO notifications (recipient_id, actor_id, kind, post_id, comment_id)
                 SELECT p.user_id, $1, 'comment', p.id, $3 FROM posts p
                 WHERE p.id = $2 AND p.user_id <> $1",
            )
            .bind(user.id)
            .bind(post_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let comment: CommentView = sqlx::query_as(concat!(
                "SELECT ",
                crate::comment_columns!(),
                " FROM comments c JOIN users u ON u.id = c.user_id JOIN posts p ON p.id = c.post_id
                  WHERE c.id = $2"
            ))
            .bind(user.id)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            tracing::info!(user_id = user.id, post_id, comment_id = id, "comment added");
            Ok(comment)
        }
        .await,
    )
}

#[server]
pub async fn delete_comment(id: i64) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            // Its likes (trigger) and notifications (cascade) go with it.
            let deleted = sqlx::query(
                "DELETE FROM comments c USING posts p
                 WHERE c.id = $1 AND p.id = c.post_id AND (c.user_id = $2 OR p.user_id = $2)",
            )
            .bind(id)
            .bind(user.id)
            .execute(&state.pool)
            .await?;
            if deleted.rows_affected() == 0 {
                let exists: bool =
                    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM comments WHERE id = $1)")
                        .bind(id)
                        .fetch_one(&state.pool)
                        .await?;
                return Err(if exists {
                    AppError::Forbidden
                } else {
                    AppError::NotFound(COMMENT_NOT_FOUND.into())
                });
            }
            tracing::info!(user_id = user.id, comment_id = id, "comment deleted");
            Ok(())
        }
        .await,
    )
}
