//! Random tokens a browser holds (a device's, a login's) and the SHA-256 the database
//! keeps of them instead: a stolen table names no browser.

use sha2::{Digest, Sha256};

/// 256 random bits, as 64 hex digits.
pub fn new_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// Whether `token` looks like one of ours (64 hex digits); anything else is refused
/// before any lookup.
pub fn is_well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}
