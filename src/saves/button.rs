//! The bookmark: "Save" / "Remove from saved", `aria-pressed` telling which. With
//! JavaScript it flips at once and then takes the server's answer (a live region says
//! what happened; a refusal flips it back with a toast). Without JavaScript it is a
//! plain form post that comes back to the same page.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::ids::PostId;
use crate::saves::api::{SetSaved, set_saved};
use crate::ui::icons::BookmarkIcon;
use crate::ui::toast::Toasts;

#[component]
pub fn SaveButton(post_id: PostId, saved: bool, signed_in: bool) -> impl IntoView {
    if !signed_in {
        return view! {
            <a href="/login" class="btn-icon" aria-label="Save">
                <BookmarkIcon />
            </a>
        }
        .into_any();
    }
    let saved = RwSignal::new(saved);
    // Numbers the requests, so only the answer to the latest click is applied.
    let sent = RwSignal::new(0u64);
    let toasts = Toasts::get();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let before = saved.get_untracked();
        saved.set(!before);
        let request = sent.get_untracked() + 1;
        sent.set(request);
        leptos::task::spawn_local(async move {
            let answer = set_saved(post_id, !before).await;
            if sent.get_untracked() != request {
                return;
            }
            match answer {
                Ok(now) => {
                    saved.set(now);
                    toasts.announce(if now { "Saved" } else { "Removed from saved" });
                }
                Err(error) => {
                    saved.set(before);
                    toasts.error(error.to_string());
                }
            }
        });
    };
    view! {
        <form method="post" action=SetSaved::PATH on:submit=on_submit class="inline-flex">
            <input type="hidden" name="post_id" value=post_id.to_string() />
            <input type="hidden" name="saved" value=move || (!saved.get()).to_string() />
            <button
                type="submit"
                aria-pressed=move || saved.get().to_string()
                class="btn-icon motion-safe:active:scale-90"
            >
                {move || view! { <BookmarkIcon filled=saved.get() /> }}
                <span class="sr-only">{move || if saved.get() { "Remove from saved" } else { "Save" }}</span>
            </button>
        </form>
    }
    .into_any()
}
