//! Argon2id password hashing (the argon2 crate's defaults are OWASP's parameters:
//! 19 MiB, 2 iterations, 1 lane). Hashing is deliberately slow, so it runs on the
//! blocking pool, never on the async workers, and at most one hash per CPU runs at a
//! time: the rest wait their turn instead of taking 19 MiB each at once.

use std::sync::LazyLock;

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Verified against when the account does not exist, so that a wrong username takes
/// as long as a wrong password and the two cannot be told apart.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_blocking("not the password of anybody").expect("hashing a constant works")
});

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|error| anyhow::anyhow!("argon2: {error}"))?
        .to_string())
}

static HASHING_SLOTS: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
});

/// Runs `work` on the blocking pool once a hashing slot is free.
async fn in_a_hashing_slot<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    let _slot = HASHING_SLOTS
        .acquire()
        .await
        .context("the hashing slots are closed")?;
    tokio::task::spawn_blocking(work)
        .await
        .context("the hashing task panicked")?
}

pub async fn hash(password: String) -> anyhow::Result<String> {
    in_a_hashing_slot(move || hash_blocking(&password)).await
}

/// Checks `password` against `stored` (a PHC string), or against a dummy hash when there
/// is no account, taking the same time either way.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    in_a_hashing_slot(move || {
        let account_exists = stored.is_some();
        let phc = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let parsed =
            PasswordHash::new(&phc).map_err(|error| anyhow::anyhow!("stored hash: {error}"))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(matches && account_exists)
    })
    .await
}

/// A password nobody knows, for accounts that are not logged into with one (the demo).
pub fn random_secret() -> String {
    SaltString::generate(&mut OsRng).as_str().to_owned()
}

/// Computes the dummy hash ahead of the first login.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}
