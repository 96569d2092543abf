//! Importing forms made with other designers: RuoYi's form-generator (`__config__`,
//! `__vModel__`) and form-create (`type`, `field`, `title`). The REST API keeps accepting
//! these formats; they become a [`FormSchema`] on the way in, checked like any other.
//!
//! What has no equivalent (a password input, options loaded from a URL, a button, linkage
//! scripts) is refused rather than dropped, each problem at its path in the imported document
//! (`fields[3].__config__.tag`), so the person importing knows what to change. Problems the
//! schema check finds after conversion (a duplicate key, a bad pattern) are also reported at
//! the imported document's path of the field.

mod form_create;
mod form_generator;

use serde_json::Value;

use crate::check::{self, json_text, SchemaProblem, SchemaProblemKind};
use crate::form::Form;
use crate::schema::{Choice, FormSchema};

/// The formats [`import`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// This crate's own schema.
    Schema,
    /// RuoYi / form-generator: `{"fields": [{"__config__": {...}, "__vModel__": ...}], ...}`.
    FormGenerator,
    /// form-create: `[{"type", "field", "title", ...}]` or `{"rule": [...], "option": {...}}`.
    FormCreate,
}

/// Which format a JSON document is in, by its shape.
pub fn detect(value: &Value) -> Format {
    let first_field = |list: Option<&Value>| {
        list.and_then(Value::as_array)
            .and_then(|a| a.first())
            .cloned()
            .unwrap_or(Value::Null)
    };
    match value {
        Value::Array(_) => Format::FormCreate,
        Value::Object(map) if map.contains_key("rule") => Format::FormCreate,
        Value::Object(map) => {
            let first = first_field(map.get("fields"));
            if first.get("__config__").is_some()
                || map.contains_key("formRef")
                || map.contains_key("formModel")
            {
                Format::FormGenerator
            } else {
                Format::Schema
            }
        }
        _ => Format::Schema,
    }
}

/// Reads a form in any of the [`Format`]s (found by [`detect`]) and checks it.
pub fn import(text: &str) -> Result<Form, Vec<SchemaProblem>> {
    let value = json_text(text)?;
    match detect(&value) {
        Format::Schema => check::check(check::read_schema(&value)?),
        Format::FormGenerator => finish(form_generator::convert(&value), Format::FormGenerator),
        Format::FormCreate => finish(form_create::convert(&value), Format::FormCreate),
    }
}

/// Converts form-generator JSON text and checks the result.
pub fn from_form_generator(text: &str) -> Result<Form, Vec<SchemaProblem>> {
    finish(
        form_generator::convert(&json_text(text)?),
        Format::FormGenerator,
    )
}

/// Converts form-create JSON text and checks the result.
pub fn from_form_create(text: &str) -> Result<Form, Vec<SchemaProblem>> {
    finish(form_create::convert(&json_text(text)?), Format::FormCreate)
}

/// What a converter made: the schema, the problems it met, and where each converted field
/// came from.
pub(crate) struct Converted {
    pub schema: FormSchema,
    pub problems: Vec<SchemaProblem>,
    /// (path in the schema, path in the imported document) of each converted field.
    pub origins: Vec<(String, String)>,
}

/// Refuses with the converter's problems, else checks the schema and reports the check's
/// problems at the imported document's paths.
fn finish(converted: Converted, format: Format) -> Result<Form, Vec<SchemaProblem>> {
    if !converted.problems.is_empty() {
        return Err(converted.problems);
    }
    check::check(converted.schema).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| SchemaProblem {
                path: source_path(&p.path, &converted.origins, format),
                problem: p.problem,
            })
            .collect()
    })
}

/// The imported document's path for a schema path: the field's origin, then the property
/// under its name in that format.
fn source_path(path: &str, origins: &[(String, String)], format: Format) -> String {
    let best = origins
        .iter()
        .filter(|(new, _)| {
            path == new
                || path
                    .strip_prefix(new.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
        .max_by_key(|(new, _)| new.len());
    let Some((new, source)) = best else {
        return path.to_string();
    };
    let rest = &path[new.len()..];
    let renamed = match format {
        Format::FormGenerator => [
            (".key", ".__vModel__"),
            (".label", ".__config__.label"),
            (".required", ".__config__.required"),
            (".width", ".__config__.span"),
            (".default", ".__config__.defaultValue"),
            (".rules.pattern", ".__config__.regList[0].pattern"),
            (".options", ".__slot__.options"),
        ]
        .iter()
        .find_map(|(ours, theirs)| {
            rest.strip_prefix(ours)
                .map(|tail| format!("{theirs}{tail}"))
        }),
        Format::FormCreate => [
            (".key", ".field"),
            (".label", ".title"),
            (".default", ".value"),
            (".width", ".col.span"),
            (".rules.pattern", ".validate"),
        ]
        .iter()
        .find_map(|(ours, theirs)| {
            rest.strip_prefix(ours)
                .map(|tail| format!("{theirs}{tail}"))
        }),
        Format::Schema => None,
    };
    format!("{source}{}", renamed.unwrap_or_else(|| rest.to_string()))
}

/// Shared by the converters: problems, origins, and reading loosely typed JavaScript values.
pub(crate) struct Importer {
    pub problems: Vec<SchemaProblem>,
    pub origins: Vec<(String, String)>,
}

impl Importer {
    pub fn new() -> Importer {
        Importer {
            problems: Vec::new(),
            origins: Vec::new(),
        }
    }

    pub fn refuse(&mut self, path: impl Into<String>, what: impl Into<String>) {
        self.problems.push(SchemaProblem {
            path: path.into(),
            problem: SchemaProblemKind::CannotImport { what: what.into() },
        });
    }

    pub fn problem(&mut self, path: impl Into<String>, problem: SchemaProblemKind) {
        self.problems.push(SchemaProblem {
            path: path.into(),
            problem,
        });
    }

    /// Options `[{label, value, children?}]`; values that are no scalars are refused.
    pub fn options(&mut self, v: &Value, path: &str, depth: usize) -> Vec<Choice> {
        let Some(items) = v.as_array() else {
            self.refuse(path, "options that are not a list");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let ip = format!("{path}[{i}]");
            let label = item.get("label").map(loose_text).unwrap_or_default();
            let value = match item.get("value") {
                Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => v.clone(),
                _ => {
                    self.refuse(
                        format!("{ip}.value"),
                        "an option without a text or number value",
                    );
                    continue;
                }
            };
            let children = match item.get("children") {
                Some(c) if depth < 8 => self.options(c, &format!("{ip}.children"), depth + 1),
                _ => Vec::new(),
            };
            out.push(Choice {
                label,
                value,
                children,
            });
        }
        out
    }
}

/// A JavaScript value as text (numbers and booleans as written).
pub(crate) fn loose_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A number from a JavaScript value (a number, or a string holding one).
pub(crate) fn loose_number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `true` for JavaScript's truthy booleans and strings.
pub(crate) fn truthy(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Bool(true))) || matches!(v, Some(Value::String(s)) if s == "true")
}

/// A JavaScript regular expression literal (`/^1\d{10}$/i`) or source text as a pattern of
/// the schema: the slashes dropped, the flags `i`, `m`, `s` written inline, `g`/`u`/`y`
/// (meaningless for one test) dropped.
pub(crate) fn js_pattern(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let Some(body) = t.strip_prefix('/') else {
        return Some(t.to_string());
    };
    let end = body.rfind('/')?;
    let (source, flags) = (&body[..end], &body[end + 1..]);
    if !flags.chars().all(|f| "gimsuy".contains(f)) {
        return None;
    }
    let inline: String = flags.chars().filter(|f| "ims".contains(*f)).collect();
    Some(if inline.is_empty() {
        source.to_string()
    } else {
        format!("(?{inline}){source}")
    })
}

#[cfg(test)]
mod tests;
