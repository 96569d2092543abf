//! Slows down password guessing: after too many failed sign-ins within a window, further
//! attempts for that client address or that username are refused until the window passes.
//!
//! Part of authentication ([`crate::server::service::accounts::sign_in`]), so the REST login and the
//! browser's sign-in count the same attempts. The counts live in the database
//! (`login_failures`): every server process sharing a PostgreSQL database sees them, and a
//! restart does not reset them.

use std::time::Duration;

use crate::server::db::Db;
use crate::with_pool;

/// Failed sign-ins allowed per key within [`WINDOW`].
pub const MAX_FAILURES: i64 = 10;
/// The window failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(300);

fn window_ms() -> i64 {
    i64::try_from(WINDOW.as_millis()).unwrap_or(i64::MAX)
}

/// The keys an attempt is counted under: the client's address and the username.
pub fn keys(client_addr: &str, username: &str) -> [String; 2] {
    [format!("ip:{client_addr}"), format!("user:{username}")]
}

/// The key of a username alone (cleared by a correct password).
pub fn user_key(username: &str) -> String {
    format!("user:{username}")
}

/// Given, per key, the failures within the window and the oldest of them (epoch ms): `Err`
/// with the time until the oldest failure of a key over the limit leaves the window.
pub fn verdict(counts: &[(i64, i64)], now_ms: i64) -> Result<(), Duration> {
    let wait_ms = counts
        .iter()
        .filter(|(failures, _)| *failures >= MAX_FAILURES)
        .map(|(_, oldest)| oldest + window_ms() - now_ms)
        .max();
    match wait_ms {
        Some(ms) => {
            Err(Duration::from_millis(u64::try_from(ms).unwrap_or(0)).max(Duration::from_secs(1)))
        }
        None => Ok(()),
    }
}

/// `Err(wait)` when any key is over the limit at `now_ms`.
pub async fn check(
    db: &Db,
    keys: &[String],
    now_ms: i64,
) -> Result<Result<(), Duration>, sqlx::Error> {
    let since = now_ms - window_ms();
    let mut counts = Vec::with_capacity(keys.len());
    for key in keys {
        let row: (i64, Option<i64>) = with_pool!(db, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*), MIN(failed_at) FROM login_failures
                 WHERE throttle_key = $1 AND failed_at > $2",
            )
            .bind(key)
            .bind(since)
            .fetch_one(pool)
            .await
        })?;
        counts.push((row.0, row.1.unwrap_or(now_ms)));
    }
    Ok(verdict(&counts, now_ms))
}

/// Counts a failed attempt against every key, and forgets failures older than the window
/// (so the table holds at most one window of attempts).
pub async fn record_failure(db: &Db, keys: &[String], now_ms: i64) -> Result<(), sqlx::Error> {
    let since = now_ms - window_ms();
    with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE failed_at <= $1")
            .bind(since)
            .execute(&mut *tx)
            .await?;
        for key in keys {
            sqlx::query("INSERT INTO login_failures (throttle_key, failed_at) VALUES ($1, $2)")
                .bind(key)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await
    })
}

/// Forgets the failures of one key (a username after its correct password); the address's
/// count stays, so guessing many usernames from one address is still limited.
pub async fn clear(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    with_pool!(db, |pool| {
        sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_applies_per_key_until_the_oldest_failure_leaves_the_window() {
        let now = 1_000_000;
        assert!(verdict(&[(MAX_FAILURES - 1, now - 1000), (0, now)], now).is_ok());
        let wait = verdict(&[(MAX_FAILURES, now - 60_000), (2, now)], now).unwrap_err();
        assert_eq!(wait, WINDOW - Duration::from_secs(60));
        // Any key over the limit refuses; the longest wait is reported.
        let wait = verdict(
            &[
                (MAX_FAILURES, now - 200_000),
                (MAX_FAILURES + 3, now - 10_000),
            ],
            now,
        )
        .unwrap_err();
        assert_eq!(wait, WINDOW - Duration::from_secs(10));
        // At least a second, never zero.
        let wait = verdict(&[(MAX_FAILURES, now - window_ms() + 1)], now).unwrap_err();
        assert_eq!(wait, Duration::from_secs(1));
    }

    #[test]
    fn keys_name_the_address_and_the_user() {
        assert_eq!(keys("1.2.3.4", "admin"), ["ip:1.2.3.4", "user:admin"]);
        assert_eq!(user_key("admin"), "user:admin");
    }
}
