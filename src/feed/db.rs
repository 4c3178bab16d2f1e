//! The feed's one statement: a page of the posts of the people I follow (and have not
//! muted) and mine.

use sqlx::PgPool;

use crate::ids::UserId;
use crate::pagination::{Cursor, keyset_before};
use crate::posts::db::{PostRow, post_columns};

/// The feed's posts. `$1` me, `$2`/`$3` the cursor, `$4` how many.
///
/// Fan-in: for me and each person I follow, the newest posts before the cursor from
/// `idx_posts_user_id_created` (at most `$4` each, index-only: no post row is read
/// yet), then the newest `$4` of those, and only then their rows. The cost grows with
/// the people I follow, not with the size of the posts table, and only a page's worth
/// of (wide) post rows is ever fetched.
///
/// Of the visibility rules only suspension is asked of the people I follow (an
/// anti-join with `idx_users_suspended`, which lists the few suspended): a follow
/// never crosses a block (the database ends follows when one blocks the other and
/// refuses new ones), and following someone is what lets me see a private account.
pub const FEED_SQL: &str = concat!(
    "SELECT ",
    post_columns!(),
    " FROM (SELECT newest.id, newest.created_at
            FROM (SELECT $1::bigint AS id
                  UNION ALL
                  SELECT f.user_followed_id FROM follows f
                  WHERE f.user_id = $1::bigint
                    AND NOT EXISTS (SELECT 1 FROM users suspended
                                    WHERE suspended.id = f.user_followed_id
                                      AND suspended.suspended_at IS NOT NULL)
                    AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = $1::bigint
                                    AND m.muted_id = f.user_followed_id)) AS authors
            CROSS JOIN LATERAL (
                SELECT p.id, p.created_at FROM posts p
                WHERE p.user_id = authors.id AND (p.hidden_at IS NULL OR p.user_id = $1::bigint) AND ",
    keyset_before!("p", "$2", "$3"),
    "           ORDER BY p.created_at DESC, p.id DESC LIMIT $4) AS newest
            ORDER BY newest.created_at DESC, newest.id DESC
            LIMIT $4) AS page
      JOIN posts p ON p.id = page.id
      JOIN users u ON u.id = p.user_id
      ORDER BY p.created_at DESC, p.id DESC"
);

/// `limit` posts of my feed after `after`, newest first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn posts(
    pool: &PgPool,
    me: UserId,
    after: Option<Cursor>,
    limit: i64,
) -> sqlx::Result<Vec<PostRow>> {
    let (micros, id) = Cursor::binds(after);
    sqlx::query_as(FEED_SQL)
        .bind(me)
        .bind(micros)
        .bind(id)
        .bind(limit)
        .fetch_all(pool)
        .await
}
