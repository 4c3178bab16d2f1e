//! The signed-in person's own account: `/settings` edits the profile and photo, changes
//! the password, deletes the account; `/settings/sessions` lists where it is logged in;
//! `/settings/data` hands over everything the person wrote, photos included.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod export;
pub mod pages;

use serde::{Deserialize, Serialize};

/// What the profile form edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditableProfile {
    pub username: String,
    pub full_name: String,
    pub email: String,
    pub bio: String,
    pub email_verified: bool,
    /// A new email waiting for the link mailed to it.
    pub pending_email: Option<String>,
}

/// One place the account is logged in, as `/settings/sessions` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginView {
    pub id: i64,
    /// "Chrome on Linux", from the browser's user agent.
    pub device: String,
    pub created_at: i64,
    /// Within five minutes.
    pub last_seen_at: i64,
    pub now: i64,
    /// The session this page is seen in.
    pub this_one: bool,
}

/// Where two-step login stands, as `/settings/two-step` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepView {
    pub enabled: bool,
    pub recovery_codes_left: i64,
    /// Being set up: what the authenticator app needs.
    pub setup: Option<TwoStepSetup>,
}

/// The secret being set up, for the authenticator app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepSetup {
    /// To type in: base32, in groups of four.
    pub key: String,
    /// The QR code of the `otpauth://` link: its width in modules, and an SVG path of its
    /// dark modules.
    pub qr_width: usize,
    pub qr_path: String,
}

/// A short name for a browser from its user agent ("Firefox on Windows").
pub fn device_name(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        (None, Some(system)) => format!("A browser on {system}"),
        (None, None) => "An unknown browser".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::device_name;

    #[test]
    fn browsers_get_short_names() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
        assert_eq!(device_name(chrome), "Chrome on Linux");
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device_name(safari), "Safari on iPhone");
        let firefox =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";
        assert_eq!(device_name(firefox), "Firefox on Windows");
        assert_eq!(device_name(""), "An unknown browser");
    }
}
