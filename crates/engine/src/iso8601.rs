//! The ISO 8601 subset BPMN timers use: durations (`PT5M`, `P1DT2H`, `P2W`), date-times
//! (`2026-01-01T00:00:00Z`, offsets, plain dates) and repeating intervals (`R3/PT10M`).
//!
//! Date-times without an offset are read as UTC, so a model means the same on every server.

use std::fmt;

use crate::clock::Timestamp;

/// Why a time expression was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iso8601Error {
    /// The text that failed.
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for Iso8601Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a valid ISO 8601 value: {}",
            self.text, self.reason
        )
    }
}

impl std::error::Error for Iso8601Error {}

fn fail(text: &str, reason: &'static str) -> Iso8601Error {
    Iso8601Error {
        text: text.to_string(),
        reason,
    }
}

/// A calendar duration: months and years depend on the start date, days and time do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Duration {
    /// Years plus months, as months.
    pub months: i64,
    /// Days, weeks included.
    pub days: i64,
    /// Hours, minutes and seconds, as milliseconds.
    pub millis: i64,
}

impl Duration {
    /// Parses `PnYnMnWnDTnHnMnS` (fractional seconds allowed, a leading `-` negates).
    pub fn parse(text: &str) -> Result<Duration, Iso8601Error> {
        let trimmed = text.trim();
        let (negative, body) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let body = body
            .strip_prefix('P')
            .ok_or_else(|| fail(text, "a duration starts with 'P'"))?;
        if body.is_empty() || body.ends_with('T') {
            return Err(fail(text, "a duration needs at least one component"));
        }
        let mut duration = Duration::default();
        let mut in_time = false;
        let mut number = String::new();
        for c in body.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                number.push(if c == ',' { '.' } else { c });
                continue;
            }
            if c == 'T' {
                if in_time || !number.is_empty() {
                    return Err(fail(text, "misplaced 'T'"));
                }
                in_time = true;
                continue;
            }
            if number.is_empty() {
                return Err(fail(text, "a designator without a number"));
            }
            let value: f64 = number.parse().map_err(|_| fail(text, "invalid number"))?;
            let whole = || -> Result<i64, Iso8601Error> {
                if value.fract() != 0.0 {
                    return Err(fail(text, "only seconds may have a fraction"));
                }
                Ok(value as i64)
            };
            match (in_time, c) {
                (false, 'Y') => {
                    duration.months = duration.months.saturating_add(whole()?.saturating_mul(12))
                }
                (false, 'M') => duration.months = duration.months.saturating_add(whole()?),
                (false, 'W') => {
                    duration.days = duration.days.saturating_add(whole()?.saturating_mul(7))
                }
                (false, 'D') => duration.days = duration.days.saturating_add(whole()?),
                (true, 'H') => {
                    duration.millis = duration
                        .millis
                        .saturating_add(whole()?.saturating_mul(3_600_000))
                }
                (true, 'M') => {
                    duration.millis = duration
                        .millis
                        .saturating_add(whole()?.saturating_mul(60_000))
                }
                (true, 'S') => {
                    duration.millis = duration
                        .millis
                        .saturating_add((value * 1000.0).round() as i64)
                }
                _ => return Err(fail(text, "unknown designator")),
            }
            number.clear();
        }
        if !number.is_empty() {
            return Err(fail(text, "a number without a designator"));
        }
        // Ten thousand years is beyond any timer; the bound keeps date arithmetic in range.
        const MAX_DAYS: i64 = 3_652_500;
        if duration.months.abs() > MAX_DAYS / 30
            || duration.days.abs() > MAX_DAYS
            || duration.millis.abs() > MAX_DAYS * 86_400_000
        {
            return Err(fail(text, "duration too large"));
        }
        if negative {
            duration = Duration {
                months: -duration.months,
                days: -duration.days,
                millis: -duration.millis,
            };
        }
        Ok(duration)
    }

    /// `start` moved forward by this duration, months first (as `java.time` does).
    pub fn after(&self, start: Timestamp) -> Timestamp {
        let day_ms = 86_400_000;
        let days = start.0.div_euclid(day_ms);
        let time = start.0.rem_euclid(day_ms);
        let (y, m, d) = civil_from_days(days);
        let total = y * 12 + (m - 1) + self.months;
        let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
        let nd = d.min(days_in_month(ny, nm));
        let base = days_from_civil(ny, nm, nd) + self.days;
        Timestamp(
            base.saturating_mul(day_ms)
                .saturating_add(time)
                .saturating_add(self.millis),
        )
    }

    /// Whether the duration is zero or negative (a cycle with it would never advance).
    pub fn is_non_positive(&self) -> bool {
        let probe = Timestamp(0);
        self.after(probe) <= probe
    }
}

/// Parses a date-time (`2026-01-01T08:00:00+08:00`, `...Z`, fractional seconds) or a date.
pub fn parse_date_time(text: &str) -> Result<Timestamp, Iso8601Error> {
    let t = text.trim();
    let (date, rest) = t.split_at(t.find('T').unwrap_or(t.len()));
    let mut parts = date.split('-');
    let num = |s: Option<&str>, len: usize| -> Result<i64, Iso8601Error> {
        let s = s.ok_or_else(|| fail(text, "incomplete date"))?;
        if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail(text, "expected YYYY-MM-DD"));
        }
        s.parse().map_err(|_| fail(text, "invalid number"))
    };
    let (y, m, d) = (
        num(parts.next(), 4)?,
        num(parts.next(), 2)?,
        num(parts.next(), 2)?,
    );
    if parts.next().is_some() || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return Err(fail(text, "invalid calendar date"));
    }
    let mut millis = days_from_civil(y, m, d) * 86_400_000;
    if let Some(time) = rest.strip_prefix('T') {
        let (clock, offset_ms) = split_offset(text, time)?;
        let mut fields = clock.split(':');
        let field = |s: Option<&str>| -> Result<f64, Iso8601Error> {
            s.ok_or_else(|| fail(text, "incomplete time"))?
                .parse::<f64>()
                .map_err(|_| fail(text, "invalid time"))
        };
        let h = field(fields.next())?;
        let min = field(fields.next())?;
        let s = match fields.next() {
            Some(s) => field(Some(s))?,
            None => 0.0,
        };
        if h >= 24.0 || min >= 60.0 || s >= 61.0 || h < 0.0 || min < 0.0 || s < 0.0 {
            return Err(fail(text, "time out of range"));
        }
        millis += (h as i64) * 3_600_000 + (min as i64) * 60_000 + (s * 1000.0).round() as i64;
        millis -= offset_ms;
    }
    Ok(Timestamp(millis))
}

/// Splits `10:00:00+08:00` / `10:00:00Z` / `10:00:00` into the clock part and the offset.
fn split_offset<'a>(text: &str, time: &'a str) -> Result<(&'a str, i64), Iso8601Error> {
    if let Some(clock) = time.strip_suffix('Z') {
        return Ok((clock, 0));
    }
    let Some(at) = time.find(['+', '-']) else {
        return Ok((time, 0));
    };
    let (clock, offset) = time.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(fail(text, "invalid UTC offset"));
    }
    let hours: i64 = digits[..2]
        .parse()
        .map_err(|_| fail(text, "invalid UTC offset"))?;
    let minutes: i64 = digits[2..]
        .parse()
        .map_err(|_| fail(text, "invalid UTC offset"))?;
    Ok((clock, sign * (hours * 3_600_000 + minutes * 60_000)))
}

/// A repeating interval `Rn/[start/]duration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cycle {
    /// How many times it fires; `None` for `R/...` (unbounded).
    pub repetitions: Option<u32>,
    /// First firing time, when given; otherwise one period after scheduling.
    pub start: Option<Timestamp>,
    /// Time between firings.
    pub period: Duration,
}

impl Cycle {
    /// Parses `R3/PT10M`, `R/P1D`, `R2/2026-01-01T00:00:00Z/PT1H`; cron is not supported.
    pub fn parse(text: &str) -> Result<Cycle, Iso8601Error> {
        let t = text.trim();
        let mut parts = t.split('/');
        let head = parts.next().unwrap_or_default();
        let count = head.strip_prefix('R').ok_or_else(|| {
            fail(
                text,
                "a cycle starts with 'R' (cron expressions are not supported)",
            )
        })?;
        let repetitions = if count.is_empty() {
            None
        } else {
            Some(
                count
                    .parse::<u32>()
                    .map_err(|_| fail(text, "invalid repetition count"))?,
            )
        };
        let rest: Vec<&str> = parts.collect();
        let (start, period) = match rest.as_slice() {
            [period] => (None, Duration::parse(period)?),
            [start, period] => (Some(parse_date_time(start)?), Duration::parse(period)?),
            _ => return Err(fail(text, "expected Rn/duration or Rn/start/duration")),
        };
        if period.is_non_positive() {
            return Err(fail(text, "the period must be positive"));
        }
        Ok(Cycle {
            repetitions,
            start,
            period,
        })
    }

    /// First due time when scheduled at `now`.
    pub fn first_due(&self, now: Timestamp) -> Timestamp {
        self.start.unwrap_or_else(|| self.period.after(now))
    }
}

/// Formats as `2026-01-01T00:00:00Z` (milliseconds shown only when not zero).
pub fn format_timestamp(at: Timestamp) -> String {
    let day_ms = 86_400_000;
    let (y, m, d) = civil_from_days(at.0.div_euclid(day_ms));
    let ms = at.0.rem_euclid(day_ms);
    let (h, min, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if frac == 0 {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{frac:03}Z")
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn durations() {
        assert_eq!(Duration::parse("PT5M").map(|d| d.millis), Ok(5 * MIN));
        assert_eq!(Duration::parse("PT1.5S").map(|d| d.millis), Ok(1500));
        let d = Duration::parse("P1DT2H").expect("valid");
        assert_eq!((d.days, d.millis), (1, 2 * 60 * MIN));
        assert_eq!(Duration::parse("P2W").map(|d| d.days), Ok(14));
        assert_eq!(Duration::parse("P1Y2M").map(|d| d.months), Ok(14));
        for bad in [
            "5M",
            "P",
            "PT",
            "P5",
            "PT5X",
            "P1.5D",
            "PTM",
            "P99999999999999999999Y",
            "PT9999999999999999H9999999999999999M",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_round_trip() {
        let t = parse_date_time("2026-01-01T00:00:00Z").expect("valid");
        assert_eq!(format_timestamp(t), "2026-01-01T00:00:00Z");
        assert_eq!(t.0, 1_767_225_600_000);
        let shifted = parse_date_time("2026-01-01T08:00:00+08:00").expect("valid");
        assert_eq!(shifted, t);
        assert_eq!(parse_date_time("2026-01-01"), Ok(t));
        assert_eq!(
            format_timestamp(parse_date_time("2024-02-29T23:59:59.250Z").expect("valid")),
            "2024-02-29T23:59:59.250Z"
        );
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "26-01-01",
            "2026-01-01T25:00:00Z",
            "x",
        ] {
            assert!(parse_date_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        let jan31 = parse_date_time("2026-01-31T10:00:00Z").expect("valid");
        let d = Duration::parse("P1M").expect("valid");
        assert_eq!(format_timestamp(d.after(jan31)), "2026-02-28T10:00:00Z");
        let p1d = Duration::parse("P1D").expect("valid");
        assert_eq!(format_timestamp(p1d.after(jan31)), "2026-02-01T10:00:00Z");
    }

    #[test]
    fn cycles() {
        let c = Cycle::parse("R3/PT10M").expect("valid");
        assert_eq!(c.repetitions, Some(3));
        assert_eq!(c.first_due(Timestamp(0)), Timestamp(10 * MIN));
        let unbounded = Cycle::parse("R/P1D").expect("valid");
        assert_eq!(unbounded.repetitions, None);
        let started = Cycle::parse("R2/2026-01-01T00:00:00Z/PT1H").expect("valid");
        assert_eq!(started.first_due(Timestamp(0)).0, 1_767_225_600_000);
        assert!(Cycle::parse("0 0/5 * * * ?").is_err());
        assert!(Cycle::parse("R3/PT0S").is_err());
    }
}
