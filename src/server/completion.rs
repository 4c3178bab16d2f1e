//! Page renders and server function calls run to their end even when the client hangs
//! up or the server is shutting down: each runs in a task of its own, and its response
//! is collected whole before it is sent.
//!
//! A render's reactive owners form a tree that its tasks walk (`use_context`). A request
//! future dropped half-way tears that tree down on one thread while a task of the same
//! render may be walking it on another, and reactive_graph 0.2 can then deadlock:
//! `Owner::with_context` holds a child's read lock while it drops what may be the last
//! reference to the parent, whose drop cleans up, and so write-locks, that child. The
//! worker thread hangs for good, and shutdown with it. A render that is never dropped
//! half-way cannot meet that. Collecting the body costs nothing here: every page is
//! rendered whole before it is sent (`SsrMode::Async`), and answers of server functions
//! are small.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn run_to_completion(request: Request, next: Next) -> Response {
    let render = tokio::spawn(async move {
        let (parts, body) = next.run(request).await.into_parts();
        match axum::body::to_bytes(body, usize::MAX).await {
            Ok(bytes) => Response::from_parts(parts, Body::from(bytes)),
            Err(error) => {
                tracing::error!(%error, "a response could not be read to its end");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    });
    match render.await {
        Ok(response) => response,
        Err(error) => {
            tracing::error!(%error, "a render stopped half-way");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
