//! "Copy link": puts a post's address on the clipboard and says so in a toast.

use leptos::prelude::*;

use crate::ids::PostId;
use crate::ui::icons::LinkIcon;
use crate::ui::toast::Toasts;

/// Copying needs the browser's clipboard, so the button appears once the page is live
/// (without JavaScript the post's time already links to its address).
#[component]
pub fn CopyLinkButton(post_id: PostId) -> impl IntoView {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let toasts = Toasts::get();
    let copy = move |_| {
        let path = format!("/p/{post_id}");
        leptos::task::spawn_local(async move {
            match copy_address(&path).await {
                Ok(()) => toasts.success("Link copied to clipboard"),
                Err(()) => {
                    toasts.error("Couldn't copy the link: this browser doesn't allow it here")
                }
            }
        });
    };
    view! {
        <Show when=move || live.get()>
            <button type="button" class="btn-icon" on:click=copy>
                <LinkIcon />
                <span class="sr-only">"Copy link"</span>
            </button>
        </Show>
    }
}

/// Writes this site's address of `path` to the clipboard. The clipboard only exists in
/// secure contexts (HTTPS, localhost).
#[cfg(feature = "hydrate")]
async fn copy_address(path: &str) -> Result<(), ()> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window().ok_or(())?;
    let origin = window.location().origin().map_err(drop)?;
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into())
        .ok()
        .filter(|clipboard| !clipboard.is_undefined())
        .ok_or(())?
        .unchecked_into::<web_sys::Clipboard>();
    let written = clipboard.write_text(&format!("{origin}{path}"));
    wasm_bindgen_futures::JsFuture::from(written)
        .await
        .map(drop)
        .map_err(drop)
}

#[cfg(not(feature = "hydrate"))]
async fn copy_address(_path: &str) -> Result<(), ()> {
    Err(())
}
