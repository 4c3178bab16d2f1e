//! `/admin/reports`: the open reports, one `<article>` per reported thing, with what
//! it is and the four actions; `/admin/log`: every action taken.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::moderation::api::{Moderate, moderation_log, moderation_queue};
use crate::moderation::{ModerationAction, QueuedReport, ReportedKind};
use crate::posts::time;
use crate::ui::empty::EmptyState;
use crate::ui::error_page::{ErrorPage, NotFoundPage};
use crate::ui::form::{FormError, action_error};
use crate::ui::icons::ProfileIcon;
use crate::ui::skeleton::ListSkeleton;

#[component]
pub fn ModerationPage() -> impl IntoView {
    let moderate = ServerAction::<Moderate>::new();
    let queue = Resource::new(move || moderate.version().get(), |_| moderation_queue());
    let error = action_error(moderate);
    view! {
        <Title text="Reports" />
        <Suspense fallback=|| view! { <div class="mx-auto max-w-2xl"><ListSkeleton /></div> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(queue) => view! {
                        <div class="mx-auto flex max-w-2xl flex-col gap-4">
                            <div class="flex items-baseline justify-between">
                                <h1 class="text-2xl font-semibold">"Reports"</h1>
                                <a href="/admin/log" class="btn-link text-sm">"Moderation log"</a>
                            </div>
                            <FormError error />
                            {if queue.is_empty() {
                                view! {
                                    <EmptyState icon=|| view! { <ProfileIcon /> } title="Nothing to review">
                                        <p>"Open reports will appear here, newest first."</p>
                                    </EmptyState>
                                }.into_any()
                            } else {
                                queue.into_iter().map(|item| view! { <Reported item moderate /> }).collect_view().into_any()
                            }}
                        </div>
                    }.into_any(),
                    Err(AppError::NotFound(_)) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One reported thing: what it is, why it was reported, and what can be done.
#[component]
fn Reported(item: QueuedReport, moderate: ServerAction<Moderate>) -> impl IntoView {
    let QueuedReport {
        kind,
        id,
        author,
        text,
        thumb,
        post_id,
        reports,
        reasons,
        details,
        latest,
        now,
    } = item;
    let what = match kind {
        ReportedKind::Post => format!("Post by @{author}"),
        ReportedKind::Comment => format!("Comment by @{author}"),
        ReportedKind::Account => format!("Account @{author}"),
    };
    let actions: &[ModerationAction] = match kind {
        ReportedKind::Account => &[ModerationAction::Dismiss, ModerationAction::Suspend],
        _ => &[
            ModerationAction::Dismiss,
            ModerationAction::Hide,
            ModerationAction::Delete,
            ModerationAction::Suspend,
        ],
    };
    let heading = format!("reported-{}-{id}", kind.value());
    let labelled_by = heading.clone();
    view! {
        <article class="card flex flex-col gap-3 p-4" aria-labelledby=labelled_by>
            <header class="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id=heading class="font-semibold">{what}</h2>
                <p class="muted text-sm">
                    {format!("{reports} {} · {reasons} · ", if reports == 1 { "report" } else { "reports" })}
                    <time>{time::relative(latest, now)}</time>
                </p>
            </header>
            {(kind != ReportedKind::Account).then(|| view! {
                <div class="flex items-start gap-3">
                    {thumb.map(|src| view! { <img src=src alt="" class="size-16 shrink-0 rounded object-cover" /> })}
                    <p class="min-w-0 flex-1 whitespace-pre-line break-words text-sm">{text}</p>
                </div>
            })}
            {(!details.is_empty()).then(|| view! {
                <ul class="muted list-disc pl-5 text-sm">
                    {details.into_iter().map(|words| view! { <li>{words}</li> }).collect_view()}
                </ul>
            })}
            <div class="flex flex-wrap items-center gap-2">
                {post_id.map(|post| view! { <a href=format!("/p/{post}") class="btn-link mr-2 text-sm">"Open post"</a> })}
                {actions.iter().map(|&action| view! {
                    <ActionForm action=moderate>
                        <input type="hidden" name="kind" value=kind.value() />
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="action" value=action.value() />
                        <button
                            type="submit"
                            class=if action == ModerationAction::Dismiss { "btn-secondary" } else { "btn-danger" }
                            disabled=move || moderate.pending().get()
                        >
                            {action.label()}
                        </button>
                    </ActionForm>
                }).collect_view()}
            </div>
        </article>
    }
}

#[component]
pub fn ModerationLogPage() -> impl IntoView {
    let log = Resource::new(|| (), |_| moderation_log());
    view! {
        <Title text="Moderation log" />
        <Suspense fallback=|| view! { <div class="mx-auto max-w-2xl"><ListSkeleton /></div> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(log) => view! {
                        <div class="mx-auto flex max-w-2xl flex-col gap-4">
                            <div>
                                <a href="/admin/reports" class="muted text-sm hover:underline">"← Reports"</a>
                                <h1 class="text-2xl font-semibold">"Moderation log"</h1>
                                <p class="hint">"Every action a moderator took: who, what, when and why. Nobody can change it."</p>
                            </div>
                            <ul class="card flex flex-col divide-y divide-neutral-200 dark:divide-neutral-800">
                                {log.into_iter().map(|line| view! {
                                    <li class="flex flex-col gap-1 px-4 py-3 text-sm">
                                        <p>
                                            <span class="font-semibold">{format!("@{}", line.moderator)}</span>
                                            {format!(" — {} {} {}", line.action, line.target_kind, line.target_id)}
                                            " · "
                                            <time class="muted">{time::relative(line.created_at, line.now)}</time>
                                        </p>
                                        <p class="break-words">{line.target_summary}</p>
                                        <p class="muted">{format!("Why: {}", line.reason)}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any(),
                    Err(AppError::NotFound(_)) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
