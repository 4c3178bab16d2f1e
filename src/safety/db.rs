//! Every statement about blocks, mutes and removing followers.

use sqlx::PgPool;

use crate::ids::UserId;
use crate::profiles::db::{PersonRow, person_columns};

/// Blocks `them` for `me` (again: nothing changes). The follows between us go with it
/// (the `blocks_end_follows` trigger).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn block(pool: &PgPool, me: UserId, them: UserId) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(me)
    .bind(them)
    .execute(pool)
    .await?;
    Ok(())
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn unblock(pool: &PgPool, me: UserId, them: UserId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2")
        .bind(me)
        .bind(them)
        .execute(pool)
        .await?;
    Ok(())
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn mute(pool: &PgPool, me: UserId, them: UserId) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO mutes (muter_id, muted_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(me)
        .bind(them)
        .execute(pool)
        .await?;
    Ok(())
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn unmute(pool: &PgPool, me: UserId, them: UserId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM mutes WHERE muter_id = $1 AND muted_id = $2")
        .bind(me)
        .bind(them)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends `them` following `me`; false when they did not.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn remove_follower(pool: &PgPool, me: UserId, them: UserId) -> sqlx::Result<bool> {
    let removed = sqlx::query("DELETE FROM follows WHERE user_id = $2 AND user_followed_id = $1")
        .bind(me)
        .bind(them)
        .execute(pool)
        .await?;
    Ok(removed.rows_affected() > 0)
}

/// Which of my lists in Settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApartList {
    Blocked,
    Muted,
}

/// The people I blocked or muted, most recent first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn kept_apart(
    pool: &PgPool,
    me: UserId,
    list: ApartList,
) -> sqlx::Result<Vec<PersonRow>> {
    let sql = match list {
        ApartList::Blocked => concat!(
            "SELECT ",
            person_columns!(),
            " FROM blocks b JOIN users u ON u.id = b.blocked_id
              WHERE b.blocker_id = $1 ORDER BY b.created_at DESC LIMIT 500"
        ),
        ApartList::Muted => concat!(
            "SELECT ",
            person_columns!(),
            " FROM mutes m JOIN users u ON u.id = m.muted_id
              WHERE m.muter_id = $1 ORDER BY m.created_at DESC LIMIT 500"
        ),
    };
    sqlx::query_as(sql).bind(me).fetch_all(pool).await
}
