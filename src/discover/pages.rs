//! `/explore` (everyone's recent posts as a grid), `/tags/:tag` (a hashtag's posts and
//! how many there are) and `/search?q=`. Without JavaScript search is a GET form; with
//! it, results follow the typing (debounced).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::discover::api::{explore_posts, search, tag_posts};
use crate::discover::{MAX_QUERY_CHARS, SearchResults, TagCount, TagPage};
use crate::posts::grid::{GridTile, PostGrid};
use crate::profiles::pages::PersonRow;
use crate::ui::count::{compact, counted};
use crate::ui::empty::EmptyState;
use crate::ui::error_page::ErrorPage;
use crate::ui::icons::{CameraLogo, ExploreIcon, SearchIcon};
use crate::ui::skeleton::{GridSkeleton, ListSkeleton};

#[component]
pub fn ExplorePage() -> impl IntoView {
    let query = use_query_map();
    let after = move || query.with(|q| q.get("after"));
    let page = Resource::new(after, explore_posts);
    view! {
        <Title text="Explore" />
        <div class="mx-auto flex max-w-4xl flex-col gap-4">
            <h1 class="text-2xl font-semibold">"Explore"</h1>
            <Suspense fallback=GridSkeleton>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) if page.items.is_empty() => view! {
                            <EmptyState icon=|| view! { <ExploreIcon /> } title="Nothing to explore yet">
                                <p>"Photos people share will appear here. "<a href="/new" class="btn-link">"Be the first."</a></p>
                            </EmptyState>
                        }.into_any(),
                        Ok(page) => view! { <PostGrid page /> }.into_any(),
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn TagRoute() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let tag = move || params.with(|p| p.get("tag")).unwrap_or_default();
    let after = move || query.with(|q| q.get("after"));
    let page = Resource::new(
        move || (tag(), after()),
        |(tag, after)| tag_posts(tag, after),
    );
    view! {
        <Suspense fallback=|| view! { <div class="mx-auto max-w-4xl"><GridSkeleton /></div> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let TagPage { tag, post_count, posts } = page;
                        view! {
                            <Title text=format!("#{tag}") />
                            <div class="mx-auto flex max-w-4xl flex-col gap-6">
                                <header class="flex items-center gap-6 px-2">
                                    <span aria-hidden="true" class="flex size-20 items-center justify-center rounded-full bg-gradient-to-br from-amber-300 via-rose-400 to-fuchsia-600 text-4xl font-light text-white sm:size-28">"#"</span>
                                    <div>
                                        <h1 class="text-2xl font-semibold">{format!("#{tag}")}</h1>
                                        <p class="muted">
                                            <span class="font-semibold">{compact(post_count)}</span>
                                            {if post_count == 1 { " post" } else { " posts" }}
                                        </p>
                                    </div>
                                </header>
                                {if posts.items.is_empty() {
                                    view! {
                                        <EmptyState icon=|| view! { <CameraLogo /> } title="No posts yet">
                                            <p>"Photos with this hashtag will appear here."</p>
                                        </EmptyState>
                                    }.into_any()
                                } else {
                                    view! { <PostGrid page=posts /> }.into_any()
                                }}
                            </div>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|q| q.get("q")).unwrap_or_default();
    let results = Resource::new(q, search);
    let signed_in = crate::auth::signed_in();
    view! {
        <Title text="Search" />
        <div class="mx-auto flex max-w-2xl flex-col gap-6">
            <h1 class="text-2xl font-semibold">"Search"</h1>
            <SearchForm q=q() />
            <div id="search-results" class="flex flex-col gap-6">
            <Suspense fallback=|| view! { <ListSkeleton rows=3 /> }>
                {move || Suspend::new(async move {
                    let asked = q();
                    match results.await {
                        Ok(results) => view! { <Results asked results signed_in /> }.into_any(),
                        Err(error) => view! { <p role="alert" class="alert-error">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
            </div>
        </div>
    }
}

/// The search field. Without JavaScript it is a GET form; with it, a pause of 250 ms in
/// the typing brings the results of what is typed (the server's page for it, whose
/// results replace these) and puts the words in the address.
#[island(lazy)]
fn SearchForm(q: String) -> impl IntoView {
    // Each keystroke restarts the wait; only the latest question's answer is shown.
    let typed = RwSignal::new(0u64);
    let on_input = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        let this = typed.get_untracked() + 1;
        typed.set(this);
        set_timeout(
            move || {
                if typed.get_untracked() == this {
                    let address =
                        format!("/search?q={}", crate::ui::form::encode_query_value(&text));
                    leptos::task::spawn_local(show_results(address, move || {
                        typed.get_untracked() == this
                    }));
                }
            },
            std::time::Duration::from_millis(250),
        );
    };
    view! {
        <form method="get" action="/search" role="search" class="flex gap-2">
            <label for="field-search" class="sr-only">"Search"</label>
            <input
                id="field-search"
                name="q"
                type="search"
                autocomplete="off"
                autofocus
                maxlength=MAX_QUERY_CHARS
                placeholder="People, #tags, words"
                value=q
                on:input=on_input
                class="input flex-1"
            />
            <button type="submit" class="btn-primary">"Search"</button>
        </form>
    }
}

/// Replaces the results with those of the page at `address`, unless `still_wanted` says
/// a newer question was asked meanwhile.
async fn show_results(address: String, still_wanted: impl Fn() -> bool) {
    #[cfg(feature = "hydrate")]
    {
        use crate::ui::server_html::{fetch_page, hydrate_islands_in};
        let Ok(page) = fetch_page(&address).await else {
            return;
        };
        if !still_wanted() {
            return;
        }
        if let (Some(fresh), Some(shown)) = (
            page.get_element_by_id("search-results"),
            document().get_element_by_id("search-results"),
        ) {
            let _ = shown.replace_with_with_node_1(&fresh);
            hydrate_islands_in(&fresh);
            if let Ok(history) = window().history() {
                let _ = history.replace_state_with_url(
                    &wasm_bindgen::JsValue::NULL,
                    "",
                    Some(&address),
                );
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (address, still_wanted);
}

#[component]
fn Results(asked: String, results: SearchResults, signed_in: bool) -> impl IntoView {
    if asked.trim().is_empty() {
        return view! {
            <EmptyState icon=|| view! { <SearchIcon /> } title="Search Isntgram">
                <p>"Find people by name or username, posts by their words, and #tags."</p>
            </EmptyState>
        }
        .into_any();
    }
    let SearchResults {
        people,
        tags,
        posts,
        cut_short,
    } = results;
    let cut_short = cut_short.then(|| {
        view! {
            <p role="status" class="card p-4 text-sm">
                "This search took too long, so some results may be missing. More words or a longer name find them faster."
            </p>
        }
    });
    if people.is_empty() && tags.is_empty() && posts.is_empty() && cut_short.is_none() {
        return view! {
            <EmptyState icon=|| view! { <SearchIcon /> } title=format!("No results for “{asked}”")>
                <p>"Check the spelling, or try a name, a username or a #tag."</p>
            </EmptyState>
        }
        .into_any();
    }
    view! {
        {cut_short}
        {(!people.is_empty()).then(|| view! {
            <section aria-labelledby="people-title" class="flex flex-col gap-3">
                <h2 id="people-title" class="muted text-sm font-semibold uppercase tracking-wide">"People"</h2>
                <ul class="card flex flex-col gap-3 p-4">
                    {people.into_iter().map(|person| view! { <li><PersonRow person signed_in /></li> }).collect_view()}
                </ul>
            </section>
        })}
        {(!tags.is_empty()).then(|| view! {
            <section aria-labelledby="tags-title" class="flex flex-col gap-3">
                <h2 id="tags-title" class="muted text-sm font-semibold uppercase tracking-wide">"Tags"</h2>
                <ul class="flex flex-wrap gap-2">
                    {tags.into_iter().map(|TagCount { name, post_count }| view! {
                        <li>
                            <a href=format!("/tags/{name}") class="inline-flex items-center gap-2 rounded-full border border-neutral-200 bg-white px-3 py-1 text-sm hover:bg-neutral-100 dark:border-neutral-800 dark:bg-neutral-900 dark:hover:bg-neutral-800">
                                <span class="font-semibold">{format!("#{name}")}</span>
                                <span class="muted">{counted(post_count, "post", "posts")}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!posts.is_empty()).then(|| view! {
            <section aria-labelledby="posts-title" class="flex flex-col gap-3">
                <h2 id="posts-title" class="muted text-sm font-semibold uppercase tracking-wide">"Posts"</h2>
                <ul class="grid grid-cols-3 gap-1">
                    {posts.into_iter().map(|post| view! { <li><GridTile post /></li> }).collect_view()}
                </ul>
            </section>
        })}
    }
    .into_any()
}
