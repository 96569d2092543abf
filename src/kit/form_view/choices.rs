//! Choice widgets: a list to pick one from, radio buttons and check boxes, stars, a cascader
//! as one list of whole paths, and the directory's user and department pickers.

use leptos::prelude::*;
use serde_json::Value;
use woc_forms::Choice;

use super::inputs::{same, text_of, Binding};
use crate::i18n::{forms as text, tr, use_locale};

/// One choice from a list (a static one, or the directory's once loaded).
pub(super) fn select(b: Binding, list: Signal<Vec<Choice>>) -> AnyView {
    let Binding {
        id,
        read,
        write,
        locked,
        described_by,
        invalid,
    } = b;
    let chosen = move || {
        let now = read.get();
        list.with(|l| l.iter().position(|c| same(&c.value, &now)))
            .map_or(String::new(), |i| i.to_string())
    };
    view! {
        <select
            id=id
            disabled=locked
            aria-invalid=move || invalid.get().to_string()
            aria-describedby=described_by
            prop:value=chosen
            on:change=move |ev| {
                let picked = event_target_value(&ev).parse::<usize>().ok();
                let value = picked.and_then(|i| list.with_untracked(|l| l.get(i).map(|c| c.value.clone())));
                write.run(value.unwrap_or(Value::Null));
            }
        >
            <option value="">{tr(text::CHOOSE)}</option>
            {move || {
                list.get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| view! { <option value=i.to_string()>{c.label}</option> })
                    .collect_view()
            }}
        </select>
    }
    .into_any()
}

/// Radio buttons (one value) or checkboxes (a list of values, in the options' order).
pub(super) fn choice_list(b: Binding, options: Vec<Choice>, many: bool) -> AnyView {
    let Binding {
        id,
        read,
        write,
        locked,
        described_by,
        ..
    } = b;
    let all: Vec<Value> = options.iter().map(|o| o.value.clone()).collect();
    view! {
        <div class="form-choices" role=if many { "group" } else { "radiogroup" } aria-describedby=described_by>
            {options
                .into_iter()
                .enumerate()
                .map(|(i, option)| {
                    let value = option.value.clone();
                    let all = all.clone();
                    let input_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                    let checked = {
                        let value = value.clone();
                        move || match read.get() {
                            Value::Array(items) => items.iter().any(|v| same(v, &value)),
                            now => !many && same(&now, &value),
                        }
                    };
                    view! {
                        <label class="choice">
                            <input
                                id=input_id
                                type=if many { "checkbox" } else { "radio" }
                                name=id.clone()
                                disabled=locked
                                prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    if !many {
                                        write.run(value.clone());
                                        return;
                                    }
                                    let now = match read.get_untracked() {
                                        Value::Array(items) => items,
                                        _ => Vec::new(),
                                    };
                                    let next: Vec<Value> = all
                                        .iter()
                                        .filter(|v| {
                                            if same(v, &value) {
                                                on
                                            } else {
                                                now.iter().any(|n| same(n, v))
                                            }
                                        })
                                        .cloned()
                                        .collect();
                                    write.run(if next.is_empty() { Value::Null } else { Value::Array(next) });
                                }
                            />
                            <span>{option.label}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

/// Stars 1..=max as radio buttons (arrow keys move between them).
pub(super) fn rate(b: Binding, max: u8) -> AnyView {
    let Binding {
        id,
        read,
        write,
        locked,
        described_by,
        ..
    } = b;
    let now = move || read.get().as_f64().unwrap_or(0.0);
    view! {
        <div class="form-rate" role="radiogroup" aria-describedby=described_by>
            {(1..=max)
                .map(|n| {
                    let input_id = if n == 1 { id.clone() } else { format!("{id}-{n}") };
                    view! {
                        <label class="form-star" class:form-star-on={move || now() >= f64::from(n)}>
                            <input
                                id=input_id
                                type="radio"
                                name=id.clone()
                                value=n
                                disabled=locked
                                prop:checked=move || now() == f64::from(n)
                                on:change=move |_| write.run(Value::from(n))
                            />
                            <span aria-hidden="true">"★"</span>
                            <span class="visually-hidden">{n}" "{tr(text::STARS)}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

/// Every path to a leaf of an option tree, with its labels joined (`广东 / 深圳 / 南山`).
pub(super) fn cascader_paths(options: &[Choice]) -> Vec<(Vec<Value>, String)> {
    fn walk(
        options: &[Choice],
        values: &mut Vec<Value>,
        labels: &mut Vec<String>,
        out: &mut Vec<(Vec<Value>, String)>,
    ) {
        for option in options {
            values.push(option.value.clone());
            labels.push(option.label.clone());
            if option.children.is_empty() {
                out.push((values.clone(), labels.join(" / ")));
            } else {
                walk(&option.children, values, labels, out);
            }
            values.pop();
            labels.pop();
        }
    }
    let mut out = Vec::new();
    walk(options, &mut Vec::new(), &mut Vec::new(), &mut out);
    out
}

/// A cascader as one list of whole paths: searchable by typing, native on every device.
pub(super) fn cascader(b: Binding, options: &[Choice]) -> AnyView {
    let paths = cascader_paths(options);
    let choices: Vec<Choice> = paths
        .into_iter()
        .map(|(values, label)| Choice {
            label,
            value: Value::Array(values),
            children: Vec::new(),
        })
        .collect();
    select(b, Signal::derive(move || choices.clone()))
}

/// A user or department picker: one choice from a list, or several as removable chips with
/// a list to add from.
pub(super) fn picker(b: Binding, list: Signal<Vec<Choice>>, multiple: bool) -> AnyView {
    if !multiple {
        return select(b, list);
    }
    let Binding {
        id,
        read,
        write,
        locked,
        described_by,
        invalid,
    } = b;
    let chosen = move || match read.get() {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        one => vec![one],
    };
    let locale = use_locale();
    view! {
        <div class="form-picker">
            <ul class="form-chips">
                {move || {
                    chosen()
                        .into_iter()
                        .map(|value| {
                            let label = list.with(|l| {
                                l.iter().find(|c| same(&c.value, &value)).map(|c| c.label.clone())
                            }).unwrap_or_else(|| text_of(&value));
                            let name = label.clone();
                            view! {
                                <li class="form-chip">
                                    <span>{label}</span>
                                    {(!locked).then(|| view! {
                                        <button
                                            type="button"
                                            class="form-chip-remove"
                                            aria-label=move || format!("{} {name}", text::ROW_REMOVE.of(locale.get()))
                                            on:click=move |_| {
                                                let rest: Vec<Value> = chosen().into_iter().filter(|v| !same(v, &value)).collect();
                                                write.run(if rest.is_empty() { Value::Null } else { Value::Array(rest) });
                                            }
                                        >"×"</button>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <select
                id=id
                disabled=locked
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
                prop:value=""
                on:change=move |ev| {
                    let picked = event_target_value(&ev).parse::<usize>().ok();
                    // Back to 请选择: the list adds, the chips show what is chosen.
                    event_target::<leptos::web_sys::HtmlInputElement>(&ev).set_value("");
                    if let Some(value) = picked.and_then(|i| list.with_untracked(|l| l.get(i).map(|c| c.value.clone()))) {
                        let mut now = chosen();
                        if !now.iter().any(|v| same(v, &value)) {
                            now.push(value);
                        }
                        write.run(Value::Array(now));
                    }
                }
            >
                <option value="">{tr(text::CHOOSE)}</option>
                {move || list.get().into_iter().enumerate().map(|(i, c)| view! { <option value=i.to_string()>{c.label}</option> }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}
