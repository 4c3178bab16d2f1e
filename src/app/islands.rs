//! The one script of every page: it loads the browser half (the wasm) once the page is
//! idle and hydrates the page's islands, the only parts that run in the browser. Nothing
//! preloads the wasm, so it never competes with the stylesheet and the first photo; every
//! form works without it until then.
//!
//! Islands marked `#[island(lazy)]` are cut by `scripts/build` into wasm files of their
//! own: those that few pages have (the upload form, settings, search, answers to follow
//! requests, the confirmation dialog), fetched only on a page that has one, and those
//! the loader lets wait until they are used (comments, "Save", the options menus of a
//! post and a profile; the list is in `islands.js`).

use leptos::config::LeptosOptions;
use leptos::prelude::*;

/// The loader, with the addresses of this build's JavaScript glue and wasm.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    // Only islands hydrate, so only what they load travels in the page for them: the
    // data of every other resource (a feed page's posts, the current user) stays on
    // the server. Islands turn this back on while they render.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let (js, wasm) = built_files(&options);
    let nonce = leptos::nonce::use_nonce();
    let script = format!("{}({js:?}, {wasm:?});", include_str!("islands.js"));
    view! { <script type="module" nonce=nonce>{script}</script> }
}

/// `/pkg/<hash>/isntgram.js` and `/pkg/<hash>/isntgram.wasm` when the build put its
/// files in a folder named by their content (the hash in `hash.txt` beside the binary,
/// read once), else the plain names `cargo leptos watch` writes.
#[cfg(feature = "ssr")]
fn built_files(options: &LeptosOptions) -> (String, String) {
    use std::sync::OnceLock;
    static NAMES: OnceLock<(String, String)> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            let name = options.output_name.to_string();
            let folder = options
                .hash_files
                .then(|| {
                    let binary = std::env::current_exe().ok()?;
                    std::fs::read_to_string(binary.parent()?.join(options.hash_file.as_ref())).ok()
                })
                .flatten()
                .and_then(|hashes| {
                    hashes.lines().find_map(|line| {
                        let (kind, hash) = line.split_once(':')?;
                        (kind.trim() == "wasm").then(|| format!("/{}", hash.trim()))
                    })
                })
                .unwrap_or_default();
            let dir = format!("/{}{folder}", options.site_pkg_dir);
            (format!("{dir}/{name}.js"), format!("{dir}/{name}.wasm"))
        })
        .clone()
}

#[cfg(not(feature = "ssr"))]
fn built_files(_options: &LeptosOptions) -> (String, String) {
    (String::new(), String::new())
}
