//! The heart. With JavaScript it flips at once (optimistic) and then takes the server's
//! count, and a live region says what happened; if the server refuses, it flips back
//! and a toast says why. Without JavaScript it is a plain form post that comes back to
//! the same page. A double tap on a post's photo likes it too (`DoubleTapToLike`).
//!
//! A post's photo and its row of actions (the heart and the count) are islands of their
//! own, apart in the page; `LikeScope`, an island around both, gives them one shared
//! state.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::likes::api::{SetLike, set_like};
use crate::likes::{LikeState, LikeTarget};
use crate::ui::icons::HeartIcon;
use crate::ui::toast::Toasts;

/// The like state of one post or comment, shared by its button and its count.
#[derive(Clone, Copy)]
pub struct Likes {
    pub target: LikeTarget,
    pub id: i64,
    pub state: RwSignal<LikeState>,
    /// Numbers the requests, so only the answer to the latest click is applied.
    sent: RwSignal<u64>,
    toasts: Toasts,
}

impl Likes {
    pub fn new(target: LikeTarget, id: i64, liked: bool, count: i64) -> Self {
        Self {
            target,
            id,
            state: RwSignal::new(LikeState { liked, count }),
            sent: RwSignal::new(0),
            toasts: Toasts::get(),
        }
    }

    pub fn count(&self) -> Signal<i64> {
        let state = self.state;
        Signal::derive(move || state.get().count)
    }

    /// Likes it unless it is liked already (a double tap never unlikes).
    pub fn like(self) {
        if !self.state.get_untracked().liked {
            self.toggle();
        }
    }

    fn toggle(self) {
        let before = self.state.get_untracked();
        let wanted = !before.liked;
        self.state.set(LikeState {
            liked: wanted,
            count: (before.count + if wanted { 1 } else { -1 }).max(0),
        });
        let request = self.sent.get_untracked() + 1;
        self.sent.set(request);
        leptos::task::spawn_local(async move {
            let answer = set_like(self.target, self.id, wanted).await;
            if self.sent.get_untracked() != request {
                return; // a later click is on its way; its answer decides
            }
            match answer {
                Ok(state) => {
                    self.state.set(state);
                    self.toasts
                        .announce(if state.liked { "Liked" } else { "Like removed" });
                }
                Err(error) => {
                    self.state.set(before);
                    self.toasts.error(error.to_string());
                }
            }
        });
    }
}

/// Shares one post's like state with the islands inside it (its row of actions, its
/// photo).
#[island]
pub fn LikeScope(
    target: LikeTarget,
    id: i64,
    liked: bool,
    count: i64,
    children: Children,
) -> impl IntoView {
    provide_context(Likes::new(target, id, liked, count));
    children()
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
            <a href="/login" class="btn-icon" aria-label="Like">
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
                    if liked() {
                        "btn-icon motion-safe:active:scale-90 text-rose-600 hover:text-rose-500 dark:text-rose-500"
                    } else {
                        "btn-icon motion-safe:active:scale-90"
                    }
                }
            >
                {move || view! { <HeartIcon filled=liked() class=size /> }}
                <span class="sr-only">{move || if liked() { "Unlike" } else { "Like" }}</span>
            </button>
        </form>
    }
    .into_any()
}

/// A post's photo that a double tap (a double click with a mouse) likes, as on
/// Instagram, with a heart that blooms over it. It only ever likes: a second double tap
/// on a liked photo shows the heart again and changes nothing. The post is the one
/// around it (`LikeScope`).
#[island]
pub fn DoubleTapToLike(children: Children) -> impl IntoView {
    let likes = expect_context::<Likes>();
    let bursts = RwSignal::new(0u32);
    let on_double_tap = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        likes.like();
        bursts.update(|count| *count += 1);
    };
    view! {
        // `touch-manipulation`: no double-tap zoom, so phones send the double tap here.
        <div class="relative w-full touch-manipulation select-none" on:dblclick=on_double_tap>
            {children()}
            // Keyed by the count: a new element each time, so the animation starts over.
            <For each=move || (bursts.get() > 0).then(|| bursts.get()) key=|burst| *burst let:_burst>
                <span aria-hidden="true" class="pointer-events-none absolute inset-0 flex items-center justify-center">
                    <HeartIcon filled=true class="size-24 text-white opacity-0 drop-shadow-lg animate-like-burst" />
                </span>
            </For>
        </div>
    }
}
