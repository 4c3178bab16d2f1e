//! Keeping people apart: blocking (both ways, everywhere, silently), muting (their posts
//! leave my feed, nothing else changes), removing a follower. Who may see whom is one
//! SQL predicate, `may_see(viewer, author)` (migrations), asked by every query that
//! shows people, posts, comments, likes or notifications; the database refuses follows,
//! likes, comments and saves across a block.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;

use serde::{Deserialize, Serialize};

use crate::ids::{CommentId, PostId};

/// What a block's toast says, wherever the block came from.
pub const BLOCKED_NOTICE: &str = "Blocked. They won't find you or your posts.";

/// What a report is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportTarget {
    Post(PostId),
    Comment(CommentId),
    Account(String),
}

impl ReportTarget {
    /// From the report page's query: `?post=ID`, `?comment=ID` or `?account=USERNAME`.
    pub fn from_query(
        post: Option<&str>,
        comment: Option<&str>,
        account: Option<&str>,
    ) -> Option<Self> {
        match (post, comment, account) {
            (Some(post), None, None) => post.parse().ok().map(Self::Post),
            (None, Some(comment), None) => comment.parse().ok().map(Self::Comment),
            (None, None, Some(account)) if !account.is_empty() => {
                Some(Self::Account(account.to_owned()))
            }
            _ => None,
        }
    }

    /// "this post", "this comment", "@ada".
    pub fn describe(&self) -> String {
        match self {
            Self::Post(_) => "this post".to_owned(),
            Self::Comment(_) => "this comment".to_owned(),
            Self::Account(username) => format!("@{username}"),
        }
    }

    /// Where "Cancel" and the confirmation lead back to.
    pub fn back(&self) -> String {
        match self {
            Self::Post(post) => format!("/p/{post}"),
            Self::Comment(_) => "/".to_owned(),
            Self::Account(username) => format!("/{username}"),
        }
    }
}

/// Why something is reported: the choices of the report form (the database checks the
/// same values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    Spam,
    Nudity,
    Harassment,
    Violence,
    FalseInformation,
    /// Needs a few words.
    Other,
}

impl ReportReason {
    pub const ALL: [Self; 6] = [
        Self::Spam,
        Self::Nudity,
        Self::Harassment,
        Self::Violence,
        Self::FalseInformation,
        Self::Other,
    ];

    /// The form's value and the database's.
    pub fn value(self) -> &'static str {
        match self {
            Self::Spam => "spam",
            Self::Nudity => "nudity",
            Self::Harassment => "harassment",
            Self::Violence => "violence",
            Self::FalseInformation => "false_information",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Spam => "Spam",
            Self::Nudity => "Nudity or sexual content",
            Self::Harassment => "Harassment or bullying",
            Self::Violence => "Violence or dangerous acts",
            Self::FalseInformation => "False information",
            Self::Other => "Something else",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.value() == value)
    }
}

/// Words a report may add.
pub const MAX_REPORT_DETAILS: usize = 1000;
