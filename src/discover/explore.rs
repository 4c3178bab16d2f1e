//! `/explore`: everyone's recent posts as a grid.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::app::pages::ErrorPage;
use crate::error::AppError;
use crate::pagination::Page;
use crate::posts::PostView;
use crate::posts::grid::PostGrid;
use crate::ui::empty::EmptyState;
use crate::ui::icons::ExploreIcon;
use crate::ui::skeleton::GridSkeleton;

#[cfg(feature = "ssr")]
use crate::{
    auth::session,
    error::with_status,
    pagination::{Cursor, PAGE_SIZE},
    posts::read::{PostRow, page_of_posts},
    server::state::AppState,
};

/// Newest first, by `idx_posts_created (created_at DESC, id DESC)`.
#[server]
pub async fn explore_posts(after: Option<String>) -> Result<Page<PostView>, AppError> {
    with_status(
        async {
            let state = expect_context::<AppState>();
            let me = session::current_user().map(|user| user.id);
            let (micros, id) = Cursor::binds(Cursor::parse(after.as_deref())?);
            let rows: Vec<PostRow> = sqlx::query_as(concat!(
                "SELECT ",
                crate::post_columns!(),
                " FROM posts p JOIN users u ON u.id = p.user_id WHERE ",
                crate::keyset_before!("p", "$2", "$3"),
                " ORDER BY p.created_at DESC, p.id DESC LIMIT $4"
            ))
            .bind(me)
            .bind(micros)
            .bind(id)
            .bind(PAGE_SIZE as i64 + 1)
            .fetch_all(&state.pool)
            .await?;
            Ok(page_of_posts(rows, me))
        }
        .await,
    )
}

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
                        Ok(page) => {
                            let items = RwSignal::new(page.items);
                            let next = RwSignal::new(page.next);
                            view! { <PostGrid items next fetch=move |cursor| explore_posts(Some(cursor)) /> }.into_any()
                        }
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
