//! Reading profiles and their lists; following and unfollowing; removing the profile
//! photo. "Who" is always the session's user; the person followed is named by username,
//! never by an id the page could forge into someone else's action.

use leptos::prelude::*;

use crate::error::AppError;
use crate::ids::PostId;
use crate::pagination::Page;
use crate::posts::GridPost;
use crate::profiles::{FollowState, PeopleList, PersonView, ProfileView};

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    error::with_status,
    ids::UserId,
    pagination::Cursor,
    profiles::{avatar, db},
    server::rate_limit::{self, Quota},
    server::state::AppState,
};

#[cfg(feature = "ssr")]
pub(crate) async fn user_id_of(pool: &sqlx::PgPool, username: &str) -> Result<UserId, AppError> {
    db::user_id_of(pool, username)
        .await?
        .ok_or_else(AppError::user_not_found)
}

/// Where reads of `username`'s profile go: someone else's may come from the replica
/// (`server::db::replica`); one's own always from the primary.
#[cfg(feature = "ssr")]
fn profile_pool(username: &str) -> sqlx::PgPool {
    match session::current_user() {
        Some(me) if me.username.eq_ignore_ascii_case(username) => expect_context::<AppState>().pool,
        _ => crate::server::db::replica::read_pool(),
    }
}

/// The person named, if they are there for `viewer` (not across a block).
#[cfg(feature = "ssr")]
async fn visible_user_id_of(
    pool: &sqlx::PgPool,
    viewer: Option<UserId>,
    username: &str,
) -> Result<UserId, AppError> {
    db::visible_user_id_of(pool, viewer, username)
        .await?
        .ok_or_else(AppError::user_not_found)
}

#[server]
pub async fn get_profile(username: String) -> Result<ProfileView, AppError> {
    with_status(
        async {
            let me = session::current_user_id();
            db::profile(&profile_pool(&username), me, &username)
                .await?
                .map(ProfileView::from)
                .ok_or_else(AppError::user_not_found)
        }
        .await,
    )
}

/// A profile's posts, newest first, a page at a time.
#[server]
pub async fn profile_posts(
    username: String,
    after: Option<String>,
) -> Result<Page<GridPost>, AppError> {
    with_status(
        async {
            let pool = profile_pool(&username);
            let me = session::current_user_id();
            let after = Cursor::parse(after.as_deref())?;
            // Across a block the page is empty (`posts_of` asks `may_see`); the profile
            // itself decides who gets "not found". Only an empty page asks whether the
            // person is there at all.
            let page = db::posts_of(&pool, me, &username, after).await?;
            if page.items.is_empty() {
                user_id_of(&pool, &username).await?;
            }
            Ok(page)
        }
        .await,
    )
}

/// The posts I saved, newest saved first. Nobody else's: asking for another person's
/// saved posts is "not found", whoever asks.
#[server]
pub async fn saved_posts(
    username: String,
    after: Option<String>,
) -> Result<Page<GridPost>, AppError> {
    with_status(
        async {
            let me = session::require_user()?;
            let state = expect_context::<AppState>();
            let after = Cursor::parse(after.as_deref())?;
            if user_id_of(&state.pool, &username).await? != me.id {
                return Err(AppError::user_not_found());
            }
            Ok(db::saved_posts_of(&state.pool, me.id, after).await?)
        }
        .await,
    )
}

/// Someone's followers or the people they follow, most recent first.
#[server]
pub async fn follow_list(
    username: String,
    list: PeopleList,
    after: Option<String>,
) -> Result<Page<PersonView>, AppError> {
    with_status(
        async {
            let pool = profile_pool(&username);
            let me = session::current_user_id();
            let after = Cursor::parse(after.as_deref())?;
            let owner = visible_user_id_of(&pool, me, &username).await?;
            Ok(db::people(&pool, me, owner, list, after).await?)
        }
        .await,
    )
}

/// The people who liked a post, most recent first.
#[server]
pub async fn post_likers(
    post_id: PostId,
    after: Option<String>,
) -> Result<Page<PersonView>, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let me = session::current_user_id();
            let after = Cursor::parse(after.as_deref())?;
            if !crate::posts::db::visible(&state.pool, me, post_id).await? {
                return Err(AppError::post_not_found());
            }
            Ok(db::likers_of(&state.pool, me, post_id, after).await?)
        }
        .await,
    )
}

/// Follow (`follow = true`) or unfollow someone. Idempotent: the unique pair is the
/// truth, so double clicks and replays leave exactly one follow.
#[server]
pub async fn set_follow(username: String, follow: bool) -> Result<FollowState, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let target = user_id_of(&state.pool, &username).await?;
            if target == user.id {
                return Err(AppError::invalid("You can't follow yourself."));
            }
            if follow {
                let quota = Quota::per_hour(state.config.rate_limits.follows_per_hour);
                let key = format!("follow:{}", user.id);
                let refusal = "You're following people very fast.";
                rate_limit::enforce(&state.pool, &key, quota, refusal).await?;
            }
            let mut tx = state.pool.begin().await?;
            let gone = |error: sqlx::Error| match &error {
                // They deleted their account a moment ago, or they are not there for me.
                sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                    AppError::user_not_found()
                }
                _ => error.into(),
            };
            let now = db::following(&mut tx, user.id, target).await?;
            let mut requested = false;
            if follow && now.is_private && !now.following {
                // A private account: ask (once), and let its owner answer.
                requested = now.requested
                    || db::request_follow(&mut tx, user.id, target)
                        .await
                        .map_err(gone)?;
                if !requested {
                    return Err(AppError::user_not_found());
                }
            } else if follow {
                db::follow(&mut tx, user.id, target).await.map_err(gone)?;
            } else {
                // "Unfollow", or withdrawing a request ("Requested").
                db::unfollow(&mut tx, user.id, target).await?;
                db::withdraw_request(&mut tx, user.id, target).await?;
            }
            let followers = db::follower_count(&mut tx, target).await?;
            tx.commit().await?;
            let following = follow && !requested;
            tracing::info!(user_id = %user.id, followed = %target, following, requested, "follow set");
            Ok(FollowState {
                following,
                requested,
                followers,
            })
        }
        .await,
    )
}

/// Confirms (`accept = true`) or deletes someone's request to follow me.
#[server]
pub async fn answer_follow_request(username: String, accept: bool) -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let requester = user_id_of(&state.pool, &username).await?;
            if !db::answer_request(&state.pool, user.id, requester, accept).await? {
                return Err(AppError::invalid(format!(
                    "{username} has no request to follow you."
                )));
            }
            tracing::info!(user_id = %user.id, %requester, accept, "follow request answered");
            Ok(())
        }
        .await,
    )
}

/// Whether my account is private.
#[server]
pub async fn my_privacy() -> Result<bool, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            Ok(db::is_private(&state.pool, user.id).await?)
        }
        .await,
    )
}

/// Makes my account private (`private = true`) or public; going public confirms every
/// pending request. The shared demo account stays as it is. `private` is a checkbox:
/// absent when unticked.
#[server]
pub async fn set_private(#[server(default)] private: bool) -> Result<bool, AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            if user.is_demo {
                return Err(AppError::invalid(
                    "The demo account is shared: its privacy stays as it is.",
                ));
            }
            let state = expect_context::<AppState>();
            db::set_private(&state.pool, user.id, private).await?;
            tracing::info!(user_id = %user.id, private, "privacy set");
            Ok(private)
        }
        .await,
    )
}

/// Clears the profile photo (the initial shows again) and removes its file.
#[server]
pub async fn remove_avatar() -> Result<(), AppError> {
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            if let Some(url) = db::replace_avatar(&state.pool, user.id, None).await? {
                avatar::remove_if_unused(&state, &url).await;
            }
            leptos_axum::redirect("/settings?saved=avatar");
            Ok(())
        }
        .await,
    )
}
