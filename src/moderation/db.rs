//! Every statement of moderation: who moderates, the queue, acting on a report (in one
//! transaction with its audit line and its notifications), the log.

use sqlx::{PgConnection, PgPool};

use crate::ids::{PostId, UserId};
use crate::media::ImageVariant;
use crate::moderation::{LoggedAction, ModerationAction, QueuedReport, ReportedKind};

#[tracing::instrument(level = "debug", skip_all)]
pub async fn is_moderator(pool: &PgPool, user: UserId) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT is_moderator FROM users WHERE id = $1")
        .bind(user)
        .fetch_optional(pool)
        .await
        .map(|found| found.unwrap_or(false))
}

/// Grants (or revokes) the moderator role; false when nobody has that username.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn set_moderator(pool: &PgPool, username: &str, moderator: bool) -> sqlx::Result<bool> {
    let updated =
        sqlx::query("UPDATE users SET is_moderator = $2 WHERE lower(username) = lower($1)")
            .bind(username)
            .bind(moderator)
            .execute(pool)
            .await?;
    Ok(updated.rows_affected() > 0)
}

/// Lifts a suspension; false when nobody by that name is suspended.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn unsuspend(pool: &PgPool, username: &str) -> sqlx::Result<bool> {
    let updated = sqlx::query(
        "UPDATE users SET suspended_at = NULL
         WHERE lower(username) = lower($1) AND suspended_at IS NOT NULL",
    )
    .bind(username)
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() > 0)
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    kind: String,
    id: i64,
    author: String,
    text: String,
    thumb: Option<String>,
    post_id: Option<i64>,
    reports: i64,
    reasons: String,
    details: Vec<String>,
    latest: i64,
    now: i64,
}

/// Open reports grouped by what they report, the most recently reported first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn queue(pool: &PgPool, limit: i64) -> sqlx::Result<Vec<QueuedReport>> {
    let rows: Vec<QueueRow> = sqlx::query_as(
        "WITH open AS (
             SELECT CASE WHEN post_id IS NOT NULL THEN 'post'
                         WHEN comment_id IS NOT NULL THEN 'comment' ELSE 'account' END AS kind,
                    COALESCE(post_id, comment_id, account_id) AS id, reason, details, created_at
             FROM reports WHERE status = 'open'),
         grouped AS (
             SELECT kind, id, count(*) AS reports, max(created_at) AS latest,
                    array_remove(array_agg(details ORDER BY created_at), '') AS details
             FROM open GROUP BY kind, id),
         reasons AS (
             SELECT kind, id, string_agg(reason || CASE WHEN n > 1 THEN ' ×' || n ELSE '' END,
                                         ', ' ORDER BY n DESC, reason) AS reasons
             FROM (SELECT kind, id, reason, count(*) AS n FROM open GROUP BY kind, id, reason) r
             GROUP BY kind, id)
         SELECT g.kind, g.id, COALESCE(pu.username, cu.username, au.username, '') AS author,
                COALESCE(p.caption, c.content, '') AS text,
                (SELECT COALESCE(ph.variants -> 0 ->> 'url', ph.url) FROM photos ph
                 WHERE ph.post_id = COALESCE(p.id, c.post_id) AND ph.position = 0) AS thumb,
                COALESCE(p.id, c.post_id) AS post_id,
                g.reports, r.reasons, g.details,
                extract(epoch FROM g.latest)::bigint AS latest,
                extract(epoch FROM now())::bigint AS now
         FROM grouped g JOIN reasons r USING (kind, id)
         LEFT JOIN posts p ON g.kind = 'post' AND p.id = g.id
         LEFT JOIN users pu ON pu.id = p.user_id
         LEFT JOIN comments c ON g.kind = 'comment' AND c.id = g.id
         LEFT JOIN users cu ON cu.id = c.user_id
         LEFT JOIN users au ON g.kind = 'account' AND au.id = g.id
         ORDER BY g.latest DESC
         LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(QueuedReport {
                kind: ReportedKind::parse(&row.kind)?,
                id: row.id,
                author: row.author,
                text: row.text,
                thumb: row.thumb,
                post_id: row.post_id,
                reports: row.reports,
                reasons: row.reasons,
                details: row.details,
                latest: row.latest,
                now: row.now,
            })
        })
        .collect())
}

/// Who made the reported thing and what it says, for the audit line.
#[derive(sqlx::FromRow)]
struct TargetRow {
    author: UserId,
    summary: String,
    post_id: Option<i64>,
    comment_id: Option<i64>,
}

async fn target(
    tx: &mut PgConnection,
    kind: ReportedKind,
    id: i64,
) -> sqlx::Result<Option<TargetRow>> {
    let sql = match kind {
        ReportedKind::Post => {
            "SELECT p.user_id AS author, '@' || u.username || ': ' || left(p.caption, 200) AS summary,
                    p.id AS post_id, NULL::bigint AS comment_id
             FROM posts p JOIN users u ON u.id = p.user_id WHERE p.id = $1"
        }
        ReportedKind::Comment => {
            "SELECT c.user_id AS author, '@' || u.username || ': ' || left(c.content, 200) AS summary,
                    c.post_id, c.id AS comment_id
             FROM comments c JOIN users u ON u.id = c.user_id WHERE c.id = $1"
        }
        ReportedKind::Account => {
            "SELECT id AS author, '@' || username AS summary, NULL::bigint AS post_id,
                    NULL::bigint AS comment_id
             FROM users WHERE id = $1"
        }
    };
    sqlx::query_as(sql).bind(id).fetch_optional(tx).await
}

/// Acts on the open reports of one thing: the action itself, the reports closed, an
/// audit line (who, what, when, why: the reports' reasons), the reporters told the
/// outcome and, for hidden content, its author told. `None` when nothing about it is
/// open (handled already, or never reported). A deleted post's image files are
/// returned, for removal once committed.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn act(
    pool: &PgPool,
    moderator: (UserId, &str),
    kind: ReportedKind,
    id: i64,
    action: ModerationAction,
) -> sqlx::Result<Option<Vec<ImageVariant>>> {
    let column = match kind {
        ReportedKind::Post => "post_id",
        ReportedKind::Comment => "comment_id",
        ReportedKind::Account => "account_id",
    };
    let mut tx = pool.begin().await?;
    #[derive(sqlx::FromRow)]
    struct OpenRow {
        reporters: Vec<i64>,
        reasons: Option<String>,
    }
    let open: OpenRow = sqlx::query_as(&format!(
        "WITH open AS (SELECT id, reporter_id, reason FROM reports
                       WHERE status = 'open' AND {column} = $1 FOR UPDATE)
         SELECT COALESCE(array_agg(DISTINCT reporter_id), '{{}}') AS reporters,
                (SELECT string_agg(reason || CASE WHEN n > 1 THEN ' ×' || n ELSE '' END, ', '
                                   ORDER BY n DESC, reason)
                 FROM (SELECT reason, count(*) AS n FROM open GROUP BY reason) r) AS reasons
         FROM open"
    ))
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let (Some(reasons), Some(target)) = (open.reasons, target(&mut tx, kind, id).await?) else {
        return Ok(None);
    };
    let status = if action == ModerationAction::Dismiss {
        "dismissed"
    } else {
        "actioned"
    };
    sqlx::query(&format!(
        "UPDATE reports SET status = $2, resolved_at = now() WHERE status = 'open' AND {column} = $1"
    ))
    .bind(id)
    .bind(status)
    .execute(&mut *tx)
    .await?;
    let logged: i64 = sqlx::query_scalar(
        "INSERT INTO moderation_actions (moderator_id, moderator_username, action, target_kind,
                                         target_id, target_summary, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(moderator.0)
    .bind(moderator.1)
    .bind(action.value())
    .bind(kind.value())
    .bind(id)
    .bind(&target.summary)
    .bind(&reasons)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO notifications (recipient_id, actor_id, kind, moderation_action_id)
         SELECT r, r, 'report_resolved', $2 FROM unnest($1::bigint[]) AS r",
    )
    .bind(&open.reporters)
    .bind(logged)
    .execute(&mut *tx)
    .await?;
    let mut removed = Vec::new();
    match (action, kind) {
        (ModerationAction::Dismiss, _) => {}
        (ModerationAction::Hide, ReportedKind::Post | ReportedKind::Comment) => {
            let table = if kind == ReportedKind::Post {
                "posts"
            } else {
                "comments"
            };
            sqlx::query(&format!(
                "UPDATE {table} SET hidden_at = now() WHERE id = $1"
            ))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO notifications (recipient_id, actor_id, kind, moderation_action_id,
                                            post_id, comment_id)
                 VALUES ($1, $1, 'content_hidden', $2, $3, $4)",
            )
            .bind(target.author)
            .bind(logged)
            .bind(target.post_id)
            .bind(target.comment_id)
            .execute(&mut *tx)
            .await?;
        }
        (ModerationAction::Delete, ReportedKind::Post) => {
            removed = crate::posts::db::delete(&mut *tx, PostId(id), None)
                .await?
                .unwrap_or_default();
        }
        (ModerationAction::Delete, ReportedKind::Comment) => {
            sqlx::query("DELETE FROM comments WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        (ModerationAction::Suspend, _) => {
            sqlx::query("UPDATE users SET suspended_at = now() WHERE id = $1 AND NOT is_demo")
                .bind(target.author)
                .execute(&mut *tx)
                .await?;
        }
        // Hiding or deleting an account is suspending it: the form offers neither.
        (ModerationAction::Hide | ModerationAction::Delete, ReportedKind::Account) => {
            return Ok(None);
        }
    }
    tx.commit().await?;
    Ok(Some(removed))
}

/// The audit log, newest first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn log(pool: &PgPool, limit: i64) -> sqlx::Result<Vec<LoggedAction>> {
    sqlx::query_as(
        "SELECT moderator_username AS moderator, action, target_kind, target_id, target_summary,
                reason, extract(epoch FROM created_at)::bigint AS created_at,
                extract(epoch FROM now())::bigint AS now
         FROM moderation_actions ORDER BY created_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}
