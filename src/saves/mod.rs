//! Saving a post for later: a private bookmark, set by one idempotent server function
//! and toggled at once by its button. The list of saved posts is a tab of the saver's
//! profile (`profiles::pages::SavedPage`).

pub mod api;
pub mod button;
#[cfg(feature = "ssr")]
pub mod db;
