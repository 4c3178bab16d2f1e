//! Reading, adding and deleting comments. The author is always the session's user;
//! deleting is for the comment's author and the post's owner, checked in the same
//! statement that deletes.

use leptos::prelude::*;

use crate::comments::{CommentView, MAX_COMMENT_CHARS};
use crate::error::AppError;
use crate::ids::{CommentId, PostId};
use crate::pagination::Page;

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    comments::db,
    error::{from_a_form, with_status},
    pagination::Cursor,
    server::rate_limit::{self, Quota},
    server::state::AppState,
};

/// How many comments a post page shows at a time.
pub const COMMENTS_PAGE_SIZE: usize = 50;

/// A post's top comments, oldest first (a conversation reads top to bottom), a page at
/// a time after `after`. Replies come by thread (`comment_replies`).
#[server]
pub async fn post_comments(
    post_id: PostId,
    after: Option<String>,
) -> Result<Page<CommentView>, AppError> {
    conversation_page(db::Conversation::Post(post_id), after).await
}

/// A thread's replies, oldest first, a page at a time after `after`.
#[server]
pub async fn comment_replies(
    comment_id: CommentId,
    after: Option<String>,
) -> Result<Page<CommentView>, AppError> {
    conversation_page(db::Conversation::Replies(comment_id), after).await
}

#[cfg(feature = "ssr")]
async fn conversation_page(
    conversation: db::Conversation,
    after: Option<String>,
) -> Result<Page<CommentView>, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let me = session::current_user_id();
            let after = Cursor::parse(after.as_deref())?;
            Ok(db::page(&state.pool, me, conversation, after, COMMENTS_PAGE_SIZE).await?)
        }
        .await,
    )
}

/// A comment as typed, trimmed; refused when empty or too long (keeping what was typed).
pub fn parse_comment(
    post_id: PostId,
    content: &str,
    reply_to: Option<CommentId>,
) -> Result<String, AppError> {
    let trimmed = content.trim().replace("\r\n", "\n");
    let reply_to = reply_to.map(|id| id.to_string()).unwrap_or_default();
    let keep = |message: &str| {
        AppError::invalid_keeping(
            message,
            &[
                ("post_id", &post_id.to_string()),
                ("content", content),
                ("reply_to", &reply_to),
            ],
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

/// Adds a comment to the post, or a reply when `reply_to` names a comment of it (a
/// reply to a reply answers the same thread).
#[server]
pub async fn add_comment(
    post_id: PostId,
    content: String,
    #[server(default)] reply_to: Option<CommentId>,
) -> Result<CommentView, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let content = parse_comment(post_id, &content, reply_to)?;
            let state = expect_context::<AppState>();
            let quota = Quota::per_hour(state.config.rate_limits.comments_per_hour);
            let key = format!("comment:{}", user.id);
            rate_limit::enforce(&state.pool, &key, quota, "You're commenting very fast.").await?;
            let mut tx = state.pool.begin().await?;
            let reply = match reply_to {
                Some(id) => Some(
                    db::reply_target(&mut tx, post_id, id)
                        .await?
                        .ok_or_else(AppError::comment_not_found)?,
                ),
                None => None,
            };
            let comment = db::insert(&mut tx, user.id, post_id, &content, reply.as_ref())
                .await
                .map_err(|error| match &error {
                    sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                        AppError::post_not_found()
                    }
                    _ => error.into(),
                })?;
            tx.commit().await?;
            tracing::info!(user_id = %user.id, %post_id, comment_id = %comment.id, "comment added");
            // Without JavaScript a reply leads to its thread, open, rather than back to
            // the page that started it (which would start the reply again).
            if let (Some(reply), true) = (&reply, from_a_form()) {
                leptos_axum::redirect(&format!(
                    "/p/{post_id}?thread={}#comment-{}",
                    reply.thread, comment.id
                ));
            }
            Ok(comment)
        }
        .await,
    )
}

#[server]
pub async fn delete_comment(id: CommentId) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            if !db::delete(&state.pool, id, user.id).await? {
                return Err(if db::exists(&state.pool, id).await? {
                    AppError::Forbidden
                } else {
                    AppError::comment_not_found()
                });
            }
            tracing::info!(user_id = %user.id, comment_id = %id, "comment deleted");
            Ok(())
        }
        .await,
    )
}
