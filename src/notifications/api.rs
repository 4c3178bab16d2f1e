//! Reading my notifications, newest first; opening the first page marks them read.

use leptos::prelude::*;

use crate::error::AppError;
use crate::notifications::NotificationView;
use crate::pagination::Page;

#[cfg(feature = "ssr")]
use crate::{
    auth::session, error::with_status, notifications::db, notifications::reading,
    pagination::Cursor, server::state::AppState,
};

/// How many of my notifications are unread now (the count in the current user is from
/// when the page was rendered).
#[server]
pub async fn unread_notifications() -> Result<i64, AppError> {
    with_status(
        async {
            let me = session::require_user()?.id;
            let state = expect_context::<AppState>();
            Ok(db::unread_count(&state.pool, me).await?)
        }
        .await,
    )
}

#[server]
pub async fn my_notifications(after: Option<String>) -> Result<Page<NotificationView>, AppError> {
    with_status(
        async {
            let me = session::require_user()?.id;
            let state = expect_context::<AppState>();
            // Read before any await: the request's context is not there after one.
            let page_load = use_context::<axum::http::request::Parts>().is_some_and(|parts| {
                reading::is_page_load(&parts.method, &parts.uri, &parts.headers)
            });
            let after = Cursor::parse(after.as_deref())?;
            let page = db::page(&state.pool, me, after).await?;
            // Opening the page is reading it; this page still shows what was new. A page
            // load is marked read once it has rendered (`reading`).
            if after.is_none() && !page_load {
                db::mark_all_read(&state.pool, me).await?;
            }
            Ok(page)
        }
        .await,
    )
}
