//! The command line: one binary that serves the app (the default) and operates it.
//!
//!     isntgram                      # serve
//!     isntgram migrate status|up|down N
//!     isntgram seed --people 1000   # demo data through the real image pipeline
//!     isntgram analyze              # sizes, index use, cache hits, slowest statements
//!     isntgram backup DIR / restore DIR
//!     isntgram admin grant|revoke|unsuspend USERNAME

pub mod admin;
pub mod analyze;
pub mod backup;
pub mod counts;
pub mod migrate;
pub mod seed;

use clap::{Parser, Subcommand};

use crate::server::config::Config;

#[derive(Debug, Parser)]
#[command(
    name = "isntgram",
    version,
    about = "Isntgram: a photo-sharing social network.",
    long_about = "Isntgram: a photo-sharing social network.\n\nConfiguration comes from the \
                  environment (or a .env file): see README.md. Without DATABASE_URL, every \
                  command uses the embedded PostgreSQL cluster in ISNTGRAM_DB_DIR, starting \
                  it when needed."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app (the default): migrates, then listens on LEPTOS_SITE_ADDR.
    Serve,
    /// Show, apply or undo database migrations.
    Migrate {
        #[command(subcommand)]
        action: migrate::Action,
    },
    /// Fill the database with generated people, photos, follows, likes and comments.
    Seed(seed::SeedArgs),
    /// Report table and index sizes, index use, the cache hit ratio and the slowest
    /// statements.
    Analyze(analyze::AnalyzeArgs),
    /// Save the database (pg_dump) and the media folder into a folder.
    Backup(backup::BackupArgs),
    /// Load a folder written by `backup` into an empty database and the media folder.
    Restore(backup::RestoreArgs),
    /// Grant or revoke the moderator role; lift a suspension.
    Admin {
        #[command(subcommand)]
        action: admin::Action,
    },
}

impl Cli {
    pub async fn run(self, config: Config) -> anyhow::Result<()> {
        match self.command.unwrap_or(Command::Serve) {
            Command::Serve => crate::server::startup::serve(config).await,
            Command::Migrate { action } => migrate::run(&config, action).await,
            Command::Seed(args) => seed::run(&config, args).await,
            Command::Analyze(args) => analyze::run(&config, args).await,
            Command::Backup(args) => backup::run_backup(&config, args).await,
            Command::Restore(args) => backup::run_restore(&config, args).await,
            Command::Admin { action } => admin::run(&config, action).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
