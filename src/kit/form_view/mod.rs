//! The form renderer: one component for every designed form (`woc-forms` schema), wherever it
//! shows: starting a work order, handling a task, the read-only detail, the designer's
//! preview. It validates in the browser with the same Rust code the server runs
//! ([`woc_forms::Form::validate`]), so a refusal reads the same before and after sending, and
//! shows the server's own refusals beside the same fields.
//!
//! - [`FormState`]: the checked form, the values the inputs hold, the live state (computed
//!   values, fields the rules hide, fields required now), refusals by path.
//! - [`FormView`]: renders the schema: layout containers here, value inputs in `inputs`,
//!   choice widgets in `choices`, sub-tables in `sub_table`, uploads in `upload`, read-only
//!   values in `display`.
//!
//! Element ids are `{form id}-{path}` with the path's `[`, `]` and `.` as `-`
//! (`start-items-2-qty`), so labels, messages (`aria-describedby`) and the focus after a
//! refusal find each input.

mod choices;
mod display;

pub use display::worded;
mod inputs;
mod sub_table;
mod upload;

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::{Map, Value};
use woc_forms::{Context, Field, Form, FormSchema, Lang, Live, Widget};

use crate::error::FieldMessage;
use crate::i18n::{use_locale, Locale};
use crate::workorders::PickerChoices;

/// Whether the form is filled in or only shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormMode {
    /// Inputs.
    Edit,
    /// Values as text.
    ReadOnly,
}

/// Why a field was refused, worded when shown (the language can change afterwards).
#[derive(Debug, Clone, PartialEq)]
enum Refusal {
    /// By the browser's validation.
    Form(woc_forms::FieldProblem),
    /// By the server, in its words.
    Server { zh: String, en: String },
}

impl Refusal {
    fn word(&self, locale: Locale) -> String {
        match self {
            Refusal::Form(problem) => problem.message(lang(locale)),
            Refusal::Server { zh, en } => match locale {
                Locale::Zh => zh.clone(),
                Locale::En => en.clone(),
            },
        }
    }
}

/// The forms crate's language for the UI's locale.
pub fn lang(locale: Locale) -> Lang {
    match locale {
        Locale::Zh => Lang::Zh,
        Locale::En => Lang::En,
    }
}

/// One rendered form's state.
#[derive(Clone, Copy)]
pub struct FormState {
    form: StoredValue<Arc<Form>>,
    /// What the inputs hold, by key (a sub-table: a list of row objects).
    pub values: RwSignal<Map<String, Value>>,
    live: Memo<Live>,
    errors: RwSignal<BTreeMap<String, Refusal>>,
    mode: FormMode,
    id: &'static str,
    choices: RwSignal<Option<PickerChoices>>,
}

impl FormState {
    /// A form showing `initial` (defaults fill what it lacks when editing); `id` prefixes
    /// its element ids.
    pub fn new(
        form: Arc<Form>,
        initial: Map<String, Value>,
        mode: FormMode,
        id: &'static str,
    ) -> FormState {
        let mut values = initial;
        if mode == FormMode::Edit {
            for field in form.schema().walk() {
                if let Some(default) = &field.default {
                    values
                        .entry(field.key.clone())
                        .or_insert_with(|| default.clone());
                }
            }
        }
        let values = RwSignal::new(values);
        let checked = form.clone();
        let live = Memo::new(move |_| values.with(|v| checked.live(v)));
        FormState {
            form: StoredValue::new(form),
            values,
            live,
            errors: RwSignal::new(BTreeMap::new()),
            mode,
            id,
            choices: RwSignal::new(None),
        }
    }

    /// The schema.
    pub fn schema(&self) -> FormSchema {
        self.form.with_value(|f| f.schema().clone())
    }

    /// Whether any field uses the directory (user or department pickers).
    pub fn needs_choices(&self) -> bool {
        self.form.with_value(|f| {
            f.schema().walk().iter().any(|field| {
                matches!(
                    field.widget,
                    Widget::UserPicker { .. } | Widget::DeptPicker { .. }
                ) || matches!(&field.widget, Widget::SubTable(t) if t.fields.iter().any(|c| matches!(c.widget, Widget::UserPicker { .. } | Widget::DeptPicker { .. })))
            })
        })
    }

    /// Loads the directory's names when a user or department picker needs them (once, in
    /// the browser).
    pub fn load_choices(&self) {
        if !self.needs_choices() {
            return;
        }
        let state = *self;
        let choices = LocalResource::new(crate::server_fns::workorders::load_picker_choices);
        Effect::new(move |_| {
            if let Some(Ok(loaded)) = choices.get() {
                state.set_choices(loaded);
            }
        });
    }

    /// The pickers' choices, once loaded.
    pub fn set_choices(&self, choices: PickerChoices) {
        self.choices.set(Some(choices));
    }

    /// Validates what the inputs hold as the server will: the cleaned values to send, or
    /// `None` with every refusal shown beside its field and the first one focused.
    pub fn validate(&self) -> Option<Map<String, Value>> {
        let result = self.form.with_value(|form| {
            self.values
                .with_untracked(|values| form.validate(values, &Context::new()))
        });
        match result {
            Ok(clean) => {
                self.errors.set(BTreeMap::new());
                Some(clean)
            }
            Err(errors) => {
                let first = errors.first().map(|e| e.path.clone());
                self.errors.set(
                    errors
                        .into_iter()
                        .map(|e| (e.path, Refusal::Form(e.problem)))
                        .collect(),
                );
                if let Some(path) = first {
                    self.focus(&path);
                }
                None
            }
        }
    }

    /// Shows the server's refusals of this form's fields (`field` without the prefix the
    /// page adds, such as `values.`) and focuses the first.
    pub fn show_server_refusals(&self, refusals: &[FieldMessage]) {
        self.errors.set(
            refusals
                .iter()
                .map(|r| {
                    (
                        r.field.clone(),
                        Refusal::Server {
                            zh: r.zh.clone(),
                            en: r.en.clone(),
                        },
                    )
                })
                .collect(),
        );
        if let Some(first) = refusals.first() {
            self.focus(&first.field);
        }
    }

    /// Whether any field is refused now.
    pub fn has_refusals(&self) -> Signal<bool> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|e| !e.is_empty()))
    }

    /// The element id of the input at `path`.
    pub fn element_id(&self, path: &str) -> String {
        element_id(self.id, path)
    }

    fn focus(&self, path: &str) {
        let id = self.element_id(path);
        // After the render that shows the message (and opens a tab or group holding it).
        request_animation_frame(move || focus_element(&id));
    }

    /// The refusal at `path`, worded in the current language.
    fn message(&self, path: String) -> Signal<Option<String>> {
        let errors = self.errors;
        let locale = use_locale();
        Signal::derive(move || errors.with(|e| e.get(&path).map(|r| r.word(locale.get()))))
    }

    /// Forgets the refusal at `path` (its input changed).
    fn clear(&self, path: &str) {
        if self.errors.with_untracked(|e| e.contains_key(path)) {
            self.errors.update(|e| {
                e.remove(path);
            });
        }
    }

    /// Whether any refusal is at one of `keys` or inside one of them (`items[2].qty`).
    fn refuses_any(&self, keys: &[String]) -> bool {
        self.errors.with(|e| {
            e.keys().any(|path| {
                keys.iter().any(|k| {
                    path == k
                        || path.starts_with(&format!("{k}["))
                        || path.starts_with(&format!("{k}."))
                })
            })
        })
    }

    fn hidden(&self, key: &str) -> bool {
        self.live.with(|l| l.hidden.contains(key))
    }

    fn required(&self, key: &str) -> bool {
        self.live.with(|l| l.required.contains(key))
    }

    fn live_value(&self, key: &str) -> Value {
        self.live
            .with(|l| l.values.get(key).cloned().unwrap_or(Value::Null))
    }
}

/// `{form}-{path}` with `[`, `]` and `.` as `-`.
pub fn element_id(form: &str, path: &str) -> String {
    let mut id = format!("{form}-");
    for c in path.chars() {
        match c {
            '[' | '.' => id.push('-'),
            ']' => {}
            c => id.push(c),
        }
    }
    id
}

/// Moves the keyboard focus to the element with `id`, if there is one.
pub fn focus_element(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Renders a form. Fields narrower than 24 grid units share a row; on a phone every field
/// takes the whole width.
#[component]
pub fn FormView(state: FormState) -> impl IntoView {
    // Labels sit above their inputs at every width (a phone has no room beside them, and one
    // arrangement reads the same on both); `layout.labelPosition` is kept for the print page.
    let fields = state.schema().fields;
    view! {
        <div
            class="form-view"
            class:form-view-readonly=state.mode == FormMode::ReadOnly
            id=state.id
        >
            <FieldList state=state fields=fields />
        </div>
    }
}

/// Fields in the 24-unit grid.
#[component]
fn FieldList(state: FormState, fields: Vec<Field>) -> impl IntoView {
    view! {
        <div class="form-grid">
            {fields
                .into_iter()
                .map(|field| view! { <FieldSlot state=state field=field /> })
                .collect_view()}
        </div>
    }
}

/// One field where it sits in the grid, shown while its rules allow.
#[component]
fn FieldSlot(state: FormState, field: Field) -> impl IntoView {
    let key = field.key.clone();
    let span = if field.widget.is_container() && !matches!(field.widget, Widget::SubTable(_)) {
        24
    } else {
        field.width.clamp(1, 24)
    };
    let style = format!("--span: {span}");
    let body = match &field.widget {
        Widget::Grid { columns } => {
            let columns = columns.clone();
            view! {
                <div class="form-columns">
                    {columns
                        .into_iter()
                        .map(|column| {
                            let style = format!("--span: {}", column.span.clamp(1, 24));
                            view! {
                                <div class="form-column" style=style>
                                    <FieldList state=state fields=column.fields />
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            }
            .into_any()
        }
        Widget::Tabs { .. } => view! { <FormTabs state=state field=field.clone() /> }.into_any(),
        Widget::Group { .. } => view! { <FormGroup state=state field=field.clone() /> }.into_any(),
        Widget::SubTable(_) => {
            view! { <sub_table::SubTableField state=state field=field.clone() /> }.into_any()
        }
        Widget::StaticText { text } => {
            let text = text.clone();
            let label = field.label.clone();
            view! {
                <div class="form-static">
                    {(!label.is_empty()).then(|| view! { <strong>{label}</strong> })}
                    <p>{text}</p>
                </div>
            }
            .into_any()
        }
        Widget::Divider => {
            let label = field.label.clone();
            view! {
                <div class="form-divider" role="separator">
                    {(!label.is_empty()).then(|| view! { <span>{label}</span> })}
                </div>
            }
            .into_any()
        }
        _ => match state.mode {
            FormMode::Edit => {
                view! { <inputs::ValueField state=state field=field.clone() /> }.into_any()
            }
            FormMode::ReadOnly => {
                view! { <display::ValueText state=state field=field.clone() /> }.into_any()
            }
        },
    };
    view! {
        <div class="form-slot" style=style hidden=move || state.hidden(&key)>
            {body}
        </div>
    }
}

/// Every value key at or inside `fields` (containers' and sub-tables' keys included).
fn keys_within(fields: &[Field]) -> Vec<String> {
    let mut out = Vec::new();
    for field in fields {
        out.push(field.key.clone());
        for children in field.widget.children() {
            out.extend(keys_within(children));
        }
    }
    out
}

/// Tabs: a tab strip (arrow keys move between tabs) over one panel per tab. A tab holding a
/// refused field is marked, and opens when the active one holds none.
#[component]
fn FormTabs(state: FormState, field: Field) -> impl IntoView {
    let Widget::Tabs { tabs } = field.widget else {
        return ().into_any();
    };
    let active = RwSignal::new(0usize);
    let keys: Vec<Vec<String>> = tabs.iter().map(|t| keys_within(&t.fields)).collect();
    let count = tabs.len();
    let marked = {
        let keys = keys.clone();
        Memo::new(move |_| {
            keys.iter()
                .map(|k| state.refuses_any(k))
                .collect::<Vec<bool>>()
        })
    };
    Effect::new(move |_| {
        let marked = marked.get();
        let current = active.get_untracked();
        if !marked.get(current).copied().unwrap_or(false) {
            if let Some(first) = marked.iter().position(|m| *m) {
                active.set(first);
            }
        }
    });
    let base = state.element_id(&field.key);
    let strip = tabs
        .iter()
        .enumerate()
        .map(|(i, tab)| {
            let label = tab.label.clone();
            let tab_id = format!("{base}-tab-{i}");
            let tab_base = base.clone();
            let panel_id = format!("{base}-panel-{i}");
            view! {
                <button
                    type="button"
                    role="tab"
                    id=tab_id
                    class="form-tab"
                    class:form-tab-invalid=move || marked.with(|m| m.get(i).copied().unwrap_or(false))
                    aria-selected=move || (active.get() == i).to_string()
                    aria-controls=panel_id
                    tabindex=move || if active.get() == i { "0" } else { "-1" }
                    on:click=move |_| active.set(i)
                    on:keydown=move |ev| {
                        let next = match ev.key().as_str() {
                            "ArrowRight" => (i + 1) % count,
                            "ArrowLeft" => (i + count - 1) % count,
                            "Home" => 0,
                            "End" => count - 1,
                            _ => return,
                        };
                        ev.prevent_default();
                        active.set(next);
                        focus_element(&format!("{tab_base}-tab-{next}"));
                    }
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    let panels = tabs
        .into_iter()
        .enumerate()
        .map(|(i, tab)| {
            view! {
                <div
                    role="tabpanel"
                    id=format!("{base}-panel-{i}")
                    aria-labelledby=format!("{base}-tab-{i}")
                    class="form-tab-panel"
                    hidden=move || active.get() != i
                >
                    <FieldList state=state fields=tab.fields />
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="form-tabs">
            <div role="tablist" class="form-tab-strip" aria-label=field.label.clone()>
                {strip}
            </div>
            {panels}
        </div>
    }
    .into_any()
}

/// A collapsible group (`<details>`); it opens by itself when it holds a refused field.
#[component]
fn FormGroup(state: FormState, field: Field) -> impl IntoView {
    let Widget::Group { collapsed, fields } = field.widget else {
        return ().into_any();
    };
    let open = RwSignal::new(!collapsed);
    let keys = keys_within(&fields);
    Effect::new(move |_| {
        if state.refuses_any(&keys) {
            open.set(true);
        }
    });
    view! {
        <details
            class="form-group"
            prop:open=move || open.get()
            on:toggle=move |ev| {
                open.set(event_target::<leptos::web_sys::Element>(&ev).has_attribute("open"));
            }
        >
            <summary>{field.label.clone()}</summary>
            <FieldList state=state fields=fields />
        </details>
    }
    .into_any()
}
