//! `/settings/privacy`: "Private account", the people I blocked, each with "Unblock",
//! and those I muted, each with "Unmute". `/report`: reporting a post, a comment or an
//! account.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::profiles::PersonView;
use crate::safety::api::{Report, SetBlock, SetMute, kept_apart};
use crate::safety::components::PrivateAccountForm;
use crate::safety::{MAX_REPORT_DETAILS, ReportReason, ReportTarget};
use crate::ui::avatar::Avatar;
use crate::ui::error_page::NotFoundPage;
use crate::ui::form::{FormError, action_error};
use crate::ui::skeleton::ListSkeleton;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let unblock = ServerAction::<SetBlock>::new();
    let unmute = ServerAction::<SetMute>::new();
    let blocked = Resource::new(move || unblock.version().get(), |_| kept_apart(false));
    let muted = Resource::new(move || unmute.version().get(), |_| kept_apart(true));
    view! {
        <Title text="Privacy and safety" />
        <div class="mx-auto flex max-w-xl flex-col gap-6">
            <div>
                <a href="/settings" class="muted text-sm hover:underline">"← Settings"</a>
                <h1 class="text-2xl font-semibold">"Privacy and safety"</h1>
            </div>
            <section class="card p-6" aria-labelledby="privacy-heading">
                <h2 id="privacy-heading" class="mb-4 text-lg font-semibold">"Account privacy"</h2>
                <PrivateAccountForm />
            </section>
            <KeptApartList
                title="Blocked accounts"
                explained="They can't find your profile, posts or comments, and you don't see theirs. They aren't told."
                empty="You haven't blocked anyone."
                people=blocked
                error=action_error(unblock)
                undo=move |username| view! {
                    <ActionForm action=unblock>
                        <input type="hidden" name="username" value=username />
                        <input type="hidden" name="blocked" value="false" />
                        <button type="submit" class="btn-secondary">"Unblock"</button>
                    </ActionForm>
                }.into_any()
            />
            <KeptApartList
                title="Muted accounts"
                explained="Their posts don't show in your feed. Everything else stays as it was, and they aren't told."
                empty="You haven't muted anyone."
                people=muted
                error=action_error(unmute)
                undo=move |username| view! {
                    <ActionForm action=unmute>
                        <input type="hidden" name="username" value=username />
                        <input type="hidden" name="muted" value="false" />
                        <button type="submit" class="btn-secondary">"Unmute"</button>
                    </ActionForm>
                }.into_any()
            />
        </div>
    }
}

/// One list of people, each with the form (`undo`) that ends what keeps them apart.
#[component]
fn KeptApartList(
    title: &'static str,
    explained: &'static str,
    empty: &'static str,
    people: Resource<Result<Vec<PersonView>, AppError>>,
    error: Signal<Option<AppError>>,
    undo: impl Fn(String) -> AnyView + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let heading = format!("list-{}", title.to_lowercase().replace(' ', "-"));
    let labelled_by = heading.clone();
    view! {
        <section class="card p-6" aria-labelledby=labelled_by>
            <h2 id=heading class="text-lg font-semibold">{title}</h2>
            <p class="hint mb-4">{explained}</p>
            <FormError error />
            <Suspense fallback=|| view! { <ListSkeleton rows=2 /> }>
                {move || Suspend::new(async move {
                    people.await.map(|people| {
                        if people.is_empty() {
                            return view! { <p class="muted text-sm">{empty}</p> }.into_any();
                        }
                        view! {
                            <ul class="flex flex-col divide-y divide-neutral-200 dark:divide-neutral-800">
                                {people.into_iter().map(|person| view! {
                                    <li class="flex items-center gap-3 py-3">
                                        <Avatar username=person.username.clone() url=person.avatar_url.clone() size="size-11" />
                                        <div class="min-w-0 flex-1">
                                            <a href=format!("/{}", person.username) class="block truncate font-semibold hover:underline">{person.username.clone()}</a>
                                            <p class="muted truncate text-sm">{person.full_name.clone()}</p>
                                        </div>
                                        {undo(person.username.clone())}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}

/// `/report?post=ID` (or `comment=ID`, `account=USERNAME`): why it should go, then a
/// confirmation (`?sent=1` without JavaScript).
#[component]
pub fn ReportPage() -> impl IntoView {
    let query = use_query_map();
    let target = query.with_untracked(|q| {
        ReportTarget::from_query(
            q.get("post").as_deref(),
            q.get("comment").as_deref(),
            q.get("account").as_deref(),
        )
    });
    let sent_by_form = query.with_untracked(|q| q.get("sent").is_some());
    let send = ServerAction::<Report>::new();
    let error = action_error(send);
    let sent = move || sent_by_form || matches!(send.value().get(), Some(Ok(())));
    let kept = move |name: &str| {
        error
            .get_untracked()
            .and_then(|error| error.kept(name).map(str::to_owned))
            .unwrap_or_default()
    };
    view! {
        <Title text="Report" />
        <div class="mx-auto flex max-w-xl flex-col gap-6">
            <Show
                when=move || !sent()
                fallback=move || view! {
                    <section class="card flex flex-col gap-3 p-6" role="status">
                        <h1 class="text-2xl font-semibold">"Thanks for letting us know"</h1>
                        <p>"Our moderators will review your report. You'll see what they decide in your notifications. Nobody is told who reported them."</p>
                        <a href="/" class="btn-secondary self-start">"Back to your feed"</a>
                    </section>
                }
            >
                {match target.clone() {
                    None => view! { <NotFoundPage /> }.into_any(),
                    Some(target) => {
                        let (name, value) = match &target {
                            ReportTarget::Post(id) => ("post", id.to_string()),
                            ReportTarget::Comment(id) => ("comment", id.to_string()),
                            ReportTarget::Account(username) => ("account", username.clone()),
                        };
                        let chosen = kept("reason");
                        view! {
                            <h1 class="text-2xl font-semibold">{format!("Report {}", target.describe())}</h1>
                            <ActionForm action=send attr:class="card flex flex-col gap-4 p-6">
                                <input type="hidden" name=name value=value />
                                <fieldset class="flex flex-col gap-2">
                                    <legend class="label mb-2">"Reason"</legend>
                                    {ReportReason::ALL.into_iter().map(|reason| {
                                        let id = format!("reason-{}", reason.value());
                                        let label_for = id.clone();
                                        view! {
                                            <label for=label_for class="flex items-center gap-3 text-sm">
                                                <input id=id type="radio" name="reason" value=reason.value() checked=chosen == reason.value() required />
                                                {reason.label()}
                                            </label>
                                        }
                                    }).collect_view()}
                                </fieldset>
                                <div class="flex flex-col gap-1">
                                    <label for="field-details" class="label">"Details"</label>
                                    <textarea id="field-details" name="details" rows="3" maxlength=MAX_REPORT_DETAILS aria-describedby="field-details-hint" class="input resize-y">
                                        {kept("details")}
                                    </textarea>
                                    <p id="field-details-hint" class="hint">"Optional, but needed for “Something else”."</p>
                                </div>
                                <FormError error />
                                <div class="flex gap-2">
                                    <button type="submit" class="btn-danger" disabled=move || send.pending().get()>"Submit report"</button>
                                    <a href=target.back() class="btn-secondary">"Cancel"</a>
                                </div>
                            </ActionForm>
                        }.into_any()
                    }
                }}
            </Show>
        </div>
    }
}
