//! Images that never make the page jump: the box is sized from the stored dimensions
//! before the image arrives, and holds the blurred placeholder meanwhile.

use leptos::prelude::*;

use crate::media::PictureData;

#[component]
pub fn Picture(
    picture: PictureData,
    /// The `sizes` attribute: how wide the image is shown.
    #[prop(default = "(min-width: 768px) 600px, 100vw")]
    sizes: &'static str,
    /// Eager for the first image of a page (it is the largest paint), lazy otherwise.
    #[prop(optional)]
    eager: bool,
    /// The box's width and height when it is not the image's own (a carousel's photos
    /// all take the first one's): the image is then fitted inside it, uncropped.
    #[prop(optional)]
    frame: Option<(u32, u32)>,
) -> impl IntoView {
    let (box_width, box_height) = frame.unwrap_or((picture.width, picture.height));
    let fit = if frame.is_some_and(|frame| frame != (picture.width, picture.height)) {
        "object-contain"
    } else {
        "object-cover"
    };
    let style = format!(
        "aspect-ratio: {box_width} / {box_height}; background-image: url('{}'); background-size: cover;",
        picture.placeholder
    );
    view! {
        <div class="relative w-full overflow-hidden bg-neutral-200 dark:bg-neutral-800" style=style>
            <img
                src=picture.url.clone()
                srcset=picture.srcset()
                sizes=sizes
                alt=picture.alt.clone()
                width=picture.width
                height=picture.height
                loading=if eager { "eager" } else { "lazy" }
                fetchpriority=eager.then_some("high")
                decoding="async"
                class=format!("absolute inset-0 h-full w-full {fit}")
            />
        </div>
    }
}
