//! Who is making this request. tower-sessions keeps the session in PostgreSQL; the
//! session holds the user id and the account's `session_epoch` at login. A middleware
//! resolves it once per request into an `Option<CurrentUser>` in the request's
//! extensions, where pages and server functions find it (`current_user()`), and ends
//! sessions whose epoch is stale (the password was changed since) or whose login was
//! ended from the list of logins.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::use_context;
use sqlx::PgPool;
use tower_sessions::Session;

use crate::auth::token::{new_token, token_hash};
use crate::auth::{CurrentUser, db, session_store};
use crate::error::{AppError, accepts};
use crate::ids::UserId;
use crate::server::db::availability;
use crate::server::state::AppState;

pub(crate) const USER_ID: &str = "user_id";
const EPOCH: &str = "epoch";
const LOGGED_IN_AT: &str = "logged_in_at";
/// When the session was last saved for being used. The store keeps a session for 30
/// days from its last save, and saves only a changed session: a session in use is
/// changed (so saved, its 30 days starting again) once a day, not on every request.
const TOUCHED_AT: &str = "touched_at";
/// How often a session in use is saved again.
const TOUCH_EVERY: i64 = 24 * 60 * 60;
/// A random token naming this login in the `logins` list (which keeps its SHA-256).
pub(crate) const LOGIN_TOKEN: &str = "login_token";
/// After the right password of an account with two-step login: whom, at which epoch,
/// since when. Not logged in until the code.
const SECOND_STEP: &str = "second_step";
/// New recovery codes, to show once, and since when.
const RECOVERY_CODES: &str = "recovery_codes";

/// How long the code may take after the password.
const SECOND_STEP_WITHIN: i64 = 5 * 60;
/// How long new recovery codes stay on show.
const RECOVERY_CODES_SHOWN_FOR: i64 = 10 * 60;

/// The absolute lifetime of a session, beside the sliding 30 days of inactivity.
pub const MAX_SESSION_AGE: time::Duration = time::Duration::days(90);

/// The request's user, resolved by [`resolve_current_user`].
#[derive(Clone, Debug)]
pub struct RequestUser(pub Option<CurrentUser>);

pub async fn resolve_current_user(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let user = match load(&state.pool, &session).await {
        Ok(user) => user,
        // The session store's errors are text: ask the database directly whether it is
        // there before answering as if nobody were logged in.
        Err(error) if !availability::answers(&state.pool).await => {
            tracing::warn!(%error, "could not load the session: the database is out of reach");
            state.database.mark_down(&state.pool);
            return availability::unavailable(request.headers());
        }
        Err(error) => {
            tracing::error!(%error, "could not resolve the session's user");
            None
        }
    };
    let signed_in = user.is_some();
    request.extensions_mut().insert(RequestUser(user));
    // A page being loaded (not a file, not a server function) takes the form message
    // left for it.
    if loads_a_page(request.method(), request.headers()) {
        let flash = crate::auth::flash::take(&session).await;
        request.extensions_mut().insert(flash);
    }
    let mut response = next.run(request).await;
    // The pages and answers a signed-in person gets are theirs (their name in the frame,
    // their feed, settings, notifications): no cache may keep them. Files (photos, the
    // stylesheet, the wasm) are the same for everyone and stay cacheable.
    let personal = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|kind| kind.to_str().ok())
        .is_some_and(|kind| kind.starts_with("text/html") || kind.starts_with("application/json"));
    if signed_in && personal && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Whether a request loads a page (not a file, not a server function).
pub fn loads_a_page(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::GET && accepts(headers, "text/html")
}

#[tracing::instrument(name = "load_session_user", skip_all)]
async fn load(pool: &PgPool, session: &Session) -> anyhow::Result<Option<CurrentUser>> {
    // The first read of the session loads it, and its account with it.
    let (user_id, stored_account) = session_store::resolving(session.get::<UserId>(USER_ID)).await;
    let Some(user_id) = user_id? else {
        return Ok(None);
    };
    let now = unix_now();
    if outlived(session.get::<i64>(LOGGED_IN_AT).await?, now) {
        session.flush().await?;
        return Ok(None);
    }
    let epoch = session.get::<i32>(EPOCH).await?.unwrap_or(-1);
    let Some(login) = session.get::<String>(LOGIN_TOKEN).await? else {
        session.flush().await?;
        return Ok(None);
    };
    let (account, unnamed) = match stored_account {
        Some(account) => (account, false),
        // A session saved before sessions named their account: asked apart, and saved
        // again below so that it names it from now on.
        None => (
            db::session_user(pool, user_id, &token_hash(&login)).await?,
            true,
        ),
    };
    match account {
        Some(row) if row.session_epoch == epoch => {
            if unnamed {
                session.save().await?;
            }
            if needs_touch(session.get::<i64>(TOUCHED_AT).await?, now) {
                session.insert(TOUCHED_AT, now).await?;
            }
            Ok(Some(CurrentUser {
                id: row.id,
                username: row.username,
                full_name: row.full_name,
                avatar_url: row.profile_image_url,
                unread_notifications: row.unread_notifications,
                is_demo: row.is_demo,
                email_verified: row.email_verified,
            }))
        }
        // The account is gone, its password changed after this session began, or this
        // login was ended from another one.
        _ => {
            session.flush().await?;
            Ok(None)
        }
    }
}

/// Whether a session in use is due to be saved again (see `TOUCHED_AT`).
fn needs_touch(touched_at: Option<i64>, now: i64) -> bool {
    touched_at.is_none_or(|at| now - at >= TOUCH_EVERY)
}

/// However active, a session ends `MAX_SESSION_AGE` after its login; one without a
/// login time was not made by `log_in` and ends too.
fn outlived(logged_in_at: Option<i64>, now: i64) -> bool {
    logged_in_at.is_none_or(|at| now - at > MAX_SESSION_AGE.whole_seconds())
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The current user, inside a page render or a server function.
pub fn current_user() -> Option<CurrentUser> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestUser>().cloned())
        .and_then(|user| user.0)
}

/// The current user's id, inside a page render or a server function.
pub fn current_user_id() -> Option<UserId> {
    current_user().map(|user| user.id)
}

/// The current user, or 401 for a server function called by a visitor.
pub fn require_user() -> Result<CurrentUser, AppError> {
    current_user().ok_or(AppError::Unauthorized)
}

/// This request's session.
pub fn session() -> Result<Session, AppError> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Session>().cloned())
        .ok_or_else(|| AppError::internal("no session layer around this request"))
}

/// The client's IP address: the TCP peer, or the address a trusted proxy forwarded.
pub fn client_ip() -> Option<IpAddr> {
    let parts = use_context::<axum::http::request::Parts>()?;
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>()?.0.ip();
    let trusted = use_context::<AppState>()
        .map(|state| state.config.trusted_proxies.clone())
        .unwrap_or_default();
    Some(crate::server::client_ip::resolve(
        peer,
        &parts.headers,
        &trusted,
    ))
}

/// Logs `user_id` in on this session, under a new session id (so an id planted before
/// login is worthless after it), and lists the login among the account's.
pub async fn log_in(session: &Session, user_id: UserId, epoch: i32) -> Result<(), AppError> {
    forget_this_login(session).await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(USER_ID, user_id)
        .await
        .map_err(session_error)?;
    session.insert(EPOCH, epoch).await.map_err(session_error)?;
    let now = unix_now();
    session
        .insert(LOGGED_IN_AT, now)
        .await
        .map_err(session_error)?;
    session
        .insert(TOUCHED_AT, now)
        .await
        .map_err(session_error)?;
    let token = new_token();
    session
        .insert(LOGIN_TOKEN, &token)
        .await
        .map_err(session_error)?;
    let user_agent: String = use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(header::USER_AGENT)
                .and_then(|agent| agent.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect();
    let state = use_context::<AppState>().ok_or_else(|| AppError::internal("no app state"))?;
    db::record_login(
        &state.pool,
        user_id,
        epoch,
        &token_hash(&token),
        &user_agent,
    )
    .await?;
    Ok(())
}

/// The password was right; the code comes next, on this session, within five minutes.
pub async fn await_second_step(
    session: &Session,
    user_id: UserId,
    epoch: i32,
) -> Result<(), AppError> {
    session
        .insert(SECOND_STEP, (user_id, epoch, unix_now()))
        .await
        .map_err(session_error)
}

/// Whom this session awaits a code for (and their epoch at the password), if the
/// password was given in the last five minutes.
pub async fn awaited_second_step(session: &Session) -> Result<Option<(UserId, i32)>, AppError> {
    let pending = session
        .get::<(UserId, i32, i64)>(SECOND_STEP)
        .await
        .map_err(session_error)?;
    Ok(pending
        .filter(|(_, _, at)| unix_now() - at <= SECOND_STEP_WITHIN)
        .map(|(user, epoch, _)| (user, epoch)))
}

pub async fn end_second_step(session: &Session) -> Result<(), AppError> {
    session
        .remove_value(SECOND_STEP)
        .await
        .map_err(session_error)?;
    Ok(())
}

/// Keeps new recovery codes to show on the next pages, for ten minutes.
pub async fn show_recovery_codes(session: &Session, codes: &[String]) -> Result<(), AppError> {
    session
        .insert(RECOVERY_CODES, (codes, unix_now()))
        .await
        .map_err(session_error)
}

pub async fn forget_recovery_codes(session: &Session) -> Result<(), AppError> {
    session
        .remove_value(RECOVERY_CODES)
        .await
        .map_err(session_error)?;
    Ok(())
}

/// The recovery codes made in this session in the last ten minutes.
pub async fn recovery_codes_on_show(session: &Session) -> Result<Vec<String>, AppError> {
    let shown = session
        .get::<(Vec<String>, i64)>(RECOVERY_CODES)
        .await
        .map_err(session_error)?;
    Ok(shown
        .filter(|(_, at)| unix_now() - at <= RECOVERY_CODES_SHOWN_FOR)
        .map(|(codes, _)| codes)
        .unwrap_or_default())
}

/// Ends this session everywhere: the row in the store goes, the cookie is cleared, and
/// the login leaves the account's list.
pub async fn log_out(session: &Session) -> Result<(), AppError> {
    forget_this_login(session).await?;
    session.flush().await.map_err(session_error)
}

/// The hash of this session's login token, if it has one.
pub async fn this_login(session: &Session) -> Result<Option<[u8; 32]>, AppError> {
    let token = session
        .get::<String>(LOGIN_TOKEN)
        .await
        .map_err(session_error)?;
    Ok(token.map(|token| token_hash(&token)))
}

async fn forget_this_login(session: &Session) -> Result<(), AppError> {
    if let Some(hash) = this_login(session).await?
        && let Some(state) = use_context::<AppState>()
    {
        db::forget_login(&state.pool, &hash).await?;
    }
    Ok(())
}

#[track_caller]
fn session_error(error: tower_sessions::session::Error) -> AppError {
    AppError::internal(format_args!("session store: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_in_use_is_saved_again_once_a_day() {
        let now = 1_800_000_000;
        assert!(needs_touch(None, now));
        assert!(!needs_touch(Some(now), now));
        assert!(!needs_touch(Some(now - TOUCH_EVERY + 1), now));
        assert!(needs_touch(Some(now - TOUCH_EVERY), now));
    }

    #[test]
    fn sessions_end_ninety_days_after_login_however_active() {
        let now = 1_800_000_000;
        let day = 86_400;
        assert!(!outlived(Some(now), now));
        assert!(!outlived(Some(now - 89 * day), now));
        assert!(!outlived(Some(now - 90 * day), now));
        assert!(outlived(Some(now - 90 * day - 1), now));
        assert!(outlived(None, now));
    }
}
