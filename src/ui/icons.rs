//! SVG icons (no icon font, no extra request). Each drawing is a `<symbol>` of the
//! page's one [`IconSprite`]; an icon is a small `<svg>` that uses it, so a page of many
//! posts repeats a reference of a few bytes, not the paths. How icons are stroked is
//! the stylesheet's `.icon` (the `<use>` passes it on to the drawing). Decorative: the
//! control that holds one carries the accessible name.

use leptos::prelude::*;

/// The drawings, once per page (the shell puts it first in the body): shapes only,
/// stroked and filled as the icon that uses them says.
#[component]
pub fn IconSprite() -> impl IntoView {
    view! {
        <svg class="hidden" aria-hidden="true">
            <symbol id="icon-home" viewBox="0 0 24 24">
                <path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z" />
            </symbol>
            <symbol id="icon-explore" viewBox="0 0 24 24">
                <circle cx="12" cy="12" r="9" />
                <path d="m15.5 8.5-2 5-5 2 2-5z" />
            </symbol>
            <symbol id="icon-search" viewBox="0 0 24 24">
                <circle cx="11" cy="11" r="7" />
                <path d="m20 20-3.5-3.5" />
            </symbol>
            <symbol id="icon-new-post" viewBox="0 0 24 24">
                <rect x="3" y="3" width="18" height="18" rx="5" />
                <path d="M12 8v8M8 12h8" />
            </symbol>
            <symbol id="icon-heart" viewBox="0 0 24 24">
                <path d="M12 20.5s-7.5-4.6-9.3-9.4C1.5 7.6 3.8 4 7.4 4c2 0 3.6 1.1 4.6 2.7C13 5.1 14.6 4 16.6 4c3.6 0 5.9 3.6 4.7 7.1-1.8 4.8-9.3 9.4-9.3 9.4z" />
            </symbol>
            <symbol id="icon-logout" viewBox="0 0 24 24">
                <path d="M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3" />
                <path d="M10 17l-5-5 5-5M5 12h11" />
            </symbol>
            <symbol id="icon-camera" viewBox="0 0 24 24">
                <rect x="3" y="3" width="18" height="18" rx="5.5" />
                <circle cx="12" cy="12" r="4.2" />
                <circle cx="17.3" cy="6.7" r="0.6" fill="currentColor" />
            </symbol>
            <symbol id="icon-settings" viewBox="0 0 24 24">
                <circle cx="12" cy="12" r="3" />
                <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
            </symbol>
            <symbol id="icon-comment" viewBox="0 0 24 24">
                <path d="M20.5 11.5a8.5 8.5 0 0 1-12.3 7.6L3.5 20.5l1.4-4.6A8.5 8.5 0 1 1 20.5 11.5z" />
            </symbol>
            <symbol id="icon-profile" viewBox="0 0 24 24">
                <circle cx="12" cy="8" r="4" />
                <path d="M4 21a8 8 0 0 1 16 0" />
            </symbol>
            <symbol id="icon-grid" viewBox="0 0 24 24">
                <rect x="3" y="3" width="18" height="18" rx="1.5" />
                <path d="M9 3v18M15 3v18M3 9h18M3 15h18" />
            </symbol>
            <symbol id="icon-link" viewBox="0 0 24 24">
                <path d="M10 14a4.5 4.5 0 0 0 6.4 0l3.2-3.2a4.5 4.5 0 0 0-6.4-6.4L12 5.6" />
                <path d="M14 10a4.5 4.5 0 0 0-6.4 0l-3.2 3.2a4.5 4.5 0 0 0 6.4 6.4l1.2-1.2" />
            </symbol>
            <symbol id="icon-bookmark" viewBox="0 0 24 24">
                <path d="M6 3.5h12a.5.5 0 0 1 .5.5v16.6a.3.3 0 0 1-.5.2L12 16l-6 4.8a.3.3 0 0 1-.5-.2V4a.5.5 0 0 1 .5-.5z" />
            </symbol>
            <symbol id="icon-carousel" viewBox="0 0 24 24">
                <rect x="3" y="7" width="14" height="14" rx="2" />
                <path d="M7 7V5a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2h-2" />
            </symbol>
            <symbol id="icon-chevron-left" viewBox="0 0 24 24">
                <path d="m15 18-6-6 6-6" />
            </symbol>
            <symbol id="icon-chevron-right" viewBox="0 0 24 24">
                <path d="m9 18 6-6-6-6" />
            </symbol>
            <symbol id="icon-more" viewBox="0 0 24 24">
                <circle cx="5" cy="12" r="1.3" fill="currentColor" />
                <circle cx="12" cy="12" r="1.3" fill="currentColor" />
                <circle cx="19" cy="12" r="1.3" fill="currentColor" />
            </symbol>
            <symbol id="icon-lock" viewBox="0 0 24 24">
                <rect x="5" y="11" width="14" height="10" rx="2" />
                <path d="M8 11V8a4 4 0 0 1 8 0v3" />
            </symbol>
        </svg>
    }
}

/// One symbol of the sprite (`href`: `#icon-…`) at the size `class` gives; `filled`
/// (the heart when liked, the bookmark when saved) fills it with the text's colour.
#[component]
fn Icon(
    href: &'static str,
    #[prop(default = "size-6")] class: &'static str,
    #[prop(optional)] filled: bool,
) -> impl IntoView {
    view! {
        <svg class=class aria-hidden="true">
            <use href=href class=if filled { "icon icon-filled" } else { "icon" } />
        </svg>
    }
}

#[component]
pub fn HomeIcon() -> impl IntoView {
    view! { <Icon href="#icon-home" /> }
}

#[component]
pub fn ExploreIcon() -> impl IntoView {
    view! { <Icon href="#icon-explore" /> }
}

#[component]
pub fn SearchIcon() -> impl IntoView {
    view! { <Icon href="#icon-search" /> }
}

#[component]
pub fn NewPostIcon() -> impl IntoView {
    view! { <Icon href="#icon-new-post" /> }
}

#[component]
pub fn HeartIcon(
    #[prop(optional)] filled: bool,
    #[prop(default = "size-6")] class: &'static str,
) -> impl IntoView {
    view! { <Icon href="#icon-heart" filled class /> }
}

#[component]
pub fn LogoutIcon() -> impl IntoView {
    view! { <Icon href="#icon-logout" /> }
}

#[component]
pub fn CameraLogo(#[prop(default = "size-7")] class: &'static str) -> impl IntoView {
    view! { <Icon href="#icon-camera" class /> }
}

#[component]
pub fn SettingsIcon() -> impl IntoView {
    view! { <Icon href="#icon-settings" /> }
}

#[component]
pub fn CommentIcon() -> impl IntoView {
    view! { <Icon href="#icon-comment" /> }
}

#[component]
pub fn ProfileIcon() -> impl IntoView {
    view! { <Icon href="#icon-profile" /> }
}

#[component]
pub fn GridIcon() -> impl IntoView {
    view! { <Icon href="#icon-grid" class="size-4" /> }
}

#[component]
pub fn LinkIcon() -> impl IntoView {
    view! { <Icon href="#icon-link" /> }
}

#[component]
pub fn BookmarkIcon(
    #[prop(optional)] filled: bool,
    #[prop(default = "size-6")] class: &'static str,
) -> impl IntoView {
    view! { <Icon href="#icon-bookmark" filled class /> }
}

/// Several photos: marks a carousel in a grid.
#[component]
pub fn CarouselIcon(#[prop(default = "size-6")] class: &'static str) -> impl IntoView {
    view! { <Icon href="#icon-carousel" class /> }
}

#[component]
pub fn ChevronLeftIcon(#[prop(default = "size-5")] class: &'static str) -> impl IntoView {
    view! { <Icon href="#icon-chevron-left" class /> }
}

#[component]
pub fn ChevronRightIcon(#[prop(default = "size-5")] class: &'static str) -> impl IntoView {
    view! { <Icon href="#icon-chevron-right" class /> }
}

/// Three dots: "More options".
#[component]
pub fn MoreIcon() -> impl IntoView {
    view! { <Icon href="#icon-more" /> }
}

/// A padlock: a private account.
#[component]
pub fn LockIcon() -> impl IntoView {
    view! { <Icon href="#icon-lock" /> }
}
