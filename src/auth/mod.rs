//! Accounts and sessions: sign up, log in (or try the demo), log out.

pub mod api;
pub mod domain;
pub mod flash;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod mails;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod session_store;
#[cfg(feature = "ssr")]
pub mod token;
#[cfg(feature = "ssr")]
pub mod two_step;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The person behind the current request, as pages need them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: crate::ids::UserId,
    pub username: String,
    pub full_name: String,
    pub avatar_url: Option<String>,
    /// For the badge in the navigation.
    pub unread_notifications: i64,
    /// The shared demo account, whose name, email and password nobody may change.
    pub is_demo: bool,
    /// Whether the account's email was confirmed from a mailed link (the demo's counts
    /// as confirmed: it has no mailbox).
    pub email_verified: bool,
}

/// Who the page being rendered is for. The session middleware resolved them before the
/// render began, so pages read them at once, with nothing to wait for (and a page for
/// members redirects with a real 302). Logging in or out loads another page.
#[derive(Clone, Debug)]
struct Viewer(Option<CurrentUser>);

pub fn provide_viewer() {
    #[cfg(feature = "ssr")]
    let user = session::current_user();
    // Pages render only on the server; in the browser only islands run, and they are
    // given what they need as props.
    #[cfg(not(feature = "ssr"))]
    let user = None;
    provide_context(Viewer(user));
}

/// The person the page is rendered for, or `None` for a visitor.
pub fn viewer() -> Option<CurrentUser> {
    expect_context::<Viewer>().0
}

/// Whether someone is logged in, for pages that show visitors links to log in instead
/// of buttons that would only refuse them.
pub fn signed_in() -> bool {
    viewer().is_some()
}

/// A local path to return to after logging in; anything else (another site,
/// `//evil.example`, `/\evil`) becomes `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(safe_next(Some("/settings")), "/settings");
        assert_eq!(safe_next(Some("/p/3?x=1")), "/p/3?x=1");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("/\nx")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
