//! Work-order numbers: `WO` + the day in the server's zone + a per-day sequence
//! (`WO20250122-0001`), or a number the client chose.

use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

use crate::server::db::Db;
use crate::server::service::names::TextProblem;
use crate::with_pool;

/// A work-order number: 1-64 ASCII letters, digits and `- _ .`, so it can stand in a URL
/// path (`/userdefine/workorder/{number}/close`) and on paper unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkorderNumber(String);

impl WorkorderNumber {
    /// Parses a client's number (surrounding whitespace removed).
    pub fn parse(text: &str) -> Result<WorkorderNumber, TextProblem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TextProblem::Blank);
        }
        if text.len() > 64 {
            return Err(TextProblem::TooLong(64));
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(TextProblem::BadCharacters);
        }
        Ok(WorkorderNumber(text.to_owned()))
    }

    /// The number `sequence` of `day` (`20250122`).
    pub fn generated(day: &str, sequence: i64) -> WorkorderNumber {
        WorkorderNumber(format!("WO{day}-{sequence:04}"))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `yyyyMMdd` of `millis` in the zone users read times in, so a number's date is the date
/// on the clock of the people using it.
pub fn day_of(millis: i64, offset: UtcOffset) -> String {
    let format = format_description!("[year][month][day]");
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()
        .and_then(|t| t.to_offset(offset).format(&format).ok())
        .unwrap_or_else(|| "00000000".into())
}

/// The next sequence value of `day`, from 1. One upsert: concurrent callers serialize on the
/// day's row (SQLite's writer lock, PostgreSQL's row lock), so no two get the same value.
/// Not part of the caller's transaction on purpose: a failed create leaves a gap rather than
/// handing the same value out twice.
pub async fn next_in_day(db: &Db, day: &str) -> Result<i64, sqlx::Error> {
    with_pool!(db, |pool| {
        sqlx::query_scalar(
            "INSERT INTO work_order_sequences (day, last_value) VALUES ($1, 1)
             ON CONFLICT (day) DO UPDATE SET last_value = work_order_sequences.last_value + 1
             RETURNING last_value",
        )
        .bind(day)
        .fetch_one(pool)
        .await
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_have_the_day_and_four_digits() {
        assert_eq!(
            WorkorderNumber::generated("20250122", 1).as_str(),
            "WO20250122-0001"
        );
        assert_eq!(
            WorkorderNumber::generated("20250122", 12345).as_str(),
            "WO20250122-12345"
        );
    }

    #[test]
    fn the_day_is_the_local_one() {
        // 2025-01-21 20:00:00 UTC is already the 22nd in Beijing.
        let millis = 1_737_489_600_000;
        assert_eq!(day_of(millis, UtcOffset::UTC), "20250121");
        let beijing = UtcOffset::from_hms(8, 0, 0).unwrap();
        assert_eq!(day_of(millis, beijing), "20250122");
    }

    #[test]
    fn client_numbers_must_fit_a_url() {
        assert_eq!(
            WorkorderNumber::parse(" A-1_b.2 ").unwrap().as_str(),
            "A-1_b.2"
        );
        assert_eq!(WorkorderNumber::parse(""), Err(TextProblem::Blank));
        assert_eq!(
            WorkorderNumber::parse("a/b"),
            Err(TextProblem::BadCharacters)
        );
        assert_eq!(
            WorkorderNumber::parse(&"9".repeat(65)),
            Err(TextProblem::TooLong(64))
        );
    }
}
