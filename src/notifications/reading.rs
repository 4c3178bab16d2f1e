//! Opening `/notifications` reads them. A page load marks them read once its page has
//! rendered to the end: Leptos renders a page's body more than once on the server, and a resource
//! that marked them read while rendering would show "new" in one pass and not in the
//! next, so the HTML and the data the browser hydrates with would disagree. (Opening
//! the page by client-side navigation calls `my_notifications`, which marks them then.)

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::middleware::Next;
use axum::response::Response;

use crate::auth::session::{RequestUser, loads_a_page};
use crate::notifications::db;
use crate::server::state::AppState;

/// Whether this request loads the notifications page itself (not a later page of it).
pub fn is_page_load(method: &Method, uri: &Uri, headers: &HeaderMap) -> bool {
    loads_a_page(method, headers)
        && uri.path() == "/notifications"
        && uri.query().is_none_or(|query| !query.contains("after="))
}

pub async fn mark_read_after_page_load(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let reader = is_page_load(request.method(), request.uri(), request.headers())
        .then(|| {
            request
                .extensions()
                .get::<RequestUser>()
                .and_then(|user| user.0.as_ref().map(|user| user.id))
        })
        .flatten();
    let response = next.run(request).await;
    let Some(me) = reader else {
        return response;
    };
    // The body streams while the page still renders: read to its end first.
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "the notifications page failed while rendering");
            return Response::from_parts(parts, Body::empty());
        }
    };
    if parts.status.is_success()
        && let Err(error) = db::mark_all_read(&state.pool, me).await
    {
        tracing::error!(%error, "could not mark notifications read");
    }
    Response::from_parts(parts, Body::from(body))
}
