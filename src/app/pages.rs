//! The home page: the feed for members, the landing page for visitors.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::pages::LoginForm;
use crate::auth::viewer;
use crate::feed::pages::FeedPage;
use crate::ui::icons::CameraLogo;

/// `/`: the home feed for members, the landing page with the login form for visitors.
#[component]
pub fn HomePage() -> impl IntoView {
    match viewer() {
        Some(user) => view! { <FeedPage user /> }.into_any(),
        None => view! { <LandingPage /> }.into_any(),
    }
}

#[component]
fn LandingPage() -> impl IntoView {
    view! {
        <Title text="" />
        <div class="mx-auto grid max-w-4xl items-center gap-10 md:grid-cols-2">
            <section class="hidden md:block" aria-hidden="true">
                <div class="grid grid-cols-2 gap-3">
                    <div class="aspect-square rounded-2xl bg-gradient-to-br from-amber-300 via-rose-400 to-fuchsia-600"></div>
                    <div class="aspect-square translate-y-6 rounded-2xl bg-gradient-to-br from-sky-300 via-indigo-400 to-violet-600"></div>
                    <div class="aspect-square rounded-2xl bg-gradient-to-br from-emerald-300 via-teal-400 to-cyan-600"></div>
                    <div class="aspect-square translate-y-6 rounded-2xl bg-gradient-to-br from-orange-300 via-red-400 to-pink-600"></div>
                </div>
            </section>
            <section class="flex flex-col gap-4">
                <div class="card p-8 shadow-sm">
                    <div class="mb-6 flex flex-col items-center gap-2 text-center">
                        <CameraLogo class="size-10" />
                        <h1 class="text-3xl font-semibold tracking-tight">"Isntgram"</h1>
                        <p class="muted">
                            "Share photos with the people you follow."
                        </p>
                    </div>
                    <LoginForm />
                </div>
                <p class="card p-5 text-center text-sm">
                    "Don't have an account? " <a href="/signup" class="btn-link">"Sign up"</a>
                </p>
            </section>
        </div>
    }
}
