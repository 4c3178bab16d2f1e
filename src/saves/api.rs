//! Setting a save. As with likes the request says what the person wants (saved or not),
//! so a double click or a replayed request changes nothing the second time.

use leptos::prelude::*;

use crate::error::AppError;
use crate::ids::PostId;

#[cfg(feature = "ssr")]
use crate::{auth::session, error::with_status, saves::db, server::state::AppState};

/// Saves the post (`saved = true`) or removes it from the saved ones; answers whether it
/// is saved now. A post that does not exist is an error either way.
#[server(endpoint = "set_saved")]
pub async fn set_saved(post_id: PostId, saved: bool) -> Result<bool, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let exists = if saved {
                db::save(&state.pool, user.id, post_id).await?
            } else {
                db::unsave(&state.pool, user.id, post_id).await?
            };
            if !exists {
                return Err(AppError::post_not_found());
            }
            tracing::debug!(user_id = %user.id, %post_id, saved, "save set");
            Ok(saved)
        }
        .await,
    )
}
