//! `isntgram backup DIR` and `isntgram restore DIR`: the database as a `pg_dump` custom
//! archive (`DIR/database.dump`) and the media folder as plain files (`DIR/media/`).
//! Media files are named by their content, so a second backup into the same folder
//! copies only the new ones.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use sqlx::PgPool;

use crate::media::storage::is_valid_key;
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
        &[
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            // All or nothing: a failed restore leaves the database empty, ready to retry.
            "--single-transaction",
        ],
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

/// Runs one of PostgreSQL's client programs on the database at `url`. The connection
/// goes through libpq's environment variables, not the command line: a password there
/// would show in `ps`, and libpq refuses sqlx's own URL options.
async fn client_program(
    program: &str,
    options: &[&str],
    paths: &[&Path],
    url: &str,
) -> anyhow::Result<()> {
    let path = find_bin_dir()?.join(program);
    let env = libpq_environment(url)?;
    // pg_restore only restores into a database it is given with --dbname.
    let database = env
        .iter()
        .find(|(name, _)| *name == "PGDATABASE")
        .map(|(_, database)| database.clone())
        .context("the database URL names no database")?;
    let output = tokio::process::Command::new(&path)
        .arg(format!("--dbname={database}"))
        .args(options)
        .args(paths)
        .envs(env)
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

/// `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE` and the TLS settings of a
/// `postgres://` URL, in libpq's names (sqlx also accepts `ssl-mode` and friends).
fn libpq_environment(url: &str) -> anyhow::Result<Vec<(&'static str, String)>> {
    let parsed = url::Url::parse(url).context("DATABASE_URL is not a valid URL")?;
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    let mut env = Vec::new();
    if let Some(host) = parsed.host_str() {
        env.push(("PGHOST", host.trim_matches(['[', ']']).to_owned()));
    }
    if let Some(port) = parsed.port() {
        env.push(("PGPORT", port.to_string()));
    }
    if !parsed.username().is_empty() {
        env.push(("PGUSER", decode(parsed.username())));
    }
    if let Some(password) = parsed.password() {
        env.push(("PGPASSWORD", decode(password)));
    }
    let database = parsed.path().trim_start_matches('/');
    if !database.is_empty() {
        env.push(("PGDATABASE", decode(database)));
    }
    for (name, value) in parsed.query_pairs() {
        let variable = match name.as_ref() {
            "host" => "PGHOST",
            "port" => "PGPORT",
            "user" => "PGUSER",
            "password" => "PGPASSWORD",
            "dbname" => "PGDATABASE",
            "sslmode" | "ssl-mode" => "PGSSLMODE",
            "sslrootcert" | "ssl-root-cert" | "ssl-ca" => "PGSSLROOTCERT",
            "sslcert" | "ssl-cert" => "PGSSLCERT",
            "sslkey" | "ssl-key" => "PGSSLKEY",
            "application_name" => "PGAPPNAME",
            _ => continue,
        };
        env.push((variable, value.into_owned()));
    }
    Ok(env)
}

/// Copies every media file under `from` that `to` lacks, keeping the relative paths.
/// Only names the store would accept are copied, each to a temporary name first, so an
/// interrupted copy never leaves half a photo under a real name.
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
                let kind = entry.file_type()?;
                if kind.is_dir() {
                    pending.push(path);
                    continue;
                }
                let relative = path.strip_prefix(&from)?;
                let key = relative.to_string_lossy();
                if !kind.is_file() || !is_valid_key(&key) {
                    continue;
                }
                let target = to.join(relative);
                if target.exists() {
                    continue;
                }
                let folder = target.parent().expect("a key has a folder");
                std::fs::create_dir_all(folder)?;
                let temporary = folder.join(format!(".{}.partial", std::process::id()));
                std::fs::copy(&path, &temporary)
                    .with_context(|| format!("cannot copy {}", path.display()))?;
                std::fs::rename(&temporary, &target)?;
            }
        }
        Ok(())
    })
    .await?
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_url_becomes_libpq_settings_and_sqlx_options_are_translated() {
        let env = super::libpq_environment(
            "postgres://ada:p%40ss@db.example:6543/isntgram?ssl-mode=verify-full&statement-cache-capacity=100&ssl-root-cert=/ca.pem",
        )
        .unwrap();
        let get = |name: &str| {
            env.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("PGHOST"), Some("db.example"));
        assert_eq!(get("PGPORT"), Some("6543"));
        assert_eq!(get("PGUSER"), Some("ada"));
        assert_eq!(get("PGPASSWORD"), Some("p@ss"));
        assert_eq!(get("PGDATABASE"), Some("isntgram"));
        assert_eq!(get("PGSSLMODE"), Some("verify-full"));
        assert_eq!(get("PGSSLROOTCERT"), Some("/ca.pem"));
        assert_eq!(env.len(), 7, "{env:?}");
    }
}
