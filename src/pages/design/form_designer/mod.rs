//! 表单设计器: a form's schema built on a canvas. Widgets come from the palette (drag, or click
//! / Enter to add after the chosen field), are dragged onto the canvas, into grid columns,
//! tabs, groups and sub-tables, and reordered; every move has a keyboard way (Alt+arrows,
//! Delete, Ctrl+D, Ctrl+Z / Ctrl+Y). The property panel edits the chosen field; the schema is
//! checked as it changes by `woc-forms` (the server's own checks), so a problem shows beside
//! the property before anything is saved. Preview at desktop and phone width renders the form
//! with the same component that starts work orders; the JSON view shows the schema and takes
//! one pasted in (ours, form-generator's or form-create's).
//!
//! Saving makes the next version (versions never change). `?form=<id>` opens the latest,
//! `&version=<n>` an older one, read-only; the version list says who saved each and when.
//!
//! - `history`: undo/redo steps; `palette`: the widgets; `canvas`: the fields where they sit;
//!   `properties`: the chosen field's properties; `json`: the JSON view and its printer.

mod canvas;
mod history;
mod json;
mod palette;
mod properties;

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde_json::Map;
use woc_forms::edit::{self, Parent, Place};
use woc_forms::{FormSchema, SchemaProblem};

use crate::design::{FormDraft, FormVersionEntry, SaveFormRequest};
use crate::error::UiError;
use crate::i18n::{common, design as text, tr, use_locale, Locale};
use crate::kit::async_view::AsyncView;
use crate::kit::error_notice::ErrorNotice;
use crate::kit::form_view::{focus_element, lang, FormMode, FormState, FormView};
use crate::kit::page_header::PageHeader;
use crate::pages::design::forms::{designer_href, DESIGNER_PATH};
use crate::server_fns::design::{form_versions, load_form, SaveForm};
use history::History;

/// The designer: a new form, or `?form=<id>` (`&version=<n>`) loaded first.
#[component]
pub fn FormDesignerPage() -> impl IntoView {
    let query = use_query_map();
    let which = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("form").and_then(|f| f.parse::<i64>().ok()),
                q.get("version").and_then(|v| v.parse::<i64>().ok()),
            )
        })
    });
    move || match which.get() {
        (None, _) => view! { <Designer draft=None /> }.into_any(),
        (Some(form_id), version) => {
            let draft = Resource::new(move || (form_id, version), |(f, v)| load_form(f, v));
            view! {
                <AsyncView resource=draft ok=move |draft| view! { <Designer draft=Some(draft) /> } />
            }
            .into_any()
        }
    }
}

/// What is being dragged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drag {
    /// A widget from the palette (its `type`).
    New(&'static str),
    /// A field of the canvas (its key).
    Move(String),
}

/// What the work area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Design,
    Desktop,
    Phone,
    Json,
}

/// The designer's state, shared by its parts.
#[derive(Clone, Copy)]
pub struct DesignerState {
    /// The schema being designed.
    pub schema: RwSignal<FormSchema>,
    /// The form's name.
    pub name: RwSignal<String>,
    /// The chosen field.
    pub selected: RwSignal<Option<String>>,
    /// A chosen empty list (a grid column, a tab) that the palette adds into.
    pub target: RwSignal<Option<Parent>>,
    /// An older version: shown, never changed.
    pub read_only: bool,
    /// The form once saved, and the version shown.
    form_id: RwSignal<Option<i64>>,
    version: RwSignal<Option<i64>>,
    /// Keys of the last saved version: stable from then on.
    saved_keys: RwSignal<BTreeSet<String>>,
    history: StoredValue<History>,
    /// Bumped on every change, for the undo/redo buttons.
    steps: RwSignal<u64>,
    /// Changed since the last save.
    pub dirty: RwSignal<bool>,
    /// What is being dragged, and where it would land: the place, and the key of the
    /// field it would land before (`None`: the end of the list), which marks that card.
    dragging: StoredValue<Option<Drag>>,
    pub drop_at: RwSignal<Option<(Place, Option<String>)>>,
    /// The schema's problems by the checks the server runs, and the field each is on.
    pub problems: Memo<Vec<(Option<String>, SchemaProblem)>>,
    /// The server's refusals of the last save, by schema path, in both languages.
    server_problems: RwSignal<Vec<(String, String, String)>>,
    seed: StoredValue<u32>,
    /// The page's language, kept here for the handlers that run outside the component tree
    /// (the window's shortcuts).
    locale: RwSignal<Locale>,
}

impl DesignerState {
    fn new(draft: Option<&FormDraft>, read_only: bool) -> DesignerState {
        let schema = RwSignal::new(draft.map(|d| d.schema.clone()).unwrap_or_default());
        let saved_keys = draft
            .map(|d| d.schema.walk().iter().map(|f| f.key.clone()).collect())
            .unwrap_or_default();
        let problems = Memo::new(move |_| {
            schema.with(|s| match woc_forms::check(s.clone()) {
                Ok(_) => Vec::new(),
                Err(problems) => {
                    let paths = field_paths(s);
                    problems
                        .into_iter()
                        .map(|p| (owner_of(&paths, &p.path), p))
                        .collect()
                }
            })
        });
        DesignerState {
            schema,
            name: RwSignal::new(draft.map(|d| d.name.clone()).unwrap_or_default()),
            selected: RwSignal::new(None),
            target: RwSignal::new(None),
            read_only,
            form_id: RwSignal::new(draft.map(|d| d.form_id)),
            version: RwSignal::new(draft.map(|d| d.version)),
            saved_keys: RwSignal::new(saved_keys),
            history: StoredValue::new(History::default()),
            steps: RwSignal::new(0),
            dirty: RwSignal::new(false),
            dragging: StoredValue::new(None),
            drop_at: RwSignal::new(None),
            problems,
            server_problems: RwSignal::new(Vec::new()),
            seed: StoredValue::new(initial_seed()),
            locale: use_locale(),
        }
    }

    /// A pseudo-random number for new keys (xorshift over a seed from the browser).
    fn next_seed(&self) -> u32 {
        let mut x = self.seed.get_value();
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.seed.set_value(x);
        x
    }

    /// Changes the schema as one undoable step (`merge`: see [`History::record`]); `change`
    /// answers whether it changed anything.
    pub fn edit(&self, merge: Option<String>, change: impl FnOnce(&mut FormSchema) -> bool) {
        if self.read_only {
            return;
        }
        let before = self.schema.get_untracked();
        let mut next = before.clone();
        if !change(&mut next) || next == before {
            return;
        }
        self.history.update_value(|h| h.record(before, merge));
        self.schema.set(next);
        self.server_problems.set(Vec::new());
        self.dirty.set(true);
        self.steps.update(|n| *n += 1);
    }

    /// Changes one property of one field; typing on in the same property is one step.
    pub fn set_field(&self, key: &str, property: &str, change: impl FnOnce(&mut woc_forms::Field)) {
        self.edit(
            Some(format!("{key}\u{1f}{property}")),
            |schema| match edit::field_mut(schema, key) {
                Some(field) => {
                    change(field);
                    true
                }
                None => false,
            },
        );
    }

    /// Reads the field `key` (`None` once it is gone).
    pub fn read<T>(&self, key: &str, read: impl FnOnce(&woc_forms::Field) -> T) -> Option<T> {
        self.schema.with(|s| edit::field(s, key).map(read))
    }

    /// Ends the current typing step.
    pub fn seal(&self) {
        self.history.update_value(History::seal);
    }

    fn undo(&self) {
        if self.read_only {
            return;
        }
        let current = self.schema.get_untracked();
        if let Some(previous) = self.history.try_update_value(|h| h.undo(current)).flatten() {
            self.restore(previous);
        }
    }

    fn redo(&self) {
        if self.read_only {
            return;
        }
        let current = self.schema.get_untracked();
        if let Some(next) = self.history.try_update_value(|h| h.redo(current)).flatten() {
            self.restore(next);
        }
    }

    fn restore(&self, schema: FormSchema) {
        // The chosen field may be gone (undoing its addition).
        if let Some(key) = self.selected.get_untracked() {
            if edit::field(&schema, &key).is_none() {
                self.selected.set(None);
            }
        }
        self.schema.set(schema);
        self.dirty.set(true);
        self.steps.update(|n| *n += 1);
        self.focus_selected();
    }

    fn can_undo(&self) -> bool {
        self.steps.track();
        self.history.with_value(History::can_undo)
    }

    fn can_redo(&self) -> bool {
        self.steps.track();
        self.history.with_value(History::can_redo)
    }

    /// A new field of widget `type_name`, labelled with the palette's name for it.
    fn new_field(&self, type_name: &str) -> Option<woc_forms::Field> {
        let locale = self.locale.get_untracked();
        let label = palette::info(type_name)
            .map(|w| w.name.of(locale))
            .unwrap_or(type_name);
        let option = move |n: usize| text::OPTION_N.of(locale).replace("{}", &n.to_string());
        let state = *self;
        self.schema.with_untracked(|schema| {
            edit::new_field(schema, type_name, label, &mut || state.next_seed(), &option)
        })
    }

    /// Adds a widget where the user is: into the chosen list, after the chosen field (or
    /// after the sub-table holding it, for what a sub-table cannot hold), else at the end.
    pub fn add(&self, type_name: &'static str) {
        let Some(field) = self.new_field(type_name) else {
            return;
        };
        let place = self.schema.with_untracked(|schema| {
            if let Some(parent) = self.target.get_untracked() {
                if let Some(fields) = edit::fields(schema, &parent) {
                    if edit::accepts(schema, &parent, &field) {
                        return Place {
                            index: fields.len(),
                            parent,
                        };
                    }
                }
            }
            let mut after = self.selected.get_untracked();
            while let Some(key) = after {
                let Some(place) = edit::place_of(schema, &key) else {
                    break;
                };
                if edit::accepts(schema, &place.parent, &field) {
                    return Place {
                        index: place.index + 1,
                        parent: place.parent,
                    };
                }
                after = match place.parent {
                    Parent::In { key, .. } => Some(key),
                    Parent::Root => None,
                };
            }
            Place {
                index: schema.fields.len(),
                parent: Parent::Root,
            }
        });
        self.add_at(field, place);
    }

    fn add_at(&self, field: woc_forms::Field, place: Place) {
        let key = field.key.clone();
        self.edit(None, |schema| edit::insert(schema, &place, field).is_ok());
        if self.read(&key, |_| ()).is_some() {
            self.target.set(None);
            self.selected.set(Some(key));
            self.focus_selected();
        }
    }

    /// Starts dragging `what` (the palette's widget or a field).
    pub fn start_drag(&self, ev: &leptos::ev::DragEvent, what: Drag) {
        if self.read_only {
            ev.prevent_default();
            return;
        }
        #[cfg(feature = "hydrate")]
        if let Some(transfer) = ev.data_transfer() {
            // Some browsers start a drag only with data set; the data itself is not used.
            let _ = transfer.set_data(
                "text/plain",
                match &what {
                    Drag::New(t) => t,
                    Drag::Move(k) => k.as_str(),
                },
            );
            transfer.set_effect_allowed(match what {
                Drag::New(_) => "copy",
                Drag::Move(_) => "move",
            });
        }
        self.dragging.set_value(Some(what));
    }

    /// Ends a drag, dropped or not.
    pub fn end_drag(&self) {
        self.dragging.set_value(None);
        if self.drop_at.get_untracked().is_some() {
            self.drop_at.set(None);
        }
    }

    /// The key of the field being dragged, if a field is.
    pub fn dragging_key(&self) -> Option<String> {
        match self.dragging.get_value() {
            Some(Drag::Move(key)) => Some(key),
            _ => None,
        }
    }

    /// Gives a field not saved yet another key (a sub-table's totals follow its column).
    pub fn rename(&self, key: &str, new: &str) -> Result<(), crate::i18n::Text> {
        if new == key {
            return Ok(());
        }
        if self.is_saved_key(key) {
            return Err(text::KEY_FIXED);
        }
        if !woc_forms::is_valid_key(new) {
            return Err(text::KEY_BAD);
        }
        if self.schema.with_untracked(|s| {
            edit::field(s, new).is_some()
                || s.walk().iter().any(|f| {
                    matches!(&f.widget, woc_forms::Widget::SubTable(t) if !t.total_of.is_empty())
                        && format!("{}{}", f.key, woc_forms::schema::TOTAL_SUFFIX) == new
                })
        }) {
            return Err(text::KEY_TAKEN);
        }
        self.edit(None, |schema| {
            let parent = edit::place_of(schema, key).map(|p| p.parent);
            let Some(field) = edit::field_mut(schema, key) else {
                return false;
            };
            field.key = new.to_owned();
            if let Some(Parent::In { key: table, .. }) = parent {
                if let Some(woc_forms::Field {
                    widget: woc_forms::Widget::SubTable(t),
                    ..
                }) = edit::field_mut(schema, &table)
                {
                    for total in &mut t.total_of {
                        if total == key {
                            *total = new.to_owned();
                        }
                    }
                }
            }
            true
        });
        self.selected.set(Some(new.to_owned()));
        Ok(())
    }

    /// Whether what is being dragged may land in `parent`.
    pub fn may_drop(&self, parent: &Parent) -> bool {
        match self.dragging.get_value() {
            None => false,
            Some(Drag::New(type_name)) => self.new_field(type_name).is_some_and(|field| {
                self.schema
                    .with_untracked(|s| edit::accepts(s, parent, &field))
            }),
            Some(Drag::Move(key)) => self
                .schema
                .with_untracked(|s| edit::parents_for(s, &key).contains(parent)),
        }
    }

    /// Shows where the drag would land: at `place`, before the field `before`.
    pub fn hover(&self, place: Place, before: Option<String>) {
        let mark = Some((place, before));
        if self.drop_at.get_untracked() != mark {
            self.drop_at.set(mark);
        }
    }

    /// Lands the drag at `drop_at`.
    pub fn drop_here(&self) {
        let (Some(what), Some((place, _))) =
            (self.dragging.get_value(), self.drop_at.get_untracked())
        else {
            self.end_drag();
            return;
        };
        self.end_drag();
        match what {
            Drag::New(type_name) => {
                if let Some(field) = self.new_field(type_name) {
                    self.add_at(field, place);
                }
            }
            Drag::Move(key) => self.move_to(&key, place),
        }
    }

    /// Moves a field to `place` (a drop, or the property panel's 位置).
    pub fn move_to(&self, key: &str, place: Place) {
        self.edit(None, |schema| edit::move_to(schema, key, &place).is_ok());
        self.selected.set(Some(key.to_owned()));
        self.focus_selected();
    }

    /// Moves a field one step up or down in its list.
    pub fn shift(&self, key: &str, delta: isize) {
        self.edit(None, |schema| edit::shift(schema, key, delta));
        self.focus_selected();
    }

    /// Removes a field; the one after it (or before it) is chosen next.
    pub fn remove(&self, key: &str) {
        let order = self.keys_in_order();
        let position = order.iter().position(|k| k == key);
        self.edit(None, |schema| edit::remove(schema, key).is_some());
        let remaining = self.keys_in_order();
        let next = position.and_then(|i| {
            order[i + 1..]
                .iter()
                .chain(order[..i].iter().rev())
                .find(|k| remaining.contains(k))
                .cloned()
        });
        self.selected.set(next);
        self.focus_selected();
    }

    /// Copies a field (with everything inside it) right after it, with new keys.
    pub fn duplicate(&self, key: &str) {
        let state = *self;
        let mut copy = None;
        self.edit(None, |schema| {
            copy = edit::duplicate(schema, key, &mut || state.next_seed());
            copy.is_some()
        });
        if let Some(copy) = copy {
            self.selected.set(Some(copy));
            self.focus_selected();
        }
    }

    /// Every field's key in display order (the canvas's order).
    pub fn keys_in_order(&self) -> Vec<String> {
        self.schema
            .with_untracked(|s| s.walk().iter().map(|f| f.key.clone()).collect())
    }

    /// Chooses the field before (-1) or after (+1) the chosen one.
    pub fn step_selection(&self, delta: isize) {
        let order = self.keys_in_order();
        let current = self
            .selected
            .get_untracked()
            .and_then(|k| order.iter().position(|o| *o == k));
        let next = match current {
            Some(i) => i as isize + delta,
            None => 0,
        };
        if let Some(key) = usize::try_from(next).ok().and_then(|i| order.get(i)) {
            self.selected.set(Some(key.clone()));
            self.focus_selected();
        }
    }

    /// Focuses the chosen field's card after the render that shows it.
    pub fn focus_selected(&self) {
        if let Some(key) = self.selected.get_untracked() {
            request_animation_frame(move || focus_element(&card_id(&key)));
        }
    }

    /// Whether `key` was saved before (its key may no longer change).
    pub fn is_saved_key(&self, key: &str) -> bool {
        self.saved_keys.with(|k| k.contains(key))
    }

    /// The problems on the field `key`: (property path after the field's, message).
    pub fn problems_of(&self, key: &str) -> Vec<(String, String)> {
        let locale = use_locale().get();
        let path = self
            .schema
            .with(|s| edit::path_of(s, key))
            .unwrap_or_default();
        let mut out: Vec<(String, String)> = self.problems.with(|problems| {
            problems
                .iter()
                .filter(|(owner, _)| owner.as_deref() == Some(key))
                .map(|(_, p)| {
                    (
                        p.path.get(path.len()..).unwrap_or_default().to_owned(),
                        p.problem.message(lang(locale)),
                    )
                })
                .collect()
        });
        // The server's words, when it refused something the browser let through.
        self.server_problems.with(|refused| {
            for (at, zh, en) in refused {
                if at == &path || at.starts_with(&format!("{path}.")) {
                    let message = if locale == Locale::Zh { zh } else { en };
                    out.push((at[path.len()..].to_owned(), message.clone()));
                }
            }
        });
        out
    }

    /// Keys of the fields with a problem.
    pub fn invalid_keys(&self) -> BTreeSet<String> {
        self.problems
            .with(|p| p.iter().filter_map(|(k, _)| k.clone()).collect())
    }
}

/// Every field's checker path with its key.
fn field_paths(schema: &FormSchema) -> Vec<(String, String)> {
    schema
        .walk()
        .iter()
        .filter_map(|f| edit::path_of(schema, &f.key).map(|p| (p, f.key.clone())))
        .collect()
}

/// The deepest field whose path holds `path` (`fields[1].columns[0].fields[2].rules.max` is
/// on the grid's column field), or `None` for the whole form.
fn owner_of(paths: &[(String, String)], path: &str) -> Option<String> {
    paths
        .iter()
        .filter(|(p, _)| {
            path == p
                || path
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
        .max_by_key(|(p, _)| p.len())
        .map(|(_, k)| k.clone())
}

/// The field a schema path is on, in `schema`.
fn field_of_path(schema: &FormSchema, path: &str) -> Option<String> {
    owner_of(&field_paths(schema), path)
}

/// The element id of a field's card.
pub fn card_id(key: &str) -> String {
    format!("dz-card-{key}")
}

#[cfg(feature = "hydrate")]
fn initial_seed() -> u32 {
    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = Math)]
        fn random() -> f64;
    }
    ((random() * f64::from(u32::MAX)) as u32).max(1)
}

#[cfg(not(feature = "hydrate"))]
fn initial_seed() -> u32 {
    0x9e37_79b9
}

/// The designer around one form (or a new one).
#[component]
fn Designer(draft: Option<FormDraft>) -> impl IntoView {
    let locale = use_locale();
    let read_only = draft.as_ref().is_some_and(|d| d.version < d.latest_version);
    let latest = draft.as_ref().map(|d| (d.form_id, d.latest_version));
    let state = DesignerState::new(draft.as_ref(), read_only);
    let mode = RwSignal::new(Mode::Design);
    let show_versions = RwSignal::new(read_only);
    let name_error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<UiError>);
    let save = ServerAction::<SaveForm>::new();

    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            state.form_id.set(Some(saved.form_id));
            state.version.set(Some(saved.version));
            state
                .saved_keys
                .set(state.keys_in_order().into_iter().collect());
            state.dirty.set(false);
            state.seal();
            failure.set(None);
            notice.set(Some(
                text::SAVED_AS
                    .of(locale.get_untracked())
                    .replace("{}", &saved.version.to_string()),
            ));
            replace_url(&designer_href(saved.form_id));
        }
        Some(Err(UiError::Fields(refusals))) => {
            let (names, schema): (Vec<_>, Vec<_>) =
                refusals.into_iter().partition(|r| r.field == "name");
            if let Some(refused) = names.first() {
                name_error.set(Some(refused.message(locale.get_untracked()).to_owned()));
                focus_element("dz-form-name");
            }
            let paths: Vec<(String, String, String)> = schema
                .into_iter()
                .map(|r| {
                    let path = r
                        .field
                        .strip_prefix("schema.")
                        .unwrap_or(&r.field)
                        .to_owned();
                    (path, r.zh, r.en)
                })
                .collect();
            let first = state
                .schema
                .with_untracked(|s| paths.first().and_then(|(p, _, _)| field_of_path(s, p)));
            state.server_problems.set(paths);
            if let Some(key) = first {
                state.selected.set(Some(key));
                state.focus_selected();
            }
            notice.set(Some(text::FIX_FIRST.of(locale.get_untracked()).to_owned()));
        }
        Some(Err(other)) => failure.set(Some(other)),
        None => {}
    });

    let on_save = move || {
        if state.read_only || save.pending().get_untracked() {
            return;
        }
        failure.set(None);
        let name = state.name.get_untracked().trim().to_owned();
        let empty_name = name.is_empty();
        name_error.set(empty_name.then(|| {
            crate::i18n::errors::PROB_BLANK
                .of(locale.get_untracked())
                .to_owned()
        }));
        let first_problem = state
            .problems
            .with_untracked(|p| p.first().map(|(k, _)| k.clone()));
        if let Some(owner) = first_problem {
            notice.set(Some(text::FIX_FIRST.of(locale.get_untracked()).to_owned()));
            mode.set(Mode::Design);
            if let Some(key) = owner {
                state.selected.set(Some(key));
                state.focus_selected();
            }
            return;
        }
        if empty_name {
            focus_element("dz-form-name");
            return;
        }
        notice.set(None);
        let schema = state
            .schema
            .with_untracked(|s| json::compact(&serde_json::to_value(s).unwrap_or_default()));
        save.dispatch(SaveForm {
            form: SaveFormRequest {
                form_id: state.form_id.get_untracked(),
                name,
                schema,
            },
        });
    };

    // On the window, so the shortcuts work wherever the focus is (a click on the canvas's
    // empty space leaves it on the page's body).
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let command = ev.ctrl_key() || ev.meta_key();
        if !command {
            return;
        }
        let key = ev.key().to_lowercase();
        if key == "s" {
            ev.prevent_default();
            on_save();
            return;
        }
        // Inside a text box, undo and redo are the text's own; a preview shows a snapshot.
        if in_text_box(&ev) || mode.get_untracked() != Mode::Design {
            return;
        }
        match (key.as_str(), ev.shift_key()) {
            ("z", false) => {
                ev.prevent_default();
                state.undo();
            }
            ("y", _) | ("z", true) => {
                ev.prevent_default();
                state.redo();
            }
            _ => {}
        }
    };

    let shortcuts = window_event_listener(leptos::ev::keydown, on_keydown);
    on_cleanup(move || shortcuts.remove());

    let versions = Resource::new(
        move || (state.form_id.get(), save.version().get()),
        |(form_id, _)| async move {
            match form_id {
                Some(id) => form_versions(id).await,
                None => Ok(Vec::new()),
            }
        },
    );
    let field_count = move || state.schema.with(|s| s.walk().len());
    let problem_count = move || state.problems.with(Vec::len);
    let view_button = move |m: Mode, label: crate::i18n::Text| {
        view! {
            <button
                type="button"
                class="button"
                aria-pressed=move || (mode.get() == m).to_string()
                on:click=move |_| mode.set(m)
            >
                {tr(label)}
            </button>
        }
    };

    view! {
        <PageHeader title=text::DESIGNER_TITLE>
            <a class="button" href="/design/forms">{tr(text::BACK_TO_FORMS)}</a>
        </PageHeader>
        {read_only.then(|| {
            let (form_id, latest) = latest.unwrap_or_default();
            view! {
                <p class="notice dz-read-only" role="status">
                    {move || {
                        text::READ_ONLY_VERSION
                            .of(locale.get())
                            .replacen("{}", &state.version.get().unwrap_or_default().to_string(), 1)
                            .replacen("{}", &latest.to_string(), 1)
                    }}
                    " "
                    <a href=designer_href(form_id)>{tr(text::OPEN_LATEST)}</a>
                </p>
            }
        })}
        <div class="dz">
            <div class="dz-toolbar card" role="toolbar" aria-label=tr(text::TOOLBAR)>
                <div class="field dz-name" class:field-invalid=move || name_error.get().is_some()>
                    <label for="dz-form-name">{tr(text::FORM_NAME)}<span class="required" aria-hidden="true">" *"</span></label>
                    <input
                        id="dz-form-name"
                        maxlength="100"
                        readonly=read_only
                        aria-invalid=move || name_error.get().is_some().to_string()
                        aria-describedby="dz-form-name-error"
                        prop:value=move || state.name.get()
                        on:input=move |ev| {
                            state.name.set(event_target_value(&ev));
                            state.dirty.set(true);
                            name_error.set(None);
                        }
                    />
                    <p class="field-error" id="dz-form-name-error">{move || name_error.get()}</p>
                </div>
                <div class="dz-tools" role="group" aria-label=tr(text::VIEWS)>
                    {view_button(Mode::Design, text::MODE_DESIGN)}
                    {view_button(Mode::Desktop, text::MODE_DESKTOP)}
                    {view_button(Mode::Phone, text::MODE_PHONE)}
                    {view_button(Mode::Json, text::MODE_JSON)}
                </div>
                <div class="dz-tools">
                    {(!read_only).then(|| view! {
                        <button type="button" class="button" title="Ctrl+Z" disabled=move || !state.can_undo() on:click=move |_| state.undo()>
                            {tr(text::UNDO)}
                        </button>
                        <button type="button" class="button" title="Ctrl+Y" disabled=move || !state.can_redo() on:click=move |_| state.redo()>
                            {tr(text::REDO)}
                        </button>
                    })}
                    <button
                        type="button"
                        class="button"
                        aria-expanded=move || show_versions.get().to_string()
                        aria-controls="dz-versions"
                        disabled=move || state.form_id.get().is_none()
                        on:click=move |_| show_versions.update(|v| *v = !*v)
                    >
                        {tr(text::VERSIONS)}
                    </button>
                    {(!read_only).then(|| view! {
                        <button type="button" class="button primary" title="Ctrl+S" disabled=move || save.pending().get() on:click=move |_| on_save()>
                            {move || if save.pending().get() { common::ACT_SAVING.of(locale.get()) } else { text::SAVE_VERSION.of(locale.get()) }}
                        </button>
                    })}
                </div>
                <p class="dz-status" role="status">
                    <span>{move || text::FIELD_COUNT.of(locale.get()).replace("{}", &field_count().to_string())}</span>
                    {move || state.version.get().map(|v| view! {
                        <span>{move || text::VERSION_N.of(locale.get()).replace("{}", &v.to_string())}</span>
                    })}
                    {move || (problem_count() > 0).then(|| view! {
                        <span class="dz-status-problems">{move || text::PROBLEM_COUNT.of(locale.get()).replace("{}", &problem_count().to_string())}</span>
                    })}
                    {move || state.dirty.get().then(|| view! {
                        <span class="dz-status-dirty">{tr(text::UNSAVED)}</span>
                    })}
                    {move || notice.get().map(|n| view! { <strong>{n}</strong> })}
                </p>
            </div>
            {move || failure.get().map(|error| view! { <ErrorNotice error /> })}
            {move || show_versions.get().then(|| view! {
                <VersionList state versions />
            })}
            {move || match mode.get() {
                Mode::Design => view! {
                    <div class="dz-main" class:dz-main-read-only=read_only>
                        {(!read_only).then(|| view! { <palette::Palette state /> })}
                        <canvas::Canvas state />
                        {(!read_only).then(|| view! { <properties::Properties state /> })}
                    </div>
                }
                .into_any(),
                Mode::Desktop => view! { <Preview state phone=false /> }.into_any(),
                Mode::Phone => view! { <Preview state phone=true /> }.into_any(),
                Mode::Json => view! { <json::JsonView state /> }.into_any(),
            }}
        </div>
    }
}

/// Whether a key press happened in a text box (its own undo and redo apply there).
fn in_text_box(ev: &leptos::ev::KeyboardEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// Puts the saved form's address in the location bar without reloading the designer (the
/// undo steps and the chosen field stay).
fn replace_url(url: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// Every saved version: who saved it and when; each opens (older ones read-only).
#[component]
fn VersionList(
    state: DesignerState,
    versions: Resource<Result<Vec<FormVersionEntry>, UiError>>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="card dz-versions" id="dz-versions" aria-labelledby="dz-versions-title">
            <h2 id="dz-versions-title">{tr(text::VERSIONS)}</h2>
            <AsyncView
                resource=versions
                ok=move |rows| {
                    let form_id = state.form_id.get_untracked().unwrap_or_default();
                    view! {
                        <ol class="dz-version-list">
                            {rows
                                .into_iter()
                                .map(|v| {
                                    let number = v.version;
                                    let href = format!("{DESIGNER_PATH}?form={form_id}&version={number}");
                                    let who = v.saved_by.clone();
                                    view! {
                                        <li aria-current=move || (state.version.get() == Some(number)).then_some("true")>
                                            <a href=href>
                                                {move || text::VERSION_N.of(locale.get()).replace("{}", &number.to_string())}
                                            </a>
                                            <span class="muted">
                                                {move || who.clone().unwrap_or_else(|| text::UNKNOWN_AUTHOR.of(locale.get()).to_owned())}
                                                " · "
                                                {v.saved_at.clone()}
                                            </span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    }
                }
            />
        </section>
    }
}

/// The form as users will fill it in, at desktop width or in a phone's width, with a check
/// button that runs the server's validation on what was typed.
#[component]
fn Preview(state: DesignerState, phone: bool) -> impl IntoView {
    let locale = use_locale();
    let schema = state.schema.get_untracked();
    let form = match woc_forms::check(schema) {
        Ok(form) => form,
        Err(problems) => {
            let count = problems.len();
            return view! {
                <p class="notice">
                    {move || text::PREVIEW_BLOCKED.of(locale.get()).replace("{}", &count.to_string())}
                </p>
            }
            .into_any();
        }
    };
    let empty = form.schema().fields.is_empty();
    let form_state = FormState::new(Arc::new(form), Map::new(), FormMode::Edit, "preview");
    form_state.load_choices();
    let passed = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        passed.set(form_state.validate().is_some());
    };
    let label = if phone {
        text::PHONE_PREVIEW
    } else {
        text::DESKTOP_PREVIEW
    };
    view! {
        <section
            class="dz-preview card"
            class:dz-preview-phone=phone
            aria-label=tr(label)
        >
            {empty.then(|| view! { <p class="muted">{tr(text::EMPTY_FORM)}</p> })}
            <form novalidate on:submit=on_submit on:input=move |_| passed.set(false)>
                <FormView state=form_state />
                <div class="form-actions">
                    <button type="submit" class="button primary">{tr(text::TRY_CHECK)}</button>
                </div>
                <p class="dz-check-result" role="status">
                    {move || passed.get().then(|| text::CHECK_PASSED.of(locale.get()))}
                </p>
            </form>
        </section>
    }
    .into_any()
}
