//! The mails of the account's address: confirming it, changing it, resetting the
//! password, and the notices that follow.

use crate::mail::{Action, Mail};

/// Where a reset mail names the account: filled in by the statement that queues it.
pub const USERNAME_SLOT: &str = "{username}";

pub fn verification(to: &str, username: &str, link: &str) -> Mail {
    Mail::compose(
        to,
        "Confirm your email for Isntgram",
        &[
            format!("Hi @{username},"),
            "Please confirm that this is your email address. It lets you reset your password if you ever forget it.".to_owned(),
            "The link works for 7 days. If you didn't sign up for Isntgram, ignore this mail.".to_owned(),
        ],
        Some(Action {
            label: "Confirm email",
            url: link,
        }),
    )
}

pub fn email_change(to: &str, username: &str, link: &str) -> Mail {
    Mail::compose(
        to,
        "Confirm your new email for Isntgram",
        &[
            format!("Hi @{username},"),
            "You asked to use this address for your Isntgram account. It becomes your email once you confirm it; until then nothing changes.".to_owned(),
            "The link works for 24 hours. If you didn't ask for this, ignore this mail.".to_owned(),
        ],
        Some(Action {
            label: "Confirm new email",
            url: link,
        }),
    )
}

pub fn email_changed(to: &str, username: &str, new_email: &str, reset_link: &str) -> Mail {
    Mail::compose(
        to,
        "Your Isntgram email was changed",
        &[
            format!("Hi @{username},"),
            format!("The email of your Isntgram account is now {new_email}. Mail about the account goes there from now on."),
            "If you didn't make this change, someone else may know your password: reset it now and log out the other sessions.".to_owned(),
        ],
        Some(Action {
            label: "Reset your password",
            url: reset_link,
        }),
    )
}

/// The reset mail, with `USERNAME_SLOT` where the account's name goes.
pub fn password_reset(link: &str) -> Mail {
    Mail::compose(
        "",
        "Reset your Isntgram password",
        &[
            format!("Hi @{USERNAME_SLOT},"),
            "Someone asked to reset the password of your Isntgram account. If it was you, choose a new one:".to_owned(),
            "The link works for an hour, once. If you didn't ask for it, ignore this mail: your password stays as it is.".to_owned(),
        ],
        Some(Action {
            label: "Reset password",
            url: link,
        }),
    )
}

pub fn password_was_reset(to: &str, username: &str, forgot_link: &str) -> Mail {
    Mail::compose(
        to,
        "Your Isntgram password was reset",
        &[
            format!("Hi @{username},"),
            "The password of your Isntgram account was just reset with a link mailed to you, and every session of the account was logged out.".to_owned(),
            "If this wasn't you, reset it again right away.".to_owned(),
        ],
        Some(Action {
            label: "Reset your password",
            url: forgot_link,
        }),
    )
}
