//! Setting a like. "Set", not "toggle": the request says what the person wants (liked
//! or not), so a double click or a replayed request changes nothing the second time.
//! The unique constraint on likes is the truth under concurrency.

use leptos::prelude::*;

use crate::error::AppError;
use crate::likes::{LikeState, LikeTarget};

#[cfg(feature = "ssr")]
use crate::{auth::session, error::with_status, server::state::AppState};

pub const COMMENT_NOT_FOUND: &str = "This comment isn't available. It may have been deleted.";

#[cfg(feature = "ssr")]
fn missing(target: LikeTarget) -> AppError {
    AppError::NotFound(
        match target {
            LikeTarget::Post => crate::posts::api::POST_NOT_FOUND,
            LikeTarget::Comment => COMMENT_NOT_FOUND,
        }
        .into(),
    )
}

/// A fixed path: the benchmark (bench/run) measures it.
#[server(endpoint = "set_like")]
pub async fn set_like(target: LikeTarget, id: i64, liked: bool) -> Result<LikeState, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let mut tx = state.pool.begin().await?;
            if liked {
                // The insert trigger refuses a missing target (`likes_target_exists`)
                // and locks it until we commit, so it cannot vanish underneath.
                let inserted: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO likes (user_id, likeable_type, likeable_id) VALUES ($1, $2, $3)
                     ON CONFLICT ON CONSTRAINT unique_user_like DO NOTHING RETURNING id",
                )
                .bind(user.id)
                .bind(target.as_str())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(|error| match &error {
                    sqlx::Error::Database(db) if db.constraint() == Some("likes_target_exists") => {
                        missing(target)
                    }
                    _ => error.into(),
                })?;
                if let Some(like_id) = inserted {
                    notify_like(&mut tx, target, id, user.id, like_id).await?;
                }
            } else {
                // Unliking something that is gone is an error too, not a silent success.
                let exists: bool = sqlx::query_scalar(match target {
                    LikeTarget::Post => "SELECT EXISTS (SELECT 1 FROM posts WHERE id = $1)",
                    LikeTarget::Comment => "SELECT EXISTS (SELECT 1 FROM comments WHERE id = $1)",
                })
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                if !exists {
                    return Err(missing(target));
                }
                // Its notification goes with it (ON DELETE CASCADE).
                sqlx::query(
                    "DELETE FROM likes WHERE user_id = $1 AND likeable_type = $2 AND likeable_id = $3",
                )
                .bind(user.id)
                .bind(target.as_str())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            let count: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM likes WHERE likeable_type = $1 AND likeable_id = $2",
            )
            .bind(target.as_str())
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            tracing::debug!(user_id = user.id, ?target, id, liked, count, "like set");
            Ok(LikeState { liked, count })
        }
        .await,
    )
}

/// Tells the author of the liked post or comment, in the like's transaction (nobody
/// is told of their own likes).
#[cfg(feature = "ssr")]
async fn notify_like(
    tx: &mut sqlx::PgConnection,
    target: LikeTarget,
    id: i64,
    actor: i64,
    like_id: i64,
) -> Result<(), AppError> {
    let sql = match target {
        LikeTarget::Post => {
            "INSERT INTO notifications (recipient_id, actor_id, kind, post_id, like_id)
             SELECT p.user_id, $2, 'like_post', p.id, $3 FROM posts p
             WHERE p.id = $1 AND p.user_id <> $2"
        }
        LikeTarget::Comment => {
            "INSERT INTO notifications (recipient_id, actor_id, kind, post_id, comment_id, like_id)
             SELECT c.user_id, $2, 'like_comment', c.post_id, c.id, $3 FROM comments c
             WHERE c.id = $1 AND c.user_id <> $2"
        }
    };
    sqlx::query(sql)
        .bind(id)
        .bind(actor)
        .bind(like_id)
        .execute(tx)
        .await?;
    Ok(())
}
