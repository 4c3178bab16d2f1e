//! Pages that belong to no product area: the landing page, 404 and errors.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::CurrentUserResource;
use crate::auth::pages::LoginForm;
use crate::error::AppError;
use crate::feed::pages::FeedPage;
use crate::ui::icons::CameraLogo;

/// `/`: the home feed for members, the landing page with the login form for visitors.
#[component]
pub fn HomePage() -> impl IntoView {
    let user = expect_context::<CurrentUserResource>();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => view! { <FeedPage user /> }.into_any(),
                    _ => view! { <LandingPage /> }.into_any(),
                }
            })}
        </Suspense>
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

/// Any path no route matches, and missing users or posts: a real page with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <div class="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
            <CameraLogo class="size-12 text-neutral-500 dark:text-neutral-400" />
            <h1 class="text-2xl font-semibold">"Sorry, this page isn't available."</h1>
            <p class="muted">
                "The link may be broken, or the page may have been removed."
            </p>
            <a href="/" class="btn-primary">"Go back to Isntgram"</a>
        </div>
    }
}

/// A page that could not be shown: the request was wrong (a broken link: 4xx) or
/// something failed on our side (500). The status is the error's own.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status());
    }
    let heading = match error {
        AppError::Internal(_) | AppError::Transport(_) => "Something went wrong",
        _ => "This page can't be shown",
    };
    view! {
        <Title text=heading />
        <div role="alert" class="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
            <h1 class="text-2xl font-semibold">{heading}</h1>
            <p class="muted">{error.to_string()}</p>
            <a href="/" class="btn-primary">"Go back to Isntgram"</a>
        </div>
    }
}
