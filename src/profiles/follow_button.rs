//! "Follow" / "Unfollow". With JavaScript it switches at once and takes the server's
//! answer (switching back, with the reason in a toast, if refused); without, a form
//! post that returns to the same page. Visitors get a link to log in first.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::profiles::api::{SetFollow, set_follow};
use crate::ui::toast::Toasts;

#[component]
pub fn FollowButton(
    #[prop(into)] username: String,
    following: bool,
    signed_in: bool,
    /// The follower count shown beside the button, kept in step when there is one.
    #[prop(optional)]
    followers: Option<RwSignal<i64>>,
    #[prop(optional)] wide: bool,
    /// What "Follow" says ("Follow back" when they follow me).
    #[prop(default = "Follow")]
    follow_label: &'static str,
) -> impl IntoView {
    let width = if wide { "w-full justify-center" } else { "" };
    if !signed_in {
        return view! {
            <a href=format!("/login?next=/{username}") class=format!("btn-primary {width}")>"Follow"</a>
        }
        .into_any();
    }
    let following = RwSignal::new(following);
    let sent = RwSignal::new(0u64);
    let toasts = Toasts::get();
    let target = StoredValue::new(username.clone());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let before = following.get_untracked();
        let before_count = followers.map(|count| count.get_untracked());
        let wanted = !before;
        following.set(wanted);
        if let Some(count) = followers {
            count.update(|count| *count = (*count + if wanted { 1 } else { -1 }).max(0));
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
                    let name = target.get_value();
                    toasts.announce(if state.following {
                        format!("Following {name}")
                    } else {
                        format!("Unfollowed {name}")
                    });
                    if let Some(count) = followers {
                        count.set(state.followers);
                    }
                }
                Err(failure) => {
                    following.set(before);
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
            <input type="hidden" name="follow" value=move || (!following.get()).to_string() />
            <button
                type="submit"
                class=move || format!("{} {width}", if following.get() { "btn-secondary" } else { "btn-primary" })
            >
                {move || if following.get() { "Unfollow" } else { follow_label }}
            </button>
        </form>
    }
    .into_any()
}
