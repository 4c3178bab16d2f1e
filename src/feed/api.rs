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
    comments::CommentView,
    error::with_status,
    feed::LATEST_COMMENTS,
    pagination::{Cursor, PAGE_SIZE, split_page},
    posts::read::PostRow,
    server::state::AppState,
};

/// The feed's posts. `$1` me, `$2`/`$3` the cursor, `$4` how many.
///
/// Fan-in: for me and each person I follow, the newest posts before the cursor from
/// `idx_posts_user_id_created` (at most `$4` each, index-only: no post row is read
/// yet), then the newest `$4` of those, and only then their rows. The cost grows with
/// the people I follow, not with the size of the posts table, and only a page's worth
/// of (wide) post rows is ever fetched.
#[cfg(feature = "ssr")]
pub const FEED_SQL: &str = concat!(
    "SELECT ",
    crate::post_columns!(),
    " FROM (SELECT newest.id, newest.created_at
            FROM (SELECT $1::bigint AS id
                  UNION ALL
                  SELECT f.user_followed_id FROM follows f WHERE f.user_id = $1::bigint) AS authors
            CROSS JOIN LATERAL (
                SELECT p.id, p.created_at FROM posts p WHERE p.user_id = authors.id AND ",
    crate::keyset_before!("p", "$2", "$3"),
    "           ORDER BY p.created_at DESC, p.id DESC LIMIT $4) AS newest
            ORDER BY newest.created_at DESC, newest.id DESC
            LIMIT $4) AS page
      JOIN posts p ON p.id = page.id
      JOIN users u ON u.id = p.user_id
      ORDER BY p.created_at DESC, p.id DESC"
);

/// The latest comments of several posts. `$1` me, `$2` the posts, `$3` how many each.
#[cfg(feature = "ssr")]
pub const LATEST_COMMENTS_SQL: &str = concat!(
    "SELECT ",
    crate::comment_columns!(),
    " FROM unnest($2::bigint[]) AS wanted (post_id)
      CROSS JOIN LATERAL (
          SELECT * FROM comments c WHERE c.post_id = wanted.post_id
          ORDER BY c.created_at DESC, c.id DESC LIMIT $3) AS c
      JOIN users u ON u.id = c.user_id
      JOIN posts p ON p.id = c.post_id
      ORDER BY c.created_at, c.id"
);

#[server]
pub async fn feed_page(after: Option<String>) -> Result<Page<FeedPost>, AppError> {
    with_status(
        async {
            let me = session::require_user()?.id;
            let state = expect_context::<AppState>();
            let (micros, id) = Cursor::binds(Cursor::parse(after.as_deref())?);
            let rows: Vec<PostRow> = sqlx::query_as(FEED_SQL)
                .bind(me)
                .bind(micros)
                .bind(id)
                .bind(PAGE_SIZE as i64 + 1)
                .fetch_all(&state.pool)
                .await?;
            let (rows, next) = split_page(rows, PAGE_SIZE, PostRow::cursor);
            let post_ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
            let mut comments: Vec<CommentView> = if post_ids.is_empty() {
                Vec::new()
            } else {
                sqlx::query_as::<_, CommentView>(LATEST_COMMENTS_SQL)
                    .bind(me)
                    .bind(&post_ids)
                    .bind(LATEST_COMMENTS)
                    .fetch_all(&state.pool)
                    .await?
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

/// People to follow for someone whose feed is empty: the most followed people they do
/// not follow yet, then the newest.
#[server]
pub async fn suggested_people() -> Result<Vec<PersonView>, AppError> {
    with_status(
        async {
            let me = session::require_user()?.id;
            let state = expect_context::<AppState>();
            let rows: Vec<crate::profiles::PersonRow> = sqlx::query_as(
                "SELECT u.username, u.full_name, u.profile_image_url, false, false
                 FROM users u
                 WHERE u.id <> $1
                   AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.user_id = $1 AND f.user_followed_id = u.id)
                 ORDER BY (SELECT count(*) FROM follows f WHERE f.user_followed_id = u.id) DESC, u.id DESC
                 LIMIT 6",
            )
            .bind(me)
            .fetch_all(&state.pool)
            .await?;
            Ok(rows.into_iter().map(PersonView::from).collect())
        }
        .await,
    )
}
