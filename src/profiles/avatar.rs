//! Profile photos: uploaded from `/settings` through the same pipeline as posts (square
//! crop, metadata stripped), one stored size, and removable.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
pub use upload::{store_avatar, upload_avatar};

/// Clears the profile photo (the initial shows again) and removes its file.
#[server]
pub async fn remove_avatar() -> Result<(), AppError> {
    use crate::{auth::session, error::with_status, server::startup::AppState};
    with_status(
        async {
            let user = session::require_user()?;
            let state = expect_context::<AppState>();
            let old: Option<Option<String>> = sqlx::query_scalar(
                "UPDATE users u SET profile_image_url = NULL FROM users before
                 WHERE u.id = $1 AND before.id = u.id RETURNING before.profile_image_url",
            )
            .bind(user.id)
            .fetch_optional(&state.pool)
            .await?;
            if let Some(Some(url)) = old {
                upload::remove_if_unused(&state, &url).await;
            }
            leptos_axum::redirect("/settings?saved=avatar");
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod upload {
    use axum::Extension;
    use axum::extract::{Multipart, State};
    use axum::http::HeaderMap;
    use axum::response::{IntoResponse, Redirect, Response};

    use crate::auth::session::RequestUser;
    use crate::media::ImageVariant;
    use crate::media::pipeline::{Processed, Shape};
    use crate::media::storage::MediaStore;
    use crate::posts::store::store_variant;
    use crate::posts::upload::{Refusal, Upload, process, read_form};
    use crate::server::startup::AppState;
    use crate::ui::guards::encode_query_value;

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
        headers: HeaderMap,
        multipart: Multipart,
    ) -> Response {
        let Some(user) = user else {
            return Redirect::to("/login?next=/settings").into_response();
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
            if upload.image.is_empty() {
                return Err(Refusal::Form("Choose a photo first.".into()));
            }
            let image = process(&state, upload.image, Shape::Square).await?;
            let url = store_avatar(state.media.as_ref(), &image)
                .await
                .map_err(|error| Refusal::Unexpected(anyhow::Error::new(error)))?
                .url;
            let old: Result<Option<String>, sqlx::Error> = sqlx::query_scalar(
                "UPDATE users u SET profile_image_url = $2 FROM users before
                 WHERE u.id = $1 AND before.id = u.id RETURNING before.profile_image_url",
            )
            .bind(user.id)
            .bind(&url)
            .fetch_one(&state.pool)
            .await;
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
                tracing::info!(user_id = user.id, "avatar changed");
                Redirect::to("/settings?saved=avatar").into_response()
            }
            Err(refusal) => {
                let message = match refusal {
                    Refusal::Form(message) => message,
                    Refusal::Unexpected(error) => {
                        tracing::error!(error = format!("{error:#}"), "avatar upload failed");
                        "Something went wrong on our side and the photo was not saved. Please try again.".into()
                    }
                };
                Redirect::to(&format!(
                    "/settings?avatar_error={}",
                    encode_query_value(&message)
                ))
                .into_response()
            }
        }
    }

    /// Files are named by their content, so one file can serve several rows: it goes
    /// only when no profile and no post points at it any more.
    pub async fn remove_if_unused(state: &AppState, url: &str) {
        let used = sqlx::query_scalar::<_, bool>(
            "SELECT EXISTS (SELECT 1 FROM users WHERE profile_image_url = $1)
                 OR EXISTS (SELECT 1 FROM posts WHERE image_url = $1
                            OR image_variants @> jsonb_build_array(jsonb_build_object('url', $1::text)))",
        )
        .bind(url)
        .fetch_one(&state.pool)
        .await;
        match (used, url.strip_prefix("/media/")) {
            (Ok(false), Some(key)) => {
                crate::posts::store::remove_files(state.media.as_ref(), &[key.to_owned()]).await
            }
            (Ok(_), _) => {}
            (Err(error), _) => {
                tracing::warn!(%error, url, "could not check whether an image is still used")
            }
        }
    }
}
