//! The server functions of Explore, hashtag pages and search: anyone may call them,
//! and what they show depends on who asks (their likes, whom they follow).

use leptos::prelude::*;

use crate::discover::{SearchResults, TagPage};
use crate::error::AppError;
use crate::pagination::Page;
use crate::posts::PostView;

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    discover::{MAX_QUERY_CHARS, db},
    error::with_status,
    pagination::Cursor,
    profiles::PersonView,
    server::state::AppState,
};

#[server]
pub async fn explore_posts(after: Option<String>) -> Result<Page<PostView>, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let me = session::current_user_id();
            let after = Cursor::parse(after.as_deref())?;
            Ok(db::recent_posts(&state.pool, me, after).await?)
        }
        .await,
    )
}

/// A hashtag's posts, newest first; `tag` may be written with its `#` and in any case.
#[server]
pub async fn tag_posts(tag: String, after: Option<String>) -> Result<TagPage, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let me = session::current_user_id();
            let tag = tag.trim_start_matches('#').to_lowercase();
            let after = Cursor::parse(after.as_deref())?;
            let Some(hashtag) = db::hashtag(&state.pool, &tag).await? else {
                return Ok(TagPage {
                    tag,
                    post_count: 0,
                    posts: Page::default(),
                });
            };
            Ok(TagPage {
                tag,
                post_count: hashtag.post_count,
                posts: db::tagged_posts(&state.pool, me, hashtag.id, after).await?,
            })
        }
        .await,
    )
}

/// People (username or full name), hashtags and posts (caption words) matching `q`.
#[server]
pub async fn search(q: String) -> Result<SearchResults, AppError> {
    with_status(
        async {
            // Control characters (a NUL, which PostgreSQL cannot store) match nothing.
            let query: String = q
                .trim()
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_QUERY_CHARS)
                .collect();
            let words = query.trim_start_matches(['#', '@']).to_lowercase();
            if words.trim().is_empty() {
                return Ok(SearchResults::default());
            }
            let state = expect_context::<AppState>();
            let me = session::current_user_id();
            let people = db::matching_people(&state.pool, me, &words).await?;
            let tags = db::matching_tags(&state.pool, &words).await?;
            let posts = db::matching_posts(&state.pool, me, &query).await?;
            Ok(SearchResults {
                people: people.into_iter().map(PersonView::from).collect(),
                tags,
                posts: posts.into_iter().map(|row| row.into_view(me)).collect(),
            })
        }
        .await,
    )
}
