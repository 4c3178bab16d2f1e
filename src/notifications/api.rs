//! Reading my notifications, newest first; opening the first page marks them read.

use leptos::prelude::*;

use crate::error::AppError;
use crate::notifications::NotificationView;
use crate::pagination::Page;

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    error::with_status,
    notifications::NotificationKind,
    pagination::{Cursor, PAGE_SIZE, split_page},
    server::state::AppState,
};

#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    kind: String,
    actor: String,
    actor_avatar: Option<String>,
    post_id: Option<i64>,
    post_thumb: Option<String>,
    comment: Option<String>,
    created_at: i64,
    created_micros: i64,
    now: i64,
    unread: bool,
    following_actor: bool,
}

/// How many of my notifications are unread: the badge asks again after each client-side
/// navigation (the count in the current user is from when the page was loaded).
#[server]
pub async fn unread_notifications() -> Result<i64, AppError> {
    with_status(
        async {
            let me = session::require_user()?.id;
            let state = expect_context::<AppState>();
            let count = sqlx::query_scalar(
                "SELECT count(*) FROM notifications WHERE recipient_id = $1 AND read_at IS NULL",
            )
            .bind(me)
            .fetch_one(&state.pool)
            .await?;
            Ok(count)
        }
        .await,
    )
}

#[server]
pub async fn my_notifications(after: Option<String>) -> Result<Page<NotificationView>, AppError> {
    with_status(
        async {
            let me = session::require_user()?.id;
            let state = expect_context::<AppState>();
            let cursor = Cursor::parse(after.as_deref())?;
            let (micros, id) = Cursor::binds(cursor);
            // idx_notifications_recipient_created (recipient_id, created_at DESC, id DESC).
            let rows: Vec<NotificationRow> = sqlx::query_as(concat!(
                "SELECT n.id, n.kind, a.username AS actor, a.profile_image_url AS actor_avatar,
                        n.post_id, COALESCE(p.image_variants -> 0 ->> 'url', p.image_url) AS post_thumb,
                        c.content AS comment,
                        extract(epoch FROM n.created_at)::bigint AS created_at,
                        (extract(epoch FROM n.created_at) * 1000000)::bigint AS created_micros,
                        extract(epoch FROM now())::bigint AS now,
                        n.read_at IS NULL AS unread,
                        EXISTS (SELECT 1 FROM follows f WHERE f.user_id = $1 AND f.user_followed_id = a.id) AS following_actor
                 FROM notifications n
                 JOIN users a ON a.id = n.actor_id
                 LEFT JOIN posts p ON p.id = n.post_id
                 LEFT JOIN comments c ON c.id = n.comment_id
                 WHERE n.recipient_id = $1 AND ",
                crate::keyset_before!("n", "$2", "$3"),
                " ORDER BY n.created_at DESC, n.id DESC LIMIT $4"
            ))
            .bind(me)
            .bind(micros)
            .bind(id)
            .bind(PAGE_SIZE as i64 + 1)
            .fetch_all(&state.pool)
            .await?;
            if cursor.is_none() {
                // Opening the page is reading it; this page still shows what was new.
                sqlx::query(
                    "UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL",
                )
                .bind(me)
                .execute(&state.pool)
                .await?;
            }
            let (rows, next) = split_page(rows, PAGE_SIZE, |row| Cursor { micros: row.created_micros, id: row.id });
            let items = rows
                .into_iter()
                .filter_map(|row| {
                    Some(NotificationView {
                        id: row.id,
                        kind: NotificationKind::parse(&row.kind)?,
                        actor: row.actor,
                        actor_avatar: row.actor_avatar,
                        post_id: row.post_id,
                        post_thumb: row.post_thumb,
                        comment: row.comment,
                        created_at: row.created_at,
                        now: row.now,
                        unread: row.unread,
                        following_actor: row.following_actor,
                    })
                })
                .collect();
            Ok(Page { items, next })
        }
        .await,
    )
}
