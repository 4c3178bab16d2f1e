//! A grid of square photos (profiles, Explore, tags), each linking to its post, with
//! its counts on hover or focus, and more rows as the end comes into view.

use leptos::prelude::*;

use crate::ids::PostId;
use crate::pagination::Page;
use crate::posts::GridPost;
use crate::ui::count::compact;
use crate::ui::icons::{CarouselIcon, CommentIcon, HeartIcon};
use crate::ui::load_more::LoadMorePages;

/// A page of posts as a grid, and the way to the next page.
#[component]
pub fn PostGrid(page: Page<GridPost>) -> impl IntoView {
    // The first row is on screen at once: loaded eagerly, the rest as they come near.
    let first_row: Vec<PostId> = page.items.iter().take(3).map(|post| post.id).collect();
    let tiles = page
        .items
        .into_iter()
        .map(|post| {
            let eager = first_row.contains(&post.id);
            view! { <li><GridTile eager post /></li> }
        })
        .collect_view();
    view! {
        <ul id="post-grid" class="grid grid-cols-3 gap-1">{tiles}</ul>
        <LoadMorePages list="post-grid".to_owned() next=page.next />
    }
}

/// One square of a profile grid; the counts show on hover.
#[component]
pub fn GridTile(
    post: GridPost,
    /// On screen from the start (the first row): not lazy, fetched first.
    #[prop(optional)]
    eager: bool,
) -> impl IntoView {
    let GridPost {
        id,
        cover: picture,
        photo_count,
        like_count,
        comment_count,
        ..
    } = post;
    let several = photo_count > 1;
    let style = format!(
        "background-image: url('{}'); background-size: cover;",
        picture.placeholder
    );
    view! {
        <a href=format!("/p/{id}") class="group relative block aspect-square overflow-hidden bg-neutral-200 dark:bg-neutral-800" style=style>
            <img
                src=picture.url.clone()
                srcset=picture.srcset()
                sizes="(min-width: 1024px) 320px, 33vw"
                alt=picture.alt.clone()
                loading=if eager { "eager" } else { "lazy" }
                fetchpriority=eager.then_some("high")
                decoding="async"
                class="h-full w-full object-cover"
            />
            {several.then(|| view! {
                <span class="absolute right-2 top-2 text-white drop-shadow">
                    <CarouselIcon class="size-5" />
                    <span class="sr-only">"Several photos"</span>
                </span>
            })}
            <span aria-hidden="true" class="absolute inset-0 hidden items-center justify-center gap-6 bg-black/40 font-semibold text-white group-hover:flex group-focus-visible:flex">
                <span class="flex items-center gap-1"><HeartIcon filled=true class="size-5" />{compact(like_count)}</span>
                <span class="flex items-center gap-1"><CommentIcon />{compact(comment_count)}</span>
            </span>
        </a>
    }
}
