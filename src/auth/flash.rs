//! What a form shows after a plain POST was refused and redirected back to it (no
//! JavaScript, or a multipart upload handled outside the server functions): the message
//! and what was typed travel in the session to the next page that is loaded, and only
//! to that one. The address never carries them, so no link can put words on the app's
//! page.

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
    Ok(use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageFlash>().cloned())
        .and_then(|PageFlash(left)| left)
        .filter(|(left_for, _)| *left_for == form)
        .map(|(_, flash)| flash))
}

/// The session key of the refusal waiting for the next page.
#[cfg(feature = "ssr")]
const KEY: &str = "form_flash";

/// The refusal taken out of the session for this page view, in the request's extensions.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct PageFlash(pub Option<(FlashForm, FormRefusal)>);

/// Leaves `flash` for `form`, to be shown by the next page loaded.
#[cfg(feature = "ssr")]
pub async fn leave(session: &tower_sessions::Session, form: FlashForm, flash: FormRefusal) {
    if let Err(error) = session.insert(KEY, (form, flash)).await {
        tracing::error!(%error, "could not keep the form's message in the session");
    }
}

/// Takes the waiting refusal out of the session, for the page this request loads.
#[cfg(feature = "ssr")]
pub async fn take(session: &tower_sessions::Session) -> PageFlash {
    // Looked at first: removing marks the session changed (a write), which only a page
    // with a message waiting should cost.
    let taken = match session.get::<(FlashForm, FormRefusal)>(KEY).await {
        Ok(None) => Ok(None),
        Ok(Some(_)) => session.remove::<(FlashForm, FormRefusal)>(KEY).await,
        Err(error) => Err(error),
    };
    match taken {
        Ok(left) => PageFlash(left),
        Err(error) => {
            tracing::error!(%error, "could not read the form's message from the session");
            PageFlash(None)
        }
    }
}
