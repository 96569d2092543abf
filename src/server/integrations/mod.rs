//! Who may call the public API: registered apps and services (ID + secret) and the access
//! tokens users obtain at login.

pub mod apps;
pub mod services;
pub mod tokens;

use rand::RngCore;

use crate::server::password;
use crate::server::records::{hex, RecordError};

/// A fresh random identifier with a readable prefix (`app_…`, `svc_…`).
fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", hex(&bytes))
}

/// A fresh 32-byte secret as hex, and its argon2 hash for storage.
async fn new_secret() -> Result<(String, String), RecordError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = hex(&bytes);
    let plain = secret.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&plain))
        .await
        .map_err(|e| RecordError::Hash(e.to_string()))?
        .map_err(|e| RecordError::Hash(e.to_string()))?;
    Ok((secret, hash))
}

/// Checks a presented secret against a stored hash off the async threads; argon2's
/// comparison is constant-time. A missing record still spends the time of one check, so
/// response times do not reveal which IDs exist.
async fn secret_matches(presented: &str, stored: Option<String>) -> Result<bool, RecordError> {
    let presented = presented.to_owned();
    tokio::task::spawn_blocking(move || match stored {
        Some(hash) => password::verify(&presented, &hash),
        None => {
            password::verify_decoy(&presented);
            false
        }
    })
    .await
    .map_err(|e| RecordError::Hash(e.to_string()))
}
