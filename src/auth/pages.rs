//! `/login`, `/signup`, and the log-out button of the navigation.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::{DemoLogin, Login, Logout, Signup};
use crate::auth::{SessionVersion, domain::NewPassword};
use crate::ui::form::{Field, FormError, action_error, kept_value};
use crate::ui::icons::{CameraLogo, LogoutIcon};

/// After an action that changes who is logged in succeeds, fetch the current user anew.
fn refresh_session_after<I, O>(action: ServerAction<I>)
where
    I: leptos::server_fn::ServerFn<Output = O, Error = crate::error::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    O: Clone + Send + Sync + 'static,
{
    let version = expect_context::<SessionVersion>();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            version.0.update(|v| *v += 1);
        }
    });
}

#[component]
fn AuthCard(children: Children) -> impl IntoView {
    view! {
        <div class="mx-auto w-full max-w-sm card p-8 shadow-sm">
            <div class="mb-6 flex flex-col items-center gap-2 text-center">
                <CameraLogo class="size-10" />
                <p class="text-3xl font-semibold tracking-tight">"Isntgram"</p>
            </div>
            {children()}
        </div>
    }
}

/// The login form, on `/login` and on the landing page.
#[component]
pub fn LoginForm() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let demo = ServerAction::<DemoLogin>::new();
    refresh_session_after(login);
    refresh_session_after(demo);
    let error = Signal::derive(move || {
        action_error(login)
            .get()
            .or_else(|| action_error(demo).get())
    });
    let next = Signal::derive(move || use_query_map().with(|query| query.get("next")));
    let (password_visible, set_password_visible) = signal(false);
    view! {
        <ActionForm action=login attr:class="flex flex-col gap-3">
            <input type="hidden" name="next" value=move || next.get() />
            <Field
                label="Username or email"
                name="login"
                autocomplete="username"
                required=true
                value=kept_value(error, "login")
            />
            <div class="flex flex-col gap-1">
                <label for="field-password" class="text-sm font-medium text-neutral-700 dark:text-neutral-300">
                    "Password"
                </label>
                <div class="relative">
                    <input
                        id="field-password"
                        name="password"
                        type=move || if password_visible.get() { "text" } else { "password" }
                        autocomplete="current-password"
                        required
                        class="input w-full pr-16"
                    />
                    <button
                        type="button"
                        class="btn-text absolute inset-y-0 right-2 my-auto h-8 px-2 text-sm"
                        aria-pressed=move || password_visible.get().to_string()
                        on:click=move |_| set_password_visible.update(|visible| *visible = !*visible)
                    >
                        {move || if password_visible.get() { "Hide" } else { "Show" }}
                    </button>
                </div>
            </div>
            <FormError error />
            <button type="submit" class="btn-primary mt-1" disabled=move || login.pending().get()>
                "Log in"
            </button>
        </ActionForm>
        <div class="my-4 flex items-center gap-3 text-xs font-semibold uppercase text-neutral-500 dark:text-neutral-400">
            <span class="h-px flex-1 bg-neutral-200 dark:bg-neutral-800"></span>
            "or"
            <span class="h-px flex-1 bg-neutral-200 dark:bg-neutral-800"></span>
        </div>
        <ActionForm action=demo attr:class="flex flex-col">
            <button type="submit" class="btn-secondary" disabled=move || demo.pending().get()>
                "Try the demo"
            </button>
        </ActionForm>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <Title text="Log in" />
        <h1 class="sr-only">"Log in to Isntgram"</h1>
        <AuthCard>
            <LoginForm />
        </AuthCard>
        <p class="mx-auto mt-4 max-w-sm card p-5 text-center text-sm">
            "Don't have an account? " <a href="/signup" class="btn-link">"Sign up"</a>
        </p>
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let signup = ServerAction::<Signup>::new();
    refresh_session_after(signup);
    let error = action_error(signup);
    view! {
        <Title text="Sign up" />
        <AuthCard>
            <h1 class="mb-4 text-center font-semibold muted">
                "Sign up to see photos from your friends."
            </h1>
            <ActionForm action=signup attr:class="flex flex-col gap-3">
                <Field label="Email" name="email" kind="email" autocomplete="email" required=true value=kept_value(error, "email") />
                <Field label="Full name" name="full_name" autocomplete="name" required=true maxlength=100 value=kept_value(error, "full_name") />
                <Field
                    label="Username"
                    name="username"
                    autocomplete="username"
                    required=true
                    maxlength=30
                    value=kept_value(error, "username")
                    hint="3–30 letters, numbers or underscores."
                />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    hint=format!("At least {} characters.", NewPassword::MIN_CHARS)
                />
                <FormError error />
                <button type="submit" class="btn-primary mt-1" disabled=move || signup.pending().get()>
                    "Sign up"
                </button>
            </ActionForm>
        </AuthCard>
        <p class="mx-auto mt-4 max-w-sm card p-5 text-center text-sm">
            "Have an account? " <a href="/login" class="btn-link">"Log in"</a>
        </p>
    }
}

/// "Log out": a POST, so no link or image on another site can log anyone out.
#[component]
pub fn LogoutButton() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    refresh_session_after(logout);
    view! {
        <ActionForm action=logout>
            <button type="submit" class="nav-item w-full">
                <LogoutIcon />
                <span class="sr-only lg:not-sr-only">"Log out"</span>
            </button>
        </ActionForm>
    }
}
