//! A person's picture, or their initial on a colour of their own when they have none.

use leptos::prelude::*;

#[component]
pub fn Avatar(
    #[prop(into)] username: String,
    #[prop(into)] url: Option<String>,
    #[prop(default = "size-8")] size: &'static str,
) -> impl IntoView {
    match url {
        Some(url) => view! {
            <img src=url alt="" class=format!("{size} shrink-0 rounded-full object-cover") />
        }
        .into_any(),
        None => {
            // A stable hue per name, so a person keeps their colour.
            let hue = username
                .bytes()
                .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
                % 360;
            let initial = username
                .chars()
                .next()
                .unwrap_or('?')
                .to_uppercase()
                .to_string();
            view! {
                <span
                    aria-hidden="true"
                    class=format!("{size} inline-flex shrink-0 items-center justify-center rounded-full text-sm font-semibold text-white")
                    style=format!("background-color: hsl({hue} 55% 42%)")
                >
                    {initial}
                </span>
            }
            .into_any()
        }
    }
}
