//! Every statement about blocks, mutes and removing followers.

use sqlx::PgPool;

use crate::ids::{CommentId, PostId, UserId};
use crate::profiles::db::{PersonRow, person_columns};

/// Puts `them` on my list of blocked or muted people (`on`), or takes them off; doing
/// it again changes nothing. A block ends the follows between us (the
/// `blocks_end_follows` trigger).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn set_apart(
    pool: &PgPool,
    me: UserId,
    them: UserId,
    list: ApartList,
    on: bool,
) -> sqlx::Result<()> {
    let sql = match (list, on) {
        (ApartList::Blocked, true) => {
            "INSERT INTO blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        }
        (ApartList::Blocked, false) => {
            "DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2"
        }
        (ApartList::Muted, true) => {
            "INSERT INTO mutes (muter_id, muted_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        }
        (ApartList::Muted, false) => "DELETE FROM mutes WHERE muter_id = $1 AND muted_id = $2",
    };
    sqlx::query(sql).bind(me).bind(them).execute(pool).await?;
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

/// What a new report is about, already resolved to ids.
pub enum ReportedRow {
    Post(PostId),
    Comment(CommentId),
    Account(UserId),
}

/// Files a report; false when the reporter already has an open one of the same thing
/// (`reports_open_once`). Only what `reporter` may see can be reported: `None` when
/// the target is not there for them.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn report(
    pool: &PgPool,
    reporter: UserId,
    target: &ReportedRow,
    reason: &str,
    details: &str,
) -> sqlx::Result<Option<bool>> {
    let (post, comment, account) = match target {
        ReportedRow::Post(id) => (Some(id.0), None, None),
        ReportedRow::Comment(id) => (None, Some(id.0), None),
        ReportedRow::Account(id) => (None, None, Some(id.0)),
    };
    let visible: bool = sqlx::query_scalar(
        "SELECT CASE
           WHEN $2::bigint IS NOT NULL THEN EXISTS (
             SELECT 1 FROM posts p WHERE p.id = $2 AND may_see_post($1, p.user_id, p.hidden_at))
           WHEN $3::bigint IS NOT NULL THEN EXISTS (
             SELECT 1 FROM comments c JOIN posts p ON p.id = c.post_id
             WHERE c.id = $3 AND may_see($1, c.user_id) AND may_see_post($1, p.user_id, p.hidden_at))
           ELSE EXISTS (SELECT 1 FROM users u WHERE u.id = $4 AND may_see($1, u.id))
         END",
    )
    .bind(reporter)
    .bind(post)
    .bind(comment)
    .bind(account)
    .fetch_one(pool)
    .await?;
    if !visible {
        return Ok(None);
    }
    let inserted = sqlx::query(
        "INSERT INTO reports (reporter_id, post_id, comment_id, account_id, reason, details)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(reporter)
    .bind(post)
    .bind(comment)
    .bind(account)
    .bind(reason)
    .bind(details)
    .execute(pool)
    .await;
    match inserted {
        Ok(_) => Ok(Some(true)),
        Err(sqlx::Error::Database(error)) if error.constraint() == Some("reports_open_once") => {
            Ok(Some(false))
        }
        Err(error) => Err(error),
    }
}
