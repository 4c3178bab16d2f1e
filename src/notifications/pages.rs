//! `/notifications`: newest first, a page at a time.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::notifications::api::my_notifications;
use crate::notifications::{NotificationKind, NotificationView};
use crate::posts::time;
use crate::profiles::follow_button::{FollowButton, FollowRequestAnswer};
use crate::ui::avatar::Avatar;
use crate::ui::empty::EmptyState;
use crate::ui::error_page::ErrorPage;
use crate::ui::icons::{CameraLogo, HeartIcon};
use crate::ui::load_more::LoadMorePages;
use crate::ui::skeleton::ListSkeleton;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let query = use_query_map();
    let after = move || query.with(|q| q.get("after"));
    let page = Resource::new(after, my_notifications);
    view! {
        <Title text="Notifications" />
        <div class="mx-auto flex max-w-xl flex-col gap-4">
            <h1 class="text-2xl font-semibold">"Notifications"</h1>
            <Suspense fallback=|| view! { <ListSkeleton /> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) if page.items.is_empty() && after().is_none() => view! {
                            <EmptyState icon=|| view! { <HeartIcon /> } title="Activity on your posts">
                                <p>"When people like or comment on your posts, or follow you, you'll see it here."</p>
                            </EmptyState>
                        }.into_any(),
                        Ok(page) => view! {
                            <ul id="notifications" class="card flex flex-col divide-y divide-neutral-200 overflow-hidden dark:divide-neutral-800">
                                {page.items.into_iter().map(|item| view! { <Notification item /> }).collect_view()}
                            </ul>
                            <LoadMorePages list="notifications".to_owned() next=page.next />
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() > MAX {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    } else {
        text.to_owned()
    }
}

#[component]
fn Notification(item: NotificationView) -> impl IntoView {
    let href = item.href();
    let NotificationView {
        kind,
        actor,
        actor_avatar,
        post_id,
        post_thumb,
        comment,
        created_at,
        now,
        unread,
        following_actor,
        moderation,
        ..
    } = item;
    let moderated = moderation.and_then(|(action, target)| {
        Some((crate::moderation::ModerationAction::parse(&action)?, target))
    });
    let what = match kind {
        NotificationKind::LikePost => " liked your post.".to_owned(),
        NotificationKind::LikeComment => format!(
            " liked your comment: {}",
            excerpt(comment.as_deref().unwrap_or_default())
        ),
        NotificationKind::Comment => format!(
            " commented: {}",
            excerpt(comment.as_deref().unwrap_or_default())
        ),
        NotificationKind::Reply => format!(
            " replied to your comment: {}",
            excerpt(comment.as_deref().unwrap_or_default())
        ),
        NotificationKind::Mention => match comment.as_deref() {
            Some(comment) => format!(" mentioned you in a comment: {}", excerpt(comment)),
            None => " mentioned you in a post.".to_owned(),
        },
        NotificationKind::Follow => " started following you.".to_owned(),
        NotificationKind::FollowRequest => " requested to follow you.".to_owned(),
        NotificationKind::ReportResolved => match &moderated {
            Some((action, target)) => format!(
                "Our moderators reviewed the {target} you reported: {}.",
                action.outcome()
            ),
            None => "Our moderators reviewed what you reported.".to_owned(),
        },
        NotificationKind::ContentHidden => match &moderated {
            Some((_, target)) => format!(
                "Our moderators hid your {target}: it breaks our rules. Only you can see it now."
            ),
            None => "Our moderators hid something you shared.".to_owned(),
        },
    };
    // The moderators speak for themselves, not as a person.
    let from_moderators = matches!(
        kind,
        NotificationKind::ReportResolved | NotificationKind::ContentHidden
    );
    let row_class = if unread {
        "flex items-center gap-3 bg-sky-50 px-4 py-3 dark:bg-sky-950/40"
    } else {
        "flex items-center gap-3 px-4 py-3"
    };
    view! {
        <li class=row_class>
            {if from_moderators {
                view! {
                    <span aria-hidden="true" class="flex size-11 shrink-0 items-center justify-center rounded-full bg-neutral-200 dark:bg-neutral-800">
                        <CameraLogo class="size-6" />
                    </span>
                }.into_any()
            } else {
                view! {
                    <a href=format!("/{actor}") tabindex="-1" aria-hidden="true"><Avatar username=actor.clone() url=actor_avatar size="size-11" /></a>
                }.into_any()
            }}
            <p class="min-w-0 flex-1 break-words text-sm">
                {(!from_moderators).then(|| view! {
                    <a href=format!("/{actor}") class="font-semibold hover:underline">{actor.clone()}</a>
                })}
                {what}
                " "
                <time class="muted">{time::relative(created_at, now)}</time>
                {unread.then(|| view! { <span class="sr-only">" (new)"</span> })}
            </p>
            {match (kind, post_id) {
                (NotificationKind::FollowRequest, _) => view! {
                    <FollowRequestAnswer username=actor.clone() />
                }.into_any(),
                (NotificationKind::Follow, _) => (!following_actor).then(|| view! {
                    <FollowButton username=actor.clone() following=false signed_in=true follow_back=true private=false requested=false />
                }).into_any(),
                (_, Some(_)) => view! {
                    <a href=href class="shrink-0" aria-label="View post">
                        {post_thumb.map(|src| view! { <img src=src alt="" class="size-11 rounded object-cover" /> })}
                    </a>
                }.into_any(),
                _ => ().into_any(),
            }}
        </li>
    }
}
