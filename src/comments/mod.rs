//! Comments: adding one (it appears at once), replying to one (one level deep, as on
//! Instagram), listing a post's and a thread's replies, deleting one (its author or the
//! post's owner).

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod db;

use serde::{Deserialize, Serialize};

/// The database checks the same (`content_length`).
pub const MAX_COMMENT_CHARS: usize = 1000;

/// Also the row the comment queries select (`comment_columns!`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CommentView {
    pub id: crate::ids::CommentId,
    pub post_id: crate::ids::PostId,
    /// The top comment of its thread, for a reply.
    pub parent_id: Option<crate::ids::CommentId>,
    /// How many replies a top comment has (0 for a reply).
    pub reply_count: i64,
    pub author: String,
    pub author_avatar: Option<String>,
    pub content: String,
    /// The people the comment mentions who exist.
    pub mentions: Vec<String>,
    pub created_at: i64,
    pub now: i64,
    pub like_count: i64,
    pub liked_by_me: bool,
    /// The viewer wrote it or owns the post.
    pub can_delete: bool,
    /// The viewer wrote it.
    pub mine: bool,
}
