//! Putting the server together: database, router, listener, shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use axum::Extension;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::HeaderMap;
use axum::middleware;
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sqlx::PgPool;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::app::{App, shell};
use crate::auth::session::{self, RequestUser};
use crate::auth::session_store::PgSessionStore;
use crate::server::config::Config;
use crate::server::db::{self, embedded::Durability, embedded::EmbeddedPostgres};
pub use crate::server::state::AppState;
use crate::server::{headers, health, security};

/// The app's database: a pool on the configured server, or on the embedded cluster
/// (which this handle stops on close if it started it).
pub struct Database {
    pub pool: PgPool,
    /// Where it is, for the client programs (`pg_dump`, `pg_restore`).
    pub url: String,
    embedded: Option<EmbeddedPostgres>,
}

impl Database {
    /// Connects (starting the embedded cluster when `DATABASE_URL` is unset) and applies
    /// pending migrations.
    pub async fn open(config: &Config) -> anyhow::Result<Self> {
        let database = Self::connect(config).await?;
        if let Err(error) = db::migrate(&database.pool).await {
            database.close().await;
            return Err(error);
        }
        Ok(database)
    }

    /// Connects (starting the embedded cluster when `DATABASE_URL` is unset), without
    /// migrating.
    pub async fn connect(config: &Config) -> anyhow::Result<Self> {
        let (url, embedded) = match &config.database_url {
            Some(url) => (url.clone(), None),
            None => {
                let cluster =
                    EmbeddedPostgres::start(&config.embedded_db_dir, Durability::Durable).await?;
                db::create_database_if_missing(&cluster.url("postgres"), "isntgram").await?;
                (cluster.url("isntgram"), Some(cluster))
            }
        };
        let pool = db::connect(&url, &config.database).await?;
        Ok(Self {
            pool,
            url,
            embedded,
        })
    }

    pub async fn close(self) {
        self.pool.close().await;
        if let Some(cluster) = self.embedded {
            cluster.stop().await;
        }
    }
}

/// Leptos' options: from the environment cargo-leptos sets, with the project's own
/// defaults when the binary runs on its own (`target/release/isntgram`, tests).
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let mut options = get_configuration(None)
        .context("invalid Leptos configuration")?
        .leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "isntgram".into();
    }
    super::assets::detect_hashed_names(&mut options);
    Ok(options)
}

/// Sessions: stored in PostgreSQL, 30 days of inactivity (a session in use is saved
/// again once a day, `auth::session`), cookie `HttpOnly` and
/// `SameSite=Lax`; over HTTPS also `Secure` and named `__Host-…` (bound to this host).
fn session_layer(state: &AppState) -> SessionManagerLayer<PgSessionStore> {
    let secure = state.config.serves_https();
    SessionManagerLayer::new(PgSessionStore::new(state.pool.clone()))
        .with_name(if secure {
            "__Host-isntgram_session"
        } else {
            "isntgram_session"
        })
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::days(30)))
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let leptos_options = state.leptos_options.clone();
    let https = state.config.serves_https();
    // Pages, the 404 page and server functions render to their end whatever the client
    // does (`completion`).
    let rendered = Router::new()
        .leptos_routes_with_context(&state, routes, || {}, move || shell(leptos_options.clone()))
        // Static files from the site root, and the app's 404 page for everything else.
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(super::completion::run_to_completion));
    // Layers run outside in: trace, compress, security headers, answer at once while the
    // database is out of reach, refuse cross-site writes, load the session, resolve its
    // user, choose where lag-tolerant reads go, mark notifications read after their page,
    // then the route.
    let mut router = Router::new()
        // Media answers depend on who asks (a private account's photos).
        .route(
            "/media/{*key}",
            get(
                |state: State<AppState>,
                 Extension(RequestUser(user)): Extension<RequestUser>,
                 key: Path<String>,
                 headers: HeaderMap| {
                    crate::media::serve::serve_media(state, user.map(|user| user.id), key, headers)
                },
            ),
        )
        // The upload streams its body; the limit is a full carousel, with room for the
        // other fields (each photo is held to the limit on its own).
        .route(
            "/new",
            post(crate::posts::upload::create_post).layer(DefaultBodyLimit::max(
                state.config.max_upload_bytes * crate::posts::MAX_PHOTOS + 1_000_000,
            )),
        )
        .route(
            "/settings/data/export",
            get(crate::account::export::download_data),
        )
        .route(
            "/settings/avatar",
            post(crate::profiles::avatar::upload_avatar).layer(DefaultBodyLimit::max(
                state.config.max_upload_bytes + 1_000_000,
            )),
        )
        // Served before the app's routes: `/:username` would take any one-segment path.
        .route_service(
            "/favicon.svg",
            tower_http::services::ServeFile::new(
                std::path::Path::new(state.leptos_options.site_root.as_ref()).join("favicon.svg"),
            ),
        )
        .merge(rendered)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::notifications::reading::mark_read_after_page_load,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            super::db::replica::route_reads,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::resolve_current_user,
        ))
        .layer(session_layer(&state))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::reject_cross_site_writes,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            super::db::availability::gate,
        ))
        // The health check answers for itself, also while the database is out of reach.
        .route("/healthz", get(health::healthz))
        // The built files need no session: they are the same for everyone.
        .merge(super::assets::routes(&state.leptos_options));
    for layer in headers::layers(https) {
        router = router.layer(layer);
    }
    router
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Work that runs beside the server: expired sessions, old mail, expired links and
/// spent rate-limit keys go.
/// Each first runs one period after start, so a server that starts (or a test that is
/// over in a moment) opens no connection before its first request.
fn spawn_housekeeping(state: &AppState) {
    const SESSIONS_EVERY: Duration = Duration::from_secs(3600);
    const RATE_LIMITS_EVERY: Duration = Duration::from_secs(300);
    let pool = state.pool.clone();
    tokio::spawn(async move {
        let start = tokio::time::Instant::now() + SESSIONS_EVERY;
        let mut every = tokio::time::interval_at(start, SESSIONS_EVERY);
        loop {
            every.tick().await;
            if let Err(error) = crate::auth::db::delete_expired_sessions(&pool).await {
                tracing::warn!(%error, "could not delete the expired sessions");
            }
            if let Err(error) = crate::mail::outbox::purge(&pool).await {
                tracing::warn!(%error, "could not purge the mail outbox");
            }
            if let Err(error) = crate::auth::db::purge_tokens(&pool).await {
                tracing::warn!(%error, "could not purge the mailed links");
            }
        }
    });
    let pool = state.pool.clone();
    tokio::spawn(async move {
        let start = tokio::time::Instant::now() + RATE_LIMITS_EVERY;
        let mut every = tokio::time::interval_at(start, RATE_LIMITS_EVERY);
        loop {
            every.tick().await;
            if let Err(error) = crate::server::rate_limit::purge(&pool).await {
                tracing::warn!(%error, "could not purge the rate limits");
            }
        }
    });
}

/// Serves `router` on `listener` until `shutdown` resolves, then finishes the requests
/// in flight.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    spawn_housekeeping(&state);
    crate::mail::worker::spawn(
        state.pool.clone(),
        state.mailer.clone(),
        state.outbox_wake.clone(),
    );
    let app = router(state);
    // Responses go out as soon as they are written: with Nagle's algorithm a response of
    // several writes waits for the client's delayed ACK (40 ms) on a kept-alive connection.
    let listener = listener.tap_io(|stream| {
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("the HTTP server failed")
}

/// `isntgram serve`: everything, until SIGINT or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let database = Database::open(&config).await?;
    crate::auth::api::ensure_demo_user(&database.pool).await?;
    crate::auth::password::warm_up();
    let leptos_options = leptos_options()?;
    let addr = leptos_options.site_addr;
    let mut state = AppState::new(leptos_options, database.pool.clone(), config)?;
    if let Some(url) = &state.config.database_replica_url {
        let replica = db::connect_lazily(url, &state.config.database)?;
        tracing::info!("reads that tolerate a moment's lag go to the replica");
        state = state.with_replica(replica);
    }
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    tracing::info!("Isntgram is listening on http://{addr}");
    let result = run(listener, state, shutdown_signal()).await;
    database.close().await;
    result
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c()
            .await
            .expect("cannot listen for Ctrl-C");
    };
    let terminate = async {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("cannot listen for SIGTERM")
            .recv()
            .await;
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
