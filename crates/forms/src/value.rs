//! Values of fields: reading a submitted JSON value into the shape its widget holds,
//! coercing where form posts commonly send another JSON type (`"12"` for a number, `"true"`
//! for a switch), and writing dates and times in one canonical form.

use serde::Serialize;
use serde_json::{Map, Number, Value};

use crate::schema::ValueKind;

/// What a value or a schema property should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    /// A JSON object.
    Object,
    /// A JSON array.
    List,
    /// A string.
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A string, a number or a boolean.
    Scalar,
    /// `YYYY-MM-DD`.
    Date,
    /// `HH:MM:SS` or `HH:MM`.
    Time,
    /// `YYYY-MM-DD HH:MM:SS`.
    DateTime,
    /// Two dates.
    DateRange,
    /// Two times.
    TimeRange,
    /// `#RRGGBB`, `#RGB`, `rgb(...)`.
    Color,
    /// An attachment: an id or URL, or `{"id"|"url", "name", "size", "contentType"}`.
    FileRef,
    /// A user or department id: a non-empty string or a whole number.
    Id,
    /// A three-letter currency code (`CNY`).
    Currency,
    /// A field key: a letter or `_`, then up to 63 letters, digits or `_`.
    Key,
}

/// Whether a value counts as not filled in: null, `""`, `[]` or `{}`.
pub fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Reads `v` as a value of `kind` (not [`ValueKind::Rows`], which is read row by row).
/// Null stays null; an empty string for a non-text kind is null too (what an emptied input
/// posts); except for a switch, which is never empty: not set is off (`false`), so a rule
/// such as `${paid}` reads it as the person sees it. Only the shape is checked here: options,
/// lengths and ranges come after.
pub(crate) fn coerce(kind: ValueKind, v: &Value) -> Result<Value, Expected> {
    let blank = v.is_null() || matches!(v, Value::String(s) if s.is_empty());
    if blank && matches!(kind, ValueKind::Bool) {
        return Ok(Value::Bool(false));
    }
    if v.is_null() {
        return Ok(Value::Null);
    }
    if !matches!(kind, ValueKind::Text) && matches!(v, Value::String(s) if s.is_empty()) {
        return Ok(Value::Null);
    }
    match kind {
        ValueKind::Text => match v {
            Value::String(_) => Ok(v.clone()),
            Value::Number(n) => Ok(Value::String(woc_expr::number_text(n))),
            Value::Bool(b) => Ok(Value::String(b.to_string())),
            _ => Err(Expected::Text),
        },
        ValueKind::Number { .. } => number(v).map(Value::Number).ok_or(Expected::Number),
        ValueKind::Bool => match v {
            Value::Bool(_) => Ok(v.clone()),
            Value::String(s) if s == "true" => Ok(Value::Bool(true)),
            Value::String(s) if s == "false" => Ok(Value::Bool(false)),
            _ => Err(Expected::Boolean),
        },
        ValueKind::Choice { multiple: false } => scalar(v).ok_or(Expected::Scalar),
        ValueKind::Choice { multiple: true } | ValueKind::Path => list(v, scalar, Expected::List),
        ValueKind::Date => text(v).and_then(date).ok_or(Expected::Date),
        ValueKind::Time => text(v).and_then(time).ok_or(Expected::Time),
        ValueKind::DateTime => text(v).and_then(date_time).ok_or(Expected::DateTime),
        ValueKind::DateRange => range(v, date).ok_or(Expected::DateRange),
        ValueKind::TimeRange => range(v, time).ok_or(Expected::TimeRange),
        ValueKind::Color => text(v)
            .filter(|s| is_color(s))
            .map(|s| Value::String(s.to_string()))
            .ok_or(Expected::Color),
        ValueKind::Files => match v {
            // One attachment alone, as some clients post a single upload.
            Value::String(_) | Value::Object(_) => file_ref(v)
                .map(|f| Value::Array(vec![f]))
                .ok_or(Expected::FileRef),
            _ => list(v, file_ref, Expected::FileRef),
        },
        ValueKind::Users { multiple } | ValueKind::Depts { multiple } => {
            if multiple {
                list(v, id, Expected::Id)
            } else {
                id(v).ok_or(Expected::Id)
            }
        }
        ValueKind::Rows => Err(Expected::List),
    }
}

/// A JSON number, or a string holding one (trimmed). Non-finite values cannot occur in JSON.
pub(crate) fn number(v: &Value) -> Option<Number> {
    match v {
        Value::Number(n) => Some(n.clone()),
        Value::String(s) => {
            let t = s.trim();
            if let Ok(i) = t.parse::<i64>() {
                return Some(Number::from(i));
            }
            // Only plain decimal notation: "1e3", "inf" and "NaN" are not what a person typed.
            if t.is_empty()
                || !t
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
            {
                return None;
            }
            woc_expr::decimal(t).and_then(Number::from_f64)
        }
        _ => None,
    }
}

/// `n` as f64 (JSON numbers always have one).
pub(crate) fn as_f64(n: &Number) -> f64 {
    n.as_f64().unwrap_or(0.0)
}

/// `x` rounded to `precision` decimal places, as a JSON number: whole numbers as integers.
pub(crate) fn rounded(x: f64, precision: u8) -> Value {
    let scale = 10f64.powi(i32::from(precision.min(15)));
    let r = (x * scale).round() / scale;
    if r.fract() == 0.0 && r.abs() < 9.0e15 {
        Value::from(r as i64)
    } else {
        Number::from_f64(r).map_or(Value::Null, Value::Number)
    }
}

/// Whether `x` has at most `precision` decimal places (up to floating-point noise).
pub(crate) fn fits_precision(x: f64, precision: u8) -> bool {
    let scaled = x * 10f64.powi(i32::from(precision.min(15)));
    (scaled - scaled.round()).abs() <= 1e-9 * scaled.abs().max(1.0)
}

fn scalar(v: &Value) -> Option<Value> {
    match v {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => Some(v.clone()),
        _ => None,
    }
}

fn id(v: &Value) -> Option<Value> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(v.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(v.clone()),
        _ => None,
    }
}

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

fn list(
    v: &Value,
    item: fn(&Value) -> Option<Value>,
    expected: Expected,
) -> Result<Value, Expected> {
    let Value::Array(items) = v else {
        return Err(Expected::List);
    };
    items
        .iter()
        .map(|i| item(i).ok_or(expected))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

fn range(v: &Value, one: fn(&str) -> Option<Value>) -> Option<Value> {
    let Value::Array(items) = v else { return None };
    let [a, b] = items.as_slice() else {
        return None;
    };
    let (a, b) = (one(a.as_str()?)?, one(b.as_str()?)?);
    // Canonical forms compare as text in time order.
    (a.as_str() <= b.as_str()).then(|| Value::Array(vec![a, b]))
}

/// `YYYY-MM-DD`, a real calendar date.
fn date(s: &str) -> Option<Value> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1 && (1..=days).contains(&day)).then(|| Value::String(s.to_string()))
}

/// `HH:MM:SS` or `HH:MM`, written back as `HH:MM:SS`.
fn time(s: &str) -> Option<Value> {
    let b = s.as_bytes();
    let (h, m, sec) = match b.len() {
        5 if b[2] == b':' => (digits(&b[0..2])?, digits(&b[3..5])?, 0),
        8 if b[2] == b':' && b[5] == b':' => {
            (digits(&b[0..2])?, digits(&b[3..5])?, digits(&b[6..8])?)
        }
        _ => return None,
    };
    (h < 24 && m < 60 && sec < 60).then(|| Value::String(format!("{h:02}:{m:02}:{sec:02}")))
}

/// `YYYY-MM-DD HH:MM[:SS]` (or with `T`), written back as `YYYY-MM-DD HH:MM:SS`.
fn date_time(s: &str) -> Option<Value> {
    if s.len() < 16 || !s.is_char_boundary(10) || !s.is_char_boundary(11) {
        return None;
    }
    let (d, rest) = s.split_at(10);
    let sep = rest.as_bytes()[0];
    if sep != b' ' && sep != b'T' {
        return None;
    }
    let (d, t) = (date(d)?, time(&rest[1..])?);
    Some(Value::String(format!(
        "{} {}",
        d.as_str().unwrap_or_default(),
        t.as_str().unwrap_or_default()
    )))
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn is_color(s: &str) -> bool {
    if let Some(hex) = s.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    let inner = s
        .strip_prefix("rgba(")
        .or_else(|| s.strip_prefix("rgb("))
        .and_then(|r| r.strip_suffix(')'));
    inner.is_some_and(|i| {
        !i.is_empty()
            && i.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '%'))
    })
}

/// An attachment reference: a non-empty id or URL, or an object naming one.
fn file_ref(v: &Value) -> Option<Value> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(v.clone()),
        Value::Object(map) => {
            let mut has_ref = false;
            for (k, val) in map {
                let ok = match k.as_str() {
                    "id" | "url" => {
                        has_ref |= val.as_str().is_some_and(|s| !s.is_empty());
                        val.is_string()
                    }
                    "name" | "contentType" => val.is_string(),
                    "size" => val.as_u64().is_some(),
                    _ => false,
                };
                if !ok {
                    return None;
                }
            }
            has_ref.then(|| Value::Object(map.clone()))
        }
        _ => None,
    }
}

/// The parts of an attachment the upload rules look at.
pub(crate) struct FileFacts<'a> {
    pub name: Option<&'a str>,
    pub size: Option<u64>,
    pub content_type: Option<&'a str>,
}

pub(crate) fn file_facts(v: &Value) -> FileFacts<'_> {
    fn get<'a>(m: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
        m.get(k).and_then(Value::as_str)
    }
    match v {
        Value::Object(m) => FileFacts {
            name: get(m, "name").or_else(|| get(m, "url")),
            size: m.get("size").and_then(Value::as_u64),
            content_type: get(m, "contentType"),
        },
        Value::String(s) => FileFacts {
            name: Some(s),
            size: None,
            content_type: None,
        },
        _ => FileFacts {
            name: None,
            size: None,
            content_type: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn numbers_from_numbers_and_typed_strings_only() {
        let kind = ValueKind::Number { precision: 2 };
        assert_eq!(coerce(kind, &json!(12)), Ok(json!(12)));
        assert_eq!(coerce(kind, &json!(" 12.5 ")), Ok(json!(12.5)));
        assert_eq!(coerce(kind, &json!("")), Ok(Value::Null));
        assert_eq!(coerce(kind, &json!("1e3")), Err(Expected::Number));
        assert_eq!(coerce(kind, &json!("NaN")), Err(Expected::Number));
        assert_eq!(coerce(kind, &json!([1])), Err(Expected::Number));
        assert!(fits_precision(0.1 + 0.2, 2));
        assert!(!fits_precision(1.234, 2));
        assert_eq!(rounded(0.1 + 0.2, 2), json!(0.3));
        assert_eq!(rounded(3.0, 2), json!(3));
    }

    #[test]
    fn dates_and_times_are_real_and_canonical() {
        assert_eq!(
            coerce(ValueKind::Date, &json!("2024-02-29")),
            Ok(json!("2024-02-29"))
        );
        assert_eq!(
            coerce(ValueKind::Date, &json!("2023-02-29")),
            Err(Expected::Date)
        );
        assert_eq!(
            coerce(ValueKind::Date, &json!("2023-13-01")),
            Err(Expected::Date)
        );
        assert_eq!(
            coerce(ValueKind::Time, &json!("08:30")),
            Ok(json!("08:30:00"))
        );
        assert_eq!(
            coerce(ValueKind::Time, &json!("24:00")),
            Err(Expected::Time)
        );
        assert_eq!(
            coerce(ValueKind::DateTime, &json!("2024-01-02T08:30")),
            Ok(json!("2024-01-02 08:30:00"))
        );
        assert_eq!(
            coerce(ValueKind::DateRange, &json!(["2024-01-02", "2024-01-01"])),
            Err(Expected::DateRange)
        );
        assert_eq!(
            coerce(ValueKind::TimeRange, &json!(["08:00", "17:30:00"])),
            Ok(json!(["08:00:00", "17:30:00"]))
        );
        assert_eq!(
            coerce(ValueKind::DateTime, &json!("2024-01-02日08:30")),
            Err(Expected::DateTime)
        );
    }

    #[test]
    fn other_shapes() {
        assert_eq!(coerce(ValueKind::Bool, &json!("true")), Ok(json!(true)));
        assert_eq!(coerce(ValueKind::Bool, &json!(1)), Err(Expected::Boolean));
        assert_eq!(coerce(ValueKind::Bool, &json!(null)), Ok(json!(false)));
        assert_eq!(coerce(ValueKind::Text, &json!(12)), Ok(json!("12")));
        assert_eq!(
            coerce(ValueKind::Text, &json!({"a": 1})),
            Err(Expected::Text)
        );
        assert_eq!(
            coerce(ValueKind::Color, &json!("#409EFF")),
            Ok(json!("#409EFF"))
        );
        assert_eq!(
            coerce(ValueKind::Color, &json!("blue")),
            Err(Expected::Color)
        );
        assert_eq!(
            coerce(
                ValueKind::Files,
                &json!({"id": "a1", "name": "x.pdf", "size": 10})
            ),
            Ok(json!([{"id": "a1", "name": "x.pdf", "size": 10}]))
        );
        assert_eq!(
            coerce(ValueKind::Files, &json!([{"name": "x.pdf"}])),
            Err(Expected::FileRef)
        );
        assert_eq!(
            coerce(ValueKind::Users { multiple: true }, &json!(["u1", 7])),
            Ok(json!(["u1", 7]))
        );
        assert_eq!(
            coerce(ValueKind::Users { multiple: false }, &json!(" ")),
            Err(Expected::Id)
        );
        assert!(is_empty(&json!([])) && is_empty(&json!("")) && !is_empty(&json!(0)));
    }
}
