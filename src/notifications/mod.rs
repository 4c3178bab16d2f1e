//! Activity: who liked my posts and comments, commented on my posts, followed me. The
//! rows are written by the actions themselves (likes, comments, follows), in their
//! transactions; this area reads them.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationKind {
    LikePost,
    LikeComment,
    Comment,
    Follow,
}

impl NotificationKind {
    /// From the database's `kind` column.
    pub fn parse(kind: &str) -> Option<Self> {
        match kind {
            "like_post" => Some(Self::LikePost),
            "like_comment" => Some(Self::LikeComment),
            "comment" => Some(Self::Comment),
            "follow" => Some(Self::Follow),
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
    pub created_at: i64,
    pub now: i64,
    pub unread: bool,
    /// For "Follow back".
    pub following_actor: bool,
}
