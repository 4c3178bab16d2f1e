//! Isntgram: a photo-sharing social network. One crate, two halves: compiled with `ssr`
//! it is the axum server that renders every page; compiled with `hydrate` it is the
//! wasm that makes those pages interactive in the browser.

#![recursion_limit = "256"]

pub mod account;
pub mod app;
pub mod auth;
pub mod comments;
pub mod discover;
pub mod error;
pub mod feed;
pub mod ids;
pub mod likes;
pub mod media;
pub mod moderation;
pub mod notifications;
pub mod pagination;
pub mod posts;
pub mod profiles;
pub mod safety;
pub mod saves;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod server;

/// The browser's entry point, before the page's islands are hydrated one by one
/// (`app/islands.js`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    PAGE_ROOT.set(leptos::prelude::Owner::current());
}

#[cfg(feature = "hydrate")]
thread_local! {
    /// The reactive owner of the page, which every island not nested in another lives
    /// under.
    static PAGE_ROOT: std::cell::Cell<Option<leptos::prelude::Owner>> = const { std::cell::Cell::new(None) };
}

/// Makes the page's owner the current one before an island that is not nested in
/// another hydrates (a nested island's enclosing island sets its own).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn enter_page_root() {
    PAGE_ROOT.with(|root| {
        let owner = root.take();
        if let Some(owner) = &owner {
            owner.set();
        }
        root.set(owner);
    });
}
