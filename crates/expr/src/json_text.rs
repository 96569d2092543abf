//! JSON text of a value with numbers written by the standard library's shortest round-trip
//! formatting. The same text on the server and in the browser; and the browser bundle then
//! carries no float writer of its own (serde_json's brings about 30 KB of tables, all of it
//! in the first load, where a split bundle keeps every program's data).

use serde_json::{Number, Value};

/// `value` as compact JSON text.
pub fn json_text(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// A JSON number as text: whole numbers as such, others in the shortest form that reads back
/// as the same `f64`.
pub fn number_text(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        format!("{}", n.as_f64().unwrap_or_default())
    }
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => quote(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                quote(key, out);
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
    }
}

fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A decimal number as text (`12.50`, `-3`, `.5`, `1e3`, a leading `+`), read as JSON reads
/// it: the browser bundle then needs no second float parser (the standard library's brings
/// its own tables). `None` for anything else (`inf`, `NaN`, `0x10`, text).
pub fn decimal(text: &str) -> Option<f64> {
    let t = text.trim();
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(at) => (&t[..at], Some(&t[at + 1..])),
        None => (t, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole)
        || !fraction.is_none_or(digits)
        || (whole.is_empty() && fraction.is_none_or(str::is_empty))
    {
        return None;
    }
    let mut json = String::with_capacity(text.len() + 2);
    if negative {
        json.push('-');
    }
    let whole = whole.trim_start_matches('0');
    json.push_str(if whole.is_empty() { "0" } else { whole });
    if let Some(fraction) = fraction.filter(|f| !f.is_empty()) {
        json.push('.');
        json.push_str(fraction);
    }
    if let Some(exponent) = exponent {
        let (sign, e) = match exponent.as_bytes().first() {
            Some(b'-') => ("-", &exponent[1..]),
            Some(b'+') => ("", &exponent[1..]),
            _ => ("", exponent),
        };
        if e.is_empty() || !digits(e) {
            return None;
        }
        json.push('e');
        json.push_str(sign);
        json.push_str(e);
    }
    serde_json::from_str::<f64>(&json)
        .ok()
        .filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_back_as_the_same_value() {
        let value = json!({"a": [1, -2, 2.5, 0.1, 1e-7, 12345678.9], "b": "引号\"\\\n\u{1}",
                           "c": null, "d": true, "e": {"f": 18446744073709551615u64}});
        let text = json_text(&value);
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value, "{text}");
        assert_eq!(number_text(&Number::from_f64(2.5).unwrap()), "2.5");
        assert_eq!(number_text(&Number::from(7)), "7");
    }

    #[test]
    fn decimals_read_as_the_standard_library_reads_them() {
        for text in [
            "12.50",
            "-3",
            ".5",
            "5.",
            "+1.25",
            "007",
            "1e3",
            "2.5E-2",
            "0.1",
            "123456.789",
        ] {
            assert_eq!(decimal(text), text.parse::<f64>().ok(), "{text}");
        }
        for bad in [
            "", ".", "-", "inf", "NaN", "1e", "0x10", "1.2.3", "12a", "1e400",
        ] {
            assert_eq!(decimal(bad), None, "{bad}");
        }
    }
}
