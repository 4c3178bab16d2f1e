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
    let digest = hex(&Sha256::digest(bytes));
    format!("{}/{digest}.{extension}", &digest[..2])
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
}
