//! `isntgram backup DIR` and `isntgram restore DIR`: the database as a `pg_dump` custom
//! archive (`DIR/database.dump`) and the media folder as plain files (`DIR/media/`).
//! Media files are named by their content, so a second backup into the same folder
//! copies only the new ones.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use sqlx::PgPool;

use crate::server::config::Config;
use crate::server::db::embedded::find_bin_dir;
use crate::server::startup::Database;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The folder to write (created if missing).
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A folder written by `isntgram backup`.
    pub dir: PathBuf,
}

pub async fn run_backup(config: &Config, args: BackupArgs) -> anyhow::Result<()> {
    let database = Database::connect(config).await?;
    let url = database.url.clone();
    let result = backup(&url, &config.media_dir, &args.dir).await;
    database.close().await;
    result?;
    println!(
        "Backed up the database and {} into {}",
        config.media_dir.display(),
        args.dir.display()
    );
    Ok(())
}

pub async fn run_restore(config: &Config, args: RestoreArgs) -> anyhow::Result<()> {
    let database = Database::connect(config).await?;
    let url = database.url.clone();
    let result = restore(&url, &config.media_dir, &args.dir).await;
    database.close().await;
    result?;
    println!(
        "Restored {} into the database and {}",
        args.dir.display(),
        config.media_dir.display()
    );
    Ok(())
}

/// Writes `dir/database.dump` from the database at `url` and copies `media_dir` into
/// `dir/media`.
#[tracing::instrument(name = "backup", skip_all, fields(dir = %dir.display()))]
pub async fn backup(url: &str, media_dir: &Path, dir: &Path) -> anyhow::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let dump = dir.join("database.dump");
    client_program(
        "pg_dump",
        &["--format=custom", "--no-owner", "--file"],
        &[&dump],
        url,
    )
    .await?;
    copy_new_files(media_dir.to_path_buf(), dir.join("media")).await
}

/// Loads `dir/database.dump` into the (empty) database at `url` and copies `dir/media`
/// into `media_dir`.
#[tracing::instrument(name = "restore", skip_all, fields(dir = %dir.display()))]
pub async fn restore(url: &str, media_dir: &Path, dir: &Path) -> anyhow::Result<()> {
    let dump = dir.join("database.dump");
    if !dump.exists() {
        bail!(
            "{} has no database.dump: is it a backup folder?",
            dir.display()
        );
    }
    let pool = PgPool::connect(url).await?;
    let empty = refuse_unless_empty(&pool).await;
    pool.close().await;
    empty?;
    client_program(
        "pg_restore",
        &["--no-owner", "--no-privileges", "--exit-on-error"],
        &[&dump],
        url,
    )
    .await?;
    copy_new_files(dir.join("media"), media_dir.to_path_buf()).await
}

/// A restore goes into a new database: mixing two data sets would break both.
async fn refuse_unless_empty(pool: &PgPool) -> anyhow::Result<()> {
    let tables: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            .fetch_one(pool)
            .await?;
    if tables > 0 {
        bail!(
            "the database is not empty; restore into a new one (a new ISNTGRAM_DB_DIR, or a \
             DATABASE_URL naming an empty database)"
        );
    }
    Ok(())
}

/// Runs one of PostgreSQL's client programs with `-d url`.
async fn client_program(
    program: &str,
    options: &[&str],
    paths: &[&Path],
    url: &str,
) -> anyhow::Result<()> {
    let path = find_bin_dir()?.join(program);
    let output = tokio::process::Command::new(&path)
        .args(options)
        .args(paths)
        .arg("--dbname")
        .arg(libpq_url(url))
        .output()
        .await
        .with_context(|| format!("cannot run {}", path.display()))?;
    if !output.status.success() {
        bail!(
            "{program} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// `url` without the options only sqlx knows (`statement-cache-capacity`, …): libpq
/// refuses unknown ones, and its own never contain a dash.
fn libpq_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.split('=').next().unwrap_or_default().contains('-'))
        .collect();
    if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

/// Copies every file under `from` that `to` lacks, keeping the relative paths.
async fn copy_new_files(from: PathBuf, to: PathBuf) -> anyhow::Result<()> {
    tokio::task::spawn_blocking(move || {
        if !from.exists() {
            return Ok(());
        }
        let mut pending = vec![from.clone()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let entry = entry?;
                let path = entry.path();
                if entry.file_type()?.is_dir() {
                    pending.push(path);
                    continue;
                }
                let target = to.join(path.strip_prefix(&from)?);
                if !target.exists() {
                    std::fs::create_dir_all(target.parent().expect("a file has a parent"))?;
                    std::fs::copy(&path, &target)
                        .with_context(|| format!("cannot copy {}", path.display()))?;
                }
            }
        }
        Ok(())
    })
    .await?
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_keep_only_what_libpq_understands() {
        assert_eq!(
            super::libpq_url("postgres://u@h:5/db?statement-cache-capacity=100&sslmode=require"),
            "postgres://u@h:5/db?sslmode=require"
        );
        assert_eq!(
            super::libpq_url("postgres://u@h/db?statement-cache-capacity=1"),
            "postgres://u@h/db"
        );
        assert_eq!(super::libpq_url("postgres://u@h/db"), "postgres://u@h/db");
    }
}
