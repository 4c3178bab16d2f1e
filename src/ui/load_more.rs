//! The end of a paginated list. Without JavaScript: a "Load more" link to the next page
//! (`?after=<cursor>`). With it: the next page is appended in place, on a click on that
//! link or by itself as the end of the list scrolls into view.
//!
//! Lists the server renders (`LoadMorePages`) take the next page as the server renders
//! it and move its items in, so the browser never needs the code that draws them;
//! lists drawn in the browser (`LoadMore`, inside an island) fetch their items.

use std::future::Future;

use leptos::prelude::*;

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
    let next = NextPage::new(next);
    let load = move || {
        next.load(move |cursor| async move {
            let page = fetch(cursor).await.map_err(|failure| failure.to_string())?;
            items.update(|items| items.extend(page.items));
            Ok(page.next)
        })
    };
    list_end_at(NodeRef::new(), next, None, load)
}

/// The end of a list the server renders: `list` is the id of the element whose children
/// are the items. The next page is fetched as a whole page and its items moved in (with
/// their islands brought to life); an element marked `data-list-end=LIST` in the last
/// page (an "all caught up" note) comes along too.
#[island]
pub fn LoadMorePages(list: String, next: Option<String>) -> impl IntoView {
    let next = NextPage::new(RwSignal::new(next));
    let sentinel = NodeRef::<leptos::html::Div>::new();
    let id = StoredValue::new(list.clone());
    let load = move || {
        next.load(move |cursor| async move {
            append_next_page(&next.address(&cursor), &id.get_value(), sentinel).await
        })
    };
    list_end_at(sentinel, next, Some(list), load)
}

/// What both lists keep about the page after theirs: its cursor, whether it is on its
/// way, why the last attempt failed, and the path of the page the list is on.
#[derive(Clone, Copy)]
struct NextPage {
    cursor: RwSignal<Option<String>>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    path: StoredValue<String>,
}

impl NextPage {
    fn new(cursor: RwSignal<Option<String>>) -> Self {
        Self {
            cursor,
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            path: StoredValue::new(crate::ui::address::current_path()),
        }
    }

    /// The address of the page after `cursor` (what "Load more" links to).
    fn address(self, cursor: &str) -> String {
        format!("{}?after={cursor}", self.path.get_value())
    }

    /// Fetches the next page with `fetch`, which adds its items and answers the cursor
    /// after it; nothing when there is none or it is on its way already.
    fn load<Fut>(self, fetch: impl FnOnce(String) -> Fut + 'static)
    where
        Fut: Future<Output = Result<Option<String>, String>> + 'static,
    {
        let Some(cursor) = self.cursor.get_untracked() else {
            return;
        };
        if self.loading.get_untracked() {
            return;
        }
        self.loading.set(true);
        leptos::task::spawn_local(async move {
            match fetch(cursor).await {
                Ok(after) => {
                    self.cursor.set(after);
                    self.error.set(None);
                }
                Err(message) => self.error.set(Some(message)),
            }
            self.loading.set(false);
        });
    }
}

/// "Load more" (a link to the next page, for a click or a browser without JavaScript)
/// and why the last attempt failed; `load` runs as the end comes near.
fn list_end_at(
    end: NodeRef<leptos::html::Div>,
    next: NextPage,
    list: Option<String>,
    load: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    load_when_near(end, load);
    let NextPage {
        cursor,
        loading,
        error,
        ..
    } = next;
    view! {
        <div node_ref=end data-more-for=list class="flex flex-col items-center gap-2 py-6">
            {move || cursor.get().map(|cursor| view! {
                <a
                    href=next.address(&cursor)
                    data-after=cursor
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

/// Calls `load` whenever the page scrolls to within two screens of `end`, so the next
/// page is usually there before it is needed.
fn load_when_near(end: NodeRef<leptos::html::Div>, load: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::scroll, move |_| {
            if let Some(end) = end.get_untracked() {
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
    #[cfg(not(feature = "hydrate"))]
    let _ = (end, load);
}

/// Fetches the page at `address`, moves the children of its element `list` to the end of
/// this page's, and answers the cursor after it (from that page's own "Load more").
#[cfg(feature = "hydrate")]
async fn append_next_page(
    address: &str,
    list: &str,
    end: NodeRef<leptos::html::Div>,
) -> Result<Option<String>, String> {
    use crate::ui::server_html::{fetch_page, hydrate_islands_in};

    let page = fetch_page(address).await?;
    let Some(here) = document().get_element_by_id(list) else {
        return Ok(None);
    };
    let mut arrived = Vec::new();
    if let Some(items) = page.get_element_by_id(list) {
        let children = items.children();
        arrived.extend((0..children.length()).filter_map(|index| children.item(index)));
    }
    for item in &arrived {
        let _ = here.append_child(item);
    }
    let after = page
        .query_selector(&format!("[data-more-for=\"{list}\"] [data-after]"))
        .ok()
        .flatten()
        .and_then(|link| link.get_attribute("data-after"));
    if after.is_none()
        && let Some(note) = page
            .query_selector(&format!("[data-list-end=\"{list}\"]"))
            .ok()
            .flatten()
        && let Some(end) = end.get_untracked()
    {
        let _ = end.after_with_node_1(&note);
    }
    for item in &arrived {
        hydrate_islands_in(item);
    }
    Ok(after)
}

#[cfg(not(feature = "hydrate"))]
async fn append_next_page(
    _address: &str,
    _list: &str,
    _end: NodeRef<leptos::html::Div>,
) -> Result<Option<String>, String> {
    Ok(None)
}
