//! `/tags/:tag`: the posts with a hashtag, newest first, and how many there are.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::app::pages::ErrorPage;
use crate::error::AppError;
use crate::pagination::Page;
use crate::posts::PostView;
use crate::posts::grid::PostGrid;
use crate::ui::count::compact;
use crate::ui::empty::EmptyState;
use crate::ui::icons::CameraLogo;
use crate::ui::skeleton::GridSkeleton;

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    error::with_status,
    pagination::{Cursor, PAGE_SIZE, split_page},
    posts::read::PostRow,
    server::state::AppState,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagPage {
    /// As stored: lowercased.
    pub tag: String,
    pub post_count: i64,
    pub posts: Page<PostView>,
}

/// A tag's posts. Post ids grow with time, so `idx_post_hashtags_hashtag_post
/// (hashtag_id, post_id DESC)` gives them newest first; the cursor is the last id.
#[server]
pub async fn tag_posts(tag: String, after: Option<String>) -> Result<TagPage, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let me = session::current_user().map(|user| user.id);
            let tag = tag.trim_start_matches('#').to_lowercase();
            let (_, before_id) = Cursor::binds(Cursor::parse(after.as_deref())?);
            let found: Option<(i64, i64)> = sqlx::query_as(
                "SELECT h.id, (SELECT count(*) FROM post_hashtags ph WHERE ph.hashtag_id = h.id)
                 FROM hashtags h WHERE h.name = $1",
            )
            .bind(&tag)
            .fetch_optional(&state.pool)
            .await?;
            let Some((hashtag_id, post_count)) = found else {
                return Ok(TagPage { tag, post_count: 0, posts: Page { items: Vec::new(), next: None } });
            };
            let rows: Vec<PostRow> = sqlx::query_as(concat!(
                "SELECT ",
                crate::post_columns!(),
                " FROM post_hashtags ph JOIN posts p ON p.id = ph.post_id JOIN users u ON u.id = p.user_id
                  WHERE ph.hashtag_id = $2 AND ph.post_id < COALESCE($3::bigint, 9223372036854775807)
                  ORDER BY ph.post_id DESC LIMIT $4"
            ))
            .bind(me)
            .bind(hashtag_id)
            .bind(before_id)
            .bind(PAGE_SIZE as i64 + 1)
            .fetch_all(&state.pool)
            .await?;
            let (rows, next) = split_page(rows, PAGE_SIZE, |row| Cursor { micros: 0, id: row.id });
            Ok(TagPage {
                tag,
                post_count,
                posts: Page { items: rows.into_iter().map(|row| row.into_view(me)).collect(), next },
            })
        }
        .await,
    )
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
                        let items = RwSignal::new(posts.items);
                        let next = RwSignal::new(posts.next);
                        let name = StoredValue::new(tag.clone());
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
                                <Show
                                    when=move || !items.with(Vec::is_empty)
                                    fallback=|| view! {
                                        <EmptyState icon=|| view! { <CameraLogo /> } title="No posts yet">
                                            <p>"Photos with this hashtag will appear here."</p>
                                        </EmptyState>
                                    }
                                >
                                    <PostGrid items next fetch=move |cursor| async move { tag_posts(name.get_value(), Some(cursor)).await.map(|page| page.posts) } />
                                </Show>
                            </div>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
