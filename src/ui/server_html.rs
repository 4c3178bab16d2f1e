//! Parts of a page as the server renders it, brought into the page in the browser: the
//! next page of a list, fresh search results. The browser never needs the code that
//! draws them; the islands that come with them are brought to life (`app/islands.js`).

#[cfg(feature = "hydrate")]
pub use browser::{fetch_page, hydrate_islands_in};

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    /// What a list or a search says when a page could not be fetched.
    const FAILED: &str = "Couldn't load more. Check your connection and try again.";

    /// The page at `address` of this site, as a document of its own.
    pub async fn fetch_page(address: &str) -> Result<web_sys::Document, String> {
        let failed = |_: JsValue| FAILED.to_owned();
        let response: web_sys::Response = JsFuture::from(window().fetch_with_str(address))
            .await
            .map_err(failed)?
            .unchecked_into();
        if !response.ok() {
            return Err(FAILED.to_owned());
        }
        let html = JsFuture::from(response.text().map_err(failed)?)
            .await
            .map_err(failed)?
            .as_string()
            .unwrap_or_default();
        web_sys::DomParser::new()
            .map_err(failed)?
            .parse_from_string(&html, web_sys::SupportedType::TextHtml)
            .map_err(failed)
    }

    /// Hydrates the islands inside `node`, which has just been added to the page.
    pub fn hydrate_islands_in(node: &web_sys::Element) {
        let hydrate = js_sys::Reflect::get(&window(), &"isntgram".into())
            .and_then(|loader| js_sys::Reflect::get(&loader, &"hydrate".into()))
            .ok()
            .and_then(|hydrate| hydrate.dyn_into::<js_sys::Function>().ok());
        if let Some(hydrate) = hydrate {
            let _ = hydrate.call1(&JsValue::NULL, node);
        }
    }
}
