//! Moderation: the queue of open reports at `/admin/reports` (grouped by what they
//! report) with "Dismiss", "Hide content", "Delete content" and "Suspend account", and
//! the audit log at `/admin/log`. Only moderators (`isntgram admin grant USERNAME`)
//! reach either; everyone else gets "not found".

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;

use serde::{Deserialize, Serialize};

/// What a report is about, as the queue names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportedKind {
    Post,
    Comment,
    Account,
}

impl ReportedKind {
    pub fn value(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Comment => "comment",
            Self::Account => "account",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Post, Self::Comment, Self::Account]
            .into_iter()
            .find(|kind| kind.value() == value)
    }
}

/// What a moderator does about a reported thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModerationAction {
    /// No rule broken: the reports close.
    Dismiss,
    /// Only its author sees it (and is told).
    Hide,
    Delete,
    /// The author (or the reported account) cannot log in; all they shared is hidden.
    Suspend,
}

impl ModerationAction {
    pub fn value(self) -> &'static str {
        match self {
            Self::Dismiss => "dismiss",
            Self::Hide => "hide",
            Self::Delete => "delete",
            Self::Suspend => "suspend",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Dismiss, Self::Hide, Self::Delete, Self::Suspend]
            .into_iter()
            .find(|action| action.value() == value)
    }

    /// The button.
    pub fn label(self) -> &'static str {
        match self {
            Self::Dismiss => "Dismiss",
            Self::Hide => "Hide content",
            Self::Delete => "Delete content",
            Self::Suspend => "Suspend account",
        }
    }

    /// What the reporters are told.
    pub fn outcome(self) -> &'static str {
        match self {
            Self::Dismiss => "it doesn't break our rules",
            Self::Hide => "it is hidden now",
            Self::Delete => "it was removed",
            Self::Suspend => "the account is suspended",
        }
    }
}

/// Everything open about one reported thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedReport {
    pub kind: ReportedKind,
    pub id: i64,
    /// Whose it is (the account itself for an account).
    pub author: String,
    /// The caption or comment (empty for an account).
    pub text: String,
    /// The post's first photo, small.
    pub thumb: Option<String>,
    /// The post it is or is on, for a link.
    pub post_id: Option<i64>,
    pub reports: i64,
    /// "spam ×2, harassment".
    pub reasons: String,
    /// The words reporters added.
    pub details: Vec<String>,
    pub latest: i64,
    pub now: i64,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct LoggedAction {
    pub moderator: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: i64,
    pub target_summary: String,
    pub reason: String,
    pub created_at: i64,
    pub now: i64,
}
