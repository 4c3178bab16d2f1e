//! Likes on posts and comments: one idempotent server function, and the button that
//! toggles at once in the page and then agrees with the server.

pub mod api;
pub mod button;
#[cfg(feature = "ssr")]
pub mod db;

use serde::{Deserialize, Serialize};

/// What can be liked. The database's `likeable_type` holds the same words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LikeTarget {
    Post,
    Comment,
}

impl LikeTarget {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Comment => "comment",
        }
    }
}

/// A target's likes as the server counted them, and whether the viewer is among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LikeState {
    pub liked: bool,
    pub count: i64,
}

/// "1 like", "12 likes", "1.2k likes".
pub fn likes_text(count: i64) -> String {
    crate::ui::count::counted(count, "like", "likes")
}
