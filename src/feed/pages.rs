//! The home feed as members see it at `/`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::comments::components::FeedComments;
use crate::feed::FeedPost;
use crate::feed::api::{feed_page, suggested_people};
use crate::likes::LikeTarget;
use crate::likes::button::{DoubleTapToLike, LikeScope};
use crate::pagination::Page;
use crate::posts::PostView;
use crate::posts::carousel::PostPhotos;
use crate::posts::components::{Caption, PostActions};
use crate::posts::time;
use crate::profiles::PersonView;
use crate::profiles::pages::PersonRow;
use crate::safety::components::PostOptions;
use crate::ui::avatar::Avatar;
use crate::ui::error_page::ErrorPage;
use crate::ui::load_more::LoadMorePages;
use crate::ui::skeleton::FeedSkeleton;

#[component]
pub fn FeedPage(user: CurrentUser) -> impl IntoView {
    let query = use_query_map();
    let after = move || query.with(|q| q.get("after"));
    // One resource for all the page shows, made here and not inside the suspense: a
    // suspense on the server walks its children more than once, and a resource made
    // there would load again on each walk.
    let home = Resource::new(after, |after| async move {
        let page = feed_page(after.clone()).await?;
        if page.items.is_empty() && after.is_none() {
            // A failure to suggest leaves the welcome without suggestions.
            Ok(Home::Empty(suggested_people().await.unwrap_or_default()))
        } else {
            Ok(Home::Posts(page))
        }
    });
    let full_name = StoredValue::new(user.full_name.clone());
    view! {
        <Title text="Home" />
        <h1 class="sr-only">{format!("Home feed of {}", user.username)}</h1>
        <Suspense fallback=FeedSkeleton>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(Home::Empty(people)) => {
                        view! { <EmptyFeed full_name=full_name.get_value() people /> }.into_any()
                    }
                    Ok(Home::Posts(page)) => view! { <Feed page /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the home page shows: a page of the feed, or for someone whose feed is empty,
/// people to follow.
#[derive(Clone, Serialize, Deserialize)]
enum Home {
    Posts(Page<FeedPost>),
    Empty(Vec<PersonView>),
}

#[component]
fn Feed(page: Page<FeedPost>) -> impl IntoView {
    // The first photo is the page's largest paint: fetched first, not lazily.
    let first = page.items.first().map(|item| item.post.id);
    let Page { items, next } = page;
    let end = next.is_none();
    let cards = items
        .into_iter()
        .map(|item| {
            let eager = Some(item.post.id) == first;
            view! { <FeedCard eager item /> }
        })
        .collect_view();
    view! {
        <div class="mx-auto flex max-w-[470px] flex-col gap-6">
            <div id="feed-posts" class="flex flex-col gap-6">{cards}</div>
            <LoadMorePages list="feed-posts".to_owned() next />
            {end.then(|| view! {
                <p data-list-end="feed-posts" class="muted pb-8 text-center text-sm">
                    "You're all caught up. " <a href="/explore" class="btn-link">"Explore"</a> " for more."
                </p>
            })}
        </div>
    }
}

/// One post in the feed: author, photo, actions, caption, latest comments, a comment box.
#[component]
fn FeedCard(item: FeedPost, eager: bool) -> impl IntoView {
    let FeedPost {
        post,
        latest_comments,
    } = item;
    let PostView {
        id,
        author,
        author_avatar,
        photos,
        caption,
        mentions,
        created_at,
        now,
        like_count,
        comment_count,
        liked_by_me,
        saved_by_me,
        mine,
    } = post;
    view! {
        <article class="overflow-hidden border-b border-neutral-200 pb-4 sm:rounded-2xl sm:border sm:bg-white sm:pb-0 dark:border-neutral-800 sm:dark:bg-neutral-900">
            <header class="flex items-center gap-3 px-1 py-3 sm:px-4">
                <Avatar username=author.clone() url=author_avatar />
                <a href=format!("/{author}") class="font-semibold hover:underline">{author.clone()}</a>
                <span aria-hidden="true" class="text-neutral-500 dark:text-neutral-400">"•"</span>
                <a href=format!("/p/{id}") class="muted text-sm hover:underline">
                    <time>{time::relative(created_at, now)}</time>
                </a>
                <PostOptions post_id=id author=author.clone() mine signed_in=true />
            </header>
            <LikeScope target=LikeTarget::Post id=id.0 liked=liked_by_me count=like_count>
                // As on Instagram the photo is not a link: a double tap likes it. The time
                // above and the comments below lead to the post's page.
                <div class="sm:border-y sm:border-neutral-200 sm:dark:border-neutral-800">
                    <DoubleTapToLike>
                        <PostPhotos photos sizes="(min-width: 640px) 470px, 100vw" eager />
                    </DoubleTapToLike>
                </div>
                <div class="flex flex-col gap-2 px-1 pt-2 sm:px-4 sm:pb-4">
                    <PostActions post_id=id saved=saved_by_me signed_in=true editing=false />
                    {(!caption.is_empty()).then(|| view! {
                        <p class="whitespace-pre-line break-words text-sm">
                            <a href=format!("/{author}") class="mr-1 font-semibold hover:underline">{author.clone()}</a>
                            <Caption text=caption.clone() known=mentions.clone() />
                        </p>
                    })}
                    <FeedComments post_id=id comments=latest_comments count=comment_count />
                </div>
            </LikeScope>
        </article>
    }
}

/// Someone who follows nobody and has not posted: people to follow, and Explore.
#[component]
fn EmptyFeed(full_name: String, people: Vec<PersonView>) -> impl IntoView {
    view! {
        <div class="mx-auto flex max-w-md flex-col gap-6 py-8">
            <div class="text-center">
                <h2 class="text-2xl font-semibold">{format!("Welcome, {full_name}")}</h2>
                <p class="muted mt-2">
                    "Follow people to see their photos here, or "
                    <a href="/explore" class="btn-link">"Explore"</a>
                    " what everyone is sharing."
                </p>
            </div>
            {(!people.is_empty()).then(|| view! {
                <section aria-labelledby="suggestions-title" class="card p-4">
                    <h3 id="suggestions-title" class="mb-3 font-semibold">"Suggested for you"</h3>
                    <ul class="flex flex-col gap-3">
                        {people.into_iter().map(|person| view! { <li><PersonRow person signed_in=true /></li> }).collect_view()}
                    </ul>
                </section>
            })}
        </div>
    }
}
