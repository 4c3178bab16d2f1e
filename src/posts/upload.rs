//! `POST /new`: the photo upload, a plain multipart form (so it works without
//! JavaScript), handled by axum directly rather than a server function so the body
//! is streamed and cut off at the size limit instead of buffered whole.

use axum::Extension;
use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tokio::sync::OwnedSemaphorePermit;
use tower_sessions::Session;

use crate::auth::flash::{self, FlashForm, FormRefusal};
use crate::auth::session::RequestUser;
use crate::error::{AppError, accepts};
use crate::media::Frame;
use crate::media::pipeline::{self, ImageError, Limits, Shape};
use crate::posts::UploadAnswer;
use crate::posts::store::{self, NewPhoto, NewPost};
use crate::posts::{MAX_ALT_CHARS, MAX_CAPTION_CHARS, MAX_PHOTOS};
use crate::server::rate_limit::{self, Quota};
use crate::server::state::AppState;

/// A place among the uploads in flight, if one is free.
pub(crate) fn admit(state: &AppState) -> Option<OwnedSemaphorePermit> {
    state.uploads_in_flight.clone().try_acquire_owned().ok()
}

/// The answer to an upload when none may start: 503 with `Retry-After`, before any of
/// the body is read.
pub(crate) fn busy() -> Response {
    tracing::warn!("an upload was turned away: too many in flight");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "10")],
        "Many photos are being processed right now. Please try again in a few seconds.",
    )
        .into_response()
}

/// The form as sent (the avatar form sends only one image).
#[derive(Default)]
pub(crate) struct Upload {
    /// The chosen files, in the order sent (the carousel's order).
    pub images: Vec<Vec<u8>>,
    pub caption: String,
    /// The `alt_text` fields, in order: the n-th describes the n-th image. Without
    /// JavaScript the form has one, for the first photo.
    pub alt_texts: Vec<String>,
    /// "original", "square", "portrait" or "landscape" (`Frame::parse`).
    pub crop: String,
}

pub(crate) enum Refusal {
    /// A message for the form, which is shown again with what was typed.
    Form(String),
    Unexpected(anyhow::Error),
}

impl From<ImageError> for Refusal {
    fn from(error: ImageError) -> Self {
        Self::Form(error.to_string())
    }
}

#[tracing::instrument(name = "upload_post", skip_all)]
pub async fn create_post(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    session: Session,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    // The page's own upload (JavaScript, with a progress bar) asks for JSON: where the
    // new post is, or why not. A plain form post gets redirects, as everywhere.
    let wants_json = accepts(&headers, "application/json");
    let Some(user) = user else {
        if wants_json {
            let answer = UploadAnswer::Refused {
                error: "Log in to share a photo.".into(),
            };
            return (StatusCode::UNAUTHORIZED, Json(answer)).into_response();
        }
        return Redirect::to("/login?next=/new").into_response();
    };
    let Some(_admitted) = admit(&state) else {
        return busy();
    };
    let mut upload = Upload::default();
    let outcome = async {
        read_form(
            multipart,
            &headers,
            state.config.max_upload_bytes,
            &mut upload,
        )
        .await?;
        let caption = upload.caption.trim();
        if caption.chars().count() > MAX_CAPTION_CHARS {
            return Err(Refusal::Form(format!(
                "Captions are at most {MAX_CAPTION_CHARS} characters."
            )));
        }
        if upload
            .alt_texts
            .iter()
            .any(|alt| alt.trim().chars().count() > MAX_ALT_CHARS)
        {
            return Err(Refusal::Form(format!(
                "Alt text is at most {MAX_ALT_CHARS} characters."
            )));
        }
        if upload.images.is_empty() {
            return Err(Refusal::Form("Choose a photo to share.".into()));
        }
        if upload.images.len() > MAX_PHOTOS {
            return Err(Refusal::Form(format!(
                "A post holds at most {MAX_PHOTOS} photos."
            )));
        }
        let quota = Quota::per_hour(state.config.rate_limits.posts_per_hour);
        let key = format!("post:{}", user.id);
        rate_limit::enforce(
            &state.pool,
            &key,
            quota,
            "You've shared a lot of photos in the last hour.",
        )
        .await
        .map_err(|error| match error {
            AppError::RateLimited(message) => Refusal::Form(message),
            other => Refusal::Unexpected(other.into()),
        })?;
        let shape = match Frame::parse(&upload.crop).map_err(Refusal::Form)? {
            Some(frame) => Shape::Framed(frame),
            None => Shape::AsIs,
        };
        // One at a time: each photo takes a processing slot, as a single upload does.
        // A refusal of one of several photos says which.
        let several = upload.images.len() > 1;
        let mut images = Vec::with_capacity(upload.images.len());
        for (index, bytes) in std::mem::take(&mut upload.images).into_iter().enumerate() {
            let image = process(&state, bytes, shape)
                .await
                .map_err(|refusal| match refusal {
                    Refusal::Form(message) if several => {
                        Refusal::Form(format!("Photo {}: {message}", index + 1))
                    }
                    other => other,
                })?;
            images.push(image);
        }
        let photos: Vec<NewPhoto> = images
            .iter()
            .enumerate()
            .map(|(index, image)| NewPhoto {
                image,
                alt_text: upload.alt_texts.get(index).map_or("", |alt| alt.trim()),
            })
            .collect();
        store::create(
            &state.pool,
            state.media.as_ref(),
            NewPost {
                author: user.id,
                caption,
                photos: &photos,
            },
        )
        .await
        .map_err(Refusal::Unexpected)
    }
    .await;
    match outcome {
        Ok(id) => {
            tracing::info!(post_id = %id, "post shared");
            let href = format!("/p/{id}");
            if wants_json {
                return (StatusCode::CREATED, Json(UploadAnswer::Shared { href })).into_response();
            }
            Redirect::to(&href).into_response()
        }
        Err(refusal) => {
            let (status, message) = match refusal {
                Refusal::Form(message) => (StatusCode::UNPROCESSABLE_ENTITY, message),
                Refusal::Unexpected(error) if store::is_storage_failure(&error) => {
                    tracing::error!(
                        error = format!("{error:#}"),
                        "upload failed: the media store"
                    );
                    (StatusCode::SERVICE_UNAVAILABLE, "Photos can't be stored right now, so nothing was shared. Please try again in a moment.".into())
                }
                Refusal::Unexpected(error) => {
                    tracing::error!(error = format!("{error:#}"), "upload failed");
                    (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side and the photo was not shared. Please try again.".into())
                }
            };
            // The page still holds the chosen file and the words typed.
            if wants_json {
                return (status, Json(UploadAnswer::Refused { error: message })).into_response();
            }
            // Back to the form, with the message and the words typed (the file cannot be
            // put back into a file field).
            let flash = FormRefusal {
                message,
                kept: vec![
                    ("caption".into(), upload.caption),
                    (
                        "alt_text".into(),
                        upload.alt_texts.into_iter().next().unwrap_or_default(),
                    ),
                    ("crop".into(), upload.crop),
                ],
            };
            flash::leave(&session, FlashForm::NewPost, flash).await;
            Redirect::to("/new").into_response()
        }
    }
}

/// Reads the fields, counting the image's bytes as they arrive: past the limit the
/// upload stops there and then.
pub(crate) async fn read_form(
    mut multipart: Multipart,
    headers: &HeaderMap,
    max_bytes: usize,
    upload: &mut Upload,
) -> Result<(), Refusal> {
    let too_large = || {
        // The body's length is the best measure of the file's size we have without
        // reading all of it.
        let size = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse().ok())
            .unwrap_or(max_bytes + 1);
        Refusal::from(ImageError::TooLarge {
            size: size.max(max_bytes + 1),
            limit: max_bytes,
        })
    };
    // A refused image does not stop the reading: the caption after it is still wanted,
    // to give it back to the form.
    let mut refusal = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return refusal.map_or(Ok(()), Err),
            Err(error) if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(too_large());
            }
            Err(error) => {
                return Err(Refusal::Form(format!(
                    "The upload was interrupted ({error}). Please try again."
                )));
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        let mut field = field;
        let mut bytes = Vec::new();
        let limit = if name == "image" {
            max_bytes
        } else {
            64 * 1024
        };
        // Past the limit nothing more is kept: the rest is only counted (up to the
        // body limit), so the message can say how big the file really is.
        let mut seen = 0usize;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    seen += chunk.len();
                    if seen <= limit {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                Ok(None) => break,
                Err(error) if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(too_large());
                }
                Err(error) => {
                    return Err(Refusal::Form(format!(
                        "The upload was interrupted ({error}). Please try again."
                    )));
                }
            }
        }
        if seen > limit {
            refusal.get_or_insert(if name == "image" {
                Refusal::from(ImageError::TooLarge {
                    size: seen,
                    limit: max_bytes,
                })
            } else {
                Refusal::Form("That text is too long.".into())
            });
            continue;
        }
        match name.as_str() {
            // A file field left empty still sends an empty part.
            "image" if bytes.is_empty() => {}
            "image" if upload.images.len() == MAX_PHOTOS => {
                refusal.get_or_insert(Refusal::Form(format!(
                    "A post holds at most {MAX_PHOTOS} photos."
                )));
            }
            "image" => upload.images.push(bytes),
            "caption" => upload.caption = String::from_utf8_lossy(&bytes).replace("\r\n", "\n"),
            "alt_text" => upload
                .alt_texts
                .push(String::from_utf8_lossy(&bytes).into_owned()),
            "crop" => upload.crop = String::from_utf8_lossy(&bytes).into_owned(),
            _ => {}
        }
    }
}

/// Runs the pipeline on the blocking pool, a bounded number at a time.
pub(crate) async fn process(
    state: &AppState,
    bytes: Vec<u8>,
    shape: Shape,
) -> Result<pipeline::Processed, Refusal> {
    let _slot = state
        .processing
        .acquire()
        .await
        .map_err(|error| Refusal::Unexpected(error.into()))?;
    let limits = Limits {
        max_bytes: state.config.max_upload_bytes,
        ..Limits::default()
    };
    tokio::task::spawn_blocking(move || pipeline::process(&bytes, &limits, shape))
        .await
        .map_err(|error| {
            Refusal::Unexpected(anyhow::anyhow!("image processing panicked: {error}"))
        })?
        .map_err(|error| match error {
            ImageError::Encode(detail) => {
                Refusal::Unexpected(anyhow::anyhow!("encoding: {detail}"))
            }
            other => Refusal::from(other),
        })
}
