//! `/settings/privacy`: "Private account", the people I blocked, each with "Unblock",
//! and those I muted, each with "Unmute".

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::profiles::PersonView;
use crate::safety::api::{SetBlock, SetMute, kept_apart};
use crate::safety::components::PrivateAccountForm;
use crate::ui::avatar::Avatar;
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
