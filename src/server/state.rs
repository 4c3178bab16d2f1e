//! The state every handler and server function reaches: the pool, the configuration,
//! the media store and the bounds on image work. Startup builds it; everything else
//! only reads it.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use tokio::sync::Semaphore;

use crate::mail::transport::Mailer;
use crate::mail::worker::OutboxWake;
use crate::media::storage::MediaStore;
use crate::server::config::Config;
use crate::server::db::availability::DatabaseAvailability;
use crate::server::db::replica::Replica;

/// What every handler and server function can reach. Leptos puts it in the reactive
/// context of each request (`expect_context::<AppState>()`); axum handlers extract parts
/// of it with `State<…>`.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub config: Arc<Config>,
    pub media: Arc<dyn MediaStore>,
    /// Image processing takes a core for a fraction of a second: at most one per CPU
    /// runs at once, the rest wait their turn instead of starving the server.
    pub processing: Arc<Semaphore>,
    /// Uploads in flight (being read, waiting for processing, or processing) each hold
    /// a whole photo in memory: past four per CPU a new one is turned away at once.
    #[from_ref(skip)]
    pub uploads_in_flight: Arc<Semaphore>,
    /// Where the outbox's mail goes.
    #[from_ref(skip)]
    pub mailer: Arc<dyn Mailer>,
    /// Rung after a transaction that queued mail commits.
    #[from_ref(skip)]
    pub outbox_wake: OutboxWake,
    /// Whether the database was last found reachable (`server::db::availability`).
    pub database: Arc<DatabaseAvailability>,
    /// A streaming replica for reads that tolerate a moment's lag, when configured
    /// (`server::db::replica`).
    #[from_ref(skip)]
    pub replica: Option<Replica>,
}

impl AppState {
    pub fn new(
        leptos_options: LeptosOptions,
        pool: PgPool,
        config: Config,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            leptos_options,
            pool,
            media: crate::media::storage::configured(&config)?,
            processing: slots(1),
            uploads_in_flight: slots(4),
            mailer: crate::mail::transport::configured(&config.mail)?.into(),
            outbox_wake: OutboxWake::default(),
            database: Arc::default(),
            replica: None,
            config: Arc::new(config),
        })
    }
}

impl AppState {
    /// Sends lag-tolerant reads to `replica`.
    pub fn with_replica(mut self, replica: PgPool) -> Self {
        self.replica = Some(Replica::new(replica));
        self
    }

    /// The origin links in mails point to: `PUBLIC_URL`, or the address served on.
    pub fn public_origin(&self) -> String {
        self.config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.leptos_options.site_addr))
    }
}

/// A semaphore of `per_cpu` permits for each CPU.
fn slots(per_cpu: usize) -> Arc<Semaphore> {
    Arc::new(Semaphore::new(
        per_cpu * std::thread::available_parallelism().map_or(2, |n| n.get()),
    ))
}
