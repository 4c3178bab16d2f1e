//! The one script of every page: it loads the browser half (the wasm) once the page is
//! idle and hydrates the page's islands, the only parts that run in the browser. Nothing
//! preloads the wasm, so it never competes with the stylesheet and the first photo; every
//! form works without it until then.

use leptos::config::LeptosOptions;
use leptos::prelude::*;

/// The loader, with the addresses of this build's JavaScript glue and wasm.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    let (js, wasm) = built_files(&options);
    let nonce = leptos::nonce::use_nonce();
    let script = format!("{}({js:?}, {wasm:?});", include_str!("islands.js"));
    view! { <script type="module" nonce=nonce>{script}</script> }
}

/// `/pkg/isntgram.<hash>.js` and `/pkg/isntgram.<hash>.wasm` when the build named its
/// files by content (the hashes in `hash.txt` beside the binary, read once), else the
/// plain names `cargo leptos watch` writes.
#[cfg(feature = "ssr")]
fn built_files(options: &LeptosOptions) -> (String, String) {
    use std::sync::OnceLock;
    static NAMES: OnceLock<(String, String)> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            let pkg = format!("/{}", options.site_pkg_dir);
            let name = options.output_name.to_string();
            let hashes = options
                .hash_files
                .then(|| {
                    let binary = std::env::current_exe().ok()?;
                    std::fs::read_to_string(binary.parent()?.join(options.hash_file.as_ref())).ok()
                })
                .flatten()
                .unwrap_or_default();
            let hash_of = |kind: &str| {
                hashes.lines().find_map(|line| {
                    let (file, hash) = line.split_once(':')?;
                    (file.trim() == kind).then(|| format!(".{}", hash.trim()))
                })
            };
            let js = hash_of("js").unwrap_or_default();
            // wasm-bindgen's own name for the wasm unless the build renamed it.
            let wasm = hash_of("wasm").unwrap_or_else(|| {
                if std::option_env!("LEPTOS_OUTPUT_NAME").is_some() {
                    String::new()
                } else {
                    "_bg".to_owned()
                }
            });
            (
                format!("{pkg}/{name}{js}.js"),
                format!("{pkg}/{name}{wasm}.wasm"),
            )
        })
        .clone()
}

#[cfg(not(feature = "ssr"))]
fn built_files(_options: &LeptosOptions) -> (String, String) {
    (String::new(), String::new())
}
