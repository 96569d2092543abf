//! REST access tokens: 32 random bytes given to the client once; the database keeps only
//! their SHA-256 (enough for high-entropy tokens, and a lookup by hash is one index probe).

use std::time::Duration;

use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::account::CurrentUser;
use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::service::error::ServiceError;
use crate::server::service::integrations::hex;
use crate::with_pool;

/// A token just issued: the only time its text exists outside the client.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The bearer token (64 hex characters).
    pub token: String,
    /// Lifetime in seconds.
    pub expires_in: u64,
}

/// What a presented token turns out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCheck {
    /// Valid, and its user is enabled.
    Valid(CurrentUser),
    /// Unknown, revoked or expired.
    Invalid,
    /// Valid, but its user has been disabled.
    UserDisabled,
}

#[derive(sqlx::FromRow)]
struct TokenOwner {
    username: String,
    nick_name: String,
    is_admin: bool,
    enabled: bool,
    expires_at: i64,
    revoked_at: Option<i64>,
}

fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Issues a token for `username`, valid for `ttl`; also drops that user's expired tokens so
/// the table does not grow with every login.
pub async fn issue(db: &Db, username: &str, ttl: Duration) -> Result<IssuedToken, ServiceError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex(&bytes);
    let now = now_millis();
    let ttl_millis = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
    with_pool!(db, |pool| {
        sqlx::query("DELETE FROM access_tokens WHERE username = $1 AND expires_at < $2")
            .bind(username)
            .bind(now)
            .execute(pool)
            .await?;
        sqlx::query(
            "INSERT INTO access_tokens (token_hash, username, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(digest(&token))
        .bind(username)
        .bind(now)
        .bind(now.saturating_add(ttl_millis))
        .execute(pool)
        .await
        .map(|_| ())
    })?;
    Ok(IssuedToken {
        token,
        expires_in: ttl.as_secs(),
    })
}

/// Checks a presented token.
pub async fn check(db: &Db, token: &str) -> Result<TokenCheck, ServiceError> {
    let found: Option<TokenOwner> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT u.username, u.nick_name, u.is_admin, u.enabled, t.expires_at, t.revoked_at
             FROM access_tokens t JOIN users u ON u.username = t.username
             WHERE t.token_hash = $1",
        )
        .bind(digest(token))
        .fetch_optional(pool)
        .await
    })?;
    Ok(match found {
        Some(t) if t.revoked_at.is_none() && t.expires_at > now_millis() => {
            if t.enabled {
                TokenCheck::Valid(CurrentUser {
                    username: t.username,
                    nick_name: t.nick_name,
                    is_admin: t.is_admin,
                })
            } else {
                TokenCheck::UserDisabled
            }
        }
        _ => TokenCheck::Invalid,
    })
}

/// Revokes a token; revoking an unknown or already revoked token changes nothing.
pub async fn revoke(db: &Db, token: &str) -> Result<(), ServiceError> {
    with_pool!(db, |pool| {
        sqlx::query(
            "UPDATE access_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
        )
        .bind(now_millis())
        .bind(digest(token))
        .execute(pool)
        .await
        .map(|_| ())
    })?;
    Ok(())
}

/// Deletes tokens that expired or were revoked before `before` (epoch millis); returns how
/// many. Run periodically so the table holds roughly the live tokens.
pub async fn purge(db: &Db, before: i64) -> Result<u64, ServiceError> {
    Ok(with_pool!(db, |pool| {
        sqlx::query("DELETE FROM access_tokens WHERE expires_at < $1 OR revoked_at < $1")
            .bind(before)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })?)
}

/// Stores a token row with an arbitrary expiry; lets tests (and imports) create tokens that
/// are already expired without waiting for a clock.
pub async fn insert_with_expiry(
    db: &Db,
    username: &str,
    token: &str,
    expires_at: i64,
) -> Result<(), ServiceError> {
    with_pool!(db, |pool| {
        sqlx::query(
            "INSERT INTO access_tokens (token_hash, username, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(digest(token))
        .bind(username)
        .bind(now_millis())
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|_| ())
    })
    .map_err(|e| ServiceError::from_write(e, "userId"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_stable_hex() {
        assert_eq!(digest("abc").len(), 64);
        assert_eq!(digest("abc"), digest("abc"));
        assert_ne!(digest("abc"), digest("abd"));
    }
}
