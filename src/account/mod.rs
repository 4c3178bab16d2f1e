//! The signed-in person's own account: `/settings` edits the profile and photo, changes
//! the password, deletes the account.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;

use serde::{Deserialize, Serialize};

/// What the profile form edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditableProfile {
    pub username: String,
    pub full_name: String,
    pub email: String,
    pub bio: String,
}
