//! "Download your data": a zip archive of everything a person wrote and did
//! (`data.json`) and their photos, full size, as stored (`photos/`).

use std::io::Write;

use axum::Extension;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use zip::write::SimpleFileOptions;

use crate::account::db;
use crate::auth::session::RequestUser;
use crate::media::storage::key_of;
use crate::server::state::AppState;

#[tracing::instrument(name = "download_data", skip_all)]
pub async fn download_data(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
) -> Response {
    let Some(user) = user else {
        return Redirect::to("/login?next=/settings/data").into_response();
    };
    match archive(&state, user.id).await {
        Ok(bytes) => {
            tracing::info!(user_id = %user.id, bytes = bytes.len(), "data downloaded");
            let name = format!("attachment; filename=\"isntgram-{}.zip\"", user.username);
            (
                [
                    (header::CONTENT_TYPE, "application/zip".to_owned()),
                    (header::CONTENT_DISPOSITION, name),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                bytes,
            )
                .into_response()
        }
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "data download failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Your data could not be gathered just now. Please try again.",
            )
                .into_response()
        }
    }
}

async fn archive(state: &AppState, user: crate::ids::UserId) -> anyhow::Result<Vec<u8>> {
    let data = db::data_of(&state.pool, user).await?;
    let mut files = vec![("data.json".to_owned(), data.into_bytes())];
    for db::ArchivedPhotoRow { name, url } in db::photos_of(&state.pool, user).await? {
        let Some(key) = key_of(&url) else {
            continue;
        };
        let extension = key.rsplit_once('.').map_or("", |(_, extension)| extension);
        // A file gone from the store (deleted by hand) leaves the rest of the archive.
        if let Some(bytes) = state.media.get(key).await? {
            files.push((format!("photos/{name}.{extension}"), bytes));
        }
    }
    // Zipping copies bytes: off the async workers.
    tokio::task::spawn_blocking(move || {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(false);
        for (name, bytes) in files {
            zip.start_file(name, options)?;
            zip.write_all(&bytes)?;
        }
        Ok(zip.finish()?.into_inner())
    })
    .await?
}
