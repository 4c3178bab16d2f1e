//! Blocking, muting and removing a follower: "who" is the session's user, the other
//! person is named by username. Each request says what the person wants (blocked or
//! not), so a replayed request changes nothing the second time. Without JavaScript a
//! form post returns to the page it came from (Leptos' answer to a plain form).

use leptos::prelude::*;

use crate::error::AppError;
use crate::profiles::PersonView;

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    error::with_status,
    ids::UserId,
    profiles::api::user_id_of,
    safety::db::{self, ApartList},
    server::state::AppState,
};

/// The person named, unless it is me (`myself` says why not) or they are not there for
/// me.
#[cfg(feature = "ssr")]
async fn other_person(
    state: &AppState,
    me: UserId,
    username: &str,
    myself: &str,
) -> Result<UserId, AppError> {
    let them = user_id_of(&state.pool, username).await?;
    if them == me {
        return Err(AppError::invalid(myself));
    }
    Ok(them)
}

/// Blocks (`blocked = true`) or unblocks someone; answers whether they are blocked now.
#[server]
pub async fn set_block(username: String, blocked: bool) -> Result<bool, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let them =
                other_person(&state, user.id, &username, "You can't block yourself.").await?;
            if blocked {
                db::block(&state.pool, user.id, them).await?;
            } else {
                db::unblock(&state.pool, user.id, them).await?;
            }
            tracing::info!(user_id = %user.id, other = %them, blocked, "block set");
            Ok(blocked)
        }
        .await,
    )
}

/// Mutes or unmutes someone; answers whether they are muted now.
#[server]
pub async fn set_mute(username: String, muted: bool) -> Result<bool, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let them = other_person(&state, user.id, &username, "You can't mute yourself.").await?;
            if muted {
                db::mute(&state.pool, user.id, them).await?;
            } else {
                db::unmute(&state.pool, user.id, them).await?;
            }
            tracing::info!(user_id = %user.id, other = %them, muted, "mute set");
            Ok(muted)
        }
        .await,
    )
}

/// Ends someone's following me. They are not told.
#[server]
pub async fn remove_follower(username: String) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let them =
                other_person(&state, user.id, &username, "You don't follow yourself.").await?;
            if !db::remove_follower(&state.pool, user.id, them).await? {
                return Err(AppError::invalid(format!("{username} doesn't follow you.")));
            }
            tracing::info!(user_id = %user.id, follower = %them, "follower removed");
            Ok(())
        }
        .await,
    )
}

/// The people I blocked (`muted = false`) or muted, for Settings.
#[server]
pub async fn kept_apart(muted: bool) -> Result<Vec<PersonView>, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let list = if muted {
                ApartList::Muted
            } else {
                ApartList::Blocked
            };
            let rows = db::kept_apart(&state.pool, user.id, list).await?;
            Ok(rows.into_iter().map(PersonView::from).collect())
        }
        .await,
    )
}
