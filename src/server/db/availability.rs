//! Whether PostgreSQL can be reached, as this app server last found out, and the gate
//! that answers at once while it cannot.
//!
//! Without it, every request made while the database is down waits for the pool's
//! acquire timeout (seconds) and then fails with a generic error. Once a request finds
//! the database unreachable, the server marks it down: until a probe (a fresh
//! connection, every quarter of a second) gets an answer, pages, server functions and
//! the health check answer `503 Service Unavailable` with `Retry-After` straight away,
//! without touching the pool, and so do the requests that were already waiting for it.
//! A request still running after half a second has the database checked (one fresh
//! connection, at most one check a second), so a database that went away while requests
//! wait for connections is found out within about a second. Built files (`/pkg`) need
//! no database and are served as usual. A pool so busy that a request times out waiting
//! looks the same from inside: then the first probe answers and the gate opens again a
//! quarter of a second later, having turned requests away meanwhile instead of queueing
//! them.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::{Connection, PgConnection, PgPool};
use tokio::sync::watch;

use crate::error::{AppError, DATABASE_UNREACHABLE, RETRY_AFTER_UNAVAILABLE, accepts};

/// How often a down database is tried again.
const PROBE_EVERY: Duration = Duration::from_millis(250);
/// How long one probe may take (connecting and one `SELECT 1`).
const PROBE_TIMEOUT: Duration = Duration::from_secs(1);
/// A request running longer than this has the database checked.
const SUSPECT_AFTER: Duration = Duration::from_millis(500);
/// At most one such check in this time.
const CHECK_AT_MOST_EVERY: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct DatabaseAvailability {
    down: watch::Sender<bool>,
    probing: AtomicBool,
    checking: AtomicBool,
}

impl Default for DatabaseAvailability {
    fn default() -> Self {
        Self {
            down: watch::Sender::new(false),
            probing: AtomicBool::new(false),
            checking: AtomicBool::new(false),
        }
    }
}

impl DatabaseAvailability {
    pub fn is_down(&self) -> bool {
        *self.down.borrow()
    }

    /// Resolves when the database is marked down (at once if it is).
    pub async fn went_down(&self) {
        let mut down = self.down.subscribe();
        // The sender lives as long as `self`: the wait cannot fail while borrowed.
        let _ = down.wait_for(|down| *down).await;
    }

    /// Records that the database could not be reached, and probes until it answers
    /// again (one probe at a time, whoever reports).
    pub fn mark_down(self: &Arc<Self>, pool: &PgPool) {
        if !self.down.send_replace(true) {
            tracing::error!("the database is unreachable: answering 503 until it is back");
        }
        if self.probing.swap(true, Ordering::AcqRel) {
            return;
        }
        let availability = Arc::clone(self);
        let pool = pool.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(PROBE_EVERY).await;
                if answers(&pool).await {
                    availability.down.send_replace(false);
                    availability.probing.store(false, Ordering::Release);
                    tracing::info!("the database answers again");
                    return;
                }
            }
        });
    }

    /// Checks, in the background, that the database still answers, and marks it down
    /// if not; at most one check runs, and at most one a second.
    pub fn check(self: &Arc<Self>, pool: &PgPool) {
        if self.is_down() || self.checking.swap(true, Ordering::AcqRel) {
            return;
        }
        let availability = Arc::clone(self);
        let pool = pool.clone();
        tokio::spawn(async move {
            if !answers(&pool).await {
                availability.mark_down(&pool);
            }
            tokio::time::sleep(CHECK_AT_MOST_EVERY).await;
            availability.checking.store(false, Ordering::Release);
        });
    }
}

/// Whether a new connection to the pool's database answers a statement in time. A new
/// connection, not one of the pool's: the pool may be full of requests waiting.
pub async fn answers(pool: &PgPool) -> bool {
    let options = pool.connect_options();
    let probe = async {
        let mut connection = PgConnection::connect_with(&options).await?;
        sqlx::query("SELECT 1").execute(&mut connection).await?;
        connection.close().await
    };
    matches!(tokio::time::timeout(PROBE_TIMEOUT, probe).await, Ok(Ok(())))
}

/// The outermost of the app's layers that reach the database. While the database is
/// marked down it answers for them, also for the requests in flight when it went down
/// (what they started runs on to its end in the background, `server::completion`); a
/// response marked `DATABASE_UNREACHABLE` (an `AppError::Unavailable`, see
/// `with_status`) marks it down.
pub async fn gate(
    State(database): State<Arc<DatabaseAvailability>>,
    State(pool): State<PgPool>,
    request: Request,
    next: Next,
) -> Response {
    if database.is_down() {
        return unavailable(request.headers());
    }
    // Decided now: the request is gone by the time the database may have gone.
    let to_a_browser = accepts(request.headers(), "text/html");
    let suspect = async {
        tokio::time::sleep(SUSPECT_AFTER).await;
        database.check(&pool);
        std::future::pending::<()>().await
    };
    let mut response = tokio::select! {
        response = next.run(request) => response,
        () = database.went_down() => return unavailable_to(to_a_browser),
        () = suspect => unreachable!("a pending future never resolves"),
    };
    if response
        .headers_mut()
        .remove(DATABASE_UNREACHABLE)
        .is_some()
    {
        database.mark_down(&pool);
    }
    response
}

/// The answer while the database cannot be reached: the error itself to the page's
/// own requests (their server functions decode it), a short page to a browser.
pub fn unavailable(request_headers: &HeaderMap) -> Response {
    unavailable_to(accepts(request_headers, "text/html"))
}

fn unavailable_to(a_browser: bool) -> Response {
    let mut response = if a_browser {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::response::Html(UNAVAILABLE_PAGE),
        )
            .into_response()
    } else {
        let body = serde_json::to_string(&AppError::Unavailable).unwrap_or_default();
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        header::RETRY_AFTER,
        HeaderValue::from_static(RETRY_AFTER_UNAVAILABLE),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A page of its own (the app's pages need the database to render): no user text.
const UNAVAILABLE_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Back in a moment • Isntgram</title>
<style>
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #fafafa; color: #171717;
         font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
  main { max-width: 24rem; margin: 1rem; padding: 2rem; border: 1px solid #e5e5e5; border-radius: 1rem; background: #fff; text-align: center; }
  .logo { font-size: 1.75rem; font-weight: 700; letter-spacing: -0.02em; margin: 0 0 1.5rem; color: inherit; }
  h1 { font-size: 1.125rem; margin: 0 0 0.5rem; }
  p { margin: 0 0 1.5rem; color: #525252; line-height: 1.5; }
  a { display: inline-block; padding: 0.5rem 1rem; border-radius: 0.5rem; background: #0284c7; color: #fff; font-weight: 600; text-decoration: none; }
  @media (prefers-color-scheme: dark) {
    body { background: #0a0a0a; color: #f5f5f5; }
    main { background: #171717; border-color: #262626; }
    p { color: #a3a3a3; }
  }
</style>
</head>
<body>
<main>
  <p class="logo">Isntgram</p>
  <h1>Back in a moment</h1>
  <p>Isntgram can't reach its database right now. Nothing you did caused this; try again in a few seconds.</p>
  <a href="">Try again</a>
</main>
</body>
</html>
"#;
