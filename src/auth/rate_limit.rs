//! Rate limits on logging in and signing up, per client IP and per account name, so
//! neither one address nor a botnet against one account can guess passwords quickly.
//! governor's keyed GCRA limiters: memory per key is a few bytes, and stale keys are
//! purged periodically.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

#[derive(Debug, Clone, Copy)]
pub struct RateLimitSettings {
    /// `AUTH_RATE_PER_IP`: attempts per minute from one IP address (default 30).
    pub per_ip_per_minute: u32,
    /// `AUTH_RATE_PER_ACCOUNT`: attempts per minute on one account name (default 10).
    pub per_account_per_minute: u32,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        Self {
            per_ip_per_minute: 30,
            per_account_per_minute: 10,
        }
    }
}

pub struct AuthRateLimits {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
}

impl AuthRateLimits {
    pub fn new(settings: RateLimitSettings) -> Self {
        let quota = |per_minute: u32| {
            let per_minute = NonZeroU32::new(per_minute.max(1)).expect("at least 1");
            Quota::per_minute(per_minute).allow_burst(per_minute)
        };
        Self {
            per_ip: RateLimiter::keyed(quota(settings.per_ip_per_minute)),
            per_account: RateLimiter::keyed(quota(settings.per_account_per_minute)),
        }
    }

    /// One attempt from `ip` on `account`. `Err` says how long to wait.
    pub fn check(&self, ip: Option<IpAddr>, account: &str) -> Result<(), Duration> {
        let clock = governor::clock::DefaultClock::default();
        use governor::clock::Clock;
        if let Some(ip) = ip
            && let Err(not_until) = self.per_ip.check_key(&ip)
        {
            return Err(not_until.wait_time_from(clock.now()));
        }
        let account = account.trim().to_lowercase();
        if !account.is_empty()
            && let Err(not_until) = self.per_account.check_key(&account)
        {
            return Err(not_until.wait_time_from(clock.now()));
        }
        Ok(())
    }

    /// Forgets keys that are back to a full quota.
    pub fn purge(&self) {
        self.per_ip.retain_recent();
        self.per_account.retain_recent();
    }
}

/// The message people read when they are over a limit.
pub fn too_many_attempts(wait: Duration) -> String {
    let seconds = wait.as_secs().max(1);
    if seconds < 60 {
        format!("Too many attempts. Please wait {seconds} seconds and try again.")
    } else {
        format!(
            "Too many attempts. Please wait {} minutes and try again.",
            seconds.div_ceil(60)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_account_and_per_ip() {
        let limits = AuthRateLimits::new(RateLimitSettings {
            per_ip_per_minute: 4,
            per_account_per_minute: 2,
        });
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(limits.check(Some(ip), "Ada").is_ok());
        assert!(limits.check(Some(ip), "ada").is_ok());
        assert!(
            limits.check(Some(ip), "ADA").is_err(),
            "account names are case-insensitive"
        );
        assert!(limits.check(Some(ip), "bob").is_ok());
        assert!(
            limits.check(Some(ip), "carol").is_err(),
            "the IP's quota of 4 is used up"
        );
        let other_ip: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(limits.check(Some(other_ip), "dave").is_ok());
    }
}
