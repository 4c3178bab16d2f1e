//! `/search?q=`: people (username or full name), hashtags and posts (caption words).
//! Without JavaScript it is a GET form; with it, results follow the typing (debounced).
//! Whatever is typed is data: LIKE wildcards are escaped, and caption words go through
//! `websearch_to_tsquery`, which accepts any text without a syntax error.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::posts::PostView;
use crate::posts::grid::GridTile;
use crate::profiles::PersonView;
use crate::profiles::pages::PersonRow;
use crate::ui::count::counted;
use crate::ui::empty::EmptyState;
use crate::ui::icons::SearchIcon;
use crate::ui::skeleton::ListSkeleton;

#[cfg(feature = "ssr")]
use crate::{auth::session, error::with_status, posts::read::PostRow, server::state::AppState};

/// Longer queries are cut: nobody searches with a paragraph.
pub const MAX_QUERY_CHARS: usize = 100;

/// How many caption matches are ranked by recency (see `search`).
#[cfg(feature = "ssr")]
const MAX_CAPTION_MATCHES: i64 = 2_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub people: Vec<PersonView>,
    /// Tag names (lowercase) and how many posts have them.
    pub tags: Vec<(String, i64)>,
    pub posts: Vec<PostView>,
}

#[server]
pub async fn search(q: String) -> Result<SearchResults, AppError> {
    with_status(
        async {
            // Control characters (a NUL, which PostgreSQL cannot store) match nothing.
            let query: String = q
                .trim()
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_QUERY_CHARS)
                .collect();
            let words = query.trim_start_matches(['#', '@']).to_lowercase();
            if words.trim().is_empty() {
                return Ok(SearchResults::default());
            }
            let state = expect_context::<AppState>();
            let me = session::current_user().map(|user| user.id);
            // Ranked tiers: the exact username, usernames starting with the text, full
            // names starting with it, then either containing it. Each tier stops at ten
            // rows found through an index (btree on lower(username), trigram GIN on
            // lower(username) and on the accent-folded full name), so a short, common
            // text costs a few dozen row reads, not thousands. The text is folded
            // (`search_fold`: lowercase, accents off) before LIKE's wildcards in it are
            // escaped (`like_literal`), so folding can never turn a character into a
            // wildcard.
            let people: Vec<crate::profiles::PersonRow> = sqlx::query_as(
                r"WITH typed AS (SELECT search_fold($2) AS folded),
                  pattern AS (SELECT folded, like_literal(folded) AS literal FROM typed),
                  found AS (
                      (SELECT u.id, 0 AS tier FROM users u, pattern
                       WHERE lower(u.username) = pattern.folded)
                      UNION ALL
                      (SELECT u.id, 1 FROM users u, pattern
                       WHERE lower(u.username) LIKE pattern.literal || '%' ESCAPE '\' LIMIT 10)
                      UNION ALL
                      (SELECT u.id, 2 FROM users u, pattern
                       WHERE search_fold(u.full_name) LIKE pattern.literal || '%' ESCAPE '\' LIMIT 10)
                      UNION ALL
                      (SELECT u.id, 3 FROM users u, pattern
                       WHERE lower(u.username) LIKE '%' || pattern.literal || '%' ESCAPE '\'
                          OR search_fold(u.full_name) LIKE '%' || pattern.literal || '%' ESCAPE '\'
                       LIMIT 10)),
                  best AS (SELECT id, min(tier) AS tier FROM found GROUP BY id)
                  SELECT u.username, u.full_name, u.profile_image_url,
                         EXISTS (SELECT 1 FROM follows f WHERE f.user_id = $1 AND f.user_followed_id = u.id),
                         COALESCE(u.id = $1, false)
                  FROM best JOIN users u ON u.id = best.id
                  ORDER BY best.tier, length(u.username), u.username
                  LIMIT 10",
            )
            .bind(me)
            .bind(&words)
            .fetch_all(&state.pool)
            .await?;
            let tags: Vec<(String, i64)> = sqlx::query_as(
                r"SELECT h.name, (SELECT count(*) FROM post_hashtags ph WHERE ph.hashtag_id = h.id) AS uses
                  FROM hashtags h WHERE h.name LIKE like_literal($1) || '%' ESCAPE '\'
                  ORDER BY h.name = $1 DESC, uses DESC, h.name LIMIT 10",
            )
            .bind(&words)
            .fetch_all(&state.pool)
            .await?;
            // Matches come from the caption GIN index (materialised, so the planner cannot
            // instead walk every post newest first, computing each one's tsvector: on a
            // rare word that reads the whole table). At most MAX_CAPTION_MATCHES are
            // ranked by recency: for a very common word the newest of those, which is
            // the price of an answer in milliseconds.
            let posts: Vec<PostRow> = sqlx::query_as(concat!(
                "WITH matches AS MATERIALIZED (
                     SELECT id FROM posts
                     WHERE to_tsvector('english', caption) @@ websearch_to_tsquery('english', $2)
                     LIMIT $3)
                 SELECT ",
                crate::post_columns!(),
                " FROM matches JOIN posts p ON p.id = matches.id JOIN users u ON u.id = p.user_id
                  ORDER BY p.created_at DESC, p.id DESC LIMIT 12"
            ))
            .bind(me)
            .bind(&query)
            .bind(MAX_CAPTION_MATCHES)
            .fetch_all(&state.pool)
            .await?;
            Ok(SearchResults {
                people: people.into_iter().map(PersonView::from).collect(),
                tags,
                posts: posts.into_iter().map(|row| row.into_view(me)).collect(),
            })
        }
        .await,
    )
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|q| q.get("q")).unwrap_or_default();
    let results = Resource::new(q, search);
    let navigate = use_navigate();
    // Each keystroke restarts the wait; only a pause of 250 ms asks the server.
    let typed = RwSignal::new(0u64);
    let on_input = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        let this = typed.get_untracked() + 1;
        typed.set(this);
        let navigate = navigate.clone();
        set_timeout(
            move || {
                if typed.get_untracked() == this {
                    let url = format!("/search?q={}", crate::ui::form::encode_query_value(&text));
                    navigate(
                        &url,
                        NavigateOptions {
                            replace: true,
                            scroll: false,
                            ..Default::default()
                        },
                    );
                }
            },
            std::time::Duration::from_millis(250),
        );
    };
    view! {
        <Title text="Search" />
        <div class="mx-auto flex max-w-2xl flex-col gap-6">
            <h1 class="text-2xl font-semibold">"Search"</h1>
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
                    value=q()
                    on:input=on_input
                    class="input flex-1"
                />
                <button type="submit" class="btn-primary">"Search"</button>
            </form>
            <Suspense fallback=|| view! { <ListSkeleton rows=3 /> }>
                {move || Suspend::new(async move {
                    let asked = q();
                    let signed_in = crate::auth::signed_in().await;
                    match results.await {
                        Ok(results) => view! { <Results asked results signed_in /> }.into_any(),
                        Err(error) => view! { <p role="alert" class="alert-error">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
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
    } = results;
    if people.is_empty() && tags.is_empty() && posts.is_empty() {
        return view! {
            <EmptyState icon=|| view! { <SearchIcon /> } title=format!("No results for “{asked}”")>
                <p>"Check the spelling, or try a name, a username or a #tag."</p>
            </EmptyState>
        }
        .into_any();
    }
    view! {
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
                    {tags.into_iter().map(|(name, uses)| view! {
                        <li>
                            <a href=format!("/tags/{name}") class="inline-flex items-center gap-2 rounded-full border border-neutral-200 bg-white px-3 py-1 text-sm hover:bg-neutral-100 dark:border-neutral-800 dark:bg-neutral-900 dark:hover:bg-neutral-800">
                                <span class="font-semibold">{format!("#{name}")}</span>
                                <span class="muted">{counted(uses, "post", "posts")}</span>
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
