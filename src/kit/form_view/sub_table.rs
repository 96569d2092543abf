//! A sub-table: repeating rows of the same columns, with rows added and removed, computed
//! columns and column totals worked out as they change (the server computes them again).
//! On a phone each row becomes a card of labelled cells.

use leptos::prelude::*;
use serde_json::{Map, Value};
use woc_forms::{Field, Widget};

use super::display::worded;
use super::inputs::{control, Binding};
use super::{FormMode, FormState};
use crate::i18n::{forms as text, tr, use_locale};

/// The rows of a sub-table field.
#[component]
pub(super) fn SubTableField(state: FormState, field: Field) -> impl IntoView {
    let Widget::SubTable(table) = field.widget.clone() else {
        return ().into_any();
    };
    let key = field.key.clone();
    let id = state.element_id(&key);
    let message = state.message(key.clone());
    let locale = use_locale();
    let editing = state.mode == FormMode::Edit;
    let rows = {
        let key = key.clone();
        Memo::new(move |_| {
            state
                .values
                .with(|v| v.get(&key).and_then(Value::as_array).map_or(0, Vec::len))
        })
    };
    let required = {
        let key = key.clone();
        Signal::derive(move || state.required(&key))
    };
    let columns = table.fields.clone();
    let max_rows = table.max_rows as usize;
    let add = {
        let key = key.clone();
        let columns = columns.clone();
        move |_: leptos::ev::MouseEvent| {
            let mut row = Map::new();
            for column in &columns {
                if let Some(default) = &column.default {
                    row.insert(column.key.clone(), default.clone());
                }
            }
            state.values.update(|v| {
                let list = v
                    .entry(key.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if !list.is_array() {
                    *list = Value::Array(Vec::new());
                }
                if let Value::Array(items) = list {
                    items.push(Value::Object(row));
                }
            });
            state.clear(&key);
        }
    };
    let total_key = format!("{key}{}", woc_forms::schema::TOTAL_SUFFIX);
    let totals = table.total_of.clone();
    let head = columns
        .iter()
        .map(|c| {
            let label = c.label.clone();
            let mark = (editing && c.required)
                .then(|| view! { <span class="required" aria-hidden="true">" *"</span> });
            view! { <th scope="col">{label}{mark}</th> }
        })
        .collect_view();
    let body = {
        let columns = columns.clone();
        let key = key.clone();
        move || {
            (0..rows.get())
                .map(|r| row_view(state, &key, r, &columns, editing))
                .collect_view()
        }
    };
    let foot = (!totals.is_empty()).then(|| {
        let cells = columns
            .iter()
            .map(|c| {
                let summed = totals.contains(&c.key);
                let column = c.clone();
                let total_key = total_key.clone();
                let label = c.label.clone();
                view! {
                    <td data-label=label class:sub-table-no-total=!summed>
                        {move || summed.then(|| {
                            let total = state.live_value(&total_key);
                            // The total in its column's words (¥25 for an amount).
                            worded(&column, total.get(&column.key).unwrap_or(&Value::Null), None, locale.get())
                        })}
                    </td>
                }
            })
            .collect_view();
        view! {
            <tfoot>
                <tr class="sub-table-total">
                    <th scope="row">{tr(text::TOTAL)}</th>
                    {cells}
                    {editing.then(|| view! { <td></td> })}
                </tr>
            </tfoot>
        }
    });
    view! {
        <fieldset class="field form-field sub-table-field" class:field-invalid=move || message.with(Option::is_some)>
            <legend id=format!("{id}-label")>
                {field.label.clone()}
                {move || required.get().then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </legend>
            <div class="sub-table-scroll">
                <table class="sub-table" aria-labelledby=format!("{id}-label")>
                    <thead>
                        <tr>
                            <th scope="col" class="sub-table-index">{tr(text::ROW_NUMBER)}</th>
                            {head}
                            {editing.then(|| view! { <th scope="col" class="visually-hidden">{tr(text::ROW_REMOVE)}</th> })}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                    {foot}
                </table>
            </div>
            {move || (rows.get() == 0).then(|| view! { <p class="sub-table-empty">{text::ROWS_EMPTY.of(locale.get())}</p> })}
            {editing.then(|| view! {
                <button
                    type="button"
                    class="button sub-table-add"
                    id=id.clone()
                    disabled={move || rows.get() >= max_rows}
                    on:click=add.clone()
                >
                    {tr(text::ROW_ADD)}
                </button>
            })}
            <p class="field-error" id=format!("{id}-error")>{move || message.get()}</p>
        </fieldset>
    }
    .into_any()
}

/// One row: its number, a cell per column, and its remove button.
fn row_view(state: FormState, key: &str, r: usize, columns: &[Field], editing: bool) -> AnyView {
    let locale = use_locale();
    let cells = columns
        .iter()
        .map(|column| {
            let path = format!("{key}[{r}].{}", column.key);
            let message = state.message(path.clone());
            let computed = column.computed.is_some();
            let (key, col) = (key.to_owned(), column.key.clone());
            let read = Signal::derive(move || {
                let cell = |values: &Map<String, Value>| {
                    values
                        .get(&key)
                        .and_then(|rows| rows.get(r))
                        .and_then(|row| row.get(&col))
                        .cloned()
                        .unwrap_or(Value::Null)
                };
                if computed {
                    state.live.with(|l| cell(&l.values))
                } else {
                    state.values.with(cell)
                }
            });
            let label = column.label.clone();
            let content = if editing {
                let (key, col, clear_path) = (key_of(&path), column.key.clone(), path.clone());
                let write = Callback::new(move |value: Value| {
                    state.values.update(|v| {
                        if let Some(Value::Object(row)) =
                            v.get_mut(&key).and_then(|rows| rows.get_mut(r))
                        {
                            row.insert(col.clone(), value);
                        }
                    });
                    state.clear(&clear_path);
                });
                let id = state.element_id(&path);
                let binding = Binding {
                    id: id.clone(),
                    read,
                    write,
                    locked: computed || column.disabled,
                    described_by: format!("{id}-error"),
                    invalid: Signal::derive(move || message.with(Option::is_some)),
                };
                let aria = format!("{} {}", column.label, r + 1);
                view! {
                    <div class="sub-table-cell" aria-label=aria>
                        {control(column, binding, state.choices)}
                        <p class="field-error" id=format!("{id}-error")>{move || message.get()}</p>
                    </div>
                }
                .into_any()
            } else {
                let column = column.clone();
                let choices = state.choices;
                view! {
                    <span>{move || choices.with(|c| worded(&column, &read.get(), c.as_ref(), locale.get()))}</span>
                }
                .into_any()
            };
            view! {
                <td data-label=label class:field-invalid=move || message.with(Option::is_some)>
                    {content}
                </td>
            }
        })
        .collect_view();
    let remove = editing.then(|| {
        let key = key.to_owned();
        view! {
            <td class="sub-table-actions">
                <button
                    type="button"
                    class="link-button danger"
                    aria-label=move || format!("{} {}", text::ROW_REMOVE.of(locale.get()), r + 1)
                    on:click=move |_| {
                        state.values.update(|v| {
                            if let Some(Value::Array(rows)) = v.get_mut(&key) {
                                if r < rows.len() {
                                    rows.remove(r);
                                }
                            }
                        });
                        // Refusals of later rows named old row numbers: they no longer apply.
                        let prefix = format!("{key}[");
                        state.errors.update(|e| e.retain(|path, _| !path.starts_with(&prefix)));
                    }
                >
                    {tr(text::ROW_REMOVE)}
                </button>
            </td>
        }
    });
    view! {
        <tr>
            <th scope="row" class="sub-table-index">{r + 1}</th>
            {cells}
            {remove}
        </tr>
    }
    .into_any()
}

/// The sub-table's key of a cell path (`items[2].qty` -> `items`).
fn key_of(path: &str) -> String {
    path.split('[').next().unwrap_or(path).to_owned()
}
