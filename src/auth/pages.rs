//! `/login`, `/signup`, the pages of mailed links (`/password/forgot`,
//! `/password/reset`, `/email/confirm`), the banner asking to confirm the email, and the
//! log-out button of the navigation.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::{
    ConfirmEmail, ConfirmTwoStep, DemoLogin, LINK_EXPIRED, Login, Logout, RESET_LINK_SENT,
    RequestPasswordReset, ResendVerification, ResetPassword, SECOND_STEP_EXPIRED, Signup,
    email_link_works, second_step_awaited,
};
use crate::auth::domain::NewPassword;
use crate::ui::form::{Field, FormError, action_error, kept_value};
use crate::ui::icons::{CameraLogo, LogoutIcon};

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
    let error = Signal::derive(move || {
        action_error(login)
            .get()
            .or_else(|| action_error(demo).get())
    });
    let next = Signal::derive(move || use_query_map().with(|query| query.get("next")));
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
                <PasswordWithToggle />
            </div>
            <FormError error />
            <button type="submit" class="btn-primary mt-1" disabled=move || login.pending().get()>
                "Log in"
            </button>
            <a href="/password/forgot" class="btn-link self-center text-sm">"Forgot password?"</a>
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

/// The login form's password field, with "Show" / "Hide" to see what was typed.
#[island(lazy)]
fn PasswordWithToggle() -> impl IntoView {
    let (visible, set_visible) = signal(false);
    view! {
        <div class="relative">
            <input
                id="field-password"
                name="password"
                type=move || if visible.get() { "text" } else { "password" }
                autocomplete="current-password"
                required
                class="input w-full pr-16"
            />
            <button
                type="button"
                class="btn-text absolute inset-y-0 right-2 my-auto h-8 px-2 text-sm"
                aria-pressed=move || visible.get().to_string()
                on:click=move |_| set_visible.update(|visible| *visible = !*visible)
            >
                {move || if visible.get() { "Hide" } else { "Show" }}
            </button>
        </div>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <Title text="Log in" />
        <h1 class="sr-only">"Log in to Isntgram"</h1>
        <Show when=move || use_query_map().with(|query| query.get("reset").is_some())>
            <p role="status" class="mx-auto mb-4 max-w-sm rounded-lg bg-emerald-50 px-4 py-3 text-center text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
                "Your password has been reset. Log in with your new password."
            </p>
        </Show>
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
    view! {
        <ActionForm action=logout>
            <button type="submit" class="nav-item w-full">
                <LogoutIcon />
                <span class="sr-only lg:not-sr-only">"Log out"</span>
            </button>
        </ActionForm>
    }
}

/// The token of a mailed link, from `?token=`.
fn link_token() -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|query| query.get("token")).unwrap_or_default())
}

/// What a mailed link that no longer works shows, with the way to a new one.
#[component]
fn ExpiredLink(#[prop(into)] again: String, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <p role="alert" class="mb-4 text-center text-sm">{LINK_EXPIRED}</p>
        <a href=again class="btn-primary w-full">{label}</a>
    }
}

/// `/password/forgot`: an email in, a reset link out (if an account uses the address;
/// the answer is the same either way).
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let request = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(request);
    let query = use_query_map();
    let sent = Signal::derive(move || {
        query.with(|query| query.get("sent").is_some())
            || matches!(request.value().get(), Some(Ok(())))
    });
    view! {
        <Title text="Reset your password" />
        <AuthCard>
            <h1 class="mb-2 text-center text-lg font-semibold">"Trouble logging in?"</h1>
            <Show
                when=move || sent.get()
                fallback=move || view! {
                    <p class="mb-4 text-center text-sm muted">
                        "Enter your email and we'll send you a link to get back into your account."
                    </p>
                    <ActionForm action=request attr:class="flex flex-col gap-3">
                        <Field label="Email" name="email" kind="email" autocomplete="email" required=true value=kept_value(error, "email") />
                        <FormError error />
                        <button type="submit" class="btn-primary mt-1" disabled=move || request.pending().get()>
                            "Send reset link"
                        </button>
                    </ActionForm>
                }
            >
                <p role="status" class="text-center text-sm">{RESET_LINK_SENT}</p>
            </Show>
        </AuthCard>
        <p class="mx-auto mt-4 max-w-sm card p-5 text-center text-sm">
            <a href="/login" class="btn-link">"Back to login"</a>
        </p>
    }
}

/// `/password/reset?token=`: a new password, if the mailed link still works.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let reset = ServerAction::<ResetPassword>::new();
    let error = action_error(reset);
    let token = link_token();
    let works = Resource::new(move || token.get(), |token| email_link_works(token, true));
    view! {
        <Title text="Choose a new password" />
        <AuthCard>
            <h1 class="mb-4 text-center text-lg font-semibold">"Choose a new password"</h1>
            <Suspense fallback=|| view! { <p class="text-center text-sm muted">"Checking your link…"</p> }>
                {move || Suspend::new(async move {
                    if !matches!(works.await, Ok(true)) {
                        return view! {
                            <ExpiredLink again="/password/forgot" label="Get a new link" />
                        }
                        .into_any();
                    }
                    view! {
                        <ActionForm action=reset attr:class="flex flex-col gap-3">
                            <input type="hidden" name="token" value=token.get_untracked() />
                            <Field
                                label="New password"
                                name="new_password"
                                kind="password"
                                autocomplete="new-password"
                                required=true
                                hint=format!("At least {} characters.", NewPassword::MIN_CHARS)
                            />
                            <FormError error />
                            <button type="submit" class="btn-primary mt-1" disabled=move || reset.pending().get()>
                                "Reset password"
                            </button>
                        </ActionForm>
                    }
                    .into_any()
                })}
            </Suspense>
        </AuthCard>
    }
}

/// `/email/confirm?token=`: confirms the address a link was mailed to, by a button (a
/// mail scanner that follows the link changes nothing).
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmEmail>::new();
    let error = action_error(confirm);
    let token = link_token();
    let query = use_query_map();
    let confirmed = move || query.with(|query| query.get("confirmed").is_some());
    let works = Resource::new(move || token.get(), |token| email_link_works(token, false));
    view! {
        <Title text="Confirm your email" />
        <AuthCard>
            <h1 class="mb-4 text-center text-lg font-semibold">"Confirm your email"</h1>
            <Show
                when=confirmed
                fallback=move || view! {
                    <Suspense fallback=|| view! { <p class="text-center text-sm muted">"Checking your link…"</p> }>
                        {move || Suspend::new(async move {
                            if !matches!(works.await, Ok(true)) {
                                return view! {
                                    <ExpiredLink again="/settings" label="Go to your settings" />
                                }
                                .into_any();
                            }
                            view! {
                                <ActionForm action=confirm attr:class="flex flex-col gap-3">
                                    <input type="hidden" name="token" value=token.get_untracked() />
                                    <p class="text-center text-sm muted">
                                        "Confirm that this address is yours, and mail about your account will go to it."
                                    </p>
                                    <FormError error />
                                    <button type="submit" class="btn-primary" disabled=move || confirm.pending().get()>
                                        "Confirm email"
                                    </button>
                                </ActionForm>
                            }
                            .into_any()
                        })}
                    </Suspense>
                }
            >
                <p role="status" class="mb-4 text-center text-sm">"Your email is confirmed. Thank you!"</p>
                <a href="/" class="btn-primary w-full">"Go to Isntgram"</a>
            </Show>
        </AuthCard>
    }
}

/// Above every page of a member whose email is not confirmed yet: why it matters, and
/// a new link (at most one a minute).
#[component]
pub fn ConfirmEmailBanner() -> impl IntoView {
    let resend = ServerAction::<ResendVerification>::new();
    let error = action_error(resend);
    let sent = move || matches!(resend.value().get(), Some(Ok(())));
    view! {
        <aside
            aria-label="Confirm your email"
            class="border-b border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-50"
        >
            <div class="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2">
                <p class="min-w-0 flex-1">
                    <strong class="font-semibold">"Confirm your email. "</strong>
                    "Open the link we mailed you, so you can reset your password if you ever forget it."
                </p>
                <ActionForm action=resend attr:class="flex items-center gap-3">
                    {move || sent().then(|| view! {
                        <span role="status" class="font-medium">"Sent. Check your inbox."</span>
                    })}
                    <button type="submit" class="btn-secondary py-1.5 text-sm" disabled=move || resend.pending().get()>
                        "Resend link"
                    </button>
                </ActionForm>
                <div class="w-full empty:hidden">
                    <FormError error />
                </div>
            </div>
        </aside>
    }
}

/// `/login/two-step`: the code asked after the password of an account with two-step
/// login on.
#[component]
pub fn TwoStepLoginPage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmTwoStep>::new();
    let error = action_error(confirm);
    let next = Signal::derive(move || use_query_map().with(|query| query.get("next")));
    let awaited = Resource::new(|| (), |_| second_step_awaited());
    view! {
        <Title text="Two-step login" />
        <AuthCard>
            <h1 class="mb-2 text-center text-lg font-semibold">"Two-step login"</h1>
            <Suspense fallback=|| view! { <p class="text-center text-sm muted">"…"</p> }>
                {move || Suspend::new(async move {
                    if !matches!(awaited.await, Ok(true)) {
                        return view! {
                            <p role="alert" class="mb-4 text-center text-sm">{SECOND_STEP_EXPIRED}</p>
                            <a href="/login" class="btn-primary w-full">"Log in"</a>
                        }
                        .into_any();
                    }
                    view! {
                        <ActionForm action=confirm attr:class="flex flex-col gap-3">
                            <input type="hidden" name="next" value=move || next.get() />
                            <Field
                                label="Code"
                                name="code"
                                autocomplete="one-time-code"
                                required=true
                                maxlength=20
                                hint="The 6-digit code your authenticator app shows, or one of your recovery codes."
                            />
                            <FormError error />
                            <button type="submit" class="btn-primary mt-1" disabled=move || confirm.pending().get()>
                                "Confirm"
                            </button>
                        </ActionForm>
                    }
                    .into_any()
                })}
            </Suspense>
        </AuthCard>
        <p class="mx-auto mt-4 max-w-sm card p-5 text-center text-sm">
            <a href="/login" class="btn-link">"Back to login"</a>
        </p>
    }
}
