//! A form's values as text (the read-only detail, the values shown after a start): each value
//! worded as its widget means it (an option's label, 是/否, a path of places, stars), never
//! as raw JSON.

use leptos::prelude::*;
use serde_json::Value;
use woc_forms::{Choice, Choices, Field, Widget};

use super::choices::cascader_paths;
use super::inputs::{same, text_of};
use super::FormState;
use crate::i18n::{forms as text, use_locale, Locale};
use crate::workorders::PickerChoices;

/// A value field shown read-only: label and value.
#[component]
pub(super) fn ValueText(state: FormState, field: Field) -> impl IntoView {
    let key = field.key.clone();
    let id = state.element_id(&key);
    let locale = use_locale();
    let computed = field.computed.is_some();
    let choices = state.choices;
    let label = field.label.clone();
    // Pictures and files are listed as links (pictures as thumbnails), not counted.
    let field_kind = match &field.widget {
        Widget::ImageUpload(_) => Some(true),
        Widget::FileUpload(_) => Some(false),
        _ => None,
    };
    let files_read = {
        let key = key.clone();
        move || {
            state.values.with(|v| match v.get(&key) {
                Some(Value::Array(items)) => items.clone(),
                Some(Value::Null) | None => Vec::new(),
                Some(one) => vec![one.clone()],
            })
        }
    };
    let shown = move || {
        let value = if computed {
            state.live_value(&key)
        } else {
            state
                .values
                .with(|v| v.get(&key).cloned().unwrap_or(Value::Null))
        };
        choices.with(|c| worded(&field, &value, c.as_ref(), locale.get()))
    };
    view! {
        <div class="field form-field form-field-readonly">
            <span class="form-label" id=format!("{id}-label")>{label}</span>
            <div class="form-value" id=id.clone() aria-labelledby=format!("{id}-label")>
                {move || {
                    if let Some(image) = field_kind {
                        let files = files_read();
                        if !files.is_empty() {
                            return super::upload::file_list(files, image).into_any();
                        }
                    }
                    let text = shown();
                    if text.is_empty() {
                        view! { <span class="form-empty">{text::EMPTY_VALUE.of(locale.get())}</span> }.into_any()
                    } else {
                        view! { <span>{text}</span> }.into_any()
                    }
                }}
            </div>
        </div>
    }
}

fn label_of(options: Option<&Vec<Choice>>, value: &Value) -> String {
    options
        .and_then(|o| o.iter().find(|c| same(&c.value, value)))
        .map_or_else(|| text_of(value), |c| c.label.clone())
}

/// The value as a person reads it; empty for no value. Also the print page's words (on the
/// server, without the directory's names: `choices` none).
pub fn worded(
    field: &Field,
    value: &Value,
    choices: Option<&PickerChoices>,
    locale: Locale,
) -> String {
    if value.is_null() || value == &Value::String(String::new()) {
        return String::new();
    }
    let options = match &field.options {
        Some(Choices::Static(list)) => Some(list),
        _ => None,
    };
    let list = |value: &Value, one: &dyn Fn(&Value) -> String| match value {
        Value::Array(items) => items.iter().map(one).collect::<Vec<_>>().join("、"),
        other => one(other),
    };
    match &field.widget {
        Widget::Select { .. } | Widget::Radio | Widget::Checkbox => {
            list(value, &|v| label_of(options, v))
        }
        Widget::Switch => match value {
            Value::Bool(true) => text::YES.of(locale).to_owned(),
            Value::String(s) if s == "true" => text::YES.of(locale).to_owned(),
            _ => text::NO.of(locale).to_owned(),
        },
        Widget::Cascader => {
            let paths = options.map(|o| cascader_paths(o)).unwrap_or_default();
            paths
                .iter()
                .find(|(values, _)| Value::Array(values.clone()) == *value)
                .map_or_else(
                    || match value {
                        Value::Array(items) => {
                            items.iter().map(text_of).collect::<Vec<_>>().join(" / ")
                        }
                        other => text_of(other),
                    },
                    |(_, label)| label.clone(),
                )
        }
        Widget::DateRange | Widget::TimeRange => match value {
            Value::Array(items) => items
                .iter()
                .map(text_of)
                .collect::<Vec<_>>()
                .join(text::RANGE_SEP.of(locale)),
            other => text_of(other),
        },
        Widget::Rate { max } => {
            let n = value.as_f64().unwrap_or(0.0);
            let full = n.floor() as usize;
            format!(
                "{}{} {n}/{max}",
                "★".repeat(full.min(*max as usize)),
                "☆".repeat((*max as usize).saturating_sub(full))
            )
        }
        Widget::Amount { currency } => {
            let sign = if currency == "CNY" {
                "¥"
            } else {
                currency.as_str()
            };
            format!("{sign}{}", text_of(value))
        }
        Widget::Number {
            unit: Some(unit), ..
        } => format!("{} {unit}", text_of(value)),
        Widget::UserPicker { .. } => list(value, &|v| {
            let id = text_of(v);
            choices
                .and_then(|c| c.users.iter().find(|(u, _)| *u == id))
                .map_or(id.clone(), |(u, n)| format!("{n}（{u}）"))
        }),
        Widget::DeptPicker { .. } => list(value, &|v| {
            let id = v.as_i64().or_else(|| text_of(v).parse().ok());
            choices
                .and_then(|c| c.depts.iter().find(|(d, _)| Some(*d) == id))
                .map_or_else(|| text_of(v), |(_, n)| n.clone())
        }),
        Widget::ImageUpload(_) | Widget::FileUpload(_) => {
            let count = match value {
                Value::Array(items) => items.len(),
                _ => 1,
            };
            format!("{count} {}", text::ATTACHMENTS.of(locale))
        }
        Widget::Signature => text::SIGNED.of(locale).to_owned(),
        // Rich text is shown as its text, never as markup from the submission.
        Widget::RichText => strip_tags(&text_of(value)),
        _ => text_of(value),
    }
}

/// The text of an HTML fragment, tags dropped.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
