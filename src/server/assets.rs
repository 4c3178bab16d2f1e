//! The site's built files under `/pkg`: the stylesheet, the wasm and its JavaScript.
//!
//! `scripts/build` names the stylesheet by a hash of its content, and puts the wasm
//! files and their JavaScript in a folder named by the hash of them all; it lists the
//! hashes in `hash.txt` beside the binary, where `<HashedStylesheet>` and the island
//! loader (`app::islands`) read them. A new build means new names, so browsers may keep
//! these files for a year without asking again. A release build also leaves each file
//! compressed ahead of time (`.br`, `.gz`), sent to browsers that accept them.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::Response;
use leptos::config::LeptosOptions;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

/// Where leptos looks for the hashes: `hash.txt` (or the configured name) beside the
/// running binary.
fn hash_file(options: &LeptosOptions) -> Option<PathBuf> {
    let binary = std::env::current_exe().ok()?;
    Some(binary.parent()?.join(options.hash_file.as_ref()))
}

/// Turns on hashed names when the build left a hash file beside the binary, unless
/// `LEPTOS_HASH_FILES` says otherwise (cargo-leptos' `watch` sets it to `false` and
/// writes plain names).
pub fn detect_hashed_names(options: &mut LeptosOptions) {
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = hash_file(options).is_some_and(|path| path.is_file());
    }
}

/// The routes of `/pkg/…`. Files with hashed names are cached for a year; plain names
/// (during development) are checked again on every use.
pub fn routes<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    let pkg = options.site_pkg_dir.as_ref();
    let dir = Path::new(options.site_root.as_ref()).join(pkg);
    let cache = HeaderValue::from_static(if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    });
    Router::new()
        .nest_service(
            &format!("/{pkg}"),
            ServeDir::new(dir).precompressed_br().precompressed_gzip(),
        )
        .layer(middleware::map_response(move |mut response: Response| {
            let cache = cache.clone();
            async move {
                if response.status().is_success() {
                    response.headers_mut().insert(header::CACHE_CONTROL, cache);
                }
                response
            }
        }))
}
