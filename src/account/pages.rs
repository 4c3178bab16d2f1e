//! `/settings`: edit the profile and photo, change the password, delete the account.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::account::LoginView;
use crate::account::api::{
    BeginTwoStep, DisableTwoStep, EnableTwoStep, LogOutOtherSessions, LogOutSession, my_logins,
    new_recovery_codes, two_step_status,
};
use crate::account::api::{ChangePassword, DeleteAccount, UpdateProfile, load_editable_profile};
use crate::auth::domain::{Bio, NewPassword};
use crate::auth::flash::{FlashForm, refused_form};
use crate::profiles::api::RemoveAvatar;
use crate::ui::avatar::Avatar;
use crate::ui::form::{Field, FormError, action_error, kept_value};
use crate::ui::skeleton::ListSkeleton;

#[component]
fn Section(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <section class="card p-6">
            <h2 class="mb-4 text-lg font-semibold">{title}</h2>
            {children()}
        </section>
    }
}

#[component]
fn Saved(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <p role="status" class="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
            {text}
        </p>
    }
}

/// The current photo (or initial), a file field to replace it, and "Remove". The upload
/// is a plain multipart post to `/settings/avatar`, so it streams and needs no script.
#[component]
fn AvatarForm(remove: ServerAction<RemoveAvatar>) -> impl IntoView {
    let user = crate::auth::viewer();
    let query = use_query_map();
    let refused = Resource::new(|| (), |_| refused_form(FlashForm::Avatar));
    let saved = move || query.with(|q| q.get("saved")).as_deref() == Some("avatar");
    let remove_error = action_error(remove);
    view! {
        {user.map(|user| {
            let has_photo = user.avatar_url.is_some();
            view! {
                <div class="flex items-center gap-5">
                    <Avatar username=user.username.clone() url=user.avatar_url.clone() size="size-20 text-3xl" />
                    <div class="flex min-w-0 flex-1 flex-col gap-3">
                        <form method="post" action="/settings/avatar" enctype="multipart/form-data" class="flex flex-col gap-2">
                            <label for="field-avatar" class="text-sm font-medium text-neutral-700 dark:text-neutral-300">"Profile photo"</label>
                            <input
                                id="field-avatar"
                                name="image"
                                type="file"
                                accept="image/jpeg,image/png,image/webp"
                                required
                                class="block w-full text-sm file:mr-4 file:rounded-lg file:border-0 file:bg-neutral-100 file:px-3 file:py-2 file:font-semibold hover:file:bg-neutral-200 dark:file:bg-neutral-800 dark:file:text-neutral-100"
                            />
                            <div class="flex flex-wrap gap-2">
                                <button type="submit" class="btn-primary">"Upload photo"</button>
                            </div>
                        </form>
                        {has_photo.then(|| view! {
                            <ActionForm action=remove>
                                <button type="submit" class="btn-secondary">"Remove"</button>
                            </ActionForm>
                        })}
                    </div>
                </div>
            }
        })}
        <Suspense>
            {move || Suspend::new(async move {
                match refused.await {
                    Ok(Some(refusal)) => view! {
                        <p role="alert" class="alert-error mt-3">{refusal.message}</p>
                    }
                    .into_any(),
                    _ => view! {
                        <Show when=saved>
                            <div class="mt-3"><Saved text="Profile photo updated." /></div>
                        </Show>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
        <FormError error=remove_error />
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let update = ServerAction::<UpdateProfile>::new();
    let change = ServerAction::<ChangePassword>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let remove_avatar = ServerAction::<RemoveAvatar>::new();
    // The demo's email, username and password stay as they are: no password to ask for.
    let demo = crate::auth::viewer().is_some_and(|user| user.is_demo);
    let profile = Resource::new(move || update.version().get(), |_| load_editable_profile());
    let saved = Signal::derive(move || use_query_map().with(|query| query.get("saved")));
    let update_error = action_error(update);
    let change_error = action_error(change);
    let delete_error = action_error(delete);
    // What the form shows: what the person typed before a failure, else what is stored.
    let shown = move |name: &'static str, stored: String| {
        let kept = kept_value(update_error, name);
        Signal::derive(move || Some(kept.get().unwrap_or_else(|| stored.clone())))
    };

    view! {
        <Title text="Settings" />
        <div class="mx-auto flex max-w-xl flex-col gap-6">
            <h1 class="text-2xl font-semibold">"Settings"</h1>
            <Section title="Profile photo">
                <AvatarForm remove=remove_avatar />
            </Section>
            <Section title="Edit profile">
                <Suspense fallback=|| view! { <ListSkeleton rows=3 /> }>
                    {move || Suspend::new(async move {
                        profile.await.map(|profile| view! {
                            <ActionForm action=update attr:class="flex flex-col gap-3">
                                <Field label="Full name" name="full_name" autocomplete="name" required=true maxlength=100 value=shown("full_name", profile.full_name) />
                                <Field label="Username" name="username" autocomplete="username" required=true maxlength=30 value=shown("username", profile.username) />
                                <Field label="Email" name="email" kind="email" autocomplete="email" required=true value=shown("email", profile.email) />
                                {match (profile.pending_email, profile.email_verified || demo) {
                                    (Some(pending), _) => Some(view! {
                                        <p class="hint -mt-2">
                                            "Waiting for you to confirm " <strong>{pending}</strong>
                                            ": open the link we mailed there. Until then your email stays as it is."
                                        </p>
                                    }.into_any()),
                                    (None, false) => Some(view! {
                                        <p class="hint -mt-2">"Not confirmed yet: open the link we mailed you."</p>
                                    }.into_any()),
                                    (None, true) => None,
                                }}
                                {(!demo).then(|| view! {
                                    <Field
                                        label="Password (only to change your email)"
                                        name="email_password"
                                        kind="password"
                                        autocomplete="current-password"
                                    />
                                })}
                                <div class="flex flex-col gap-1">
                                    <label for="field-bio" class="text-sm font-medium text-neutral-700 dark:text-neutral-300">"Bio"</label>
                                    <textarea id="field-bio" name="bio" rows="3" maxlength=Bio::MAX_CHARS class="input resize-y">
                                        {shown("bio", profile.bio).get_untracked()}
                                    </textarea>
                                </div>
                                <FormError error=update_error />
                                <Show when=move || saved.get().as_deref() == Some("profile") && update_error.get().is_none()>
                                    <Saved text="Profile saved." />
                                </Show>
                                <Show when=move || saved.get().as_deref() == Some("email") && update_error.get().is_none()>
                                    <Saved text="Profile saved. To make the new address your email, open the link we mailed to it." />
                                </Show>
                                <button type="submit" class="btn-primary self-start" disabled=move || update.pending().get()>
                                    "Save profile"
                                </button>
                            </ActionForm>
                        })
                    })}
                </Suspense>
            </Section>
            <Section title="Appearance">
                <crate::app::theme::AppearanceForm current=crate::app::theme::Theme::current() />
            </Section>
            <Section title="Privacy and safety">
                <crate::safety::components::PrivateAccountForm />
                <p class="mt-4 text-sm">
                    "The people you blocked or muted. "
                    <a href="/settings/privacy" class="btn-link">"Blocked and muted accounts"</a>
                </p>
            </Section>
            <Section title="Two-step login">
                <p class="text-sm">
                    "Ask for a code from an authenticator app after your password. "
                    <a href="/settings/two-step" class="btn-link">"Two-step login settings"</a>
                </p>
            </Section>
            <Section title="Sessions">
                <p class="text-sm">
                    "See where you're logged in, and log out everywhere else. "
                    <a href="/settings/sessions" class="btn-link">"Where you're logged in"</a>
                </p>
            </Section>
            <Section title="Your data">
                <p class="text-sm">
                    "Take a copy of your photos and everything you wrote. "
                    <a href="/settings/data" class="btn-link">"Download your data"</a>
                </p>
            </Section>
            {if demo {
                view! {
                    <p class="card p-6 text-sm">
                        "This is the shared demo account: its username, email and password stay as they are, and it can't be deleted. "
                        <a href="/signup" class="btn-link">"Sign up"</a>
                        " to have an account of your own."
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <Section title="Change password">
                        <ActionForm action=change attr:class="flex flex-col gap-3">
                            <Field label="Current password" name="current_password" kind="password" autocomplete="current-password" required=true />
                            <Field
                                label="New password"
                                name="new_password"
                                kind="password"
                                autocomplete="new-password"
                                required=true
                                hint=format!("At least {} characters. You stay logged in here; other devices are logged out.", NewPassword::MIN_CHARS)
                            />
                            <FormError error=change_error />
                            <Show when=move || saved.get().as_deref() == Some("password") && change_error.get().is_none()>
                                <Saved text="Password changed. Other devices have been logged out." />
                            </Show>
                            <button type="submit" class="btn-primary self-start" disabled=move || change.pending().get()>
                                "Change password"
                            </button>
                        </ActionForm>
                    </Section>
                    <Section title="Delete account">
                        <p class="muted mb-3 text-sm">
                            "This removes your profile, posts, comments, likes and follows for good."
                        </p>
                        <ActionForm action=delete attr:class="flex flex-col gap-3">
                            <Field label="Password to confirm" name="password" kind="password" autocomplete="current-password" required=true />
                            <FormError error=delete_error />
                            <button type="submit" class="btn-danger self-start" disabled=move || delete.pending().get()>
                                "Delete account"
                            </button>
                        </ActionForm>
                    </Section>
                }
                .into_any()
            }}
        </div>
    }
}

/// "Active 2h ago · logged in 3d ago" (the last use is known to five minutes).
fn last_use(login: &LoginView) -> String {
    let ago = |then: i64| match crate::posts::time::relative(then, login.now).as_str() {
        "now" => "just now".to_owned(),
        span => format!("{span} ago"),
    };
    let active = if login.this_one || login.now - login.last_seen_at < 300 {
        "Active now".to_owned()
    } else {
        format!("Active {}", ago(login.last_seen_at))
    };
    format!("{active} · logged in {}", ago(login.created_at))
}

/// `/settings/sessions`: where I am logged in, "Log out" beside each other session, and
/// "Log out other sessions".
#[component]
pub fn SessionsPage() -> impl IntoView {
    let end_others = ServerAction::<LogOutOtherSessions>::new();
    let end_one = ServerAction::<LogOutSession>::new();
    let logins = Resource::new(
        move || (end_others.version().get(), end_one.version().get()),
        |_| my_logins(),
    );
    let ended = Signal::derive(move || {
        use_query_map().with(|query| query.get("ended").as_deref() == Some("others"))
            || matches!(end_others.value().get(), Some(Ok(())))
    });
    let ended_one = Signal::derive(move || {
        use_query_map().with(|query| query.get("ended").as_deref() == Some("one"))
            || matches!(end_one.value().get(), Some(Ok(())))
    });
    let error = action_error(end_others);
    let end_one_error = action_error(end_one);
    view! {
        <Title text="Where you're logged in" />
        <div class="mx-auto flex max-w-xl flex-col gap-6">
            <div>
                <a href="/settings" class="muted text-sm hover:underline">"← Settings"</a>
                <h1 class="text-2xl font-semibold">"Where you're logged in"</h1>
            </div>
            <Section title="Sessions">
                <Suspense fallback=|| view! { <ListSkeleton rows=2 /> }>
                    {move || Suspend::new(async move {
                        logins.await.map(|logins| view! {
                            <ul class="flex flex-col divide-y divide-neutral-200 dark:divide-neutral-800">
                                {logins.into_iter().map(|login| view! {
                                    <li class="flex items-center justify-between gap-3 py-3">
                                        <div>
                                            <p class="font-semibold">{login.device.clone()}</p>
                                            <p class="muted text-sm">{last_use(&login)}</p>
                                        </div>
                                        {if login.this_one {
                                            view! {
                                                <span class="rounded-full bg-emerald-50 px-2 py-1 text-xs font-semibold text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">"This device"</span>
                                            }.into_any()
                                        } else {
                                            view! {
                                                <ActionForm action=end_one>
                                                    <input type="hidden" name="login" value=login.id />
                                                    <button type="submit" class="btn-secondary py-1.5 text-sm" disabled=move || end_one.pending().get()>
                                                        "Log out"
                                                        <span class="sr-only">{format!(" of {}", login.device)}</span>
                                                    </button>
                                                </ActionForm>
                                            }.into_any()
                                        }}
                                    </li>
                                }).collect_view()}
                            </ul>
                        })
                    })}
                </Suspense>
                <div class="mt-4 flex flex-col gap-3">
                    <FormError error=end_one_error />
                    <Show when=move || ended_one.get()>
                        <Saved text="That session has ended." />
                    </Show>
                    <Show when=move || ended.get()>
                        <Saved text="Every other session has ended." />
                    </Show>
                    <ActionForm action=end_others attr:class="flex flex-col gap-2">
                        <p class="hint">"Anywhere else this account is logged in (another browser, a lost phone) will have to log in again."</p>
                        <FormError error=error />
                        <button type="submit" class="btn-secondary self-start" disabled=move || end_others.pending().get()>
                            "Log out other sessions"
                        </button>
                    </ActionForm>
                </div>
            </Section>
        </div>
    }
}

/// `/settings/data`: what "Download your data" holds, and the button. A plain GET form:
/// the browser saves the archive it answers with.
#[component]
pub fn DataPage() -> impl IntoView {
    view! {
        <Title text="Download your data" />
        <div class="mx-auto flex max-w-xl flex-col gap-6">
            <div>
                <a href="/settings" class="muted text-sm hover:underline">"← Settings"</a>
                <h1 class="text-2xl font-semibold">"Download your data"</h1>
            </div>
            <Section title="Your data">
                <p class="text-sm">
                    "A zip archive of your photos, full size, and everything you wrote and did: your profile, posts, comments, likes, follows and saved posts (as JSON)."
                </p>
                <form method="get" action="/settings/data/export" class="mt-4">
                    <button type="submit" class="btn-primary">"Download your data"</button>
                </form>
            </Section>
        </div>
    }
}

/// `/settings/two-step`: set up two-step login with an authenticator app (its QR code,
/// drawn here, or its key), see the recovery codes once, or turn it off.
#[component]
pub fn TwoStepPage() -> impl IntoView {
    let query = use_query_map();
    let codes_shown = move || query.with(|query| query.get("codes").is_some());
    let begin = ServerAction::<BeginTwoStep>::new();
    let enable = ServerAction::<EnableTwoStep>::new();
    let disable = ServerAction::<DisableTwoStep>::new();
    let status = Resource::new(
        move || {
            (
                begin.version().get(),
                enable.version().get(),
                disable.version().get(),
            )
        },
        // A page load (the server's render) without `?codes` lets go of new codes kept
        // to show; the browser's refetches never do (right after "Turn on", the address
        // has not changed yet).
        move |_| {
            let shown = query.with_untracked(|query| query.get("codes").is_some());
            two_step_status(cfg!(feature = "ssr") && !shown)
        },
    );
    let codes = Resource::new(codes_shown, |shown| async move {
        if shown {
            new_recovery_codes().await
        } else {
            Ok(Vec::new())
        }
    });
    let turned_off = move || query.with(|query| query.get("saved").as_deref() == Some("off"));
    let begin_error = action_error(begin);
    let enable_error = action_error(enable);
    let disable_error = action_error(disable);
    view! {
        <Title text="Two-step login" />
        <div class="mx-auto flex max-w-xl flex-col gap-6">
            <div>
                <a href="/settings" class="muted text-sm hover:underline">"← Settings"</a>
                <h1 class="text-2xl font-semibold">"Two-step login"</h1>
            </div>
            <Suspense fallback=|| view! { <ListSkeleton rows=2 /> }>
                {move || Suspend::new(async move {
                    let codes = codes.await.unwrap_or_default();
                    status.await.map(|status| {
                        let recovery = (!codes.is_empty()).then(|| view! {
                            <Section title="Your recovery codes">
                                <p class="text-sm">
                                    "Keep these somewhere safe. If you lose your phone, each one logs you in once, in place of a code. They are shown only here, and only until you leave this page."
                                </p>
                                <ol class="mt-3 grid grid-cols-2 gap-2 font-mono text-sm" aria-label="Recovery codes">
                                    {codes.into_iter().map(|code| view! { <li class="rounded-lg bg-neutral-100 px-3 py-2 dark:bg-neutral-900">{code}</li> }).collect_view()}
                                </ol>
                            </Section>
                        });
                        let body = if status.enabled {
                            view! {
                                <Section title="On">
                                    <p class="text-sm">
                                        {format!(
                                            "Two-step login is on: after your password, we ask for a code from your authenticator app. {} recovery {} left.",
                                            status.recovery_codes_left,
                                            if status.recovery_codes_left == 1 { "code" } else { "codes" },
                                        )}
                                    </p>
                                    <ActionForm action=disable attr:class="mt-4 flex flex-col gap-3">
                                        <Field label="Password" name="password" kind="password" autocomplete="current-password" required=true />
                                        <FormError error=disable_error />
                                        <button type="submit" class="btn-secondary self-start" disabled=move || disable.pending().get()>
                                            "Turn off two-step login"
                                        </button>
                                    </ActionForm>
                                </Section>
                            }
                            .into_any()
                        } else if let Some(setup) = status.setup {
                            let view_box = format!("-2 -2 {0} {0}", setup.qr_width + 4);
                            view! {
                                <Section title="Connect your authenticator app">
                                    <ol class="flex list-decimal flex-col gap-3 pl-5 text-sm">
                                        <li>"Scan this code with your authenticator app (or type in the key below)."</li>
                                        <li>"Enter the 6-digit code it shows, to prove it works."</li>
                                    </ol>
                                    <svg
                                        role="img"
                                        aria-label="QR code for your authenticator app"
                                        viewBox=view_box
                                        class="mx-auto my-4 size-48 rounded-lg bg-white p-1"
                                        shape-rendering="crispEdges"
                                    >
                                        <path d=setup.qr_path fill="#000" />
                                    </svg>
                                    <p class="text-center text-sm">
                                        "Key: " <code class="font-mono font-semibold">{setup.key}</code>
                                    </p>
                                    <ActionForm action=enable attr:class="mt-4 flex flex-col gap-3">
                                        <Field label="Code from your app" name="code" autocomplete="one-time-code" required=true maxlength=10 />
                                        <Field label="Password" name="password" kind="password" autocomplete="current-password" required=true />
                                        <FormError error=enable_error />
                                        <button type="submit" class="btn-primary self-start" disabled=move || enable.pending().get()>
                                            "Turn on"
                                        </button>
                                    </ActionForm>
                                </Section>
                            }
                            .into_any()
                        } else {
                            view! {
                                <Section title="Off">
                                    <Show when=turned_off>
                                        <Saved text="Two-step login is off." />
                                    </Show>
                                    <p class="text-sm">
                                        "With two-step login, someone who learns your password still can't log in: we also ask for a code from an authenticator app on your phone."
                                    </p>
                                    <ActionForm action=begin attr:class="mt-4 flex flex-col gap-3">
                                        <FormError error=begin_error />
                                        <button type="submit" class="btn-primary self-start" disabled=move || begin.pending().get()>
                                            "Set up two-step login"
                                        </button>
                                    </ActionForm>
                                </Section>
                            }
                            .into_any()
                        };
                        view! { {recovery} {body} }
                    })
                })}
            </Suspense>
        </div>
    }
}
