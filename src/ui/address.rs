//! The page's address as the parts that run in the browser see it. Pages render on the
//! server, where the router knows the address; an island reads the browser's, and
//! leaves a page by loading the next one.

use leptos::prelude::*;

/// The value of `name` in the page's query string.
pub fn query_param(name: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let href = window().location().href().ok()?;
        web_sys::Url::new(&href).ok()?.search_params().get(name)
    }
    #[cfg(not(feature = "hydrate"))]
    leptos_router::hooks::use_query_map().with_untracked(|query| query.get(name))
}

/// The page's path, without its query.
pub fn current_path() -> String {
    #[cfg(feature = "hydrate")]
    {
        window().location().pathname().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
}

/// Loads `href` (a page of this site).
pub fn go_to(href: &str) {
    #[cfg(feature = "hydrate")]
    let _ = window().location().assign(href);
    #[cfg(not(feature = "hydrate"))]
    let _ = href;
}
