//! The counts kept in rows (likes and comments of a post, likes of a comment, a
//! person's posts, followers and following) against fresh counts of the rows they
//! count: `isntgram analyze --check-counts` reports any drift and repairs it.

use sqlx::PgPool;

/// How many rows of one kept count disagree with a fresh count.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CountDrift {
    /// `table.column`, e.g. `posts.like_count`.
    pub count: String,
    pub rows_off: i64,
}

/// Every kept count and how many of its rows are off (0 when all agree).
pub async fn drift(pool: &PgPool) -> sqlx::Result<Vec<CountDrift>> {
    sqlx::query_as(
        "WITH post_likes AS (SELECT likeable_id AS id, count(*) AS n FROM likes
                             WHERE likeable_type = 'post' GROUP BY likeable_id),
              comment_likes AS (SELECT likeable_id AS id, count(*) AS n FROM likes
                                WHERE likeable_type = 'comment' GROUP BY likeable_id),
              post_comments AS (SELECT post_id AS id, count(*) AS n FROM comments GROUP BY post_id),
              user_posts AS (SELECT user_id AS id, count(*) AS n FROM posts GROUP BY user_id),
              followers AS (SELECT user_followed_id AS id, count(*) AS n FROM follows
                            GROUP BY user_followed_id),
              following AS (SELECT user_id AS id, count(*) AS n FROM follows GROUP BY user_id)
         SELECT 'posts.like_count' AS count, count(*) FILTER (
                    WHERE p.like_count <> COALESCE(l.n, 0)) AS rows_off
         FROM posts p LEFT JOIN post_likes l USING (id)
         UNION ALL
         SELECT 'posts.comment_count', count(*) FILTER (WHERE p.comment_count <> COALESCE(c.n, 0))
         FROM posts p LEFT JOIN post_comments c USING (id)
         UNION ALL
         SELECT 'comments.like_count', count(*) FILTER (WHERE c.like_count <> COALESCE(l.n, 0))
         FROM comments c LEFT JOIN comment_likes l USING (id)
         UNION ALL
         SELECT 'users.post_count', count(*) FILTER (WHERE u.post_count <> COALESCE(p.n, 0))
         FROM users u LEFT JOIN user_posts p USING (id)
         UNION ALL
         SELECT 'users.follower_count', count(*) FILTER (WHERE u.follower_count <> COALESCE(f.n, 0))
         FROM users u LEFT JOIN followers f USING (id)
         UNION ALL
         SELECT 'users.following_count', count(*) FILTER (WHERE u.following_count <> COALESCE(f.n, 0))
         FROM users u LEFT JOIN following f USING (id)",
    )
    .fetch_all(pool)
    .await
}

/// Sets every kept count that is off to its fresh value (the migration's own recount).
pub async fn repair(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("SELECT recount_kept_counts()")
        .execute(pool)
        .await?;
    Ok(())
}
