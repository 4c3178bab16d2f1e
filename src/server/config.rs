//! Configuration, read once at start-up from the environment (and a `.env` file, which
//! `main` loads first). Every variable has a default that suits a developer's machine.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, anyhow};

use ipnet::IpNet;

use crate::mail::MailSettings;

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: an existing server to use. Unset: the embedded cluster.
    pub database_url: Option<String>,
    /// `DATABASE_REPLICA_URL`: a streaming replica of that server, for the reads that
    /// tolerate a moment's lag (`server::db::replica`). Unset: every read is the primary's.
    pub database_replica_url: Option<String>,
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
    /// `TRUSTED_PROXIES` (comma-separated addresses or CIDR ranges, default none): peers
    /// whose `X-Forwarded-For` names the client. Nobody else's is believed.
    pub trusted_proxies: Vec<IpNet>,
    pub mail: MailSettings,
}

/// The quotas of the shared rate limits (`server::rate_limit`).
#[derive(Debug, Clone, Copy)]
pub struct RateLimitSettings {
    /// `AUTH_RATE_PER_IP`: log-in and sign-up attempts per minute from one client
    /// (an IPv4 address or an IPv6 /64), default 30.
    pub per_ip_per_minute: u32,
    /// `AUTH_RATE_PER_ACCOUNT`: attempts per minute on one account, however it is
    /// spelled (and, separately, from each browser that logged in to it before);
    /// re-entering the password in Settings counts here too. Default 10.
    pub per_account_per_minute: u32,
    /// `POSTS_PER_HOUR`: new posts per account (default 30).
    pub posts_per_hour: u32,
    /// `COMMENTS_PER_HOUR`: comments per account (default 200).
    pub comments_per_hour: u32,
    /// `FOLLOWS_PER_HOUR`: follows per account (default 200).
    pub follows_per_hour: u32,
    /// `EMAIL_CHANGES_PER_HOUR`: attempts to change an account's email (default 5).
    pub email_changes_per_hour: u32,
    /// `PASSWORD_RESETS_PER_HOUR`: reset links mailed to one address (default 5); from
    /// one client, `AUTH_RATE_PER_IP` per minute.
    pub password_resets_per_hour: u32,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        Self {
            per_ip_per_minute: 30,
            per_account_per_minute: 10,
            posts_per_hour: 30,
            comments_per_hour: 200,
            follows_per_hour: 200,
            email_changes_per_hour: 5,
            password_resets_per_hour: 5,
        }
    }
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
    /// Whether people reach the app over HTTPS (cookies `Secure`, HSTS).
    pub fn serves_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }

    pub fn from_env() -> anyhow::Result<Self> {
        let config = Self::read_env()?;
        if config.mail.smtp_url.is_some() && config.public_url.is_none() {
            return Err(anyhow!(
                "SMTP_URL is set but PUBLIC_URL is not: the links in mails need the address people reach the app at"
            ));
        }
        Ok(config)
    }

    fn read_env() -> anyhow::Result<Self> {
        let defaults = DatabaseSettings::default();
        Ok(Self {
            database_url: var("DATABASE_URL"),
            database_replica_url: var("DATABASE_REPLICA_URL"),
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
            rate_limits: {
                let defaults = RateLimitSettings::default();
                RateLimitSettings {
                    per_ip_per_minute: parsed("AUTH_RATE_PER_IP")?
                        .unwrap_or(defaults.per_ip_per_minute),
                    per_account_per_minute: parsed("AUTH_RATE_PER_ACCOUNT")?
                        .unwrap_or(defaults.per_account_per_minute),
                    posts_per_hour: parsed("POSTS_PER_HOUR")?.unwrap_or(defaults.posts_per_hour),
                    comments_per_hour: parsed("COMMENTS_PER_HOUR")?
                        .unwrap_or(defaults.comments_per_hour),
                    follows_per_hour: parsed("FOLLOWS_PER_HOUR")?
                        .unwrap_or(defaults.follows_per_hour),
                    email_changes_per_hour: parsed("EMAIL_CHANGES_PER_HOUR")?
                        .unwrap_or(defaults.email_changes_per_hour),
                    password_resets_per_hour: parsed("PASSWORD_RESETS_PER_HOUR")?
                        .unwrap_or(defaults.password_resets_per_hour),
                }
            },
            trusted_proxies: trusted_proxies(var("TRUSTED_PROXIES").as_deref())?,
            mail: {
                let defaults = MailSettings::default();
                MailSettings {
                    smtp_url: var("SMTP_URL"),
                    from: var("MAIL_FROM").unwrap_or(defaults.from),
                    dir: var("MAIL_DIR").map(PathBuf::from).unwrap_or(defaults.dir),
                }
            },
        })
    }
}

/// `TRUSTED_PROXIES`: addresses (`10.0.0.5`) and ranges (`10.0.0.0/8`), comma-separated.
fn trusted_proxies(text: Option<&str>) -> anyhow::Result<Vec<IpNet>> {
    text.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| anyhow!("TRUSTED_PROXIES: `{item}` is not an address or a CIDR range"))
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::trusted_proxies;

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        let parsed = trusted_proxies(Some("10.0.0.5, 192.168.0.0/16,::1")).unwrap();
        let text: Vec<String> = parsed.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["10.0.0.5/32", "192.168.0.0/16", "::1/128"]);
        assert!(trusted_proxies(None).unwrap().is_empty());
        assert!(trusted_proxies(Some("proxy.example")).is_err());
    }
}
