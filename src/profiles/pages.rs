//! `/:username` (the profile and its grid), `/:username/saved` (my saved posts, a tab
//! only I see), `/:username/followers|following` and `/p/:id/likes` (who liked a post).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::auth::signed_in;
use crate::error::AppError;
use crate::ids::PostId;
use crate::pagination::Page;
use crate::posts::GridPost;
use crate::posts::grid::PostGrid;
use crate::profiles::api::{follow_list, get_profile, post_likers, profile_posts, saved_posts};
use crate::profiles::follow_button::{FollowButton, FollowerCount, FollowersScope};
use crate::profiles::{PeopleList, PersonView, ProfileView};
use crate::safety::components::{ProfileOptions, RemoveFollowerButton};
use crate::ui::avatar::Avatar;
use crate::ui::count::{compact, grouped};
use crate::ui::empty::EmptyState;
use crate::ui::error_page::{ErrorPage, NotFoundPage};
use crate::ui::icons::{BookmarkIcon, CameraLogo, GridIcon, LockIcon, ProfileIcon};
use crate::ui::link_preview::{LinkPreview, preview_text};
use crate::ui::load_more::LoadMorePages;
use crate::ui::skeleton::{ListSkeleton, ProfileSkeleton};

fn username_param() -> impl Fn() -> String + Copy {
    let params = use_params_map();
    move || params.with(|p| p.get("username")).unwrap_or_default()
}

fn after_param() -> impl Fn() -> Option<String> + Copy {
    let query = use_query_map();
    move || query.with(|q| q.get("after"))
}

/// The exact figure behind a compact count, as a tooltip ("1,234" behind "1.2k").
fn exact(count: i64) -> Option<String> {
    (count >= 1_000).then(|| grouped(count))
}

/// What a profile shows under its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProfileTab {
    Posts,
    /// Only on my own profile.
    Saved,
}

impl ProfileTab {
    fn name(self) -> &'static str {
        match self {
            Self::Posts => "Posts",
            Self::Saved => "Saved",
        }
    }

    async fn posts(
        self,
        username: String,
        after: Option<String>,
    ) -> Result<Page<GridPost>, AppError> {
        match self {
            Self::Posts => profile_posts(username, after).await,
            Self::Saved => saved_posts(username, after).await,
        }
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    profile_with(ProfileTab::Posts)
}

#[component]
pub fn SavedPage() -> impl IntoView {
    profile_with(ProfileTab::Saved)
}

fn profile_with(tab: ProfileTab) -> impl IntoView {
    let username = username_param();
    let after = after_param();
    let profile = Resource::new(username, get_profile);
    let posts = Resource::new(
        move || (username(), after()),
        move |(name, after)| tab.posts(name, after),
    );
    let signed_in = signed_in();
    view! {
        <Suspense fallback=ProfileSkeleton>
            {move || Suspend::new(async move {
                match (profile.await, posts.await) {
                    (Ok(profile), Ok(page)) => view! { <Profile profile tab page signed_in /> }.into_any(),
                    (Err(AppError::NotFound(_)), _) | (_, Err(AppError::NotFound(_))) => view! { <NotFoundPage /> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Posts" and, on my own profile, "Saved"; the current one is marked.
#[component]
fn ProfileTabs(username: String, tab: ProfileTab, is_me: bool) -> impl IntoView {
    let link = move |this: ProfileTab, href: String, icon: AnyView| {
        let current = this == tab;
        view! {
            <a
                href=href
                aria-current=current.then_some("page")
                class=if current {
                    "-mt-px flex items-center gap-2 border-t border-neutral-900 py-3 text-xs font-semibold uppercase tracking-widest dark:border-neutral-100"
                } else {
                    "muted -mt-px flex items-center gap-2 border-t border-transparent py-3 text-xs font-semibold uppercase tracking-widest hover:text-neutral-900 dark:hover:text-neutral-100"
                }
            >
                {icon}
                {this.name()}
            </a>
        }
    };
    view! {
        <nav aria-label="Profile sections" class="flex justify-center gap-12">
            {link(ProfileTab::Posts, format!("/{username}"), view! { <GridIcon /> }.into_any())}
            {is_me.then(|| link(ProfileTab::Saved, format!("/{username}/saved"), view! { <BookmarkIcon class="size-4" /> }.into_any()))}
        </nav>
    }
}

#[component]
fn Profile(
    profile: ProfileView,
    tab: ProfileTab,
    page: Page<GridPost>,
    signed_in: bool,
) -> impl IntoView {
    let ProfileView {
        username,
        full_name,
        bio,
        avatar_url,
        post_count,
        follower_count,
        following_count,
        followed_by_me,
        is_me,
        standing,
        is_private,
        locked,
        requested,
    } = profile;
    let blocked = standing.blocked_by_me;
    let title = match tab {
        ProfileTab::Posts => format!("{full_name} (@{username})"),
        ProfileTab::Saved => "Saved".to_owned(),
    };
    let preview_description = if bio.is_empty() {
        format!("See the photos {full_name} (@{username}) shares on Isntgram.")
    } else {
        preview_text(&bio)
    };
    let tabs_username = username.clone();
    view! {
        <Title text=title />
        <LinkPreview
            kind="profile"
            title=format!("{full_name} (@{username})")
            description=preview_description
            path=format!("/{username}")
            image=avatar_url.clone()
        />
        <div class="mx-auto flex max-w-4xl flex-col gap-8">
            <FollowersScope count=follower_count>
            <header class="flex items-center gap-6 px-2 sm:gap-12 md:px-8">
                <Avatar username=username.clone() url=avatar_url size="size-20 text-3xl sm:size-36 sm:text-5xl" />
                <section class="flex min-w-0 flex-1 flex-col gap-4">
                    <div class="flex flex-wrap items-center gap-3">
                        <h1 class="truncate text-xl font-normal">{username.clone()}</h1>
                        {if is_me {
                            view! { <a href="/settings" class="btn-secondary">"Edit profile"</a> }.into_any()
                        } else if blocked {
                            ().into_any()
                        } else {
                            view! { <FollowButton username=username.clone() following=followed_by_me signed_in follow_back=false private=is_private requested /> }.into_any()
                        }}
                        {(signed_in && !is_me).then(|| view! {
                            <ProfileOptions username=username.clone() standing />
                        })}
                    </div>
                    <ul class="flex flex-wrap gap-x-8 gap-y-1 text-sm sm:text-base">
                        <li title=exact(post_count)>
                            <span class="font-semibold">{compact(post_count)}</span>
                            {if post_count == 1 { " post" } else { " posts" }}
                        </li>
                        // A private account's lists are for its approved followers.
                        <li title=exact(follower_count)>
                            <CountLink href=(!locked).then(|| format!("/{username}/followers"))>
                                <FollowerCount />
                            </CountLink>
                        </li>
                        <li title=exact(following_count)>
                            <CountLink href=(!locked).then(|| format!("/{username}/following"))>
                                <span class="font-semibold">{compact(following_count)}</span>
                                " following"
                            </CountLink>
                        </li>
                    </ul>
                    <div class="text-sm">
                        <p class="font-semibold">{full_name}</p>
                        {(!bio.is_empty()).then(|| view! { <p class="whitespace-pre-line break-words">{bio}</p> })}
                    </div>
                </section>
            </header>
            </FollowersScope>
            <section aria-label=tab.name() class="border-t border-neutral-200 dark:border-neutral-800">
                <ProfileTabs username=tabs_username tab is_me />
                <h2 class="sr-only">{tab.name()}</h2>
                {if page.items.is_empty() {
                    match (tab, is_me) {
                        _ if locked && !blocked => view! {
                            <EmptyState icon=|| view! { <LockIcon /> } title="This account is private">
                                <p>"Follow this account to see their photos."</p>
                            </EmptyState>
                        }.into_any(),
                        _ if blocked => view! {
                            <EmptyState icon=|| view! { <ProfileIcon /> } title="You blocked this account">
                                <p>"You don't see each other's posts, comments or likes. Unblock them from More options."</p>
                            </EmptyState>
                        }.into_any(),
                        (ProfileTab::Saved, _) => view! {
                            <EmptyState icon=|| view! { <BookmarkIcon /> } title="Save">
                                <p>"Save photos you want to see again. Only you can see what you've saved."</p>
                            </EmptyState>
                        }.into_any(),
                        (ProfileTab::Posts, true) => view! {
                            <EmptyState icon=|| view! { <CameraLogo /> } title="Share photos">
                                <p>"When you share photos, they will appear on your profile."</p>
                                <a href="/new" class="btn-primary mt-4">"Share your first photo"</a>
                            </EmptyState>
                        }.into_any(),
                        (ProfileTab::Posts, false) => view! {
                            <EmptyState icon=|| view! { <CameraLogo /> } title="No posts yet">
                                <p>"Photos they share will appear here."</p>
                            </EmptyState>
                        }.into_any(),
                    }
                } else {
                    view! { <PostGrid page /> }.into_any()
                }}
            </section>
        </div>
    }
}

/// A count that links to its list, or plain text when the list is not mine to see.
#[component]
fn CountLink(href: Option<String>, children: Children) -> impl IntoView {
    match href {
        Some(href) => view! { <a href=href class="hover:underline">{children()}</a> }.into_any(),
        None => view! { <span>{children()}</span> }.into_any(),
    }
}

#[component]
pub fn FollowListPage(list: PeopleList) -> impl IntoView {
    let username = username_param();
    let after = after_param();
    let people = Resource::new(
        move || (username(), after()),
        move |(name, after)| follow_list(name, list, after),
    );
    let me = crate::auth::viewer();
    let signed_in = me.is_some();
    // My own followers each get "Remove follower".
    let mine = list == PeopleList::Followers
        && me.is_some_and(|me| me.username.eq_ignore_ascii_case(&username()));
    view! {
        <Suspense fallback=|| view! { <div class="mx-auto max-w-md"><ListSkeleton /></div> }>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(page) => view! { <People owner=username() list page signed_in mine /> }.into_any(),
                    Err(AppError::NotFound(_)) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn People(
    owner: String,
    list: PeopleList,
    page: Page<PersonView>,
    signed_in: bool,
    /// My own followers: each can be removed.
    mine: bool,
) -> impl IntoView {
    let (heading, empty_text) = match list {
        PeopleList::Followers => (
            "Followers",
            "People who follow this account will appear here.",
        ),
        PeopleList::Following => ("Following", "People this account follows will appear here."),
    };
    view! {
        <Title text=format!("{heading} of @{owner}") />
        <PersonList
            heading
            back=(format!("/{owner}"), format!("← @{owner}"))
            empty_text
            page
            signed_in
            removable=mine
        />
    }
}

#[component]
pub fn LikersPage() -> impl IntoView {
    let params = use_params_map();
    let post_id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<PostId>().ok())
    };
    let after = after_param();
    let people = Resource::new(
        move || (post_id(), after()),
        |(post_id, after)| async move {
            match post_id {
                Some(post_id) => post_likers(post_id, after).await,
                None => Err(AppError::post_not_found()),
            }
        },
    );
    let signed_in = signed_in();
    view! {
        <Suspense fallback=|| view! { <div class="mx-auto max-w-md"><ListSkeleton /></div> }>
            {move || Suspend::new(async move {
                match (people.await, post_id()) {
                    (Ok(page), Some(post_id)) => view! {
                        <Title text="Likes" />
                        <PersonList
                            heading="Likes"
                            back=(format!("/p/{post_id}"), "← Post".to_owned())
                            empty_text="People who like this post will appear here."
                            page
                            signed_in
                        />
                    }.into_any(),
                    (Err(AppError::NotFound(_)), _) | (_, None) => view! { <NotFoundPage /> }.into_any(),
                    (Err(error), _) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A page of people (followers, following, likers) with a way back, a Follow button
/// on each, and more as the end comes near.
#[component]
fn PersonList(
    heading: &'static str,
    /// Where "back" leads, and its text.
    back: (String, String),
    empty_text: &'static str,
    page: Page<PersonView>,
    signed_in: bool,
    /// Each person has "Remove follower" (my own followers list).
    #[prop(optional)]
    removable: bool,
) -> impl IntoView {
    let (back_href, back_text) = back;
    let Page { items, next } = page;
    let list = if items.is_empty() {
        view! {
            <EmptyState icon=|| view! { <ProfileIcon /> } title=heading>
                <p>{empty_text}</p>
            </EmptyState>
        }
        .into_any()
    } else {
        let rows = items
            .into_iter()
            .map(|person| {
                let username = person.username.clone();
                view! {
                    <li class="flex items-center gap-2 px-4 py-3">
                        <div class="min-w-0 flex-1"><PersonRow person signed_in /></div>
                        {removable.then(|| view! { <RemoveFollowerButton username /> })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul id="people" class="card flex flex-col divide-y divide-neutral-200 dark:divide-neutral-800">
                {rows}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="mx-auto flex max-w-md flex-col gap-4">
            <div>
                <a href=back_href class="muted text-sm hover:underline">{back_text}</a>
                <h1 class="text-2xl font-semibold">{heading}</h1>
            </div>
            {list}
            <LoadMorePages list="people".to_owned() next />
        </div>
    }
}

/// Avatar, username, full name, and a Follow button unless it is me.
#[component]
pub fn PersonRow(person: PersonView, signed_in: bool) -> impl IntoView {
    let PersonView {
        username,
        full_name,
        avatar_url,
        followed_by_me,
        is_me,
    } = person;
    view! {
        <div class="flex items-center gap-3">
            <Avatar username=username.clone() url=avatar_url size="size-11" />
            <div class="min-w-0 flex-1">
                <a href=format!("/{username}") class="block truncate font-semibold hover:underline">{username.clone()}</a>
                <p class="muted truncate text-sm">{full_name}</p>
            </div>
            {(!is_me).then(|| view! { <FollowButton username=username.clone() following=followed_by_me signed_in follow_back=false private=false requested=false /> })}
        </div>
    }
}
