//! What a valid account is made of. Each type can only be built by `parse`, so a value
//! of it is valid by construction; the messages are the ones people see. The database
//! checks the same rules (migrations/…_users.up.sql): these give the clear message first.

use serde::{Deserialize, Serialize};

/// Names that would shadow a route of the app (`/login`, `/p/…`) or look official.
pub const RESERVED_USERNAMES: &[&str] = &[
    "about",
    "accounts",
    "admin",
    "api",
    "assets",
    "demo",
    "email",
    "explore",
    "favicon",
    "healthz",
    "help",
    "home",
    "isntgram",
    "login",
    "logout",
    "media",
    "new",
    "notifications",
    "p",
    "password",
    "pkg",
    "privacy",
    "profile",
    "report",
    "root",
    "search",
    "settings",
    "signup",
    "static",
    "support",
    "tags",
    "terms",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, String> {
        let name = input.trim().trim_start_matches('@');
        if name.is_empty() {
            return Err("Enter a username.".into());
        }
        if name.chars().count() < 3 || name.chars().count() > 30 {
            return Err("Usernames are 3 to 30 characters long.".into());
        }
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err("Usernames can only use letters, numbers and underscores.".into());
        }
        if RESERVED_USERNAMES.contains(&name.to_ascii_lowercase().as_str()) {
            return Err(format!("The username {name} isn't available."));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, String> {
        let email = input.trim();
        if email.is_empty() {
            return Err("Enter your email address.".into());
        }
        let valid = email.len() <= 255
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && local
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
                    && domain
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
                    && domain.rsplit_once('.').is_some_and(|(host, tld)| {
                        !host.is_empty()
                            && tld.len() >= 2
                            && tld.chars().all(|c| c.is_ascii_alphabetic())
                    })
            });
        if !valid {
            return Err("Enter a valid email address, like name@example.com.".into());
        }
        Ok(Self(email.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FullName(String);

impl FullName {
    pub fn parse(input: &str) -> Result<Self, String> {
        let name = input.trim();
        if name.is_empty() {
            return Err("Enter your full name.".into());
        }
        if name.chars().count() > 100 {
            return Err("Full names are at most 100 characters.".into());
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password (one being chosen, not one being checked).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<Self, String> {
        let length = input.chars().count();
        if length < Self::MIN_CHARS {
            return Err(format!(
                "Passwords need at least {} characters.",
                Self::MIN_CHARS
            ));
        }
        if length > Self::MAX_CHARS {
            return Err(format!(
                "Passwords are at most {} characters.",
                Self::MAX_CHARS
            ));
        }
        #[cfg(feature = "ssr")]
        if Self::is_common(input) {
            return Err(Self::COMMON.to_owned());
        }
        Ok(Self(input.to_owned()))
    }

    /// Why a common password is refused, for the person choosing one.
    pub const COMMON: &'static str = "This password is too common: it is on the lists of leaked passwords that attackers try first. Choose one that is harder to guess, such as a few unrelated words.";

    /// Whether attackers would find `password` within their first million guesses:
    /// zxcvbn matches it against its lists (30,000 leaked passwords, common words and
    /// names, keyboard patterns, dates, sequences) and estimates the guesses needed.
    #[cfg(feature = "ssr")]
    fn is_common(password: &str) -> bool {
        zxcvbn::zxcvbn(password, &[]).guesses_log10() < 6.0
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bio(String);

impl Bio {
    pub const MAX_CHARS: usize = 150;

    pub fn parse(input: &str) -> Result<Self, String> {
        let bio = input.trim();
        if bio.chars().count() > Self::MAX_CHARS {
            return Err(format!("Bios are at most {} characters.", Self::MAX_CHARS));
        }
        Ok(Self(bio.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_the_pattern() {
        assert_eq!(Username::parse(" @ada_99 ").unwrap().as_str(), "ada_99");
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse(&"a".repeat(31)).is_err());
        assert!(Username::parse("a".repeat(30).as_str()).is_ok());
        assert!(Username::parse("dash-name").is_err());
        assert!(Username::parse("émile").is_err());
        assert!(Username::parse("").is_err());
    }

    #[test]
    fn route_names_are_reserved_in_any_case() {
        for name in [
            "login", "SignUp", "explore", "settings", "api", "pkg", "media", "tags", "new",
        ] {
            assert!(Username::parse(name).is_err(), "{name}");
        }
    }

    #[test]
    fn emails_are_checked_like_the_database_does() {
        assert!(Email::parse("ada@example.com").is_ok());
        assert!(Email::parse("a.b+c@sub.example.org").is_ok());
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@example.c",
            "a da@example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    #[cfg(feature = "ssr")]
    fn common_passwords_are_refused_with_the_reason() {
        for common in [
            "12345678",
            "password",
            "Password1",
            "qwertyuiop",
            "iloveyou123",
            "11111111",
        ] {
            assert_eq!(
                NewPassword::parse(common).err().as_deref(),
                Some(NewPassword::COMMON),
                "{common}"
            );
        }
        for fine in [
            "correct horse battery",
            "another password",
            "isntgram-seed",
            "new password 1",
        ] {
            assert!(NewPassword::parse(fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn passwords_have_bounds_and_hide_in_debug() {
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse("long enough").is_ok());
        assert!(NewPassword::parse(&"x".repeat(129)).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("long enough").unwrap()),
            "NewPassword(…)"
        );
    }

    #[test]
    fn full_names_and_bios() {
        assert!(FullName::parse("  ").is_err());
        assert_eq!(
            FullName::parse(" Ada Lovelace ").unwrap().as_str(),
            "Ada Lovelace"
        );
        assert!(Bio::parse(&"b".repeat(151)).is_err());
        assert_eq!(Bio::parse("").unwrap().as_str(), "");
    }
}
