//! One page of the feed in two statements, whatever the page size: the posts (with
//! their counts and my likes) and the latest comments of all of them at once.

use leptos::prelude::*;

use crate::error::AppError;
use crate::feed::FeedPost;
use crate::pagination::Page;
use crate::profiles::PersonView;

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    comments,
    error::with_status,
    feed::{LATEST_COMMENTS, db},
    pagination::{Cursor, PAGE_SIZE, split_page},
    posts::db::PostRow,
    profiles,
    server::state::AppState,
};

/// How many people an empty feed suggests.
#[cfg(feature = "ssr")]
const SUGGESTIONS: i64 = 6;

#[server]
pub async fn feed_page(after: Option<String>) -> Result<Page<FeedPost>, AppError> {
    with_status(
        async {
            let me = session::require_user()?.id;
            let state = expect_context::<AppState>();
            let after = Cursor::parse(after.as_deref())?;
            let rows = db::posts(&state.pool, me, after, PAGE_SIZE as i64 + 1).await?;
            let (rows, next) = split_page(rows, PAGE_SIZE, PostRow::cursor);
            let post_ids: Vec<_> = rows.iter().map(|row| row.id).collect();
            let mut comments = if post_ids.is_empty() {
                Vec::new()
            } else {
                comments::db::latest_of_posts(&state.pool, me, &post_ids, LATEST_COMMENTS).await?
            };
            let items = rows
                .into_iter()
                .map(|row| {
                    let post = row.into_view(Some(me));
                    let (latest_comments, rest) = comments
                        .drain(..)
                        .partition(|comment| comment.post_id == post.id);
                    comments = rest;
                    FeedPost {
                        post,
                        latest_comments,
                    }
                })
                .collect();
            Ok(Page { items, next })
        }
        .await,
    )
}

/// People to follow for someone whose feed is empty.
#[server]
pub async fn suggested_people() -> Result<Vec<PersonView>, AppError> {
    with_status(
        async {
            let me = session::require_user()?.id;
            let state = expect_context::<AppState>();
            let people = profiles::db::suggestions(&state.pool, me, SUGGESTIONS).await?;
            Ok(people.into_iter().map(PersonView::from).collect())
        }
        .await,
    )
}
