//! Reads from a streaming replica (`DATABASE_REPLICA_URL`), where a moment's lag is
//! harmless: Explore, hashtags, search and other people's profiles. Everything else,
//! and everything while no replica is configured, uses the primary.
//!
//! A person always reads their own writes. After a request that may have written (any
//! method but GET, HEAD and OPTIONS) answers without error, the browser is given the
//! primary's WAL position in a cookie. While a request carries it, its reads go to the
//! replica only if the replica has replayed that far (one `pg_last_wal_replay_lsn()`),
//! and to the primary otherwise; once the replica has caught up the cookie is dropped,
//! so the many reads between writes cost nothing extra. Chosen over "the primary for a
//! few seconds after a write" because it holds however far the replica falls behind,
//! and sends a writer back to the replica as soon as that is safe (usually at once).
//!
//! A replica that stops answering is marked down like the primary
//! (`availability`): its reads go to the primary until a probe finds it back.

use std::fmt;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::{expect_context, use_context};
use sqlx::PgPool;
use tower_sessions::cookie::{Cookie, SameSite};

use crate::error::DATABASE_UNREACHABLE;
use crate::server::db::availability::{self, DatabaseAvailability};
use crate::server::state::AppState;

/// The cookie that carries the WAL position of a person's last write.
const WROTE_AT: &str = "isntgram_wrote_at";
/// How long the cookie may wait for the replica; past it, the write is old news.
const WROTE_AT_MAX_AGE: time::Duration = time::Duration::minutes(10);
/// How long a request waits for the replica to say how far it has replayed.
const ASK_REPLICA_WITHIN: std::time::Duration = std::time::Duration::from_millis(500);

/// The replica's pool and whether it was last found reachable.
#[derive(Clone)]
pub struct Replica {
    pub pool: PgPool,
    pub availability: Arc<DatabaseAvailability>,
}

impl Replica {
    pub fn new(pool: PgPool) -> Self {
        Self {
            pool,
            availability: Arc::default(),
        }
    }

    /// Whether the replica has replayed the WAL up to `position`. A server that is not
    /// replaying (not a standby) has not; one that does not answer in time is marked
    /// down.
    async fn has_replayed(&self, position: Lsn) -> bool {
        let replayed = tokio::time::timeout(
            ASK_REPLICA_WITHIN,
            sqlx::query_scalar::<_, Option<String>>("SELECT pg_last_wal_replay_lsn()::text")
                .fetch_one(&self.pool),
        )
        .await;
        match replayed {
            Ok(Ok(replayed)) => replayed
                .as_deref()
                .and_then(Lsn::parse)
                .is_some_and(|replayed| replayed >= position),
            Ok(Err(error)) => {
                tracing::warn!(%error, "could not ask the replica how far it has replayed");
                self.availability.mark_down(&self.pool);
                false
            }
            Err(_) => {
                tracing::warn!("the replica did not say in time how far it has replayed");
                self.availability.mark_down(&self.pool);
                false
            }
        }
    }
}

/// A position in PostgreSQL's write-ahead log (`pg_lsn`, written `16/B374D848`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lsn(u64);

impl Lsn {
    pub fn parse(text: &str) -> Option<Self> {
        let (high, low) = text.split_once('/')?;
        let digits = |part: &str| {
            (!part.is_empty() && part.len() <= 8 && part.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(part, 16).ok())
                .flatten()
        };
        Some(Self(
            (u64::from(digits(high)?) << 32) | u64::from(digits(low)?),
        ))
    }
}

impl fmt::Display for Lsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:X}/{:X}", self.0 >> 32, self.0 & 0xFFFF_FFFF)
    }
}

/// Where this request's lag-tolerant reads go, when that is the replica.
#[derive(Clone)]
struct ReadFromReplica(PgPool);

/// The pool for a read that may be a moment behind the latest writes of others: the
/// replica when [`route_reads`] chose it for this request, otherwise the primary.
pub fn read_pool() -> PgPool {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ReadFromReplica>().cloned())
        .map(|replica| replica.0)
        .unwrap_or_else(|| expect_context::<AppState>().pool)
}

/// Chooses the pool of each request's lag-tolerant reads, and hands out the WAL position
/// after writes (see the module's documentation).
pub async fn route_reads(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(replica) = state.replica.clone() else {
        return next.run(request).await;
    };
    if !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        let mut response = next.run(request).await;
        if !response.status().is_client_error() && !response.status().is_server_error() {
            remember_position(&state, &mut response).await;
        }
        return response;
    }
    let waits_for = wrote_at(request.headers());
    let use_replica = !replica.availability.is_down()
        && match waits_for {
            None => true,
            Some(position) => replica.has_replayed(position).await,
        };
    if use_replica {
        request
            .extensions_mut()
            .insert(ReadFromReplica(replica.pool.clone()));
    }
    let mut response = next.run(request).await;
    if use_replica && response.headers().contains_key(DATABASE_UNREACHABLE) {
        // The replica may be what failed: if so, it is marked down (and its reads go to
        // the primary from now on), and the primary is not blamed for it.
        if !availability::answers(&replica.pool).await {
            replica.availability.mark_down(&replica.pool);
            response.headers_mut().remove(DATABASE_UNREACHABLE);
        }
    } else if use_replica && waits_for.is_some() {
        let gone = position_cookie(&state, String::new(), time::Duration::ZERO);
        append_cookie(&mut response, &gone);
    }
    response
}

/// The position the request's cookie says its browser last wrote at.
fn wrote_at(headers: &axum::http::HeaderMap) -> Option<Lsn> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == WROTE_AT)
        .and_then(|cookie| Lsn::parse(cookie.value()))
}

/// Gives the browser the primary's current WAL position: every write of the request
/// has committed by now, so it is at or past them.
async fn remember_position(state: &AppState, response: &mut Response) {
    let position: sqlx::Result<String> = sqlx::query_scalar("SELECT pg_current_wal_lsn()::text")
        .fetch_one(&state.pool)
        .await;
    match position.map(|text| Lsn::parse(&text)) {
        Ok(Some(position)) => {
            let cookie = position_cookie(state, position.to_string(), WROTE_AT_MAX_AGE);
            append_cookie(response, &cookie);
        }
        Ok(None) => tracing::warn!("the primary gave a WAL position that does not parse"),
        Err(error) => tracing::warn!(%error, "could not read the primary's WAL position"),
    }
}

fn position_cookie(state: &AppState, value: String, max_age: time::Duration) -> Cookie<'static> {
    Cookie::build((WROTE_AT, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.serves_https())
        .max_age(max_age)
        .build()
}

fn append_cookie(response: &mut Response, cookie: &Cookie<'_>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_parse_print_and_order_as_postgresql_writes_them() {
        let early = Lsn::parse("0/16B3748").unwrap();
        let late = Lsn::parse("16/B374D848").unwrap();
        assert!(early < late);
        assert_eq!(late.to_string(), "16/B374D848");
        assert_eq!(Lsn::parse("1/0").unwrap(), Lsn(1 << 32));
        assert!(Lsn::parse("1/FFFFFFFF").unwrap() < Lsn::parse("2/0").unwrap());
    }

    #[test]
    fn anything_else_is_no_position() {
        for text in [
            "",
            "/",
            "0/",
            "/0",
            "12",
            "g/0",
            "0/+1",
            "123456789/0",
            "0/0/0",
            "0 /0",
        ] {
            assert_eq!(Lsn::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_position_is_read_from_its_cookie_among_others() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("isntgram_session=abc; isntgram_wrote_at=0/16B3748"),
        );
        assert_eq!(wrote_at(&headers), Lsn::parse("0/16B3748"));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("isntgram_wrote_at=nonsense"),
        );
        assert_eq!(wrote_at(&headers), None);
    }
}
