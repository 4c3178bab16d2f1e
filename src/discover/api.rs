//! The server functions of Explore, hashtag pages and search: anyone may call them,
//! and what they show depends on who asks (their likes, whom they follow).

use leptos::prelude::*;

use crate::discover::{SearchResults, TagPage};
use crate::error::AppError;
use crate::pagination::Page;
use crate::posts::GridPost;

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    discover::{MAX_QUERY_CHARS, db},
    error::with_status,
    pagination::Cursor,
    profiles::PersonView,
    server::db::replica::read_pool,
};

#[server]
pub async fn explore_posts(after: Option<String>) -> Result<Page<GridPost>, AppError> {
    with_status(
        async {
            let me = session::current_user_id();
            let after = Cursor::parse(after.as_deref())?;
            Ok(db::recent_posts(&read_pool(), me, after).await?)
        }
        .await,
    )
}

/// A hashtag's posts, newest first; `tag` may be written with its `#` and in any case.
#[server]
pub async fn tag_posts(tag: String, after: Option<String>) -> Result<TagPage, AppError> {
    with_status(
        async {
            let pool = read_pool();
            let me = session::current_user_id();
            let tag = tag.trim_start_matches('#').to_lowercase();
            let after = Cursor::parse(after.as_deref())?;
            let Some(hashtag) = db::hashtag(&pool, &tag).await? else {
                return Ok(TagPage {
                    tag,
                    post_count: 0,
                    posts: Page::default(),
                });
            };
            Ok(TagPage {
                tag,
                post_count: hashtag.post_count,
                posts: db::tagged_posts(&pool, me, hashtag.id, after).await?,
            })
        }
        .await,
    )
}

/// How long each of a search's statements may take (waiting for locks included).
#[cfg(feature = "ssr")]
const SEARCH_BUDGET: std::time::Duration = std::time::Duration::from_millis(300);

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
            let me = session::current_user_id();
            let mut search = db::begin_search(&read_pool(), SEARCH_BUDGET).await?;
            let mut results = SearchResults::default();
            // People, tags, then posts (the costliest): what was found before the budget
            // ran out is kept, and the page says the rest is missing.
            let found: sqlx::Result<()> = async {
                let people = db::matching_people(&mut search, me, &words).await?;
                results.people = people.into_iter().map(PersonView::from).collect();
                results.tags = db::matching_tags(&mut search, &words).await?;
                results.posts = db::matching_posts(&mut search, me, &query).await?;
                Ok(())
            }
            .await;
            match found {
                Ok(()) => search.commit().await?,
                Err(error) if db::ran_out_of_time(&error) => {
                    tracing::warn!(%query, "a search ran out of time");
                    results.cut_short = true;
                }
                Err(error) => return Err(error.into()),
            }
            Ok(results)
        }
        .await,
    )
}
