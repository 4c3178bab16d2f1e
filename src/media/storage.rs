//! Where processed images are kept, behind one small trait so the app can move from
//! the local disk to an object store without touching the code that uses it.
//!
//! File names are content-addressed (the SHA-256 of the bytes), so a name never
//! changes meaning: the files can be cached forever, and writing the same image twice
//! is harmless.

use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use sha2::{Digest, Sha256};

pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send + 'a>>;

pub trait MediaStore: Send + Sync + 'static {
    /// Stores `bytes` under `key` (all or nothing).
    fn put<'a>(&'a self, key: &'a str, bytes: &'a [u8]) -> StoreFuture<'a, ()>;
    /// The bytes under `key`, if any.
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<Vec<u8>>>;
    /// Removes `key`; a missing key is not an error.
    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()>;
}

/// The key of `bytes` stored with `extension`: `ab/abcdef….webp`.
pub fn content_key(bytes: &[u8], extension: &str) -> String {
    let digest = hex::encode(Sha256::digest(bytes));
    format!("{}/{digest}.{extension}", &digest[..2])
}

/// Where the file stored under `key` is served.
pub fn url_of(key: &str) -> String {
    format!("/media/{key}")
}

/// The key behind a URL that `url_of` made; `None` for any other address.
pub fn key_of(url: &str) -> Option<&str> {
    url.strip_prefix("/media/")
}

/// Is `key` one of ours (`xx/<64 hex>.<ext>`)? Anything else is refused before it
/// touches the file system (no `..`, no absolute paths).
pub fn is_valid_key(key: &str) -> bool {
    let Some((dir, file)) = key.split_once('/') else {
        return false;
    };
    let Some((stem, extension)) = file.split_once('.') else {
        return false;
    };
    dir.len() == 2
        && stem.len() == 64
        && stem.starts_with(dir)
        && stem
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && matches!(extension, "webp" | "jpg" | "png")
}

/// Files under a folder on the local disk.
pub struct LocalDisk {
    root: PathBuf,
}

impl LocalDisk {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, key: &str) -> io::Result<PathBuf> {
        if !is_valid_key(key) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a media key",
            ));
        }
        Ok(self.root.join(key))
    }
}

impl MediaStore for LocalDisk {
    fn put<'a>(&'a self, key: &'a str, bytes: &'a [u8]) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let path = self.path(key)?;
            if tokio::fs::try_exists(&path).await? {
                return Ok(()); // Same name, same content.
            }
            let dir = path.parent().expect("keys have a folder");
            tokio::fs::create_dir_all(dir).await?;
            // Write beside, then rename: readers never see half a file.
            let temporary = dir.join(format!(".{}.tmp", uuid_like()));
            let result = async {
                tokio::fs::write(&temporary, bytes).await?;
                tokio::fs::File::open(&temporary).await?.sync_all().await?;
                tokio::fs::rename(&temporary, &path).await
            }
            .await;
            if result.is_err() {
                let _ = tokio::fs::remove_file(&temporary).await;
            }
            result
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async move {
            match tokio::fs::read(self.path(key)?).await {
                Ok(bytes) => Ok(Some(bytes)),
                Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(error) => Err(error),
            }
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            match tokio::fs::remove_file(self.path(key)?).await {
                Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
                _ => Ok(()),
            }
        })
    }
}

/// Any object store through the `object_store` crate: S3 and the services that speak its
/// protocol (MinIO, Cloudflare R2, Backblaze B2, …). What lets several app servers share
/// one set of photos. An object is written whole or not at all, so no temporary name is
/// needed; keys are checked as on disk.
pub struct ObjectStoreMedia {
    store: Arc<dyn ObjectStore>,
    prefix: String,
}

impl ObjectStoreMedia {
    /// Objects go under the folder `prefix` (`"media"`, `"media/"`; may be empty).
    pub fn new(store: Arc<dyn ObjectStore>, prefix: &str) -> Self {
        let prefix = prefix.trim_matches('/');
        Self {
            store,
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
        }
    }

    /// An S3 bucket; endpoint, region and credentials come from the standard `AWS_*`
    /// variables (`AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_ALLOW_HTTP` for a local MinIO, …).
    pub fn s3_from_env(bucket: &str, prefix: &str) -> anyhow::Result<Self> {
        use object_store::ClientConfigKey;
        use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
        // A store that does not answer fails an upload (or a photo) within seconds, not
        // after object_store's default of three minutes of retries; `AWS_CONNECT_TIMEOUT`
        // and `AWS_TIMEOUT` still decide when set.
        let retry = object_store::RetryConfig {
            max_retries: 2,
            retry_timeout: std::time::Duration::from_secs(5),
            ..Default::default()
        };
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_retry(retry);
        for (key, bound) in [
            (ClientConfigKey::ConnectTimeout, "2s"),
            (ClientConfigKey::Timeout, "30s"),
        ] {
            let key = AmazonS3ConfigKey::Client(key);
            if builder.get_config_value(&key).is_none() {
                builder = builder.with_config(key, bound);
            }
        }
        let store = builder
            .build()
            .map_err(|error| anyhow::anyhow!("the S3 media store is misconfigured: {error}"))?;
        Ok(Self::new(Arc::new(store), prefix))
    }

    fn location(&self, key: &str) -> io::Result<ObjectPath> {
        if !is_valid_key(key) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a media key",
            ));
        }
        Ok(ObjectPath::from(format!("{}{key}", self.prefix)))
    }
}

impl MediaStore for ObjectStoreMedia {
    fn put<'a>(&'a self, key: &'a str, bytes: &'a [u8]) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let location = self.location(key)?;
            self.store
                .put(&location, PutPayload::from(bytes.to_vec()))
                .await
                .map(|_| ())
                .map_err(io::Error::other)
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async move {
            let location = self.location(key)?;
            match self.store.get(&location).await {
                Ok(found) => Ok(Some(
                    found.bytes().await.map_err(io::Error::other)?.to_vec(),
                )),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(error) => Err(io::Error::other(error)),
            }
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let location = self.location(key)?;
            match self.store.delete(&location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(error) => Err(io::Error::other(error)),
            }
        })
    }
}

/// The store the configuration asks for: an S3 bucket when `MEDIA_S3_BUCKET` is set,
/// else the media folder.
pub fn configured(config: &crate::server::config::Config) -> anyhow::Result<Arc<dyn MediaStore>> {
    Ok(match &config.media_s3_bucket {
        Some(bucket) => Arc::new(ObjectStoreMedia::s3_from_env(
            bucket,
            &config.media_s3_prefix,
        )?),
        None => Arc::new(LocalDisk::new(config.media_dir.clone())),
    })
}

/// A name unique enough for a temporary file.
fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_content_addressed_and_validated() {
        let key = content_key(b"hello", "webp");
        assert!(is_valid_key(&key), "{key}");
        assert_eq!(key, content_key(b"hello", "webp"));
        assert_ne!(key, content_key(b"hello!", "webp"));
        for bad in [
            "../etc/passwd",
            "ab/../../x.webp",
            "/abs.webp",
            "ab/cd.webp",
            &key.replace("webp", "html"),
        ] {
            assert!(!is_valid_key(bad), "{bad}");
        }
    }

    #[tokio::test]
    async fn local_disk_round_trip() {
        let dir = std::env::temp_dir().join(format!("isntgram-store-test-{}", uuid_like()));
        let store = LocalDisk::new(&dir);
        let key = content_key(b"pixels", "webp");
        store.put(&key, b"pixels").await.unwrap();
        store.put(&key, b"pixels").await.unwrap();
        assert_eq!(
            store.get(&key).await.unwrap().as_deref(),
            Some(&b"pixels"[..])
        );
        store.delete(&key).await.unwrap();
        store.delete(&key).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap(), None);
        assert!(store.put("../x.webp", b"no").await.is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn object_store_round_trip_under_a_prefix() {
        let memory = Arc::new(object_store::memory::InMemory::new());
        let store = ObjectStoreMedia::new(memory.clone(), "/media");
        let key = content_key(b"pixels", "webp");
        store.put(&key, b"pixels").await.unwrap();
        store.put(&key, b"pixels").await.unwrap();
        assert_eq!(
            store.get(&key).await.unwrap().as_deref(),
            Some(&b"pixels"[..])
        );
        let raw = memory
            .get(&ObjectPath::from(format!("media/{key}")))
            .await
            .expect("stored under the prefix");
        assert_eq!(raw.bytes().await.unwrap().as_ref(), b"pixels");
        store.delete(&key).await.unwrap();
        store.delete(&key).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap(), None);
        assert!(store.put("../x.webp", b"no").await.is_err());
        assert!(store.get("ab/../../etc/passwd").await.is_err());
    }
}
