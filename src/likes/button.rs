//! The heart. With JavaScript it flips at once (optimistic) and then takes the server's
//! count; if the server refuses, it flips back and says why. Without JavaScript it is
//! a plain form post that comes back to the same page.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::likes::api::{SetLike, set_like};
use crate::likes::{LikeState, LikeTarget};
use crate::ui::icons::HeartIcon;

/// The like state of one post or comment, shared by its button and its count.
#[derive(Clone, Copy)]
pub struct Likes {
    pub target: LikeTarget,
    pub id: i64,
    pub state: RwSignal<LikeState>,
    /// Numbers the requests, so only the answer to the latest click is applied.
    sent: RwSignal<u64>,
    pub error: RwSignal<Option<String>>,
}

impl Likes {
    pub fn new(target: LikeTarget, id: i64, liked: bool, count: i64) -> Self {
        Self {
            target,
            id,
            state: RwSignal::new(LikeState { liked, count }),
            sent: RwSignal::new(0),
            error: RwSignal::new(None),
        }
    }

    pub fn count(&self) -> Signal<i64> {
        let state = self.state;
        Signal::derive(move || state.get().count)
    }

    fn toggle(self) {
        let before = self.state.get_untracked();
        let wanted = !before.liked;
        self.state.set(LikeState {
            liked: wanted,
            count: (before.count + if wanted { 1 } else { -1 }).max(0),
        });
        self.error.set(None);
        let request = self.sent.get_untracked() + 1;
        self.sent.set(request);
        leptos::task::spawn_local(async move {
            let answer = set_like(self.target, self.id, wanted).await;
            if self.sent.get_untracked() != request {
                return; // a later click is on its way; its answer decides
            }
            match answer {
                Ok(state) => self.state.set(state),
                Err(error) => {
                    self.state.set(before);
                    self.error.set(Some(error.to_string()));
                }
            }
        });
    }
}

/// "Like" / "Unlike", `aria-pressed` telling which. Visitors get a link to log in.
#[component]
pub fn LikeButton(
    likes: Likes,
    signed_in: bool,
    /// Smaller, for comments.
    #[prop(optional)]
    small: bool,
) -> impl IntoView {
    let size = if small { "size-4" } else { "size-6" };
    if !signed_in {
        return view! {
            <a href="/login" class="inline-flex rounded-full p-1 text-neutral-800 hover:text-neutral-500 dark:text-neutral-100" aria-label="Like">
                <HeartIcon class=size />
            </a>
        }
        .into_any();
    }
    let liked = move || likes.state.get().liked;
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        likes.toggle();
    };
    view! {
        <form method="post" action=SetLike::PATH on:submit=on_submit class="inline-flex">
            <input type="hidden" name="target" value=likes.target.as_str() />
            <input type="hidden" name="id" value=likes.id />
            <input type="hidden" name="liked" value=move || (!liked()).to_string() />
            <button
                type="submit"
                aria-pressed=move || liked().to_string()
                class=move || {
                    format!(
                        "inline-flex rounded-full p-1 transition active:scale-90 {}",
                        if liked() { "text-rose-600 hover:text-rose-500" } else { "text-neutral-800 hover:text-neutral-500 dark:text-neutral-100 dark:hover:text-neutral-400" },
                    )
                }
            >
                {move || view! { <HeartIcon filled=liked() class=size /> }}
                <span class="sr-only">{move || if liked() { "Unlike" } else { "Like" }}</span>
            </button>
        </form>
        {move || likes.error.get().map(|message| view! {
            <p role="alert" class="text-xs text-red-700 dark:text-red-400">{message}</p>
        })}
    }
    .into_any()
}
