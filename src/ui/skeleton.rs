//! Grey shapes of what is coming, shown while a page's data loads (after a click in the
//! browser; the server sends pages whole). They pulse unless the person asked for less
//! motion, and say "Loading…" to screen readers.

use leptos::prelude::*;

/// The region every skeleton sits in.
#[component]
fn Loading(#[prop(optional)] class: &'static str, children: Children) -> impl IntoView {
    view! {
        <div role="status" class=class>
            <span class="sr-only">"Loading…"</span>
            <div aria-hidden="true" class="contents">{children()}</div>
        </div>
    }
}

/// Feed cards: a header, a square photo, two lines.
#[component]
pub fn FeedSkeleton() -> impl IntoView {
    view! {
        <Loading class="mx-auto flex max-w-[470px] flex-col gap-6">
            {(0..2).map(|_| view! {
                <div class="flex flex-col gap-3 sm:rounded-2xl sm:border sm:border-neutral-200 sm:bg-white sm:p-4 dark:sm:border-neutral-800 dark:sm:bg-neutral-900">
                    <div class="flex items-center gap-3">
                        <div class="skeleton size-8 rounded-full"></div>
                        <div class="skeleton h-3 w-32"></div>
                    </div>
                    <div class="skeleton aspect-square w-full rounded-none sm:rounded-md"></div>
                    <div class="skeleton h-3 w-24"></div>
                    <div class="skeleton h-3 w-3/4"></div>
                </div>
            }).collect_view()}
        </Loading>
    }
}

/// A grid of square photos (Explore, tags), three rows.
#[component]
pub fn GridSkeleton() -> impl IntoView {
    view! {
        <Loading class="grid grid-cols-3 gap-1">
            {(0..9).map(|_| view! { <div class="skeleton aspect-square rounded-none"></div> }).collect_view()}
        </Loading>
    }
}

/// A profile: the header of picture and counts, then the grid.
#[component]
pub fn ProfileSkeleton() -> impl IntoView {
    view! {
        <Loading class="flex flex-col gap-8">
            <div class="flex items-center gap-6 md:gap-16 md:px-10">
                <div class="skeleton size-20 shrink-0 rounded-full md:size-36"></div>
                <div class="flex flex-1 flex-col gap-3">
                    <div class="skeleton h-5 w-40"></div>
                    <div class="skeleton h-3 w-56"></div>
                    <div class="skeleton h-3 w-32"></div>
                </div>
            </div>
            <div class="grid grid-cols-3 gap-1">
                {(0..6).map(|_| view! { <div class="skeleton aspect-square rounded-none"></div> }).collect_view()}
            </div>
        </Loading>
    }
}

/// One post: the photo beside its comments on wide screens, above them on phones.
#[component]
pub fn PostSkeleton() -> impl IntoView {
    view! {
        <Loading class="card mx-auto grid max-w-5xl overflow-hidden md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <div class="skeleton aspect-square rounded-none"></div>
            <div class="flex flex-col gap-4 p-4">
                <div class="flex items-center gap-3">
                    <div class="skeleton size-8 rounded-full"></div>
                    <div class="skeleton h-3 w-32"></div>
                </div>
                {(0..3).map(|_| view! {
                    <div class="flex items-center gap-3">
                        <div class="skeleton size-8 rounded-full"></div>
                        <div class="skeleton h-3 flex-1"></div>
                    </div>
                }).collect_view()}
            </div>
        </Loading>
    }
}

/// Rows of a picture and two lines: people, notifications, search results, settings.
#[component]
pub fn ListSkeleton(#[prop(default = 5)] rows: usize) -> impl IntoView {
    view! {
        <Loading class="flex flex-col gap-4">
            {(0..rows).map(|_| view! {
                <div class="flex items-center gap-3">
                    <div class="skeleton size-11 shrink-0 rounded-full"></div>
                    <div class="flex flex-1 flex-col gap-2">
                        <div class="skeleton h-3 w-1/3"></div>
                        <div class="skeleton h-3 w-1/2"></div>
                    </div>
                </div>
            }).collect_view()}
        </Loading>
    }
}
