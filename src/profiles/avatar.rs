//! Profile photos: uploaded from `/settings` through the same pipeline as posts (square
//! crop, metadata stripped), one stored size. Removing one is `api::remove_avatar`.

use axum::Extension;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use crate::auth::flash::{self, FlashForm, FormRefusal};
use crate::auth::session::RequestUser;
use crate::media::ImageVariant;
use crate::media::pipeline::{Processed, Shape};
use crate::media::storage::{MediaStore, key_of};
use crate::posts::store::{remove_unless_used, store_variant};
use crate::posts::upload::{Refusal, Upload, admit, busy, process, read_form};
use crate::profiles::db;
use crate::server::state::AppState;

/// Avatars show at most 150 CSS pixels wide: the 320-pixel square is sharp on
/// every screen, so it is the one size kept.
const AVATAR_WIDTH: u32 = 320;

/// Stores the one size of a processed square photo that avatars keep (uploads and
/// the seeder alike), named by its content.
pub async fn store_avatar(
    media: &dyn MediaStore,
    image: &Processed,
) -> std::io::Result<ImageVariant> {
    let variant = image
        .variants
        .iter()
        .find(|variant| variant.width >= AVATAR_WIDTH)
        .or(image.variants.last())
        .expect("the pipeline always makes a variant");
    store_variant(media, variant).await
}

/// `POST /settings/avatar`: a multipart form with the photo in `image`.
#[tracing::instrument(name = "upload_avatar", skip_all)]
pub async fn upload_avatar(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    session: Session,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let Some(user) = user else {
        return Redirect::to("/login?next=/settings").into_response();
    };
    let Some(_admitted) = admit(&state) else {
        return busy();
    };
    let outcome = async {
        let mut upload = Upload::default();
        read_form(
            multipart,
            &headers,
            state.config.max_upload_bytes,
            &mut upload,
        )
        .await?;
        let Some(image) = upload.images.into_iter().next() else {
            return Err(Refusal::Form("Choose a photo first.".into()));
        };
        let image = process(&state, image, Shape::Square).await?;
        let url = store_avatar(state.media.as_ref(), &image)
            .await
            .map_err(|error| Refusal::Unexpected(anyhow::Error::new(error)))?
            .url;
        let old = db::replace_avatar(&state.pool, user.id, Some(&url)).await;
        match old {
            Ok(old) => {
                if let Some(old) = old.filter(|old| *old != url) {
                    remove_if_unused(&state, &old).await;
                }
                Ok(())
            }
            Err(error) => {
                // The row did not take it: the file must not stay behind.
                remove_if_unused(&state, &url).await;
                Err(Refusal::Unexpected(error.into()))
            }
        }
    }
    .await;
    match outcome {
        Ok(()) => {
            tracing::info!(user_id = %user.id, "avatar changed");
            Redirect::to("/settings?saved=avatar").into_response()
        }
        Err(refusal) => {
            let message = match refusal {
                Refusal::Form(message) => message,
                Refusal::Unexpected(error) if crate::posts::store::is_storage_failure(&error) => {
                    tracing::error!(
                        error = format!("{error:#}"),
                        "avatar upload failed: the media store"
                    );
                    "Photos can't be stored right now, so your profile photo was not changed. Please try again in a moment.".into()
                }
                Refusal::Unexpected(error) => {
                    tracing::error!(error = format!("{error:#}"), "avatar upload failed");
                    "Something went wrong on our side and the photo was not saved. Please try again.".into()
                }
            };
            let flash = FormRefusal {
                message,
                kept: Vec::new(),
            };
            flash::leave(&session, FlashForm::Avatar, flash).await;
            Redirect::to("/settings").into_response()
        }
    }
}

/// Removes the file behind `url` unless a profile or a post still uses it.
pub async fn remove_if_unused(state: &AppState, url: &str) {
    if let Some(key) = key_of(url) {
        remove_unless_used(&state.pool, state.media.as_ref(), &[key.to_owned()]).await;
    }
}
