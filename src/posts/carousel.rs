//! A post's photos. One photo is a picture; several are a carousel: one photo at a
//! time, "Previous photo" / "Next photo", the arrow keys, a swipe on touch screens,
//! "Photo N of M" and dots. Every photo takes the first one's box, so the page never
//! jumps between them. Without scripts (`@media (scripting: none)` in the stylesheet)
//! the photos stack and the controls, which could not work, are hidden.

use leptos::prelude::*;

use crate::posts::PostPhoto;
use crate::ui::icons::{ChevronLeftIcon, ChevronRightIcon};
use crate::ui::picture::Picture;

/// How far a finger must travel sideways, in CSS pixels, to turn the photo.
const SWIPE_DISTANCE: f64 = 40.0;

/// "Photo 2 of 3".
pub fn position_text(index: usize, count: usize) -> String {
    format!("Photo {} of {count}", index + 1)
}

#[component]
pub fn PostPhotos(
    photos: Vec<PostPhoto>,
    /// The `sizes` attribute: how wide the photos are shown.
    sizes: &'static str,
    /// The first photo is the page's largest paint.
    #[prop(optional)]
    eager: bool,
) -> impl IntoView {
    let count = photos.len();
    if count == 1 {
        let picture = photos.into_iter().next().map(|photo| photo.picture);
        return picture
            .map(|picture| view! { <Picture picture sizes eager /> })
            .into_any();
    }
    let frame = (photos[0].picture.width, photos[0].picture.height);
    let slides = photos
        .into_iter()
        .enumerate()
        .map(|(index, photo)| {
            view! {
                <li class="carousel-slide">
                    <Picture picture=photo.picture sizes eager=eager && index == 0 frame />
                </li>
            }
        })
        .collect_view();
    // The list is the server's, inside the island's track: a list's items must be its
    // own children, and the island's wrapper around what it is given is not an item.
    view! {
        <Carousel count>
            <ul role="list" class="contents">{slides}</ul>
        </Carousel>
    }
    .into_any()
}

/// The carousel's controls around its slides (the server's list of them), and the track
/// that moves them.
#[island]
fn Carousel(count: usize, children: Children) -> impl IntoView {
    let current = RwSignal::new(0usize);
    let region = NodeRef::<leptos::html::Div>::new();
    let go_to = move |index: usize| {
        let index = index.min(count - 1);
        current.set(index);
        // A button that disappears (at either end) would drop the focus to the page.
        if (index == 0 || index == count - 1)
            && let Some(region) = region.get_untracked()
        {
            let _ = region.focus();
        }
    };
    let previous = move || go_to(current.get_untracked().saturating_sub(1));
    let next = move || go_to(current.get_untracked() + 1);
    let on_key = move |event: leptos::ev::KeyboardEvent| match event.key().as_str() {
        "ArrowLeft" => {
            event.prevent_default();
            previous();
        }
        "ArrowRight" => {
            event.prevent_default();
            next();
        }
        _ => {}
    };
    let touch_start = StoredValue::new(None::<f64>);
    // Where a touch began, and which way it went: a swipe.
    let touch_x = |event: &leptos::ev::TouchEvent| -> Option<f64> {
        #[cfg(feature = "hydrate")]
        return event
            .changed_touches()
            .get(0)
            .map(|touch| touch.client_x() as f64);
        #[cfg(not(feature = "hydrate"))]
        return {
            let _ = event;
            None
        };
    };
    let on_touch_start = move |event: leptos::ev::TouchEvent| {
        touch_start.set_value(touch_x(&event));
    };
    let on_touch_end = move |event: leptos::ev::TouchEvent| {
        if let (Some(start), Some(end)) = (touch_start.get_value(), touch_x(&event)) {
            if end - start <= -SWIPE_DISTANCE {
                next();
            } else if end - start >= SWIPE_DISTANCE {
                previous();
            }
        }
        touch_start.set_value(None);
    };
    let dots = (0..count)
        .map(|index| {
            view! {
                <span class=move || {
                    if current.get() == index { "size-1.5 rounded-full bg-sky-500" } else { "size-1.5 rounded-full bg-white/70" }
                } />
            }
        })
        .collect_view();
    view! {
        <div
            node_ref=region
            role="group"
            aria-roledescription="carousel"
            aria-label="Photos"
            tabindex="-1"
            class="relative overflow-hidden focus:outline-none"
            on:keydown=on_key
            on:touchstart=on_touch_start
            on:touchend=on_touch_end
        >
            <div
                class="carousel-track"
                style=move || format!("transform: translateX(-{}%)", current.get() * 100)
            >
                {children()}
            </div>
            <div class="carousel-controls">
                <p aria-live="polite" class="absolute right-3 top-3 rounded-full bg-black/60 px-2.5 py-1 text-xs font-semibold text-white">
                    {move || position_text(current.get(), count)}
                </p>
                // A double tap on the photo likes it; two quick taps on a button do not.
                <button
                    type="button"
                    aria-label="Previous photo"
                    class=move || carousel_button("left-2", current.get() > 0)
                    on:click=move |_| previous()
                    on:dblclick=|event| event.stop_propagation()
                >
                    <ChevronLeftIcon />
                </button>
                <button
                    type="button"
                    aria-label="Next photo"
                    class=move || carousel_button("right-2", current.get() + 1 < count)
                    on:click=move |_| next()
                    on:dblclick=|event| event.stop_propagation()
                >
                    <ChevronRightIcon />
                </button>
                <div aria-hidden="true" class="absolute inset-x-0 bottom-3 flex justify-center gap-1.5">
                    {dots}
                </div>
            </div>
        </div>
    }
}

/// A round arrow over the photo's edge, gone at the end it points to.
fn carousel_button(side: &str, shown: bool) -> String {
    let visibility = if shown { "" } else { "invisible" };
    format!(
        "absolute {side} top-1/2 flex size-8 -translate-y-1/2 items-center justify-center rounded-full bg-white/85 text-neutral-900 shadow transition hover:bg-white focus-visible:outline-2 focus-visible:outline-sky-500 {visibility}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_from_one() {
        assert_eq!(position_text(0, 3), "Photo 1 of 3");
        assert_eq!(position_text(2, 3), "Photo 3 of 3");
    }
}
