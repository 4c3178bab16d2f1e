//! Reading one post, editing its caption and alt text, deleting it. Every write checks on the
//! server that the post is the current user's, whatever id the request carries.

use leptos::prelude::*;

use crate::error::AppError;
use crate::ids::PostId;
use crate::posts::PostView;

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    error::with_status,
    ids::UserId,
    posts::{MAX_ALT_CHARS, MAX_CAPTION_CHARS, MAX_PHOTOS, db, store},
    server::state::AppState,
};

#[server]
pub async fn get_post(id: PostId) -> Result<PostView, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let me = session::current_user_id();
            let row = db::find(&state.pool, me, id).await?;
            row.map(|row| row.into_view(me))
                .ok_or_else(AppError::post_not_found)
        }
        .await,
    )
}

/// 404 when the post does not exist, 403 when it is someone else's.
#[cfg(feature = "ssr")]
async fn check_author(pool: &sqlx::PgPool, id: PostId, user: UserId) -> Result<(), AppError> {
    match db::author_of(pool, id).await? {
        None => Err(AppError::post_not_found()),
        Some(author) if author != user => Err(AppError::Forbidden),
        Some(_) => Ok(()),
    }
}

#[server]
pub async fn update_caption(id: PostId, caption: String) -> Result<(), AppError> {
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
            check_author(&state.pool, id, user.id).await?;
            let mut tx = state.pool.begin().await?;
            // Scoped to the author again: the check above and this write are one rule.
            if !db::update_caption(&mut tx, id, user.id, &caption).await? {
                return Err(AppError::Forbidden);
            }
            db::sync_hashtags(&mut tx, id, &caption).await?;
            db::notify_mentions(&mut tx, user.id, id, None, &caption).await?;
            tx.commit().await?;
            crate::auth::flash::notice("Caption saved").await;
            leptos_axum::redirect(&format!("/p/{id}"));
            Ok(())
        }
        .await,
    )
}

/// The photos' alt texts, as their owner rewrites them: the form's fields
/// `alt_text[0]`, `alt_text[1]`, … in carousel order.
#[server]
pub async fn update_alt_text(id: PostId, alt_text: Vec<String>) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let alt_texts: Vec<String> = alt_text
                .iter()
                .map(|text| text.trim().replace("\r\n", "\n"))
                .collect();
            if alt_texts.len() > MAX_PHOTOS {
                return Err(AppError::invalid(format!(
                    "A post holds at most {MAX_PHOTOS} photos."
                )));
            }
            if alt_texts
                .iter()
                .any(|text| text.chars().count() > MAX_ALT_CHARS)
            {
                let names: Vec<String> = (0..alt_texts.len())
                    .map(|index| format!("alt_text[{index}]"))
                    .collect();
                let kept: Vec<(&str, &str)> = names
                    .iter()
                    .zip(&alt_texts)
                    .map(|(name, text)| (name.as_str(), text.as_str()))
                    .collect();
                return Err(AppError::invalid_keeping(
                    format!("Alt text is at most {MAX_ALT_CHARS} characters."),
                    &kept,
                ));
            }
            check_author(&state.pool, id, user.id).await?;
            // Scoped to the author again: the check above and this write are one rule.
            if !db::update_alt_texts(&state.pool, id, user.id, &alt_texts).await? {
                return Err(AppError::Forbidden);
            }
            crate::auth::flash::notice("Alt text saved").await;
            leptos_axum::redirect(&format!("/p/{id}"));
            Ok(())
        }
        .await,
    )
}

#[server]
pub async fn delete_post(id: PostId) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            check_author(&state.pool, id, user.id).await?;
            let Some(variants) = db::delete(&state.pool, id, Some(user.id)).await? else {
                return Err(AppError::Forbidden);
            };
            store::remove_files_of(&state.pool, state.media.as_ref(), &variants).await;
            tracing::info!(post_id = %id, "post deleted");
            crate::auth::flash::notice("Post deleted").await;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// The upload limit, as the form states it.
#[server]
pub async fn upload_limit_mb() -> Result<u64, AppError> {
    let state = expect_context::<AppState>();
    Ok((state.config.max_upload_bytes / 1_000_000) as u64)
}
