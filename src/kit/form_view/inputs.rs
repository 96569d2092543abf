//! The inputs of value fields: native controls wherever the browser has one (dates, times,
//! colours, ranges), so they work with a keyboard, a screen reader and a phone's own pickers.
//! A [`Binding`] connects a control to one value, of a field or of a sub-table cell.

use leptos::prelude::*;
use serde_json::Value;
use woc_forms::{Choice, Choices, Field, Widget};

use super::choices::{cascader, choice_list, picker, rate, select};
use super::{FormMode, FormState};
use crate::i18n::{forms as text, tr};
use crate::workorders::PickerChoices;

/// One value and its control's identity.
#[derive(Clone)]
pub(super) struct Binding {
    /// The control's element id.
    pub id: String,
    /// The value now.
    pub read: Signal<Value>,
    /// Sets the value.
    pub write: Callback<Value>,
    /// Not editable (computed or disabled).
    pub locked: bool,
    /// The id of the message describing the control.
    pub described_by: String,
    /// The refusal shown for it.
    pub invalid: Signal<bool>,
}

/// A value field of a form being filled in: label, control, help, refusal.
#[component]
pub(super) fn ValueField(state: FormState, field: Field) -> impl IntoView {
    let key = field.key.clone();
    let id = state.element_id(&key);
    let message = state.message(key.clone());
    let computed = field.computed.is_some();
    let read = {
        let key = key.clone();
        if computed {
            Signal::derive(move || state.live_value(&key))
        } else {
            Signal::derive(move || {
                state
                    .values
                    .with(|v| v.get(&key).cloned().unwrap_or(Value::Null))
            })
        }
    };
    let write = {
        let key = key.clone();
        Callback::new(move |value: Value| {
            state.values.update(|v| {
                v.insert(key.clone(), value);
            });
            state.clear(&key);
        })
    };
    let required = {
        let key = key.clone();
        Signal::derive(move || state.required(&key))
    };
    let binding = Binding {
        id: id.clone(),
        read,
        write,
        locked: computed || field.disabled || state.mode == FormMode::ReadOnly,
        described_by: format!("{id}-error {id}-help"),
        invalid: Signal::derive(move || message.with(Option::is_some)),
    };
    let grouped = is_grouped(&field.widget);
    let label = field.label.clone();
    let mark = move || {
        required
            .get()
            .then(|| view! { <span class="required" aria-hidden="true">" *"</span> })
    };
    let heading = if grouped {
        view! { <legend id=format!("{id}-label")>{label}{mark}</legend> }.into_any()
    } else {
        view! { <label for=id.clone() id=format!("{id}-label")>{label}{mark}</label> }.into_any()
    };
    let help = field
        .help
        .clone()
        .map(|h| view! { <p class="field-hint" id=format!("{id}-help")>{h}</p> });
    let error =
        view! { <p class="field-error" id=format!("{id}-error")>{move || message.get()}</p> };
    let body = control(&field, binding, state.choices);
    if grouped {
        view! {
            <fieldset class="field form-field" class:field-invalid=move || message.with(Option::is_some)>
                {heading}
                {body}
                {help}
                {error}
            </fieldset>
        }
        .into_any()
    } else {
        view! {
            <div class="field form-field" class:field-invalid=move || message.with(Option::is_some)>
                {heading}
                {body}
                {help}
                {error}
            </div>
        }
        .into_any()
    }
}

/// Widgets whose control is several inputs: a fieldset with a legend, not a label.
fn is_grouped(widget: &Widget) -> bool {
    matches!(
        widget,
        Widget::Radio
            | Widget::Checkbox
            | Widget::Rate { .. }
            | Widget::DateRange
            | Widget::TimeRange
            | Widget::Select { multiple: true, .. }
            | Widget::UserPicker { multiple: true }
            | Widget::DeptPicker { multiple: true }
            | Widget::ImageUpload(_)
            | Widget::FileUpload(_)
    )
}

/// A value as an input's text.
pub(super) fn text_of(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => woc_forms::number_text(n),
        Value::Bool(b) => b.to_string(),
        other => woc_forms::json_text(other),
    }
}

/// An input's text as a value: empty is no value.
fn from_text(text: String) -> Value {
    if text.is_empty() {
        Value::Null
    } else {
        Value::String(text)
    }
}

/// Whether two option values are the same (a number may come back as text).
pub(super) fn same(a: &Value, b: &Value) -> bool {
    a == b || (!a.is_null() && !b.is_null() && text_of(a) == text_of(b))
}

/// The control of one value (also a sub-table cell's).
pub(super) fn control(
    field: &Field,
    b: Binding,
    choices: RwSignal<Option<PickerChoices>>,
) -> AnyView {
    let placeholder = field.placeholder.clone().unwrap_or_default();
    let options = match &field.options {
        Some(Choices::Static(list)) => Some(list.clone()),
        _ => None,
    };
    match &field.widget {
        Widget::Textarea => {
            let Binding {
                id,
                read,
                write,
                locked,
                described_by,
                invalid,
            } = b;
            view! {
                <textarea
                    id=id
                    rows="3"
                    placeholder=placeholder
                    readonly=locked
                    aria-invalid=move || invalid.get().to_string()
                    aria-describedby=described_by
                    prop:value=move || text_of(&read.get())
                    on:input=move |ev| write.run(from_text(event_target_value(&ev)))
                ></textarea>
            }
            .into_any()
        }
        Widget::Number { unit, .. } => {
            let suffix = unit.clone();
            affixed(text_input(b, DECIMAL, placeholder), None, suffix)
        }
        Widget::Amount { currency } => {
            let prefix = Some(if currency == "CNY" {
                "¥".to_owned()
            } else {
                currency.clone()
            });
            affixed(text_input(b, DECIMAL, placeholder), prefix, None)
        }
        Widget::Date => text_input(b, DATE, placeholder),
        Widget::Time => text_input(b, TIME, String::new()),
        Widget::DateTime => text_input(b, DATE_TIME, String::new()),
        Widget::DateRange => range_inputs(b, "date"),
        Widget::TimeRange => range_inputs(b, "time"),
        Widget::Color => {
            let Binding {
                id,
                read,
                write,
                locked,
                described_by,
                ..
            } = b;
            view! {
                <input
                    id=id
                    type="color"
                    class="form-color"
                    disabled=locked
                    aria-describedby=described_by
                    prop:value=move || {
                        let v = text_of(&read.get());
                        if v.len() == 7 && v.starts_with('#') { v } else { "#000000".into() }
                    }
                    on:input=move |ev| write.run(from_text(event_target_value(&ev)))
                />
            }
            .into_any()
        }
        Widget::Switch => {
            let Binding {
                id,
                read,
                write,
                locked,
                described_by,
                ..
            } = b;
            view! {
                <label class="form-switch">
                    <input
                        id=id
                        type="checkbox"
                        role="switch"
                        disabled=locked
                        aria-describedby=described_by
                        prop:checked=move || read.get() == Value::Bool(true) || read.get() == Value::String("true".into())
                        on:change=move |ev| write.run(Value::Bool(event_target_checked(&ev)))
                    />
                    <span class="form-switch-track" aria-hidden="true"></span>
                    <span>{move || if read.get() == Value::Bool(true) { tr(text::YES)() } else { tr(text::NO)() }}</span>
                </label>
            }
            .into_any()
        }
        Widget::Slider { min, max, step } => {
            let (min, max, step) = (*min, *max, *step);
            let Binding {
                id,
                read,
                write,
                locked,
                described_by,
                ..
            } = b;
            let shown = move || match read.get() {
                Value::Null => min.to_string(),
                v => text_of(&v),
            };
            view! {
                <div class="form-slider">
                    <input
                        id=id.clone()
                        type="range"
                        min=min
                        max=max
                        step=step
                        disabled=locked
                        aria-describedby=described_by
                        prop:value=shown
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            write.run(woc_forms::decimal(&text).and_then(serde_json::Number::from_f64).map_or(Value::Null, |n| {
                                if n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                                    Value::from(n.as_f64().unwrap_or_default() as i64)
                                } else {
                                    Value::Number(n)
                                }
                            }));
                        }
                    />
                    <output for=id>{shown}</output>
                </div>
            }
            .into_any()
        }
        Widget::Rate { max } => rate(b, *max),
        Widget::Radio => match options {
            Some(options) => choice_list(b, options, false),
            None => text_input(b, TEXT, placeholder),
        },
        Widget::Checkbox => match options {
            Some(options) => choice_list(b, options, true),
            None => text_input(b, TEXT, placeholder),
        },
        Widget::Select { multiple, .. } => match options {
            Some(options) if *multiple => choice_list(b, options, true),
            Some(options) => select(b, Signal::derive(move || options.clone())),
            // A dictionary of 系统管理: its entries are typed (系统管理 keeps none yet).
            None => text_input(b, TEXT, placeholder),
        },
        Widget::Cascader => match options {
            Some(options) => cascader(b, &options),
            None => text_input(b, TEXT, placeholder),
        },
        Widget::UserPicker { multiple } => {
            let list = Signal::derive(move || {
                choices.with(|c| {
                    c.as_ref().map_or_else(Vec::new, |c| {
                        c.users
                            .iter()
                            .map(|(u, n)| Choice {
                                label: format!("{n}（{u}）"),
                                value: Value::String(u.clone()),
                                children: Vec::new(),
                            })
                            .collect()
                    })
                })
            });
            picker(b, list, *multiple)
        }
        Widget::DeptPicker { multiple } => {
            let list = Signal::derive(move || {
                choices.with(|c| {
                    c.as_ref().map_or_else(Vec::new, |c| {
                        c.depts
                            .iter()
                            .map(|(id, n)| Choice {
                                label: n.clone(),
                                value: Value::from(*id),
                                children: Vec::new(),
                            })
                            .collect()
                    })
                })
            });
            picker(b, list, *multiple)
        }
        Widget::ImageUpload(upload) => super::upload::upload_control(b, upload.clone(), true),
        Widget::FileUpload(upload) => super::upload::upload_control(b, upload.clone(), false),
        Widget::Signature | Widget::RichText => {
            view! { <p class="form-unavailable" id=b.id>{tr(text::NOT_IN_BROWSER)}</p> }.into_any()
        }
        // Input, and anything that holds a value as text.
        _ => text_input(b, TEXT, placeholder),
    }
}

/// How a native input shows a value and which kind it is.
#[derive(Clone, Copy)]
struct Native {
    kind: &'static str,
    inputmode: &'static str,
    /// `step="1"`: times with seconds.
    seconds: bool,
    /// The value as the input's text.
    shown: fn(&Value) -> String,
}

const TEXT: Native = Native {
    kind: "text",
    inputmode: "",
    seconds: false,
    shown: text_of,
};
const DECIMAL: Native = Native {
    inputmode: "decimal",
    ..TEXT
};
const DATE: Native = Native {
    kind: "date",
    ..TEXT
};
const TIME: Native = Native {
    kind: "time",
    seconds: true,
    ..TEXT
};
/// `datetime-local` writes `T` between date and time; the server stores a space.
const DATE_TIME: Native = Native {
    kind: "datetime-local",
    seconds: true,
    shown: |v| text_of(v).replacen(' ', "T", 1),
    ..TEXT
};

fn text_input(b: Binding, native: Native, placeholder: String) -> AnyView {
    let Binding {
        id,
        read,
        write,
        locked,
        described_by,
        invalid,
    } = b;
    let shown = native.shown;
    view! {
        <input
            id=id
            type=native.kind
            inputmode=(!native.inputmode.is_empty()).then_some(native.inputmode)
            step=native.seconds.then_some("1")
            placeholder=(!placeholder.is_empty()).then_some(placeholder)
            readonly=locked
            autocomplete="off"
            aria-invalid=move || invalid.get().to_string()
            aria-describedby=described_by
            prop:value=move || shown(&read.get())
            on:input=move |ev| write.run(from_text(event_target_value(&ev)))
        />
    }
    .into_any()
}

/// A number or amount input with its unit or currency beside it.
fn affixed(input: AnyView, prefix: Option<String>, suffix: Option<String>) -> AnyView {
    if prefix.is_none() && suffix.is_none() {
        return input;
    }
    view! {
        <div class="form-affixed">
            {prefix.map(|p| view! { <span class="form-affix" aria-hidden="true">{p}</span> })}
            {input}
            {suffix.map(|s| view! { <span class="form-affix">{s}</span> })}
        </div>
    }
    .into_any()
}

/// Two inputs for a range: `[from, to]`, no value while both are empty.
fn range_inputs(b: Binding, kind: &'static str) -> AnyView {
    let Binding {
        id,
        read,
        write,
        locked,
        described_by,
        invalid,
    } = b;
    let part = move |i: usize| {
        Signal::derive(move || match read.get() {
            Value::Array(items) => items.get(i).map(text_of).unwrap_or_default(),
            _ => String::new(),
        })
    };
    let (from, to) = (part(0), part(1));
    let set = move |i: usize, text: String| {
        let mut both = [from.get_untracked(), to.get_untracked()];
        both[i] = text;
        if both.iter().all(String::is_empty) {
            write.run(Value::Null);
        } else {
            write.run(Value::Array(both.into_iter().map(Value::String).collect()));
        }
    };
    let step = (kind == "time").then_some("1");
    view! {
        <div class="form-range">
            <input
                id=id.clone()
                type=kind
                step=step
                readonly=locked
                aria-label=tr(text::RANGE_FROM)
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by.clone()
                prop:value=move || from.get()
                on:input=move |ev| set(0, event_target_value(&ev))
            />
            <span aria-hidden="true">{tr(text::RANGE_SEP)}</span>
            <input
                id=format!("{id}-to")
                type=kind
                step=step
                readonly=locked
                aria-label=tr(text::RANGE_TO)
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
                prop:value=move || to.get()
                on:input=move |ev| set(1, event_target_value(&ev))
            />
        </div>
    }
    .into_any()
}
