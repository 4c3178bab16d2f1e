//! Rate limits that hold across every app server: the state lives in PostgreSQL (the
//! `rate_limits` table), one row per key, updated by the generic cell rate algorithm in a
//! single statement, so concurrent requests on any server see each other. A key names
//! what the limit protects (`login-account:42`, `login-ip:2001:db8::/64`, `post:7`).

use std::net::IpAddr;
use std::time::Duration;

use sqlx::PgPool;

use crate::error::AppError;

/// `count` requests per `period`, all of which may come at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub count: u32,
    pub period: Duration,
}

impl Quota {
    pub const fn per_minute(count: u32) -> Self {
        Self {
            count,
            period: Duration::from_secs(60),
        }
    }

    pub const fn per_hour(count: u32) -> Self {
        Self {
            count,
            period: Duration::from_secs(3600),
        }
    }

    /// The time one request takes up (the GCRA's emission interval), in milliseconds.
    fn interval_ms(self) -> f64 {
        self.period.as_secs_f64() * 1000.0 / f64::from(self.count.max(1))
    }
}

/// Counts one request against `key`. `Ok(None)`: go ahead; `Ok(Some(wait))`: over the
/// quota, try again after `wait` (nothing was counted).
#[tracing::instrument(name = "rate_limit", skip(pool), fields(key = %key))]
pub async fn check(
    pool: &PgPool,
    key: &str,
    quota: Quota,
) -> Result<Option<Duration>, sqlx::Error> {
    let interval = quota.interval_ms();
    let window = quota.period.as_secs_f64() * 1000.0;
    // The next arrival time moves on by one interval per request; a request that would
    // push it more than one period ahead of now is over the quota.
    let allowed: Option<bool> = sqlx::query_scalar(
        "INSERT INTO rate_limits AS r (key, tat)
         VALUES ($1, now() + $2 * interval '1 millisecond')
         ON CONFLICT (key) DO UPDATE
             SET tat = greatest(r.tat, now()) + $2 * interval '1 millisecond'
             WHERE greatest(r.tat, now()) + $2 * interval '1 millisecond'
                   <= now() + $3 * interval '1 millisecond'
         RETURNING true",
    )
    .bind(key)
    .bind(interval)
    .bind(window)
    .fetch_optional(pool)
    .await?;
    if allowed.is_some() {
        return Ok(None);
    }
    let wait_ms: f64 = sqlx::query_scalar(
        "SELECT greatest(extract(epoch FROM tat - now()) * 1000 + $2 - $3, 0)::float8
         FROM rate_limits WHERE key = $1",
    )
    .bind(key)
    .bind(interval)
    .bind(window)
    .fetch_optional(pool)
    .await?
    .unwrap_or(0.0);
    Ok(Some(Duration::from_millis(wait_ms.ceil() as u64)))
}

/// Counts one request against `key`, or refuses it: "`what` Please wait …" (429).
pub async fn enforce(pool: &PgPool, key: &str, quota: Quota, what: &str) -> Result<(), AppError> {
    match check(pool, key, quota).await? {
        None => Ok(()),
        Some(wait) => Err(AppError::RateLimited(wait_message(what, wait))),
    }
}

/// Forgets keys whose quota is whole again.
pub async fn purge(pool: &PgPool) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM rate_limits WHERE tat < now()")
        .execute(pool)
        .await?
        .rows_affected())
}

/// The part of an address that one client controls: an IPv4 address, or the /64 of an
/// IPv6 one (a single host usually holds the whole /64).
pub fn client_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                format!("{}/64", std::net::Ipv6Addr::from(prefix))
            }
        },
    }
}

/// "Please wait …", for a person over a limit.
pub fn wait_message(what: &str, wait: Duration) -> String {
    let seconds = wait.as_secs().max(1);
    if seconds == 1 {
        format!("{what} Please wait a second and try again.")
    } else if seconds < 60 {
        format!("{what} Please wait {seconds} seconds and try again.")
    } else {
        format!(
            "{what} Please wait {} minutes and try again.",
            seconds.div_ceil(60)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_client_is_an_ipv4_address_or_an_ipv6_64() {
        let key = |text: &str| client_key(text.parse().unwrap());
        assert_eq!(key("203.0.113.9"), "203.0.113.9");
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(key("::ffff:203.0.113.9"), "203.0.113.9");
    }

    #[test]
    fn waits_read_in_seconds_then_minutes() {
        assert_eq!(
            wait_message("Too many attempts.", Duration::from_millis(200)),
            "Too many attempts. Please wait a second and try again."
        );
        assert_eq!(
            wait_message("Slow down.", Duration::from_secs(61)),
            "Slow down. Please wait 2 minutes and try again."
        );
    }
}
