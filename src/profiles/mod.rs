//! Profiles and follows: `/:username` with its grid, the followers and following lists,
//! and the Follow button they share.

pub mod api;
#[cfg(feature = "ssr")]
pub mod avatar;
#[cfg(feature = "ssr")]
pub mod db;
pub mod follow_button;
pub mod likers;
pub mod pages;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub username: String,
    pub full_name: String,
    pub bio: String,
    pub avatar_url: Option<String>,
    pub post_count: i64,
    pub follower_count: i64,
    pub following_count: i64,
    pub followed_by_me: bool,
    pub is_me: bool,
    /// Whether I blocked or muted them (never whether they blocked me: then there is no
    /// profile to see).
    pub standing: Standing,
    /// Their posts are for the followers they approve.
    pub is_private: bool,
    /// Private, and I am not one of those followers: the header only.
    pub locked: bool,
    /// I asked to follow and they have not answered yet.
    pub requested: bool,
}

/// How I stand towards someone whose profile I see (`safety`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub blocked_by_me: bool,
    pub muted_by_me: bool,
}

/// A person in a list (followers, following, suggestions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonView {
    pub username: String,
    pub full_name: String,
    pub avatar_url: Option<String>,
    pub followed_by_me: bool,
    pub is_me: bool,
}

/// After a follow or an unfollow: whether I follow them now, and their follower count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowState {
    pub following: bool,
    /// Asked to follow a private account, not answered yet.
    pub requested: bool,
    pub followers: i64,
}

/// Which list of `/:username/followers` and `/:username/following`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeopleList {
    Followers,
    Following,
}
