//! Reading one post, editing its caption, deleting it. Every write checks on the
//! server that the post is the current user's, whatever id the request carries.

use leptos::prelude::*;

use crate::error::AppError;
use crate::posts::PostView;

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    error::with_status,
    media::ImageVariant,
    posts::{MAX_CAPTION_CHARS, read::PostRow, store},
    server::state::AppState,
};

pub const POST_NOT_FOUND: &str = "This post isn't available. It may have been deleted.";

#[server]
pub async fn get_post(id: i64) -> Result<PostView, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let me = session::current_user().map(|user| user.id);
            let row: Option<PostRow> = sqlx::query_as(concat!(
                "SELECT ",
                crate::post_columns!(),
                " FROM posts p JOIN users u ON u.id = p.user_id WHERE p.id = $2"
            ))
            .bind(me)
            .bind(id)
            .fetch_optional(&state.pool)
            .await?;
            row.map(|row| row.into_view(me))
                .ok_or_else(|| AppError::NotFound(POST_NOT_FOUND.into()))
        }
        .await,
    )
}

/// 404 when the post does not exist, 403 when it is someone else's.
#[cfg(feature = "ssr")]
async fn check_owner(pool: &sqlx::PgPool, post_id: i64, user_id: i64) -> Result<(), AppError> {
    let owner: Option<i64> = sqlx::query_scalar("SELECT user_id FROM posts WHERE id = $1")
        .bind(post_id)
        .fetch_optional(pool)
        .await?;
    match owner {
        None => Err(AppError::NotFound(POST_NOT_FOUND.into())),
        Some(owner) if owner != user_id => Err(AppError::Forbidden),
        Some(_) => Ok(()),
    }
}

#[server]
pub async fn update_caption(id: i64, caption: String) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let caption = caption.trim().replace("\r\n", "\n");
            if caption.chars().count() > MAX_CAPTION_CHARS {
                return Err(AppError::invalid_keeping(
                    format!("Captions are at most {MAX_CAPTION_CHARS} characters."),
                    &[("caption", &caption)],
                ));
            }
            check_owner(&state.pool, id, user.id).await?;
            let mut tx = state.pool.begin().await?;
            // Scoped to the owner again: the check above and this write are one rule.
            let updated =
                sqlx::query("UPDATE posts SET caption = $3 WHERE id = $1 AND user_id = $2")
                    .bind(id)
                    .bind(user.id)
                    .bind(&caption)
                    .execute(&mut *tx)
                    .await?;
            if updated.rows_affected() == 0 {
                return Err(AppError::Forbidden);
            }
            store::sync_hashtags(&mut tx, id, &caption).await?;
            tx.commit().await?;
            leptos_axum::redirect(&format!("/p/{id}"));
            Ok(())
        }
        .await,
    )
}

#[server]
pub async fn delete_post(id: i64) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            check_owner(&state.pool, id, user.id).await?;
            // Comments, likes of both, tag links and notifications go with the row.
            let deleted: Option<sqlx::types::Json<Vec<ImageVariant>>> = sqlx::query_scalar(
                "DELETE FROM posts WHERE id = $1 AND user_id = $2 RETURNING image_variants",
            )
            .bind(id)
            .bind(user.id)
            .fetch_optional(&state.pool)
            .await?;
            let Some(variants) = deleted else {
                return Err(AppError::Forbidden);
            };
            store::remove_unless_used(
                &state.pool,
                state.media.as_ref(),
                &store::keys_of(&variants.0),
            )
            .await;
            tracing::info!(post_id = id, "post deleted");
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}
