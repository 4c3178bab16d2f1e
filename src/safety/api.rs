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
/// `then`: where a plain form post leads afterwards (a local path), when not back to
/// the page it came from (blocking from a post leaves the post, which is gone for me).
#[server]
pub async fn set_block(
    username: String,
    blocked: bool,
    #[server(default)] then: String,
) -> Result<bool, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let them =
                other_person(&state, user.id, &username, "You can't block yourself.").await?;
            db::set_apart(&state.pool, user.id, them, ApartList::Blocked, blocked).await?;
            tracing::info!(user_id = %user.id, other = %them, blocked, "block set");
            crate::auth::flash::notice(if blocked {
                super::BLOCKED_NOTICE
            } else {
                "Unblocked"
            })
            .await;
            if !then.is_empty() && crate::error::from_a_form() {
                leptos_axum::redirect(&crate::auth::safe_next(Some(&then)));
            }
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
            db::set_apart(&state.pool, user.id, them, ApartList::Muted, muted).await?;
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

/// Reports a post, a comment or an account (one of `post`, `comment`, `account`) with a
/// reason; "other" needs a few words. A second open report of the same thing is
/// refused with a message saying it is already reported.
#[server]
pub async fn report(
    post: Option<crate::ids::PostId>,
    comment: Option<crate::ids::CommentId>,
    account: Option<String>,
    #[server(default)] reason: String,
    #[server(default)] details: String,
) -> Result<(), AppError> {
    use crate::safety::{MAX_REPORT_DETAILS, ReportReason};
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let details = details.trim().replace("\r\n", "\n");
            let keep = |message: &str| {
                AppError::invalid_keeping(message, &[("reason", &reason), ("details", &details)])
            };
            let Some(reason) = ReportReason::parse(&reason) else {
                return Err(keep("Choose a reason."));
            };
            if reason == ReportReason::Other && details.is_empty() {
                return Err(keep("Tell us in a few words what is wrong."));
            }
            if details.chars().count() > MAX_REPORT_DETAILS {
                return Err(keep(&format!(
                    "Say it in at most {MAX_REPORT_DETAILS} characters."
                )));
            }
            let target = match (post, comment, account) {
                (Some(post), None, None) => db::ReportedRow::Post(post),
                (None, Some(comment), None) => db::ReportedRow::Comment(comment),
                (None, None, Some(username)) => {
                    let them = user_id_of(&state.pool, &username).await?;
                    if them == user.id {
                        return Err(AppError::invalid("You can't report yourself."));
                    }
                    db::ReportedRow::Account(them)
                }
                _ => return Err(AppError::invalid("Say what you are reporting.")),
            };
            match db::report(&state.pool, user.id, &target, reason.value(), &details).await? {
                None => Err(match target {
                    db::ReportedRow::Post(_) => AppError::post_not_found(),
                    db::ReportedRow::Comment(_) => AppError::comment_not_found(),
                    db::ReportedRow::Account(_) => AppError::user_not_found(),
                }),
                Some(false) => Err(AppError::invalid(
                    "You've already reported this. Our moderators will look at it.",
                )),
                Some(true) => {
                    tracing::info!(user_id = %user.id, reason = reason.value(), "report filed");
                    // Without JavaScript the answer is the page's confirmation.
                    if crate::error::from_a_form() {
                        leptos_axum::redirect("/report?sent=1");
                    }
                    Ok(())
                }
            }
        }
        .await,
    )
}
