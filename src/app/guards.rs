//! Pages for members only send visitors to `/login?next=…` (a real 302 when rendered on
//! the server: the current user is a blocking resource); pages for visitors only send
//! members home.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::auth::CurrentUserResource;

#[component]
pub fn MembersOnly(children: ChildrenFn) -> impl IntoView {
    let user = expect_context::<CurrentUserResource>();
    let location = use_location();
    let children = StoredValue::new(children);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(_)) => children.with_value(|children| children()).into_any(),
                    _ => {
                        let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked().trim().strip_prefix('?').map(|q| format!("?{q}")).unwrap_or_default());
                        view! { <Redirect path=format!("/login?next={}", crate::ui::form::encode_query_value(&here)) /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn VisitorsOnly(children: ChildrenFn) -> impl IntoView {
    let user = expect_context::<CurrentUserResource>();
    let children = StoredValue::new(children);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(_)) => view! { <Redirect path="/" /> }.into_any(),
                    _ => children.with_value(|children| children()).into_any(),
                }
            })}
        </Suspense>
    }
}
