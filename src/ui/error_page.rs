//! The pages shown instead of one that cannot be: 404 for what does not exist, and an
//! error page carrying the error's own status.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::ui::icons::CameraLogo;

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

/// A page that could not be shown: the request was wrong (a broken link: 4xx),
/// something failed on our side (500) or the database is out of reach (503). The status
/// is the error's own.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status());
    }
    let heading = match error {
        AppError::Internal(_) | AppError::Transport(_) => "Something went wrong",
        AppError::Unavailable => "Back in a moment",
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
