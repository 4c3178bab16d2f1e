//! Every statement about saved posts but their list (which reads posts as every grid
//! does: `profiles::db::saved_posts_of`).

use sqlx::PgPool;

use crate::ids::{PostId, UserId};

/// Saves `post` for `user` unless it is saved already; false when the post does not
/// exist. A post deleted between the lookup and the insert fails the foreign key,
/// which reads as "does not exist" too.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn save(pool: &PgPool, user: UserId, post: PostId) -> sqlx::Result<bool> {
    let saved = sqlx::query_scalar(
        "WITH post AS (SELECT id FROM posts WHERE id = $2),
              saved AS (
                  INSERT INTO saved_posts (user_id, post_id) SELECT $1, id FROM post
                  ON CONFLICT ON CONSTRAINT saved_posts_once DO NOTHING)
         SELECT EXISTS (SELECT 1 FROM post)",
    )
    .bind(user)
    .bind(post)
    .fetch_one(pool)
    .await;
    match saved {
        Err(sqlx::Error::Database(error))
            if error.constraint() == Some("saved_posts_post_id_fkey") =>
        {
            Ok(false)
        }
        other => other,
    }
}

/// Removes `post` from `user`'s saved posts; false when the post does not exist.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn unsave(pool: &PgPool, user: UserId, post: PostId) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "WITH unsaved AS (DELETE FROM saved_posts WHERE user_id = $1 AND post_id = $2)
         SELECT EXISTS (SELECT 1 FROM posts WHERE id = $2)",
    )
    .bind(user)
    .bind(post)
    .fetch_one(pool)
    .await
}
