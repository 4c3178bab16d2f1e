//! Activity: who liked my posts and comments, commented on my posts, replied to my
//! comments, mentioned me, followed me. The rows are written by the actions themselves
//! (likes, comments, captions, follows), in their transactions; this area reads them.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reading;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationKind {
    LikePost,
    LikeComment,
    Comment,
    Reply,
    /// In a caption, or in a comment when the notification has one.
    Mention,
    Follow,
    /// Someone asks to follow my private account ("Confirm" / "Delete"); the
    /// notification lasts as long as the request.
    FollowRequest,
    /// The moderators decided about something I reported.
    ReportResolved,
    /// The moderators hid my post or comment.
    ContentHidden,
}

impl NotificationKind {
    /// From the database's `kind` column.
    pub fn parse(kind: &str) -> Option<Self> {
        match kind {
            "like_post" => Some(Self::LikePost),
            "like_comment" => Some(Self::LikeComment),
            "comment" => Some(Self::Comment),
            "reply" => Some(Self::Reply),
            "mention" => Some(Self::Mention),
            "follow" => Some(Self::Follow),
            "follow_request" => Some(Self::FollowRequest),
            "report_resolved" => Some(Self::ReportResolved),
            "content_hidden" => Some(Self::ContentHidden),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    pub actor: String,
    pub actor_avatar: Option<String>,
    pub post_id: Option<crate::ids::PostId>,
    /// The smallest image of the post, for the thumbnail.
    pub post_thumb: Option<String>,
    /// The comment written (or liked).
    pub comment: Option<String>,
    pub comment_id: Option<crate::ids::CommentId>,
    /// The top comment of the comment's thread, for a reply.
    pub thread_id: Option<crate::ids::CommentId>,
    pub created_at: i64,
    pub now: i64,
    pub unread: bool,
    /// For "Follow back".
    pub following_actor: bool,
    /// For a moderators' decision: what they did ("hide", …) and to what ("post", …).
    pub moderation: Option<(String, String)>,
}

impl NotificationView {
    /// Where the notification leads: the exact comment (its thread open, the comment
    /// highlighted), the post, or the person.
    pub fn href(&self) -> String {
        match (self.post_id, self.comment_id) {
            (Some(post), Some(comment)) => match self.thread_id {
                Some(thread) => format!("/p/{post}?thread={thread}#comment-{comment}"),
                None => format!("/p/{post}#comment-{comment}"),
            },
            (Some(post), None) => format!("/p/{post}"),
            _ => format!("/{}", self.actor),
        }
    }
}
