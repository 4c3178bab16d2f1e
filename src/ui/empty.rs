//! What a list says when it has nothing in it yet: an icon in a ring, a title, a line
//! of what to do about it.

use leptos::prelude::*;

#[component]
pub fn EmptyState(
    /// The icon in the ring.
    #[prop(into)]
    icon: ViewFn,
    #[prop(into)] title: String,
    /// The explanation, and the way out (a link) if there is one.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="mx-auto flex max-w-sm flex-col items-center gap-3 py-12 text-center">
            <span class="flex size-16 items-center justify-center rounded-full border-2 border-current [&_svg]:size-8">
                {icon.run()}
            </span>
            <h2 class="text-xl font-bold">{title}</h2>
            <div class="muted text-sm">{children()}</div>
        </div>
    }
}
