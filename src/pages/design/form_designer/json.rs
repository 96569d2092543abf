//! The JSON view: the schema as the server stores it, indented, and a way to take a pasted
//! schema (ours, or a form-generator / form-create document), converted and checked by the
//! server as `/system/form` does it, with every problem named by its path before anything
//! changes.

use leptos::prelude::*;
use serde_json::Value;

use super::DesignerState;
use crate::error::{FieldMessage, UiError};
use crate::i18n::{design as text, tr, use_locale};
use crate::kit::error_notice::ErrorNotice;
use crate::server_fns::design::ConvertFormSchema;

/// JSON text without spaces (what a save sends).
pub fn compact(value: &Value) -> String {
    woc_forms::json_text(value)
}

/// JSON text indented by two spaces; arrays of plain values stay on one line.
pub fn pretty(value: &Value) -> String {
    let mut out = String::new();
    write(value, 0, &mut out);
    out
}

fn write(value: &Value, depth: usize, out: &mut String) {
    let indent = |n: usize, out: &mut String| out.extend(std::iter::repeat_n("  ", n));
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(depth + 1, out);
                out.push_str(&woc_forms::json_text(&Value::String(key.clone())));
                out.push_str(": ");
                write(item, depth + 1, out);
            }
            out.push('\n');
            indent(depth, out);
            out.push('}');
        }
        Value::Array(items) if items.iter().any(|v| v.is_object() || v.is_array()) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(depth + 1, out);
                write(item, depth + 1, out);
            }
            out.push('\n');
            indent(depth, out);
            out.push(']');
        }
        plain => out.push_str(&woc_forms::json_text(plain)),
    }
}

/// The schema's JSON, and taking an edited or pasted one.
#[component]
pub fn JsonView(state: DesignerState) -> impl IntoView {
    let locale = use_locale();
    let shown = move || {
        state
            .schema
            .with_untracked(|s| pretty(&serde_json::to_value(s).unwrap_or_default()))
    };
    let draft = RwSignal::new(shown());
    // Converted and checked by the server, as `/system/form` does it: (path, zh, en).
    let problems = RwSignal::new(Vec::<FieldMessage>::new());
    let failure = RwSignal::new(None::<UiError>);
    let applied = RwSignal::new(false);
    let convert = ServerAction::<ConvertFormSchema>::new();
    Effect::new(move |_| match convert.value().get() {
        Some(Ok(schema)) => {
            state.selected.set(None);
            state.target.set(None);
            state.edit(None, move |s| {
                *s = schema;
                true
            });
            problems.set(Vec::new());
            failure.set(None);
            draft.set(shown());
            applied.set(true);
        }
        Some(Err(UiError::Fields(found))) => {
            failure.set(None);
            problems.set(found);
        }
        Some(Err(other)) => failure.set(Some(other)),
        None => {}
    });
    let apply = move |_| {
        applied.set(false);
        convert.dispatch(ConvertFormSchema {
            text: draft.get_untracked(),
        });
    };
    view! {
        <section class="card dz-json" aria-labelledby="dz-json-title">
            <h2 id="dz-json-title">{tr(text::MODE_JSON)}</h2>
            <p class="muted">
                {move || if state.read_only { text::JSON_READ_ONLY.of(locale.get()) } else { text::JSON_HINT.of(locale.get()) }}
            </p>
            <label class="visually-hidden" for="dz-json-text">{tr(text::MODE_JSON)}</label>
            <textarea
                id="dz-json-text"
                class="dz-json-text"
                spellcheck="false"
                readonly=state.read_only
                aria-invalid=move || (!problems.with(Vec::is_empty)).to_string()
                aria-describedby="dz-json-problems"
                prop:value=move || draft.get()
                on:input=move |ev| {
                    draft.set(event_target_value(&ev));
                    applied.set(false);
                }
            ></textarea>
            {move || failure.get().map(|error| view! { <ErrorNotice error /> })}
            <ul class="dz-json-problems field-error" id="dz-json-problems" role="alert">
                {move || {
                    problems
                        .get()
                        .into_iter()
                        .map(|p| {
                            let at = p.field.strip_prefix("schema").unwrap_or(&p.field);
                            let at = at.strip_prefix('.').unwrap_or(at);
                            let at = if at.is_empty() { "/".to_owned() } else { at.to_owned() };
                            view! { <li><code>{at}</code>" "{p.message(locale.get()).to_owned()}</li> }
                        })
                        .collect_view()
                }}
            </ul>
            {(!state.read_only).then(|| view! {
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| {
                        draft.set(shown());
                        problems.set(Vec::new());
                    }>{tr(text::JSON_RESET)}</button>
                    <button type="button" class="button primary" disabled=move || convert.pending().get() on:click=apply>{tr(text::JSON_APPLY)}</button>
                </div>
                <p role="status" class="dz-check-result">{move || applied.get().then(|| text::JSON_APPLIED.of(locale.get()))}</p>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_indented_text_reads_back_as_the_same_schema() {
        let value = json!({"version": 1, "fields": [
            {"key": "a", "type": "select", "label": "甲", "options": [{"label": "一", "value": 1}]},
            {"key": "g", "type": "grid", "columns": [{"span": 12, "fields": []}]}
        ], "empty": {}, "list": [1, 2.5, "x"]});
        let text = pretty(&value);
        assert!(text.contains("\n  \"fields\": [\n"), "{text}");
        assert!(text.contains("\"list\": [1,2.5,\"x\"]"), "{text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
        assert_eq!(
            serde_json::from_str::<Value>(&compact(&value)).unwrap(),
            value
        );
    }
}
