//! Random tokens a browser holds (a device's, a login's) and the SHA-256 the database
//! keeps of them instead: a stolen table names no browser.

use sha2::{Digest, Sha256};

/// 256 random bits, as 64 hex digits.
pub fn new_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}
