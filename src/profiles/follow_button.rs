//! "Follow" / "Unfollow". With JavaScript it switches at once and takes the server's
//! answer (switching back, with the reason in a toast, if refused); without, a form
//! post that returns to the same page. Visitors get a link to log in first.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::profiles::api::{AnswerFollowRequest, SetFollow, answer_follow_request, set_follow};
use crate::ui::count::compact;
use crate::ui::toast::Toasts;

/// A profile's follower count, shared by the Follow button and the count in its header
/// (`FollowersScope` around both).
#[derive(Clone, Copy)]
pub struct Followers(pub RwSignal<i64>);

/// Gives the islands inside it the profile's follower count.
#[island]
pub fn FollowersScope(count: i64, children: Children) -> impl IntoView {
    provide_context(Followers(RwSignal::new(count)));
    children()
}

/// The follower count of the profile around it (`FollowersScope`), kept in step
/// with its Follow button.
#[island]
pub fn FollowerCount() -> impl IntoView {
    let Followers(count) = expect_context();
    view! {
        <span class="font-semibold">{move || compact(count.get())}</span>
        {move || if count.get() == 1 { " follower" } else { " followers" }}
    }
}

#[island]
pub fn FollowButton(
    username: String,
    following: bool,
    signed_in: bool,
    /// "Follow back" instead of "Follow" (they follow me).
    follow_back: bool,
    /// A private account: "Follow" asks, and shows "Requested" until answered.
    private: bool,
    /// I asked already.
    requested: bool,
) -> impl IntoView {
    let follow_label = if follow_back { "Follow back" } else { "Follow" };
    // The follower count beside the button, kept in step on a profile.
    let followers = use_context::<Followers>().map(|Followers(count)| count);
    if !signed_in {
        return view! {
            <a href=format!("/login?next=/{username}") class="btn-primary">"Follow"</a>
        }
        .into_any();
    }
    let following = RwSignal::new(following);
    let requested = RwSignal::new(requested);
    let sent = RwSignal::new(0u64);
    let toasts = Toasts::get();
    let target = StoredValue::new(username.clone());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let before = following.get_untracked();
        let before_requested = requested.get_untracked();
        let before_count = followers.map(|count| count.get_untracked());
        // "Unfollow" and "Requested" both undo; "Follow" follows, or asks.
        let wanted = !(before || before_requested);
        if wanted && private {
            requested.set(true);
        } else {
            following.set(wanted);
            requested.set(false);
            if let Some(count) = followers
                && (wanted || before)
            {
                count.update(|count| *count = (*count + if wanted { 1 } else { -1 }).max(0));
            }
        }
        let request = sent.get_untracked() + 1;
        sent.set(request);
        leptos::task::spawn_local(async move {
            let answer = set_follow(target.get_value(), wanted).await;
            if sent.get_untracked() != request {
                return;
            }
            match answer {
                Ok(state) => {
                    following.set(state.following);
                    requested.set(state.requested);
                    let name = target.get_value();
                    toasts.announce(match (state.following, state.requested, wanted) {
                        (true, _, _) => format!("Following {name}"),
                        (_, true, _) => format!("Asked to follow {name}"),
                        (_, _, true) => format!("Could not follow {name}"),
                        _ if before_requested => format!("Request to follow {name} withdrawn"),
                        _ => format!("Unfollowed {name}"),
                    });
                    if let Some(count) = followers {
                        count.set(state.followers);
                    }
                }
                Err(failure) => {
                    following.set(before);
                    requested.set(before_requested);
                    if let (Some(count), Some(before)) = (followers, before_count) {
                        count.set(before);
                    }
                    toasts.error(failure.to_string());
                }
            }
        });
    };
    view! {
        <form method="post" action=SetFollow::PATH on:submit=on_submit class="inline-flex flex-col gap-1">
            <input type="hidden" name="username" value=username />
            <input type="hidden" name="follow" value=move || (!(following.get() || requested.get())).to_string() />
            <button
                type="submit"
                class=move || if following.get() || requested.get() { "btn-secondary" } else { "btn-primary" }
            >
                {move || match (following.get(), requested.get()) {
                    (true, _) => "Unfollow",
                    (_, true) => "Requested",
                    _ => follow_label,
                }}
            </button>
        </form>
    }
    .into_any()
}

/// "Confirm" / "Delete" for someone's request to follow my private account. With
/// JavaScript the answer replaces the buttons; without, each is a form post back to the
/// notifications (where the request is then gone).
#[island(lazy)]
pub fn FollowRequestAnswer(username: String) -> impl IntoView {
    let answered = RwSignal::new(None::<bool>);
    let pending = RwSignal::new(false);
    let toasts = Toasts::get();
    let name = StoredValue::new(username.clone());
    let answer = move |event: leptos::ev::SubmitEvent, accept: bool| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            let username = name.get_value();
            match answer_follow_request(username.clone(), accept).await {
                Ok(()) => {
                    answered.set(Some(accept));
                    toasts.announce(if accept {
                        format!("{username} follows you now")
                    } else {
                        format!("Request from {username} deleted")
                    });
                }
                Err(error) => toasts.error(error.to_string()),
            }
            pending.set(false);
        });
    };
    view! {
        <Show
            when=move || answered.get().is_none()
            fallback=move || view! {
                <span class="muted shrink-0 text-sm">
                    {move || if answered.get() == Some(true) { "Confirmed" } else { "Deleted" }}
                </span>
            }
        >
            <div class="flex shrink-0 gap-2">
                <form method="post" action=AnswerFollowRequest::PATH on:submit=move |event| answer(event, true)>
                    <input type="hidden" name="username" value=name.get_value() />
                    <input type="hidden" name="accept" value="true" />
                    <button type="submit" class="btn-primary" disabled=move || pending.get()>"Confirm"</button>
                </form>
                <form method="post" action=AnswerFollowRequest::PATH on:submit=move |event| answer(event, false)>
                    <input type="hidden" name="username" value=name.get_value() />
                    <input type="hidden" name="accept" value="false" />
                    <button type="submit" class="btn-secondary" disabled=move || pending.get()>"Delete"</button>
                </form>
            </div>
        </Show>
    }
}
