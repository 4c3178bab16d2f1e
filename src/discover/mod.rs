//! Finding people and photos: Explore (everyone's recent posts), hashtag pages and
//! search.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;

use serde::{Deserialize, Serialize};

use crate::pagination::Page;
use crate::posts::GridPost;
use crate::profiles::PersonView;

/// Longer queries are cut: nobody searches with a paragraph.
pub const MAX_QUERY_CHARS: usize = 100;

/// A hashtag's page: its name, how many posts have it, and a page of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagPage {
    /// As stored: lowercased.
    pub tag: String,
    pub post_count: i64,
    pub posts: Page<GridPost>,
}

/// A tag found by search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct TagCount {
    /// As stored: lowercased.
    pub name: String,
    pub post_count: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub people: Vec<PersonView>,
    pub tags: Vec<TagCount>,
    pub posts: Vec<GridPost>,
    /// The search ran out of time: some of what matches may be missing.
    pub cut_short: bool,
}
