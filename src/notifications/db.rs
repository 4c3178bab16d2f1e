//! Every statement about notifications: counting my unread ones, a page of mine, and
//! marking them read. The rows themselves are written by likes, comments, captions and
//! follows.

use sqlx::PgPool;

use crate::ids::{CommentId, PostId, UserId};
use crate::notifications::{NotificationKind, NotificationView};
use crate::pagination::{Cursor, PAGE_SIZE, Page, keyset_before, split_page};

#[derive(sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub actor: String,
    pub actor_avatar: Option<String>,
    pub post_id: Option<PostId>,
    pub post_thumb: Option<String>,
    pub comment: Option<String>,
    pub comment_id: Option<CommentId>,
    pub thread_id: Option<CommentId>,
    pub created_at: i64,
    pub created_micros: i64,
    pub now: i64,
    pub unread: bool,
    pub following_actor: bool,
    pub moderation_action: Option<String>,
    pub moderation_target: Option<String>,
}

impl NotificationRow {
    /// `None` for a kind this version does not know.
    fn into_view(self) -> Option<NotificationView> {
        Some(NotificationView {
            id: self.id,
            kind: NotificationKind::parse(&self.kind)?,
            actor: self.actor,
            actor_avatar: self.actor_avatar,
            post_id: self.post_id,
            post_thumb: self.post_thumb,
            comment: self.comment,
            comment_id: self.comment_id,
            thread_id: self.thread_id,
            created_at: self.created_at,
            now: self.now,
            unread: self.unread,
            following_actor: self.following_actor,
            moderation: self.moderation_action.zip(self.moderation_target),
        })
    }
}

/// How many of my notifications are unread, up to 100 (the badge shows "99+" above 99).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn unread_count(pool: &PgPool, me: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT FROM notifications n
         WHERE n.recipient_id = $1 AND n.read_at IS NULL AND may_see($1, n.actor_id)
         LIMIT 100) unread",
    )
    .bind(me)
    .fetch_one(pool)
    .await
}

/// A page of my notifications, newest first, by
/// `idx_notifications_recipient_created (recipient_id, created_at DESC, id DESC)`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn page(
    pool: &PgPool,
    me: UserId,
    after: Option<Cursor>,
) -> sqlx::Result<Page<NotificationView>> {
    let (micros, id) = Cursor::binds(after);
    let rows: Vec<NotificationRow> = sqlx::query_as(concat!(
        "SELECT n.id, n.kind, a.username AS actor, a.profile_image_url AS actor_avatar,
                n.post_id, COALESCE(ph.variants -> 0 ->> 'url', ph.url) AS post_thumb,
                c.content AS comment, c.id AS comment_id, c.parent_id AS thread_id,
                extract(epoch FROM n.created_at)::bigint AS created_at,
                (extract(epoch FROM n.created_at) * 1000000)::bigint AS created_micros,
                extract(epoch FROM now())::bigint AS now,
                n.read_at IS NULL AS unread,
                EXISTS (SELECT 1 FROM follows f WHERE f.user_id = $1 AND f.user_followed_id = a.id) AS following_actor,
                m.action AS moderation_action, m.target_kind AS moderation_target
         FROM notifications n
         JOIN users a ON a.id = n.actor_id
         LEFT JOIN photos ph ON ph.post_id = n.post_id AND ph.position = 0
         LEFT JOIN comments c ON c.id = n.comment_id
         LEFT JOIN moderation_actions m ON m.id = n.moderation_action_id
         WHERE n.recipient_id = $1 AND may_see($1, n.actor_id) AND ",
        keyset_before!("n", "$2", "$3"),
        " ORDER BY n.created_at DESC, n.id DESC LIMIT $4"
    ))
    .bind(me)
    .bind(micros)
    .bind(id)
    .bind(PAGE_SIZE as i64 + 1)
    .fetch_all(pool)
    .await?;
    let (rows, next) = split_page(rows, PAGE_SIZE, |row| Cursor {
        micros: row.created_micros,
        id: row.id,
    });
    Ok(Page {
        items: rows
            .into_iter()
            .filter_map(NotificationRow::into_view)
            .collect(),
        next,
    })
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn mark_all_read(pool: &PgPool, me: UserId) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL",
    )
    .bind(me)
    .execute(pool)
    .await?;
    Ok(())
}
