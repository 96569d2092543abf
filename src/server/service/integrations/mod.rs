//! Who may call the public API: registered apps and services (ID + secret) and the access
//! tokens users obtain at login.

pub mod apps;
pub mod services;
pub mod tokens;

use rand::RngCore;

use crate::server::password;
use crate::server::service::error::ServiceError;

/// Hex text of bytes (tokens, ids).
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A fresh random identifier with a readable prefix (`app_…`, `svc_…`).
fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", hex(&bytes))
}

/// A fresh 32-byte secret as hex, and its argon2 hash for storage.
async fn new_secret() -> Result<(String, String), ServiceError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = hex(&bytes);
    let plain = secret.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&plain))
        .await
        .map_err(|e| ServiceError::Unavailable(e.to_string()))?
        .map_err(|e| ServiceError::Unavailable(e.to_string()))?;
    Ok((secret, hash))
}

/// Checks a presented secret against a stored hash off the async threads; argon2's
/// comparison is constant-time. A missing record still spends the time of one check, so
/// response times do not reveal which IDs exist.
///
/// Every public API request presents its client's secret, and one argon2 check costs tens
/// of milliseconds of CPU: unchecked, that capped the whole API at a few dozen requests per
/// second per core. So a successful check is remembered (see [`VerifiedSecrets`]) and the
/// same secret against the same stored hash is accepted without argon2 again. Failed checks
/// are never remembered, so guessing stays as slow as before.
async fn secret_matches(presented: &str, stored: Option<String>) -> Result<bool, ServiceError> {
    let remembered = stored
        .as_deref()
        .map(|hash| VerifiedSecrets::key(presented, hash));
    if remembered.is_some_and(|key| VerifiedSecrets::contains(&key)) {
        return Ok(true);
    }
    let presented = presented.to_owned();
    let matches = tokio::task::spawn_blocking(move || match stored {
        Some(hash) => password::verify(&presented, &hash),
        None => {
            password::verify_decoy(&presented);
            false
        }
    })
    .await
    .map_err(|e| ServiceError::Unavailable(e.to_string()))?;
    if let (true, Some(key)) = (matches, remembered) {
        VerifiedSecrets::insert(key);
    }
    Ok(matches)
}

/// Secrets that passed argon2, remembered per process as SHA-256 of (secret, stored hash).
///
/// Keying on the stored hash makes forgetting automatic: a new secret (or a deleted client)
/// changes or removes the stored hash, and the old key never matches again. Secrets are 32
/// random bytes, so the SHA-256 in memory is no easier to reverse than the argon2 hash in the
/// database. The set is bounded and simply cleared when full.
struct VerifiedSecrets;

impl VerifiedSecrets {
    const CAPACITY: usize = 4096;

    fn set() -> &'static std::sync::Mutex<std::collections::HashSet<[u8; 32]>> {
        static SET: std::sync::OnceLock<std::sync::Mutex<std::collections::HashSet<[u8; 32]>>> =
            std::sync::OnceLock::new();
        SET.get_or_init(Default::default)
    }

    fn key(presented: &str, stored_hash: &str) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut digest = Sha256::new();
        digest.update(presented.as_bytes());
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        digest.update([0u8]);
        digest.update(stored_hash.as_bytes());
        digest.finalize().into()
    }

    fn contains(key: &[u8; 32]) -> bool {
        Self::set().lock().is_ok_and(|set| set.contains(key))
    }

    fn insert(key: [u8; 32]) {
        if let Ok(mut set) = Self::set().lock() {
            if set.len() >= Self::CAPACITY {
                set.clear();
            }
            set.insert(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lowercase_pairs() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }

    #[tokio::test]
    async fn a_verified_secret_is_remembered_only_for_its_stored_hash() {
        let (secret, hash) = new_secret().await.unwrap();
        assert!(!VerifiedSecrets::contains(&VerifiedSecrets::key(
            &secret, &hash
        )));
        assert!(secret_matches(&secret, Some(hash.clone())).await.unwrap());
        assert!(VerifiedSecrets::contains(&VerifiedSecrets::key(
            &secret, &hash
        )));
        // Remembered, and still right: the same answer without argon2.
        assert!(secret_matches(&secret, Some(hash.clone())).await.unwrap());
        // A wrong secret is checked (and refused) every time, never remembered.
        assert!(!secret_matches("wrong", Some(hash.clone())).await.unwrap());
        assert!(!VerifiedSecrets::contains(&VerifiedSecrets::key(
            "wrong", &hash
        )));
        // A new secret for the client is a new stored hash: the old secret no longer passes.
        let (_, rotated) = new_secret().await.unwrap();
        assert!(!secret_matches(&secret, Some(rotated)).await.unwrap());
        assert!(!secret_matches(&secret, None).await.unwrap());
    }
}
