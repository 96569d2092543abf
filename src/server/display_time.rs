//! Times as users read them: `yyyy-MM-dd HH:mm:ss` in the configured zone (the API contract).

use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// Milliseconds since the Unix epoch, now.
pub fn now_millis() -> i64 {
    let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
    i64::try_from(nanos / 1_000_000).unwrap_or(i64::MAX)
}

/// Formats epoch milliseconds in the given zone; out-of-range values show as empty.
pub fn format_millis(millis: i64, offset: UtcOffset) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()
        .and_then(|t| t.to_offset(offset).format(&format).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_the_zone() {
        let beijing = UtcOffset::from_hms(8, 0, 0).unwrap();
        // 2025-01-22 00:00:00 UTC
        assert_eq!(
            format_millis(1_737_504_000_000, beijing),
            "2025-01-22 08:00:00"
        );
        assert_eq!(
            format_millis(1_737_504_000_000, UtcOffset::UTC),
            "2025-01-22 00:00:00"
        );
    }

    #[test]
    fn absurd_values_do_not_panic() {
        assert_eq!(format_millis(i64::MAX, UtcOffset::UTC), "");
    }
}
