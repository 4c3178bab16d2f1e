//! `isntgram admin grant|revoke|unsuspend USERNAME`: who moderates, and lifting a
//! suspension (moderators suspend from `/admin/reports`; only an operator undoes it).

use clap::Subcommand;
use sqlx::PgPool;

use crate::moderation::db;
use crate::server::config::Config;
use crate::server::startup::Database;

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Make USERNAME a moderator: `/admin/reports` and `/admin/log` open for them.
    Grant { username: String },
    /// Take the moderator role away from USERNAME.
    Revoke { username: String },
    /// Let a suspended USERNAME log in again; what they shared shows again.
    Unsuspend { username: String },
}

pub async fn run(config: &Config, action: Action) -> anyhow::Result<()> {
    let database = Database::connect(config).await?;
    let result = apply(&database.pool, action).await;
    database.close().await;
    println!("{}", result?);
    Ok(())
}

/// Applies `action`; what happened, in a sentence.
pub async fn apply(pool: &PgPool, action: Action) -> anyhow::Result<String> {
    let (done, username, said) = match action {
        Action::Grant { username } => {
            let done = db::set_moderator(pool, &username, true).await?;
            (done, username, "is a moderator now")
        }
        Action::Revoke { username } => {
            let done = db::set_moderator(pool, &username, false).await?;
            (done, username, "is no longer a moderator")
        }
        Action::Unsuspend { username } => {
            let done = db::unsuspend(pool, &username).await?;
            if !done {
                anyhow::bail!("nobody called {username} is suspended");
            }
            (done, username, "may log in again")
        }
    };
    if !done {
        anyhow::bail!("nobody is called {username}");
    }
    Ok(format!("{username} {said}."))
}
