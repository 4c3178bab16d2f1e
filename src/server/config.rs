//! Configuration, read once at start-up from the environment (and a `.env` file, which
//! `main` loads first). Every variable has a default that suits a developer's machine.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, anyhow};

use crate::auth::rate_limit::RateLimitSettings;

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: an existing server to use. Unset: the embedded cluster.
    pub database_url: Option<String>,
    /// `ISNTGRAM_DB_DIR`: where the embedded cluster lives.
    pub embedded_db_dir: PathBuf,
    pub database: DatabaseSettings,
    /// `PUBLIC_URL`: the origin people reach the app at (scheme, host and port). It decides
    /// which `Origin` is our own and whether cookies are `Secure`. Default: the bind address.
    pub public_url: Option<String>,
    /// `MEDIA_DIR`: where uploaded images are stored (unless in S3).
    pub media_dir: PathBuf,
    /// `MEDIA_S3_BUCKET`: store images in this S3 bucket instead (the `AWS_*` variables
    /// give the endpoint, region and credentials).
    pub media_s3_bucket: Option<String>,
    /// `MEDIA_S3_PREFIX` (default empty): put before every object's name.
    pub media_s3_prefix: String,
    /// `MAX_UPLOAD_MB` (default 15): the largest photo accepted, in megabytes.
    pub max_upload_bytes: usize,
    /// `LOG_FORMAT`: `pretty` (default) or `json`.
    pub log_json: bool,
    pub rate_limits: RateLimitSettings,
}

#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// `DATABASE_MAX_CONNECTIONS` (default 10).
    pub max_connections: u32,
    /// `DATABASE_MIN_CONNECTIONS` (default 1).
    pub min_connections: u32,
    /// `DATABASE_ACQUIRE_TIMEOUT_SECS` (default 5): how long a request waits for a connection.
    pub acquire_timeout: Duration,
    /// `SLOW_STATEMENT_MS` (default 250): statements slower than this are logged.
    pub slow_statement: Duration,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            max_connections: 10,
            min_connections: 1,
            acquire_timeout: Duration::from_secs(5),
            slow_statement: Duration::from_millis(250),
        }
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let defaults = DatabaseSettings::default();
        Ok(Self {
            database_url: var("DATABASE_URL"),
            embedded_db_dir: var("ISNTGRAM_DB_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("target/isntgram-db")),
            database: DatabaseSettings {
                max_connections: parsed("DATABASE_MAX_CONNECTIONS")?
                    .unwrap_or(defaults.max_connections),
                min_connections: parsed("DATABASE_MIN_CONNECTIONS")?
                    .unwrap_or(defaults.min_connections),
                acquire_timeout: parsed("DATABASE_ACQUIRE_TIMEOUT_SECS")?
                    .map(Duration::from_secs)
                    .unwrap_or(defaults.acquire_timeout),
                slow_statement: parsed("SLOW_STATEMENT_MS")?
                    .map(Duration::from_millis)
                    .unwrap_or(defaults.slow_statement),
            },
            public_url: var("PUBLIC_URL").map(|url| url.trim_end_matches('/').to_owned()),
            media_dir: var("MEDIA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("media")),
            media_s3_bucket: var("MEDIA_S3_BUCKET"),
            media_s3_prefix: var("MEDIA_S3_PREFIX").unwrap_or_default(),
            max_upload_bytes: parsed::<usize>("MAX_UPLOAD_MB")?.unwrap_or(15) * 1_000_000,
            log_json: match var("LOG_FORMAT").as_deref() {
                None | Some("pretty") => false,
                Some("json") => true,
                Some(other) => {
                    return Err(anyhow!(
                        "LOG_FORMAT must be `pretty` or `json`, not `{other}`"
                    ));
                }
            },
            rate_limits: RateLimitSettings {
                per_ip_per_minute: parsed("AUTH_RATE_PER_IP")?
                    .unwrap_or(RateLimitSettings::default().per_ip_per_minute),
                per_account_per_minute: parsed("AUTH_RATE_PER_ACCOUNT")?
                    .unwrap_or(RateLimitSettings::default().per_account_per_minute),
            },
        })
    }
}

/// A set, non-empty variable.
fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

fn parsed<T: FromStr>(name: &str) -> anyhow::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    var(name)
        .map(|value| {
            value
                .trim()
                .parse::<T>()
                .with_context(|| format!("{name}={value} is not valid"))
        })
        .transpose()
}
