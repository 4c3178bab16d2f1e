//! Every statement of Explore, hashtag pages and search. Whatever is typed is data:
//! LIKE wildcards are escaped, and caption words go through `websearch_to_tsquery`,
//! which accepts any text without a syntax error.

use std::time::Duration;

use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use crate::discover::TagCount;
use crate::ids::UserId;
use crate::pagination::{Cursor, PAGE_SIZE, Page, keyset_before, split_page};
use crate::posts::GridPost;
use crate::posts::db::{GridRow, grid_columns, page_of_grid};
use crate::profiles::db::PersonRow;

/// Everyone's posts, newest first, by `idx_posts_created (created_at DESC, id DESC)`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn recent_posts(
    pool: &PgPool,
    viewer: Option<UserId>,
    after: Option<Cursor>,
) -> sqlx::Result<Page<GridPost>> {
    let (micros, id) = Cursor::binds(after);
    let rows: Vec<GridRow> = sqlx::query_as(concat!(
        "SELECT ",
        grid_columns!(),
        " FROM posts p JOIN users u ON u.id = p.user_id WHERE may_see_post($1, p.user_id, p.hidden_at) AND ",
        keyset_before!("p", "$2", "$3"),
        " ORDER BY p.created_at DESC, p.id DESC LIMIT $4"
    ))
    .bind(viewer)
    .bind(micros)
    .bind(id)
    .bind(PAGE_SIZE as i64 + 1)
    .fetch_all(pool)
    .await?;
    Ok(page_of_grid(rows))
}

/// A hashtag (by its stored, lowercase name) and how many posts have it.
#[derive(sqlx::FromRow)]
pub struct HashtagRow {
    pub id: i64,
    pub post_count: i64,
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn hashtag(pool: &PgPool, name: &str) -> sqlx::Result<Option<HashtagRow>> {
    sqlx::query_as(
        "SELECT h.id, (SELECT count(*) FROM post_hashtags ph WHERE ph.hashtag_id = h.id) AS post_count
         FROM hashtags h WHERE h.name = $1",
    )
    .bind(name)
    .fetch_optional(pool)
    .await
}

/// A tag's posts. Post ids grow with time, so `idx_post_hashtags_hashtag_post
/// (hashtag_id, post_id DESC)` gives them newest first; the cursor is the last id.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn tagged_posts(
    pool: &PgPool,
    viewer: Option<UserId>,
    hashtag_id: i64,
    after: Option<Cursor>,
) -> sqlx::Result<Page<GridPost>> {
    let (_, before_id) = Cursor::binds(after);
    let rows: Vec<GridRow> = sqlx::query_as(concat!(
        "SELECT ",
        grid_columns!(),
        " FROM post_hashtags ph JOIN posts p ON p.id = ph.post_id JOIN users u ON u.id = p.user_id
          WHERE ph.hashtag_id = $2 AND ph.post_id < COALESCE($3::bigint, 9223372036854775807)
            AND may_see_post($1, p.user_id, p.hidden_at)
          ORDER BY ph.post_id DESC LIMIT $4"
    ))
    .bind(viewer)
    .bind(hashtag_id)
    .bind(before_id)
    .bind(PAGE_SIZE as i64 + 1)
    .fetch_all(pool)
    .await?;
    let (rows, next) = split_page(rows, PAGE_SIZE, |row| Cursor {
        micros: 0,
        id: row.id.0,
    });
    Ok(Page {
        items: rows.into_iter().map(GridRow::into_view).collect(),
        next,
    })
}

/// Starts a search: a transaction in which each statement may run for `budget` at most
/// (a lock it waits for included), then is cancelled with [`ran_out_of_time`]. Whatever
/// is typed, a search's three statements hold a connection three budgets at most.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn begin_search(
    pool: &PgPool,
    budget: Duration,
) -> sqlx::Result<Transaction<'static, Postgres>> {
    // One round trip: the budget goes with `BEGIN` (a number, not anything typed).
    // Generic plans: the search statements are large, and a plan made for each search's
    // words cost more to make (1–1.5 ms a statement) than it saved; each connection
    // plans them once. What depends on the words is evaluated once, at run time.
    pool.begin_with(format!(
        "BEGIN READ ONLY; SET LOCAL statement_timeout = {}; \
         SET LOCAL plan_cache_mode = force_generic_plan",
        budget.as_millis()
    ))
    .await
}

/// Whether a statement was cancelled by the search's budget (`query_canceled`).
pub fn ran_out_of_time(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|error| error.code().as_deref() == Some("57014"))
}

/// People whose username or full name matches `words` (already lowercase), best first.
///
/// Ranked tiers: the exact username, usernames starting with the text, full names
/// starting with it, then either containing it. The first three read btree ranges in
/// order (`~>=~`/`~<~` on the `text_pattern_ops` indexes: the names starting with the
/// text lie between it and it followed by the highest character), ten names each at
/// most. The last tier asks the trigram GIN indexes, which list every match before any
/// is read, so it runs only when the others leave a place among the ten and the text
/// has the three characters a trigram needs (with fewer, every name is read). The text is
/// folded (`search_fold`: lowercase, accents off) before LIKE's wildcards in it are
/// escaped (`like_literal`), so folding can never turn a character into a wildcard.
/// Visibility (`may_see`) is asked once per person found, whatever the tiers that found
/// them (`found` is materialised so the check is not pushed below the grouping).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn matching_people(
    search: &mut PgConnection,
    viewer: Option<UserId>,
    words: &str,
) -> sqlx::Result<Vec<PersonRow>> {
    sqlx::query_as(
        r"WITH listed AS (
              (SELECT u.id, 0 AS tier FROM users u WHERE lower(u.username) = search_fold($2))
              UNION ALL
              (SELECT u.id, 1 FROM users u
               WHERE lower(u.username) ~>=~ search_fold($2)
                 AND lower(u.username) ~<~ (search_fold($2) || chr(1114111))
               ORDER BY lower(u.username) USING ~<~ LIMIT 10)
              UNION ALL
              (SELECT u.id, 2 FROM users u
               WHERE search_fold(u.full_name) ~>=~ search_fold($2)
                 AND search_fold(u.full_name) ~<~ (search_fold($2) || chr(1114111))
               ORDER BY search_fold(u.full_name) USING ~<~ LIMIT 10)),
          found AS MATERIALIZED (SELECT id, min(tier) AS tier FROM listed GROUP BY id),
          visible AS MATERIALIZED (SELECT id, tier FROM found WHERE may_see($1, found.id)),
          contained AS (
              SELECT u.id, 3 AS tier
              FROM users u, (SELECT like_literal(search_fold($2)) AS literal) pattern
              WHERE length(search_fold($2)) >= 3
                AND (SELECT count(*) FROM visible) < 10
                AND (lower(u.username) LIKE '%' || pattern.literal || '%' ESCAPE '\'
                     OR search_fold(u.full_name) LIKE '%' || pattern.literal || '%' ESCAPE '\')
                AND u.id NOT IN (SELECT id FROM found)
                AND may_see($1, u.id)
              LIMIT 10),
          best AS (SELECT * FROM visible UNION ALL SELECT * FROM contained)
          SELECT u.username, u.full_name, u.profile_image_url,
                 EXISTS (SELECT 1 FROM follows f WHERE f.user_id = $1 AND f.user_followed_id = u.id)
                     AS followed_by_me,
                 COALESCE(u.id = $1, false) AS is_me
          FROM best JOIN users u ON u.id = best.id
          ORDER BY best.tier, length(u.username), u.username
          LIMIT 10",
    )
    .bind(viewer)
    .bind(words)
    .fetch_all(search)
    .await
}

/// Tags starting with `words` (already lowercase), the exact one first, then the most
/// used.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn matching_tags(search: &mut PgConnection, words: &str) -> sqlx::Result<Vec<TagCount>> {
    sqlx::query_as(
        r"SELECT h.name, (SELECT count(*) FROM post_hashtags ph WHERE ph.hashtag_id = h.id) AS post_count
          FROM hashtags h WHERE h.name LIKE like_literal($1) || '%' ESCAPE '\'
          ORDER BY h.name = $1 DESC, post_count DESC, h.name LIMIT 10",
    )
    .bind(words)
    .fetch_all(search)
    .await
}

/// How many caption matches are ranked by recency (see `matching_posts`).
const MAX_CAPTION_MATCHES: i64 = 2_000;

/// The newest posts whose caption matches `query`, twelve at most.
///
/// A query of one word (after `websearch_to_tsquery`: one lexeme, nothing negated) is
/// answered from `caption_words`, newest first, reading only as many of its posts as it
/// takes to find twelve that the viewer may see. Any other query asks the caption GIN
/// index, which finds matches in no useful order: at most `MAX_CAPTION_MATCHES` of them
/// are ranked by recency (materialised, so the planner cannot instead walk every post
/// newest first, computing each one's tsvector), which for very common words is the
/// price of an answer in milliseconds. Each branch stands behind a one-time filter on
/// the query's shape, so only one runs.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn matching_posts(
    search: &mut PgConnection,
    viewer: Option<UserId>,
    query: &str,
) -> sqlx::Result<Vec<GridPost>> {
    let rows: Vec<GridRow> = sqlx::query_as(concat!(
        "WITH one_word AS (
             SELECT p.id FROM caption_words cw JOIN posts p ON p.id = cw.post_id
             WHERE numnode(websearch_to_tsquery('english', $2)) = 1
               AND cw.word = (tsvector_to_array(
                       websearch_to_tsquery('english', $2)::text::tsvector))[1]
               AND may_see_post($1, p.user_id, p.hidden_at)
             ORDER BY cw.created_at DESC, cw.post_id DESC
             LIMIT 12),
         matches AS MATERIALIZED (
             SELECT id, user_id, hidden_at, created_at FROM posts
             WHERE numnode(websearch_to_tsquery('english', $2)) > 1
               -- Parsed once (an init plan), not again for each row the index recheck reads.
               AND to_tsvector('english', caption) @@ (SELECT websearch_to_tsquery('english', $2))
             LIMIT $3),
         ranked AS (
             SELECT newest.id
             FROM (SELECT * FROM matches ORDER BY created_at DESC, id DESC OFFSET 0) newest
             WHERE may_see_post($1, newest.user_id, newest.hidden_at)
             LIMIT 12),
         visible AS (SELECT id FROM one_word UNION ALL SELECT id FROM ranked)
         SELECT ",
        grid_columns!(),
        " FROM visible JOIN posts p ON p.id = visible.id JOIN users u ON u.id = p.user_id
          ORDER BY p.created_at DESC, p.id DESC"
    ))
    .bind(viewer)
    .bind(query)
    .bind(MAX_CAPTION_MATCHES)
    .fetch_all(search)
    .await?;
    Ok(rows.into_iter().map(GridRow::into_view).collect())
}
