//! What a form shows after a plain POST was refused and redirected back to it (no
//! JavaScript, or a multipart upload handled outside the server functions): the message
//! and what was typed travel in the session to the next page that is loaded, and only
//! to that one. A plain POST that succeeded may leave a short notice ("Caption saved")
//! the same way, which that page shows as a toast. The address never carries either, so
//! no link can put words on the app's page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The forms that are answered this way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlashForm {
    NewPost,
    Avatar,
}

/// A refusal for a form: the message, and the (non-secret) fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRefusal {
    pub message: String,
    pub kept: Vec<(String, String)>,
}

impl FormRefusal {
    /// What was typed into field `name`, or nothing.
    pub fn kept(&self, name: &str) -> String {
        self.kept
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }
}

/// The refusal left for `form`, if the page being rendered is the one it was left for.
/// Reading it changes nothing (a page may render a part more than once).
#[server(endpoint = "refused_form")]
pub async fn refused_form(form: FlashForm) -> Result<Option<FormRefusal>, AppError> {
    Ok(page_flash()
        .and_then(|flash| flash.refusal)
        .filter(|(left_for, _)| *left_for == form)
        .map(|(_, flash)| flash))
}

/// The notice left for the page being rendered, if any.
#[cfg(feature = "ssr")]
pub fn page_notice() -> Option<String> {
    page_flash().and_then(|flash| flash.notice)
}

/// What the session held for the page being rendered (taken by the session layer).
#[cfg(feature = "ssr")]
fn page_flash() -> Option<PageFlash> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageFlash>().cloned())
}

/// The session key of the refusal waiting for the next page.
#[cfg(feature = "ssr")]
const KEY: &str = "form_flash";

/// The session key of the notice waiting for the next page.
#[cfg(feature = "ssr")]
const NOTICE_KEY: &str = "form_notice";

/// What the session held for this page view, in the request's extensions.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default)]
pub struct PageFlash {
    pub refusal: Option<(FlashForm, FormRefusal)>,
    pub notice: Option<String>,
}

/// Leaves `text` for the next page loaded, when this server function call is a plain
/// form post (whose answer is that page). A call from a script says so itself.
#[cfg(feature = "ssr")]
pub async fn notice(text: &str) {
    if !crate::error::from_a_form() {
        return;
    }
    let Ok(session) = crate::auth::session::session() else {
        return;
    };
    if let Err(error) = session.insert(NOTICE_KEY, text).await {
        tracing::error!(%error, "could not keep the notice in the session");
    }
}

/// Leaves `flash` for `form`, to be shown by the next page loaded.
#[cfg(feature = "ssr")]
pub async fn leave(session: &tower_sessions::Session, form: FlashForm, flash: FormRefusal) {
    if let Err(error) = session.insert(KEY, (form, flash)).await {
        tracing::error!(%error, "could not keep the form's message in the session");
    }
}

/// Takes what waits in the session for the page this request loads.
#[cfg(feature = "ssr")]
pub async fn take(session: &tower_sessions::Session) -> PageFlash {
    PageFlash {
        refusal: take_key(session, KEY).await,
        notice: take_key(session, NOTICE_KEY).await,
    }
}

#[cfg(feature = "ssr")]
async fn take_key<T>(session: &tower_sessions::Session, key: &str) -> Option<T>
where
    T: serde::de::DeserializeOwned + Serialize,
{
    // Looked at first: removing marks the session changed (a write), which only a page
    // with a message waiting should cost.
    let taken = match session.get::<T>(key).await {
        Ok(None) => Ok(None),
        Ok(Some(_)) => session.remove::<T>(key).await,
        Err(error) => Err(error),
    };
    taken.unwrap_or_else(|error| {
        tracing::error!(%error, key, "could not read a message left in the session");
        None
    })
}
