//! What a form shows after a plain POST was refused and redirected back to it (no
//! JavaScript, or a multipart upload handled outside the server functions): the message
//! and what was typed travel in the session, read once. The address never carries them,
//! so no link can put words on the app's page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The forms that are answered this way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlashForm {
    NewPost,
    Avatar,
}

impl FlashForm {
    #[cfg(feature = "ssr")]
    fn key(self) -> &'static str {
        match self {
            Self::NewPost => "flash_new_post",
            Self::Avatar => "flash_avatar",
        }
    }
}

/// A refusal for a form: the message, and the (non-secret) fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormFlash {
    pub message: String,
    pub kept: Vec<(String, String)>,
}

impl FormFlash {
    /// What was typed into field `name`, or nothing.
    pub fn kept(&self, name: &str) -> String {
        self.kept
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }
}

/// The refusal left for `form`, taken out of the session (so it shows once).
#[server(endpoint = "take_form_flash")]
pub async fn take_form_flash(form: FlashForm) -> Result<Option<FormFlash>, AppError> {
    let session = crate::auth::session::session()?;
    session
        .remove::<FormFlash>(form.key())
        .await
        .map_err(|error| {
            tracing::error!(%error, "could not read the form's message from the session");
            AppError::Internal
        })
}

/// Leaves `flash` for `form`'s next rendering.
#[cfg(feature = "ssr")]
pub async fn leave(session: &tower_sessions::Session, form: FlashForm, flash: FormFlash) {
    if let Err(error) = session.insert(form.key(), flash).await {
        tracing::error!(%error, "could not keep the form's message in the session");
    }
}
