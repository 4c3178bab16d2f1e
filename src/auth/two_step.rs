//! Two-step login: after the password, a code from an authenticator app (RFC 6238,
//! 30-second steps, one step of clock drift either way; each step's code works once) or
//! one of ten single-use recovery codes.

use std::fmt::Write;

use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::auth::db;
use crate::error::AppError;
use crate::ids::UserId;

/// How many recovery codes a person gets.
pub const RECOVERY_CODES: usize = 10;

/// The code generator of `secret`; `username` names the account in the app's list.
pub fn totp(secret: &[u8], username: &str) -> Result<totp_rs::Totp, AppError> {
    totp_rs::Builder::new()
        .with_secret(secret.to_vec())
        .with_issuer(Some(crate::mail::APP_NAME))
        .with_account_name(username)
        .build()
        .map_err(|error| AppError::internal(format_args!("two-step secret: {error}")))
}

/// The time step of `code` if it is what an app with `secret` shows now (or one step
/// either side); whether that step was used before is the caller's to ask.
pub fn current_step(secret: &[u8], code: &str) -> Result<Option<u64>, AppError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp().max(0) as u64;
    Ok(totp(secret, "")?.check(code, now))
}

/// A new secret: 160 random bits, as RFC 4226 recommends.
pub fn new_secret() -> [u8; 20] {
    rand::random()
}

/// The secret as people type it into an app: base32, in groups of four.
pub fn typed_key(totp: &totp_rs::Totp) -> String {
    let key = totp.secret().to_base32();
    key.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The QR code of the app's `otpauth://` link: its width in modules and an SVG path of
/// its dark modules (numbers only, drawn by the page in a `viewBox` of that width).
pub fn qr_code(totp: &totp_rs::Totp) -> Result<(usize, String), AppError> {
    let url = totp
        .to_url()
        .map_err(|error| AppError::internal(format_args!("otpauth link: {error}")))?;
    let code = qrcode::QrCode::new(url.as_bytes())
        .map_err(|error| AppError::internal(format_args!("QR code: {error}")))?;
    let width = code.width();
    let mut path = String::new();
    for (index, color) in code.to_colors().into_iter().enumerate() {
        if color == qrcode::Color::Dark {
            let _ = write!(path, "M{} {}h1v1h-1z", index % width, index / width);
        }
    }
    Ok((width, path))
}

/// Ten new recovery codes, `xxxxx-xxxxx` from an alphabet without look-alikes (about
/// 48 random bits each).
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut code = String::with_capacity(11);
            for index in 0..10 {
                if index == 5 {
                    code.push('-');
                }
                code.push(ALPHABET[rand::random_range(0..ALPHABET.len())] as char);
            }
            code
        })
        .collect()
}

/// What is stored of a recovery code: the SHA-256 of its letters and digits, lowercased
/// (so spaces, dashes and case do not matter when it is typed).
pub fn recovery_code_hash(code: &str) -> [u8; 32] {
    Sha256::digest(normalized(code).as_bytes()).into()
}

fn normalized(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether `code` is the app's current code (never one accepted before) or an unused
/// recovery code of `user`; either is then spent.
pub async fn verify(pool: &PgPool, user: UserId, code: &str) -> Result<bool, AppError> {
    let code = normalized(code);
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        let Some(secret) = db::two_step_secret(pool, user, true).await? else {
            return Ok(false);
        };
        let Some(step) = current_step(&secret, &code)? else {
            return Ok(false);
        };
        return Ok(db::spend_time_step(pool, user, step as i64).await?);
    }
    if code.len() != 10 {
        return Ok(false);
    }
    Ok(db::spend_recovery_code(pool, user, &recovery_code_hash(&code)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_ten_distinct_and_typed_any_way() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        assert!(
            codes
                .iter()
                .all(|code| code.len() == 11 && code.as_bytes()[5] == b'-')
        );
        let code = &codes[0];
        assert_eq!(
            recovery_code_hash(code),
            recovery_code_hash(&format!(" {} ", code.to_uppercase().replace('-', " ")))
        );
    }

    #[test]
    fn the_qr_code_draws_only_numbers() {
        let totp = totp(&new_secret(), "ada").unwrap();
        let (width, path) = qr_code(&totp).unwrap();
        assert!(width >= 21);
        assert!(
            path.chars()
                .all(|c| c.is_ascii_digit() || "Mhvz- ".contains(c))
        );
        assert_eq!(typed_key(&totp).replace(' ', "").len(), 32);
    }
}
