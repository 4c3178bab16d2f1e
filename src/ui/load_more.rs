//! The end of a paginated list. Without JavaScript: a "Load more" link to the next page
//! (`?after=<cursor>`). With it: the next page is appended in place, on a click on that
//! link or by itself as the end of the list scrolls into view.

use std::future::Future;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::error::AppError;
use crate::pagination::Page;

#[component]
pub fn LoadMore<T, F, Fut>(
    items: RwSignal<Vec<T>>,
    next: RwSignal<Option<String>>,
    /// Fetches the page after a cursor.
    fetch: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(String) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<Page<T>, AppError>> + 'static,
{
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        let Some(cursor) = next.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        leptos::task::spawn_local(async move {
            match fetch(cursor).await {
                Ok(page) => {
                    items.update(|items| items.extend(page.items));
                    next.set(page.next);
                    error.set(None);
                }
                Err(failure) => error.set(Some(failure.to_string())),
            }
            loading.set(false);
        });
    };
    let sentinel = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        // Start fetching a screen before the end, so scrolling rarely waits.
        let handle = window_event_listener(leptos::ev::scroll, move |_| {
            if let Some(end) = sentinel.get_untracked() {
                let viewport = window()
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(800.0);
                if end.get_bounding_client_rect().top() < viewport * 2.0 {
                    load();
                }
            }
        });
        on_cleanup(move || handle.remove());
    }
    let pathname = use_location().pathname;
    view! {
        <div node_ref=sentinel class="flex flex-col items-center gap-2 py-6">
            {move || next.get().map(|cursor| view! {
                <a
                    href=format!("{}?after={cursor}", pathname.get())
                    class="btn-secondary"
                    aria-busy=move || loading.get().to_string()
                    on:click=move |event| {
                        event.prevent_default();
                        load();
                    }
                >
                    {move || if loading.get() { "Loading…" } else { "Load more" }}
                </a>
            })}
            {move || error.get().map(|message| view! {
                <p role="alert" class="text-sm text-red-700 dark:text-red-400">{message}</p>
            })}
        </div>
    }
}
