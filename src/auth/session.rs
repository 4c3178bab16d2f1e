//! Who is making this request. tower-sessions keeps the session in PostgreSQL; the
//! session holds the user id and the account's `session_epoch` at login. A middleware
//! resolves it once per request into an `Option<CurrentUser>` in the request's
//! extensions, where pages and server functions find it (`current_user()`), and ends
//! sessions whose epoch is stale (the password was changed since).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::use_context;
use sqlx::PgPool;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::server::startup::AppState;

const USER_ID: &str = "user_id";
const EPOCH: &str = "epoch";

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
        Err(error) => {
            tracing::error!(%error, "could not resolve the session's user");
            None
        }
    };
    request.extensions_mut().insert(RequestUser(user));
    next.run(request).await
}

#[tracing::instrument(name = "load_session_user", skip_all)]
async fn load(pool: &PgPool, session: &Session) -> anyhow::Result<Option<CurrentUser>> {
    let Some(user_id) = session.get::<i64>(USER_ID).await? else {
        return Ok(None);
    };
    let epoch = session.get::<i32>(EPOCH).await?.unwrap_or(-1);
    // The unread count rides along (idx_notifications_unread): no extra statement.
    let row: Option<(i64, String, String, Option<String>, i32, i64)> = sqlx::query_as(
        "SELECT id, username, full_name, profile_image_url, session_epoch,
                (SELECT count(*) FROM notifications n WHERE n.recipient_id = users.id AND n.read_at IS NULL)
         FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    match row {
        Some((id, username, full_name, avatar_url, current_epoch, unread_notifications))
            if current_epoch == epoch =>
        {
            Ok(Some(CurrentUser {
                id,
                username,
                full_name,
                avatar_url,
                unread_notifications,
            }))
        }
        // The account is gone, or its password changed after this session began.
        _ => {
            session.flush().await?;
            Ok(None)
        }
    }
}

/// The current user, inside a page render or a server function.
pub fn current_user() -> Option<CurrentUser> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestUser>().cloned())
        .and_then(|user| user.0)
}

/// The current user, or 401 for a server function called by a visitor.
pub fn require_user() -> Result<CurrentUser, AppError> {
    current_user().ok_or(AppError::Unauthorized)
}

/// This request's session.
pub fn session() -> Result<Session, AppError> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Session>().cloned())
        .ok_or_else(|| {
            tracing::error!("no session layer around this request");
            AppError::Internal
        })
}

/// The client's IP address (the TCP peer).
pub fn client_ip() -> Option<IpAddr> {
    use_context::<axum::http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip())
    })
}

/// Logs `user_id` in on this session, under a new session id (so an id planted before
/// login is worthless after it).
pub async fn log_in(session: &Session, user_id: i64, epoch: i32) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(USER_ID, user_id)
        .await
        .map_err(session_error)?;
    session.insert(EPOCH, epoch).await.map_err(session_error)?;
    Ok(())
}

/// Ends this session everywhere: the row in the store goes, the cookie is cleared.
pub async fn log_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(%error, "session store error");
    AppError::Internal
}
