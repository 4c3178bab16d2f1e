//! Setting a like. "Set", not "toggle": the request says what the person wants (liked
//! or not), so a double click or a replayed request changes nothing the second time.
//! The unique constraint on likes is the truth under concurrency.

use leptos::prelude::*;

use crate::error::AppError;
use crate::likes::{LikeState, LikeTarget};

#[cfg(feature = "ssr")]
use crate::{auth::session, error::with_status, likes::db, server::state::AppState};

#[cfg(feature = "ssr")]
fn missing(target: LikeTarget) -> AppError {
    match target {
        LikeTarget::Post => AppError::post_not_found(),
        LikeTarget::Comment => AppError::comment_not_found(),
    }
}

/// `id` is the post's or the comment's, as `target` says. A fixed path: the benchmark
/// (bench/run) measures it.
#[server(endpoint = "set_like")]
pub async fn set_like(target: LikeTarget, id: i64, liked: bool) -> Result<LikeState, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let mut tx = state.pool.begin().await?;
            if liked {
                db::like(&mut tx, user.id, target, id)
                    .await
                    .map_err(|error| match &error {
                        sqlx::Error::Database(db)
                            if db.constraint() == Some("likes_target_exists") =>
                        {
                            missing(target)
                        }
                        _ => error.into(),
                    })?;
            } else {
                // Unliking something that is gone is an error too, not a silent success.
                if !db::target_exists(&mut tx, target, id).await? {
                    return Err(missing(target));
                }
                db::unlike(&mut tx, user.id, target, id).await?;
            }
            let count = db::count(&mut tx, target, id).await?;
            tx.commit().await?;
            tracing::debug!(user_id = %user.id, ?target, id, liked, count, "like set");
            Ok(LikeState { liked, count })
        }
        .await,
    )
}
