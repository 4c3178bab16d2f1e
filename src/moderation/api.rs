//! The moderators' server functions. Anyone who is not a moderator is told there is
//! nothing here (404), whatever they ask.

use leptos::prelude::*;

use crate::error::AppError;
use crate::moderation::{LoggedAction, QueuedReport};

#[cfg(feature = "ssr")]
use crate::{
    auth::{CurrentUser, session},
    error::with_status,
    moderation::{ModerationAction, ReportedKind, db},
    server::state::AppState,
};

/// How many reported things the queue shows, and log lines the log.
#[cfg(feature = "ssr")]
const PAGE: i64 = 100;

/// The session's user, if they moderate.
#[cfg(feature = "ssr")]
async fn moderator(state: &AppState) -> Result<CurrentUser, AppError> {
    let user = session::require_user().map_err(|_| AppError::user_not_found())?;
    if !db::is_moderator(&state.pool, user.id).await? {
        return Err(AppError::user_not_found());
    }
    Ok(user)
}

#[server]
pub async fn moderation_queue() -> Result<Vec<QueuedReport>, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            moderator(&state).await?;
            Ok(db::queue(&state.pool, PAGE).await?)
        }
        .await,
    )
}

/// Acts on every open report of one thing (`kind`: post, comment or account).
#[server]
pub async fn moderate(kind: String, id: i64, action: String) -> Result<(), AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let user = moderator(&state).await?;
            let (Some(kind), Some(action)) =
                (ReportedKind::parse(&kind), ModerationAction::parse(&action))
            else {
                return Err(AppError::invalid("That is not something moderators do."));
            };
            if kind == ReportedKind::Account
                && matches!(action, ModerationAction::Hide | ModerationAction::Delete)
            {
                return Err(AppError::invalid("An account is suspended, not hidden or deleted."));
            }
            let Some(removed) =
                db::act(&state.pool, (user.id, &user.username), kind, id, action).await?
            else {
                return Err(AppError::invalid(
                    "There is no open report of this any more: another moderator may have handled it.",
                ));
            };
            if !removed.is_empty() {
                crate::posts::store::remove_files_of(&state.pool, state.media.as_ref(), &removed)
                    .await;
            }
            tracing::info!(moderator = %user.id, kind = kind.value(), id, action = action.value(), "moderated");
            Ok(())
        }
        .await,
    )
}

#[server]
pub async fn moderation_log() -> Result<Vec<LoggedAction>, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            moderator(&state).await?;
            Ok(db::log(&state.pool, PAGE).await?)
        }
        .await,
    )
}
