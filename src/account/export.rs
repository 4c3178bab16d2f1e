//! "Download your data": a zip archive of everything a person wrote and did
//! (`data.json`), their photos full size as stored (`photos/`) and a `README.txt`
//! saying so. It is streamed: a thread writes the archive a photo at a time into the
//! response, so nothing holds more than one photo; one download per account at a time.

use std::io::{self, Write};

use axum::Extension;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tokio::sync::mpsc;
use zip::write::SimpleFileOptions;

use crate::account::db;
use crate::auth::session::RequestUser;
use crate::ids::UserId;

use crate::media::storage::key_of;
use crate::server::state::AppState;

/// What the archive holds, for whoever opens it.
const README: &str = "\
Your Isntgram data
==================

data.json   your account (username, full name, email, bio, when you joined), your
            posts (caption, date, and for each photo its file and alt text), your
            comments and replies, your likes, the people you follow and who follow
            you, and the posts you saved. Dates are in UTC (ISO 8601).
photos/     the photos of your posts, full size, as they were stored:
            post-ID-N.webp is photo N of post ID in data.json.
";

/// Chunks of the archive travel to the response in pieces of about this size.
const CHUNK: usize = 64 * 1024;

#[tracing::instrument(name = "download_data", skip_all)]
pub async fn download_data(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
) -> Response {
    let Some(user) = user else {
        return Redirect::to("/login?next=/settings/data").into_response();
    };
    let lease = match db::start_export(&state.pool, user.id).await {
        Ok(Some(started_at)) => Lease {
            pool: state.pool.clone(),
            user: user.id,
            started_at,
        },
        Ok(None) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "60")],
                "Your data is being downloaded already. Wait for that download to finish.",
            )
                .into_response();
        }
        Err(error) => return unavailable(error.into()),
    };
    let gathered = async {
        let data = db::data_of(&state.pool, user.id).await?;
        let photos = db::photos_of(&state.pool, user.id).await?;
        Ok::<_, anyhow::Error>((data, photos))
    }
    .await;
    let (data, photos) = match gathered {
        Ok(gathered) => gathered,
        Err(error) => return unavailable(error),
    };
    let (sender, receiver) = mpsc::channel::<io::Result<Bytes>>(4);
    let runtime = tokio::runtime::Handle::current();
    let writer_state = state.clone();
    // Zipping copies bytes and waits on the channel: off the async workers.
    tokio::task::spawn_blocking(move || {
        // Held until the archive is written, cut short, or the thread panics.
        let _lease = lease;
        let user_id = user.id;
        match write_archive(&runtime, &writer_state, data, photos, sender.clone()) {
            Ok(bytes) => tracing::info!(%user_id, bytes, "data downloaded"),
            Err(error) => {
                tracing::warn!(%user_id, %error, "a data download stopped");
                let _ = sender.blocking_send(Err(io::Error::other("the archive stopped")));
            }
        }
    });
    let name = format!("attachment; filename=\"isntgram-{}.zip\"", user.username);
    (
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (header::CONTENT_DISPOSITION, name),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(receiver)),
    )
        .into_response()
}

/// The account's export lease, given back when dropped: after the archive, or when
/// the download is dropped on the way (the client left while its data was gathered).
struct Lease {
    pool: sqlx::PgPool,
    user: UserId,
    started_at: time::OffsetDateTime,
}

impl Drop for Lease {
    fn drop(&mut self) {
        let (pool, user, started_at) = (self.pool.clone(), self.user, self.started_at);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(error) = db::end_export(&pool, user, started_at).await {
                    tracing::error!(%error, "could not give back the export lease");
                }
            });
        }
    }
}

fn unavailable(error: anyhow::Error) -> Response {
    tracing::error!(error = format!("{error:#}"), "data download failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Your data could not be gathered just now. Please try again.",
    )
        .into_response()
}

/// Writes the whole archive into `sender`; answers its size. Stops with an error when
/// the download is cancelled (the receiver is gone).
fn write_archive(
    runtime: &tokio::runtime::Handle,
    state: &AppState,
    data: String,
    photos: Vec<db::ArchivedPhotoRow>,
    sender: mpsc::Sender<io::Result<Bytes>>,
) -> anyhow::Result<u64> {
    let mut zip = zip::ZipWriter::new_stream(ChannelWriter::new(sender));
    // Photos are compressed already: the archive only stores.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    zip.start_file("README.txt", options)?;
    zip.write_all(README.as_bytes())?;
    zip.start_file("data.json", options)?;
    zip.write_all(data.as_bytes())?;
    for db::ArchivedPhotoRow { name, url } in photos {
        let Some(key) = key_of(&url) else {
            continue;
        };
        let extension = key.rsplit_once('.').map_or("", |(_, extension)| extension);
        // A file gone from the store (deleted by hand) leaves the rest of the archive.
        if let Some(bytes) = runtime.block_on(state.media.get(key))? {
            zip.start_file(format!("photos/{name}.{extension}"), options)?;
            zip.write_all(&bytes)?;
        }
    }
    let mut writer = zip.finish()?.into_inner();
    writer.flush()?;
    Ok(writer.written)
}

/// The archive's bytes, gathered into chunks and sent to the response body.
struct ChannelWriter {
    sender: mpsc::Sender<io::Result<Bytes>>,
    buffer: Vec<u8>,
    written: u64,
}

impl ChannelWriter {
    fn new(sender: mpsc::Sender<io::Result<Bytes>>) -> Self {
        Self {
            sender,
            buffer: Vec::with_capacity(CHUNK),
            written: 0,
        }
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        self.written += bytes.len() as u64;
        if self.buffer.len() >= CHUNK {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK),
        ));
        self.sender
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the download was cancelled"))
    }
}
