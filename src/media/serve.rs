//! `GET /media/{key}`: stored images, only ever as images. The content type comes from
//! the key's extension (which the pipeline chose), `nosniff` stops browsers guessing
//! otherwise, and content-addressed names let the files be cached forever. A private
//! account's photos are served only to those who may see its posts (and never to a
//! shared cache); to anyone else they do not exist.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::ids::UserId;
use crate::media::db::{self, Access};
use crate::media::storage::{is_valid_key, url_of};
use crate::server::state::AppState;

#[tracing::instrument(name = "serve_media", skip_all, fields(key = %key))]
pub async fn serve_media(
    State(state): State<AppState>,
    viewer: Option<UserId>,
    Path(key): Path<String>,
    request: HeaderMap,
) -> Response {
    if !is_valid_key(&key) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let access = match db::access(&state.pool, viewer, &url_of(&key)).await {
        Ok(access) => access,
        Err(error) => {
            tracing::error!(%error, "could not check who may see a stored image");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let cache_control = match access {
        Access::Public => "public, max-age=31536000, immutable",
        Access::Private => "private, max-age=31536000, immutable",
        Access::Hidden => return StatusCode::NOT_FOUND.into_response(),
    };
    let content_type = match key.rsplit_once('.').map(|(_, extension)| extension) {
        Some("webp") => "image/webp",
        Some("jpg") => "image/jpeg",
        Some("png") => "image/png",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    // The name is the content's hash: it is the strongest possible validator.
    let etag = format!(
        "\"{}\"",
        key.rsplit('/')
            .next()
            .unwrap_or(&key)
            .split('.')
            .next()
            .unwrap_or_default()
    );
    let mut headers = HeaderMap::new();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).expect("hex is a valid header"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    if request
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        == Some(etag.as_str())
    {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    match state.media.get(&key).await {
        Ok(Some(bytes)) => {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            (StatusCode::OK, headers, Body::from(bytes)).into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "could not read a stored image");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
