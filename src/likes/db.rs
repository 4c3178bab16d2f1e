//! Every statement about likes: setting and clearing one (telling the author), and
//! counting a target's.

use sqlx::PgConnection;

use crate::ids::UserId;
use crate::likes::LikeTarget;

/// Adds `user`'s like, unless it is there already, and tells the target's author
/// (nobody is told of their own likes). The insert trigger refuses a missing target
/// (`likes_target_exists`) and locks it until the transaction ends, so it cannot
/// vanish underneath.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn like(
    tx: &mut PgConnection,
    user: UserId,
    target: LikeTarget,
    id: i64,
) -> sqlx::Result<()> {
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO likes (user_id, likeable_type, likeable_id) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT unique_user_like DO NOTHING RETURNING id",
    )
    .bind(user)
    .bind(target.as_str())
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(like_id) = inserted else {
        return Ok(());
    };
    let notify = match target {
        LikeTarget::Post => {
            "INSERT INTO notifications (recipient_id, actor_id, kind, post_id, like_id)
             SELECT p.user_id, $2, 'like_post', p.id, $3 FROM posts p
             WHERE p.id = $1 AND p.user_id <> $2"
        }
        LikeTarget::Comment => {
            "INSERT INTO notifications (recipient_id, actor_id, kind, post_id, comment_id, like_id)
             SELECT c.user_id, $2, 'like_comment', c.post_id, c.id, $3 FROM comments c
             WHERE c.id = $1 AND c.user_id <> $2"
        }
    };
    sqlx::query(notify)
        .bind(id)
        .bind(user)
        .bind(like_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Removes `user`'s like; its notification goes with it (ON DELETE CASCADE).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn unlike(
    tx: &mut PgConnection,
    user: UserId,
    target: LikeTarget,
    id: i64,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM likes WHERE user_id = $1 AND likeable_type = $2 AND likeable_id = $3")
        .bind(user)
        .bind(target.as_str())
        .bind(id)
        .execute(tx)
        .await?;
    Ok(())
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn target_exists(
    tx: &mut PgConnection,
    target: LikeTarget,
    id: i64,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(match target {
        LikeTarget::Post => "SELECT EXISTS (SELECT 1 FROM posts WHERE id = $1)",
        LikeTarget::Comment => "SELECT EXISTS (SELECT 1 FROM comments WHERE id = $1)",
    })
    .bind(id)
    .fetch_one(tx)
    .await
}

/// The target's kept count (the like's own change included, inside its transaction);
/// 0 when the target is gone.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn count(tx: &mut PgConnection, target: LikeTarget, id: i64) -> sqlx::Result<i64> {
    let count: Option<i64> = sqlx::query_scalar(match target {
        LikeTarget::Post => "SELECT like_count FROM posts WHERE id = $1",
        LikeTarget::Comment => "SELECT like_count FROM comments WHERE id = $1",
    })
    .bind(id)
    .fetch_optional(tx)
    .await?;
    Ok(count.unwrap_or(0))
}
