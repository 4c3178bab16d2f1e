//! "N likes" under a post: a link to the people who liked it (`/p/:id/likes`, which
//! works without JavaScript); with it, they open in a dialog over the page, each with
//! a Follow button; the keyboard stays inside it (as in `ui::dialog`), and Escape,
//! "Close" or a click beside it closes it.

use leptos::prelude::*;

use crate::ids::PostId;
use crate::likes::button::Likes;
use crate::likes::likes_text;
use crate::profiles::PersonView;
use crate::profiles::api::post_likers;
use crate::profiles::pages::PersonRow;
use crate::ui::load_more::LoadMore;
use crate::ui::toast::Toasts;

/// The count of a post's `likes`.
#[component]
pub fn LikesLink(likes: Likes, post_id: PostId, signed_in: bool) -> impl IntoView {
    let count = likes.count();
    let open = RwSignal::new(false);
    let people = RwSignal::new(Vec::<PersonView>::new());
    let next = RwSignal::new(None::<String>);
    let close_button = NodeRef::<leptos::html::Button>::new();
    let dialog = NodeRef::<leptos::html::Div>::new();
    let toasts = Toasts::get();
    let on_click = move |event: leptos::ev::MouseEvent| {
        // A new tab, a modified click: the page, as the browser would.
        if event.ctrl_key() || event.meta_key() || event.shift_key() || event.button() != 0 {
            return;
        }
        event.prevent_default();
        open.set(true);
        leptos::task::spawn_local(async move {
            match post_likers(post_id, None).await {
                Ok(page) => {
                    people.set(page.items);
                    next.set(page.next);
                }
                Err(error) => {
                    open.set(false);
                    toasts.error(error.to_string());
                }
            }
        });
    };
    Effect::new(move |_| {
        if open.get()
            && let Some(button) = close_button.get()
        {
            let _ = button.focus();
        }
    });
    let close = move || {
        open.set(false);
        people.set(Vec::new());
    };
    let title_id = format!("likes-title-{post_id}");
    view! {
        {move || {
            let count = count.get();
            if count == 0 {
                view! { <p class="text-sm font-semibold">{likes_text(count)}</p> }.into_any()
            } else {
                view! {
                    <a href=format!("/p/{post_id}/likes") on:click=on_click class="self-start text-sm font-semibold hover:underline">
                        {likes_text(count)}
                    </a>
                }
                .into_any()
            }
        }}
        <Show when=move || open.get()>
            <div
                class="fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4"
                on:click=move |event| {
                    if event.target() == event.current_target() {
                        close();
                    }
                }
                on:keydown=move |event| match event.key().as_str() {
                    "Escape" => {
                        event.prevent_default();
                        close();
                    }
                    "Tab" => {
                        #[cfg(feature = "hydrate")]
                        crate::ui::dialog::keep_focus_inside(dialog, &event);
                    }
                    _ => {}
                }
            >
                <div node_ref=dialog role="dialog" aria-modal="true" aria-labelledby=title_id.clone() class="card flex max-h-[80vh] w-full max-w-sm flex-col overflow-hidden shadow-xl">
                    <header class="flex items-center justify-between border-b border-neutral-200 px-4 py-3 dark:border-neutral-800">
                        <h2 id=title_id.clone() class="font-semibold">"Likes"</h2>
                        <button type="button" node_ref=close_button class="btn-text" on:click=move |_| close()>"Close"</button>
                    </header>
                    <ul class="flex flex-col divide-y divide-neutral-200 overflow-y-auto dark:divide-neutral-800">
                        <For each=move || people.get() key=|person| person.username.clone() let:person>
                            <li class="px-4 py-3"><PersonRow person signed_in /></li>
                        </For>
                    </ul>
                    <LoadMore items=people next fetch=move |cursor| post_likers(post_id, Some(cursor)) />
                </div>
            </div>
        </Show>
    }
}
