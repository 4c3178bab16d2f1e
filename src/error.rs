//! The one error type server functions answer with. Each variant is mapped to its HTTP
//! status once, here; the message is what the person reads (nothing internal leaks:
//! internal failures are logged on the server and shown as a generic apology).

use std::fmt;
use std::panic::Location;
use std::sync::Arc;

use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Bad input. `kept` echoes what the person typed (never a password) so a form
    /// re-rendered without JavaScript can show it again.
    #[error("{message}")]
    Invalid {
        message: String,
        kept: Vec<(String, String)>,
    },
    #[error("You need to log in first.")]
    Unauthorized,
    #[error("You can't change what isn't yours.")]
    Forbidden,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    RateLimited(String),
    /// What failed and where stays on the server (never serialised), for the log.
    #[error("Something went wrong on our side. Please try again.")]
    Internal(#[serde(skip)] Option<Cause>),
    /// The request never reached our code (network, decoding).
    #[error("Couldn't reach Isntgram. Check your connection and try again.")]
    Transport(String),
    /// The database cannot be reached (down, restarting, out of reach): nothing was
    /// done, and trying again in a few seconds may work.
    #[error("Isntgram can't reach its database right now. Try again in a few seconds.")]
    Unavailable,
}

/// Why an internal error happened and the line that raised it: logged when the error
/// is made, kept in its `Debug` form for tests.
#[derive(Clone)]
pub struct Cause {
    pub what: Arc<str>,
    pub at: &'static Location<'static>,
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at {})", self.what, self.at)
    }
}

/// Two internal errors are the same error to the person who reads them.
impl PartialEq for Cause {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Cause {}

pub const POST_NOT_FOUND: &str = "This post isn't available. It may have been deleted.";
pub const COMMENT_NOT_FOUND: &str = "This comment isn't available. It may have been deleted.";
pub const USER_NOT_FOUND: &str = "Sorry, this page isn't available.";

impl AppError {
    /// A failure on our side: `what` and the caller's line go to the log, the person
    /// reads an apology.
    #[track_caller]
    pub fn internal(what: impl fmt::Display) -> Self {
        let cause = Cause {
            what: what.to_string().into(),
            at: Location::caller(),
        };
        #[cfg(feature = "ssr")]
        tracing::error!(error = %cause.what, at = %cause.at, "internal error");
        Self::Internal(Some(cause))
    }

    pub fn post_not_found() -> Self {
        Self::NotFound(POST_NOT_FOUND.into())
    }

    pub fn comment_not_found() -> Self {
        Self::NotFound(COMMENT_NOT_FOUND.into())
    }

    /// No such person (or page under their name).
    pub fn user_not_found() -> Self {
        Self::NotFound(USER_NOT_FOUND.into())
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid {
            message: message.into(),
            kept: Vec::new(),
        }
    }

    /// Bad input, remembering the (non-secret) values that were sent.
    pub fn invalid_keeping(message: impl Into<String>, kept: &[(&str, &str)]) -> Self {
        Self::Invalid {
            message: message.into(),
            kept: kept
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    /// A value the person had typed into field `name`, if this error kept it.
    pub fn kept(&self, name: &str) -> Option<&str> {
        match self {
            Self::Invalid { kept, .. } => kept
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str()),
            _ => None,
        }
    }

    #[cfg(feature = "ssr")]
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) | Self::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        Self::Transport(error.to_string())
    }
}

/// Unexpected failures (a bug, a broken statement): logged with their cause, shown as
/// an apology. A database out of reach is `Unavailable`. A value PostgreSQL cannot take
/// (SQLSTATE class 22, "data exception": a NUL character, a number or date out of
/// range) came from the request: that is bad input.
#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    #[track_caller]
    fn from(error: sqlx::Error) -> Self {
        if unreachable(&error) {
            tracing::warn!(%error, at = %Location::caller(), "the database is out of reach");
            return Self::Unavailable;
        }
        if let sqlx::Error::Database(database) = &error
            && database.code().is_some_and(|code| code.starts_with("22"))
        {
            tracing::info!(%error, "refused a value the database cannot take");
            return Self::invalid("Some of what was sent can't be used. Check it and try again.");
        }
        Self::internal(format_args!("database: {error}"))
    }
}

/// Whether an error says the database cannot be reached rather than that a statement
/// failed: no connection in time (the server refuses them or does not answer), a
/// connection lost, or the server shutting down or starting up (SQLSTATE class 08,
/// "connection exception", and 57P01–57P03).
#[cfg(feature = "ssr")]
pub fn unreachable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(database) => database.code().is_some_and(|code| {
            code.starts_with("08") || matches!(&*code, "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}

#[cfg(feature = "ssr")]
impl From<anyhow::Error> for AppError {
    #[track_caller]
    fn from(error: anyhow::Error) -> Self {
        Self::internal(format_args!("{error:#}"))
    }
}

/// Whether a request's `Accept` header takes `media_type` ("text/html" from a browser
/// loading a page or posting a form, "application/json" from the page's own requests).
#[cfg(feature = "ssr")]
pub fn accepts(headers: &axum::http::HeaderMap, media_type: &str) -> bool {
    headers
        .get(axum::http::header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains(media_type))
}

/// Whether this server function call is a plain form post (a browser without
/// JavaScript), which answers with a redirect instead of data.
#[cfg(feature = "ssr")]
pub fn from_a_form() -> bool {
    use leptos::prelude::use_context;
    use_context::<axum::http::request::Parts>()
        .is_some_and(|parts| accepts(&parts.headers, "text/html"))
}

/// How long, in seconds, an answer made while the database is out of reach asks the
/// browser to wait before trying again (`Retry-After`).
#[cfg(feature = "ssr")]
pub const RETRY_AFTER_UNAVAILABLE: &str = "5";

/// Set on a response whose request found the database out of reach, for the layer that
/// keeps track (`server::db::availability::gate`), which takes it off again.
#[cfg(feature = "ssr")]
pub const DATABASE_UNREACHABLE: axum::http::HeaderName =
    axum::http::HeaderName::from_static("x-isntgram-database-unreachable");

/// Gives a server function's error its HTTP status. A plain form post (no JavaScript)
/// keeps Leptos' redirect back to the form instead, which then shows the error. An
/// unreachable database is reported either way.
#[cfg(feature = "ssr")]
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    use axum::http::{HeaderValue, header};
    use leptos::prelude::use_context;
    if let Err(error) = &result
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        if *error == AppError::Unavailable {
            response.insert_header(DATABASE_UNREACHABLE, HeaderValue::from_static("1"));
        }
        if !from_a_form() {
            response.set_status(error.status());
            if *error == AppError::Unavailable {
                response.insert_header(
                    header::RETRY_AFTER,
                    HeaderValue::from_static(RETRY_AFTER_UNAVAILABLE),
                );
            }
        }
    }
    result
}
