//! Reading profiles and their lists; following and unfollowing. "Who" is always the
//! session's user; the person followed is named by username, never by an id the page
//! could forge into someone else's action.

use leptos::prelude::*;

use crate::error::AppError;
use crate::pagination::Page;
use crate::posts::PostView;
use crate::profiles::{FollowState, PeopleList, PersonView, ProfileView};

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    error::with_status,
    pagination::{Cursor, PAGE_SIZE, split_page},
    posts::read::{PostRow, page_of_posts},
    server::rate_limit::{self, Quota},
    server::state::AppState,
};

pub const USER_NOT_FOUND: &str = "Sorry, this page isn't available.";

#[cfg(feature = "ssr")]
async fn user_id_of(pool: &sqlx::PgPool, username: &str) -> Result<i64, AppError> {
    // `lower(username)` is what the unique index is on.
    sqlx::query_scalar("SELECT id FROM users WHERE lower(username) = lower($1)")
        .bind(username)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| AppError::NotFound(USER_NOT_FOUND.into()))
}

#[server]
pub async fn get_profile(username: String) -> Result<ProfileView, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let me = session::current_user().map(|user| user.id);
            type Row = (String, String, String, Option<String>, i64, i64, i64, bool, bool);
            let row: Option<Row> = sqlx::query_as(
                "SELECT u.username, u.full_name, COALESCE(u.bio, ''), u.profile_image_url,
                        (SELECT count(*) FROM posts p WHERE p.user_id = u.id),
                        (SELECT count(*) FROM follows f WHERE f.user_followed_id = u.id),
                        (SELECT count(*) FROM follows f WHERE f.user_id = u.id),
                        EXISTS (SELECT 1 FROM follows f WHERE f.user_id = $1 AND f.user_followed_id = u.id),
                        COALESCE(u.id = $1, false)
                 FROM users u WHERE lower(u.username) = lower($2)",
            )
            .bind(me)
            .bind(&username)
            .fetch_optional(&state.pool)
            .await?;
            let Some((username, full_name, bio, avatar_url, post_count, follower_count, following_count, followed_by_me, is_me)) = row else {
                return Err(AppError::NotFound(USER_NOT_FOUND.into()));
            };
            Ok(ProfileView { username, full_name, bio, avatar_url, post_count, follower_count, following_count, followed_by_me, is_me })
        }
        .await,
    )
}

/// A profile's posts, newest first, a page at a time.
#[server]
pub async fn profile_posts(
    username: String,
    after: Option<String>,
) -> Result<Page<PostView>, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let me = session::current_user().map(|user| user.id);
            let (micros, id) = Cursor::binds(Cursor::parse(after.as_deref())?);
            let author = user_id_of(&state.pool, &username).await?;
            // Served by idx_posts_user_id_created (user_id, created_at DESC, id DESC).
            let rows: Vec<PostRow> = sqlx::query_as(concat!(
                "SELECT ",
                crate::post_columns!(),
                " FROM posts p JOIN users u ON u.id = p.user_id
                  WHERE p.user_id = $2 AND ",
                crate::keyset_before!("p", "$3", "$4"),
                " ORDER BY p.created_at DESC, p.id DESC LIMIT $5"
            ))
            .bind(me)
            .bind(author)
            .bind(micros)
            .bind(id)
            .bind(PAGE_SIZE as i64 + 1)
            .fetch_all(&state.pool)
            .await?;
            Ok(page_of_posts(rows, me))
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
            let state = expect_context::<AppState>();
            let me = session::current_user().map(|user| user.id);
            let (micros, id) = Cursor::binds(Cursor::parse(after.as_deref())?);
            let owner = user_id_of(&state.pool, &username).await?;
            // Followers: rows pointing at the owner, showing who follows. Following: rows
            // from the owner, showing whom. Each side has its (…, created_at DESC) index.
            let sql = match list {
                PeopleList::Followers => concat!(
                    "SELECT u.username, u.full_name, u.profile_image_url,
                            EXISTS (SELECT 1 FROM follows m WHERE m.user_id = $1::bigint AND m.user_followed_id = u.id),
                            COALESCE(u.id = $1::bigint, false),
                            (extract(epoch FROM f.created_at) * 1000000)::bigint, f.id
                     FROM follows f JOIN users u ON u.id = f.user_id
                     WHERE f.user_followed_id = $2 AND ",
                    crate::keyset_before!("f", "$3", "$4"),
                    " ORDER BY f.created_at DESC, f.id DESC LIMIT $5"
                ),
                PeopleList::Following => concat!(
                    "SELECT u.username, u.full_name, u.profile_image_url,
                            EXISTS (SELECT 1 FROM follows m WHERE m.user_id = $1::bigint AND m.user_followed_id = u.id),
                            COALESCE(u.id = $1::bigint, false),
                            (extract(epoch FROM f.created_at) * 1000000)::bigint, f.id
                     FROM follows f JOIN users u ON u.id = f.user_followed_id
                     WHERE f.user_id = $2 AND ",
                    crate::keyset_before!("f", "$3", "$4"),
                    " ORDER BY f.created_at DESC, f.id DESC LIMIT $5"
                ),
            };
            type Row = (String, String, Option<String>, bool, bool, i64, i64);
            let rows: Vec<Row> = sqlx::query_as(sql)
                .bind(me)
                .bind(owner)
                .bind(micros)
                .bind(id)
                .bind(PAGE_SIZE as i64 + 1)
                .fetch_all(&state.pool)
                .await?;
            let (rows, next) = split_page(rows, PAGE_SIZE, |row| Cursor { micros: row.5, id: row.6 });
            let items = rows
                .into_iter()
                .map(|(username, full_name, avatar_url, followed_by_me, is_me, _, _)| PersonView {
                    username,
                    full_name,
                    avatar_url,
                    followed_by_me,
                    is_me,
                })
                .collect();
            Ok(Page { items, next })
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
                rate_limit::enforce(
                    &state.pool,
                    &key,
                    quota,
                    "You're following people very fast.",
                )
                .await?;
            }
            let mut tx = state.pool.begin().await?;
            if follow {
                let inserted: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO follows (user_id, user_followed_id) VALUES ($1, $2)
                     ON CONFLICT ON CONSTRAINT unique_follow DO NOTHING RETURNING id",
                )
                .bind(user.id)
                .bind(target)
                .fetch_optional(&mut *tx)
                .await
                .map_err(|error| match &error {
                    // They deleted their account a moment ago.
                    sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                        AppError::NotFound(USER_NOT_FOUND.into())
                    }
                    _ => error.into(),
                })?;
                if let Some(follow_id) = inserted {
                    sqlx::query(
                        "INSERT INTO notifications (recipient_id, actor_id, kind, follow_id)
                         VALUES ($1, $2, 'follow', $3)",
                    )
                    .bind(target)
                    .bind(user.id)
                    .bind(follow_id)
                    .execute(&mut *tx)
                    .await?;
                }
            } else {
                // The notification goes with the follow (ON DELETE CASCADE).
                sqlx::query("DELETE FROM follows WHERE user_id = $1 AND user_followed_id = $2")
                    .bind(user.id)
                    .bind(target)
                    .execute(&mut *tx)
                    .await?;
            }
            let followers: i64 =
                sqlx::query_scalar("SELECT count(*) FROM follows WHERE user_followed_id = $1")
                    .bind(target)
                    .fetch_one(&mut *tx)
                    .await?;
            tx.commit().await?;
            tracing::info!(user_id = user.id, followed = target, follow, "follow set");
            Ok(FollowState {
                following: follow,
                followers,
            })
        }
        .await,
    )
}
