//! Toasts: a short message that confirms something done in the page ("Link copied") or
//! says why it failed, then goes away by itself; and a live region that reads results
//! out to screen readers ("Liked") when the page shows them by other means.
//!
//! Only the browser raises them (they answer clicks), so the server renders the empty
//! regions, which must exist before a message arrives for it to be announced. In the
//! browser there is one set per page, shared by every island.

use std::time::Duration;

use leptos::prelude::*;

/// How long a toast stays.
const SHOWN_FOR: Duration = Duration::from_secs(4);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Toast {
    id: u64,
    kind: ToastKind,
    text: String,
}

/// The page's toasts and announcements.
#[derive(Clone, Copy)]
pub struct Toasts {
    shown: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
    announcement: RwSignal<String>,
}

impl Toasts {
    fn new() -> Self {
        Self {
            shown: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            announcement: RwSignal::new(String::new()),
        }
    }

    /// The server's (inert) toasts for the page it renders.
    pub fn provide() {
        provide_context(Self::new());
    }

    /// The page's toasts: in the browser, the one set every island shares (islands are
    /// hydrated apart, so no common parent could provide it).
    pub fn get() -> Self {
        #[cfg(feature = "hydrate")]
        {
            thread_local! {
                // Under a root of their own that lives as long as the page, so no
                // island's clean-up takes them away.
                static PAGE: Toasts = {
                    // A new root becomes the current owner: the island asking keeps its own.
                    let asking = Owner::current();
                    let root = Owner::new_root(None);
                    let toasts = root.with(Toasts::new);
                    std::mem::forget(root);
                    if let Some(asking) = asking {
                        asking.set();
                    }
                    toasts
                };
            }
            PAGE.with(|toasts| *toasts)
        }
        #[cfg(not(feature = "hydrate"))]
        expect_context()
    }

    pub fn success(self, text: impl Into<String>) {
        self.push(ToastKind::Success, text.into());
    }

    pub fn error(self, text: impl Into<String>) {
        self.push(ToastKind::Error, text.into());
    }

    /// Says `text` to screen readers only.
    pub fn announce(self, text: impl Into<String>) {
        let text = text.into();
        // The same words twice in a row are still news (like, unlike, like again): a
        // live region only speaks when its text changes, so clear it first.
        if self.announcement.get_untracked() == text {
            self.announcement.set(String::new());
        }
        self.announcement.set(text);
    }

    fn push(self, kind: ToastKind, text: String) {
        self.next_id.update_value(|id| *id += 1);
        let id = self.next_id.get_value();
        self.shown.update(|shown| {
            // One of each message at a time; three at most.
            shown.retain(|toast| toast.text != text);
            if shown.len() >= 3 {
                shown.remove(0);
            }
            shown.push(Toast { id, kind, text });
        });
        set_timeout(move || self.dismiss(id), SHOWN_FOR);
    }

    fn dismiss(self, id: u64) {
        self.shown
            .update(|shown| shown.retain(|toast| toast.id != id));
    }
}

/// The toasts' place on screen: above the tab bar on phones, bottom centre elsewhere.
/// Successes are spoken politely, failures at once. `notice` is the page's news from
/// the form that led to it ("Caption saved"), shown once the page is live.
#[island]
pub fn Toaster(notice: Option<String>) -> impl IntoView {
    let toasts = Toasts::get();
    // Effects run only in the browser: without JavaScript the page itself shows the change.
    Effect::new(move |_| {
        if let Some(text) = notice.clone() {
            toasts.success(text);
        }
    });
    let of_kind = move |kind: ToastKind| {
        move || {
            toasts
                .shown
                .get()
                .into_iter()
                .filter(|toast| toast.kind == kind)
                .collect::<Vec<_>>()
        }
    };
    view! {
        <div class="pointer-events-none fixed inset-x-0 bottom-18 z-50 flex flex-col items-center gap-2 px-4 md:bottom-6">
            <div role="status" aria-live="polite" class="flex flex-col items-center gap-2">
                <For each=of_kind(ToastKind::Success) key=|toast| toast.id let:toast>
                    <ToastView toast />
                </For>
            </div>
            <div aria-live="assertive" class="flex flex-col items-center gap-2">
                <For each=of_kind(ToastKind::Error) key=|toast| toast.id let:toast>
                    <ToastView toast />
                </For>
            </div>
        </div>
        <p aria-live="polite" class="sr-only">{move || toasts.announcement.get()}</p>
    }
}

#[component]
fn ToastView(toast: Toast) -> impl IntoView {
    let toasts = Toasts::get();
    let Toast { id, kind, text } = toast;
    let colours = match kind {
        ToastKind::Success => "bg-neutral-900 text-white dark:bg-neutral-100 dark:text-neutral-900",
        ToastKind::Error => "bg-red-700 text-white",
    };
    view! {
        <div class=format!(
            "pointer-events-auto flex max-w-sm items-center gap-3 rounded-xl px-4 py-3 text-sm font-medium shadow-lg motion-safe:animate-toast-in {colours}",
        )>
            <span>{text}</span>
            <button
                type="button"
                class="-m-1 rounded p-1 opacity-80 hover:opacity-100 focus-visible:outline-2 focus-visible:outline-current"
                on:click=move |_| toasts.dismiss(id)
            >
                <span aria-hidden="true">"✕"</span>
                <span class="sr-only">"Dismiss"</span>
            </button>
        </div>
    }
}
