//! `isntgram migrate`: what is applied, apply the rest, or undo the last N.

use clap::Subcommand;
use comfy_table::Table;
use sqlx::PgPool;

use crate::server::config::Config;
use crate::server::db::MIGRATOR;
use crate::server::startup::Database;

#[derive(Debug, Subcommand)]
pub enum Action {
    /// List every migration and whether it is applied.
    Status,
    /// Apply every pending migration.
    Up,
    /// Undo the last N applied migrations (their `.down.sql`).
    Down {
        /// How many to undo.
        #[arg(default_value_t = 1)]
        n: usize,
    },
}

pub async fn run(config: &Config, action: Action) -> anyhow::Result<()> {
    let database = Database::connect(config).await?;
    let result = match action {
        Action::Status => status(&database.pool).await,
        Action::Up => match crate::server::db::migrate(&database.pool).await {
            Ok(()) => status(&database.pool).await,
            Err(error) => Err(error),
        },
        Action::Down { n } => down(&database.pool, n).await,
    };
    database.close().await;
    result
}

/// Versions applied, oldest first.
pub async fn applied(pool: &PgPool) -> anyhow::Result<Vec<i64>> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(pool)
        .await?;
    if !exists {
        return Ok(Vec::new());
    }
    Ok(
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await?,
    )
}

pub async fn status(pool: &PgPool) -> anyhow::Result<()> {
    let applied = applied(pool).await?;
    let mut table = Table::new();
    table.load_preset(comfy_table::presets::UTF8_BORDERS_ONLY);
    table.set_header(["version", "migration", "state"]);
    for migration in MIGRATOR
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
    {
        let state = if applied.contains(&migration.version) {
            "applied"
        } else {
            "pending"
        };
        table.add_row([
            migration.version.to_string(),
            migration.description.to_string(),
            state.to_owned(),
        ]);
    }
    println!("{table}");
    Ok(())
}

pub async fn down(pool: &PgPool, n: usize) -> anyhow::Result<()> {
    let applied = applied(pool).await?;
    if n == 0 || applied.is_empty() {
        println!("nothing to undo");
        return Ok(());
    }
    // `undo` reverts every migration newer than the target version.
    let target = if n >= applied.len() {
        0
    } else {
        applied[applied.len() - n - 1]
    };
    MIGRATOR.undo(pool, target).await?;
    println!("undid {} migration(s)", n.min(applied.len()));
    status(pool).await
}
