//! The frame around every page. Members get Instagram's layout: a navigation rail on the
//! left on wide screens, a top bar and a tab bar at the bottom on phones. Visitors get a
//! slim top bar with "Log in" and "Sign up".

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::auth::pages::{ConfirmEmailBanner, LogoutButton};
use crate::auth::{CurrentUser, viewer};
use crate::ui::avatar::Avatar;
use crate::ui::icons::{
    CameraLogo, ExploreIcon, HeartIcon, HomeIcon, NewPostIcon, SearchIcon, SettingsIcon,
};
use crate::ui::toast::Toaster;

/// The notice the form that led here left (none in the browser, which never renders
/// the frame).
fn page_notice() -> Option<String> {
    #[cfg(feature = "ssr")]
    return crate::auth::flash::page_notice();
    #[cfg(not(feature = "ssr"))]
    None
}

/// One destination of the navigation. The label is its accessible name everywhere; on
/// narrow rails it is visually hidden and the icon shows.
#[component]
fn NavLink(href: String, label: &'static str, children: Children) -> impl IntoView {
    let location = use_location();
    let target = href.clone();
    let current = move || {
        let path = location.pathname.get();
        (path == target).then_some("page")
    };
    view! {
        <a href=href class="nav-item" aria-current=current>
            {children()}
            <span class="sr-only lg:not-sr-only">{label}</span>
        </a>
    }
}

/// How many notifications are unread, on the heart (hidden on the page that shows them).
#[component]
fn UnreadBadge(count: i64) -> impl IntoView {
    let on_their_page = use_location().pathname.get_untracked() == "/notifications";
    (count > 0 && !on_their_page).then(|| {
        let text = if count > 99 { "99+".to_owned() } else { count.to_string() };
        view! {
            <span class="absolute -right-2 -top-1.5 min-w-4 rounded-full bg-rose-600 px-1 text-center text-[10px] font-bold leading-4 text-white">
                {text}
                <span class="sr-only">" unread"</span>
            </span>
        }
    })
}

#[component]
fn MemberNav(user: CurrentUser) -> impl IntoView {
    view! {
        <NavLink href="/".into() label="Home"><HomeIcon /></NavLink>
        <NavLink href="/search".into() label="Search"><SearchIcon /></NavLink>
        <NavLink href="/explore".into() label="Explore"><ExploreIcon /></NavLink>
        <NavLink href="/new".into() label="New post"><NewPostIcon /></NavLink>
        <NavLink href="/notifications".into() label="Notifications">
            <span class="relative">
                <HeartIcon />
                <UnreadBadge count=user.unread_notifications />
            </span>
        </NavLink>
        <NavLink href=format!("/{}", user.username) label="Profile">
            <Avatar username=user.username.clone() url=user.avatar_url.clone() size="size-6 text-xs" />
        </NavLink>
        <NavLink href="/settings".into() label="Settings"><SettingsIcon /></NavLink>
    }
}

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let bars = match viewer() {
        Some(user) => view! { <MemberBars user /> }.into_any(),
        None => view! { <VisitorBar /> }.into_any(),
    };
    view! {
        <a
            href="#main"
            class="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded-lg focus:bg-white focus:px-3 focus:py-2 focus:text-neutral-900 focus:shadow"
        >
            "Skip to content"
        </a>
        {bars}
        // The rail's room is made in CSS (`body:has(#rail)`).
        <main id="main" class="mx-auto w-full max-w-5xl px-4 py-6 sm:py-10">
            {children()}
        </main>
        <Toaster notice=page_notice() />
    }
}

#[component]
fn VisitorBar() -> impl IntoView {
    view! {
        <header class="sticky top-0 z-30 border-b border-neutral-200 bg-white/90 backdrop-blur dark:border-neutral-800 dark:bg-neutral-950/90">
            <div class="mx-auto flex h-14 max-w-5xl items-center justify-between px-4">
                <a href="/" class="flex items-center gap-2 text-xl font-semibold tracking-tight">
                    <CameraLogo />
                    "Isntgram"
                </a>
                <nav aria-label="Account" class="flex items-center gap-2">
                    <a href="/login" class="btn-primary">"Log in"</a>
                    <a href="/signup" class="btn-link px-2 text-sm">"Sign up"</a>
                </nav>
            </div>
        </header>
    }
}

#[component]
fn MemberBars(user: CurrentUser) -> impl IntoView {
    let location = use_location();
    view! {
        // Phones: a top bar with the name, and the tab bar at the bottom.
        <header class="sticky top-0 z-30 flex h-14 items-center justify-between border-b border-neutral-200 bg-white/90 px-4 backdrop-blur md:hidden dark:border-neutral-800 dark:bg-neutral-950/90">
            <a href="/" class="flex items-center gap-2 text-xl font-semibold tracking-tight">
                <CameraLogo />
                "Isntgram"
            </a>
            <LogoutButton />
        </header>
        <nav
            id="rail"
            aria-label="Main"
            class="fixed inset-x-0 bottom-0 z-30 flex h-14 items-center justify-around border-t border-neutral-200 bg-white md:inset-y-0 md:left-0 md:right-auto md:h-auto md:w-20 md:flex-col md:items-stretch md:justify-start md:gap-1 md:border-r md:border-t-0 md:px-3 md:py-6 lg:w-60 dark:border-neutral-800 dark:bg-neutral-950"
        >
            <a href="/" class="mb-6 hidden items-center gap-3 px-3 text-xl font-semibold tracking-tight md:flex">
                <CameraLogo />
                <span class="hidden lg:inline">"Isntgram"</span>
            </a>
            <MemberNav user=user.clone() />
            <div class="mt-auto hidden md:block">
                <LogoutButton />
            </div>
        </nav>
        {move || {
            (!user.email_verified && location.pathname.get() != "/email/confirm")
                .then(|| view! { <ConfirmEmailBanner /> })
        }}
    }
}
