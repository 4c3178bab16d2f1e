//! The state every handler and server function reaches: the pool, the configuration,
//! the media store and the bounds on image work. Startup builds it; everything else
//! only reads it.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use tokio::sync::Semaphore;

use crate::media::storage::MediaStore;
use crate::server::config::Config;

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
            config: Arc::new(config),
        })
    }
}

/// A semaphore of `per_cpu` permits for each CPU.
fn slots(per_cpu: usize) -> Arc<Semaphore> {
    Arc::new(Semaphore::new(
        per_cpu * std::thread::available_parallelism().map_or(2, |n| n.get()),
    ))
}
