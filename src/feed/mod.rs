//! The home feed: posts of the people I follow and my own, newest first, a page at a
//! time, each with its latest comments; suggestions for someone who follows nobody.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;

use serde::{Deserialize, Serialize};

use crate::comments::CommentView;
use crate::posts::PostView;

/// How many of a post's latest comments a feed card shows.
pub const LATEST_COMMENTS: i64 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedPost {
    pub post: PostView,
    /// Its latest comments, oldest of them first.
    pub latest_comments: Vec<CommentView>,
}
