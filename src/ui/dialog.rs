//! The confirmation dialog asked before anything that cannot be undone.
//!
//! It is part of the page (opened by a link or a GET form that adds `?confirm=…`), so it
//! works without JavaScript; with it, focus moves into the dialog and stays there,
//! and Escape or a click beside it cancels.

use leptos::prelude::*;

#[island(lazy)]
pub fn ConfirmDialog(
    /// The question, e.g. "Delete this post?".
    #[prop(into)]
    title: String,
    /// What happens if they say yes.
    #[prop(into)]
    message: String,
    /// Where "Cancel" leads: the page without the dialog.
    #[prop(into)]
    cancel_href: String,
    /// The form whose button confirms.
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Div>::new();
    let cancel = StoredValue::new(cancel_href.clone());

    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(first) = dialog
            .get()
            .and_then(|dialog| focusable(&dialog).into_iter().next())
        {
            let _ = first.focus();
        }
    });

    let on_keydown = move |event: leptos::ev::KeyboardEvent| match event.key().as_str() {
        "Escape" => {
            event.prevent_default();
            crate::ui::address::go_to(&cancel.get_value());
        }
        "Tab" => {
            #[cfg(feature = "hydrate")]
            keep_focus_inside(dialog, &event);
        }
        _ => {}
    };
    let on_backdrop = move |event: leptos::ev::MouseEvent| {
        // Only a click on the backdrop itself, not one that bubbled up from the dialog.
        if event.target() == event.current_target() {
            crate::ui::address::go_to(&cancel.get_value());
        }
    };
    view! {
        <div
            class="fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4"
            on:keydown=on_keydown
            on:click=on_backdrop
        >
            <div
                node_ref=dialog
                role="alertdialog"
                aria-modal="true"
                aria-labelledby="confirm-title"
                aria-describedby="confirm-message"
                class="card w-full max-w-sm p-6 text-center shadow-xl"
            >
                <h2 id="confirm-title" class="text-lg font-semibold">{title}</h2>
                <p id="confirm-message" class="muted mt-2 text-sm">{message}</p>
                <div class="mt-6 flex flex-col gap-2 [&_button]:w-full">
                    {children()}
                    <a href=cancel_href class="btn-secondary">"Cancel"</a>
                </div>
            </div>
        </div>
    }
}

/// The dialog's buttons and links, in tab order.
#[cfg(feature = "hydrate")]
fn focusable(dialog: &web_sys::HtmlDivElement) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Ok(nodes) = dialog
        .query_selector_all("button:not([disabled]), a[href], textarea, input:not([type=hidden])")
    else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|index| nodes.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Tab from the last control goes to the first, Shift+Tab from the first to the last:
/// a modal dialog keeps the keyboard inside it.
#[cfg(feature = "hydrate")]
pub fn keep_focus_inside(dialog: NodeRef<leptos::html::Div>, event: &leptos::ev::KeyboardEvent) {
    let Some(dialog) = dialog.get_untracked() else {
        return;
    };
    let controls = focusable(&dialog);
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return;
    };
    let active = document().active_element();
    let at =
        |control: &web_sys::HtmlElement| active.as_ref().is_some_and(|active| *active == **control);
    if event.shift_key() && at(first) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && at(last) {
        event.prevent_default();
        let _ = first.focus();
    }
}
