//! The database: the pool every request uses, migrations, and the embedded cluster that
//! stands in when no `DATABASE_URL` is configured.

pub mod availability;
pub mod embedded;
pub mod replica;

use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};

use crate::server::config::DatabaseSettings;

/// The migrations in `migrations/`, compiled into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens a pool on `url` with the configured size and timeouts. Statements slower than
/// the configured threshold are logged at WARN with their timing.
pub async fn connect(url: &str, settings: &DatabaseSettings) -> anyhow::Result<PgPool> {
    let options = connect_options("DATABASE_URL", url, settings)?;
    pool_options(settings)
        .connect_with(options)
        .await
        .context("cannot connect to PostgreSQL")
}

/// A pool on `url` that connects when first used: a replica that is not up yet must not
/// stop the app from starting (its reads go to the primary meanwhile). A request waits
/// at most a second for one of its connections: past that the replica is checked, and
/// marked down if it does not answer.
pub fn connect_lazily(url: &str, settings: &DatabaseSettings) -> anyhow::Result<PgPool> {
    let options = connect_options("DATABASE_REPLICA_URL", url, settings)?;
    Ok(pool_options(settings)
        .min_connections(0)
        .acquire_timeout(settings.acquire_timeout.min(Duration::from_secs(1)))
        .connect_lazy_with(options))
}

/// The options of a connection to `url` (named `variable` in the configuration).
fn connect_options(
    variable: &str,
    url: &str,
    settings: &DatabaseSettings,
) -> anyhow::Result<PgConnectOptions> {
    Ok(url
        .parse::<PgConnectOptions>()
        .with_context(|| format!("{variable} is not a valid PostgreSQL URL"))?
        .log_statements(tracing::log::LevelFilter::Trace)
        .log_slow_statements(tracing::log::LevelFilter::Warn, settings.slow_statement))
}

/// A connection idle for longer than this is checked (a round trip) before it is used.
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(1);

/// The pool checks every connection with a round trip as it comes back, so checking it
/// again as it goes out only matters once it has sat idle: a page's few statements each
/// take a connection, and a second round trip for each would cost both sides CPU.
fn pool_options(settings: &DatabaseSettings) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(settings.max_connections)
        .min_connections(settings.min_connections)
        .acquire_timeout(settings.acquire_timeout)
        .idle_timeout(Some(Duration::from_secs(600)))
        .test_before_acquire(false)
        .before_acquire(|connection, meta| {
            Box::pin(async move {
                if meta.idle_for > CHECK_AFTER_IDLE {
                    connection.ping().await?;
                }
                Ok(true)
            })
        })
}

/// Applies every pending migration.
#[tracing::instrument(name = "migrate", skip_all)]
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR
        .run(pool)
        .await
        .context("database migrations failed")?;
    Ok(())
}

/// Creates `database` on the server behind `admin_url` when it does not exist yet.
pub async fn create_database_if_missing(admin_url: &str, database: &str) -> anyhow::Result<()> {
    let mut conn = admin_url.parse::<PgConnectOptions>()?.connect().await?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(database)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        // Identifiers cannot be bound as parameters; quote it.
        let create = format!("CREATE DATABASE {}", quote_ident(database));
        sqlx::raw_sql(&create).execute(&mut conn).await?;
        tracing::info!(database, "created the database");
    }
    Ok(())
}

/// Quotes an SQL identifier.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
