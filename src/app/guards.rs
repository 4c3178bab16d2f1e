//! Pages for members only send visitors to `/login?next=…` (a real 302: the page is
//! rendered on the server, who it is for known before it starts); pages for visitors
//! only send members home.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::auth::signed_in;

#[component]
pub fn MembersOnly(children: Children) -> impl IntoView {
    if signed_in() {
        return children().into_any();
    }
    let location = use_location();
    let here = format!(
        "{}{}",
        location.pathname.get_untracked(),
        location
            .search
            .get_untracked()
            .trim()
            .strip_prefix('?')
            .map(|q| format!("?{q}"))
            .unwrap_or_default()
    );
    let path = format!("/login?next={}", crate::ui::form::encode_query_value(&here));
    view! { <Redirect path /> }.into_any()
}

#[component]
pub fn VisitorsOnly(children: Children) -> impl IntoView {
    if signed_in() {
        view! { <Redirect path="/" /> }.into_any()
    } else {
        children().into_any()
    }
}
