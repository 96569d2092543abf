//! The canvas: the form's fields where they sit, each a card showing its label and a sketch
//! of its input; grid columns, tabs, groups and sub-tables hold lists of their own. Cards are
//! dragged (and dropped before or after another card, or at the end of a list) and worked
//! with the keyboard: arrows choose, Alt+arrows move, Delete removes, Ctrl+D copies, Enter
//! goes to the properties.
//!
//! Each list renders its fields keyed by key and content fingerprint, so a change repaints
//! only the card that changed (and the containers around it), not the whole form.

use icondata_lu::{LuArrowDown, LuArrowUp, LuCopy, LuGripVertical, LuTrash2};
use leptos::prelude::*;
use woc_forms::edit::{self, Parent, Place};
use woc_forms::{Choices, Field, Widget};

use super::{card_id, palette, DesignerState, Drag};
use crate::i18n::{design as text, tr, use_locale, Locale};
use crate::kit::icon::{Icon, IconData};

/// The canvas.
#[component]
pub fn Canvas(state: DesignerState) -> impl IntoView {
    view! {
        <section class="dz-canvas card" aria-labelledby="dz-canvas-title">
            <h2 id="dz-canvas-title" class="dz-pane-title">{tr(text::CANVAS)}</h2>
            {(!state.read_only).then(|| view! {
                <p class="dz-hint">{tr(text::CANVAS_HINT)}</p>
            })}
            <FieldList state parent=Parent::Root caption=None />
        </section>
    }
}

/// One list of fields: the form's, a grid column's, a tab's, a group's or a sub-table's.
#[component]
fn FieldList(
    state: DesignerState,
    parent: Parent,
    /// Names the list to screen readers (第 1 列, a tab's caption).
    caption: Option<String>,
    /// A sub-table's columns: side by side.
    #[prop(optional)]
    row: bool,
) -> impl IntoView {
    let locale = use_locale();
    let items = {
        let parent = parent.clone();
        Memo::new(move |_| {
            state.schema.with(|s| {
                edit::fields(s, &parent)
                    .map(|fields| {
                        fields
                            .iter()
                            .map(|f| (f.key.clone(), edit::fingerprint(f)))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        })
    };
    let empty = move || items.with(Vec::is_empty);
    let marks_end = {
        let parent = parent.clone();
        move || {
            state
                .drop_at
                .with(|d| matches!(d, Some((place, None)) if place.parent == parent))
        }
    };
    let targeted = {
        let parent = parent.clone();
        move || state.target.with(|t| t.as_ref() == Some(&parent))
    };
    let on_dragover = {
        let parent = parent.clone();
        move |ev: leptos::ev::DragEvent| {
            if !state.may_drop(&parent) {
                return;
            }
            ev.prevent_default();
            ev.stop_propagation();
            let index = items.with_untracked(Vec::len);
            state.hover(
                Place {
                    parent: parent.clone(),
                    index,
                },
                None,
            );
        }
    };
    let choose = {
        let parent = parent.clone();
        move || {
            state.selected.set(None);
            state.target.set(Some(parent.clone()));
        }
    };
    let choose_click = choose.clone();
    let list_parent = parent.clone();
    let is_root = parent == Parent::Root;
    let slot_targeted = targeted.clone();
    view! {
        <div
            class="dz-list"
            class:dz-list-row=row
            class:dz-list-root=is_root
            class:dz-drop-end=marks_end
            class:dz-list-target=targeted
            role="list"
            aria-label=caption.clone()
            on:dragover=on_dragover
            on:drop=move |ev| {
                ev.prevent_default();
                ev.stop_propagation();
                state.drop_here();
            }
            on:click=move |ev| {
                // Only a click on the list itself (its empty space), not on a card in it.
                if ev.target() == ev.current_target() {
                    ev.stop_propagation();
                    choose_click();
                }
            }
        >
            <For
                each=move || items.get()
                key=|item| item.clone()
                children=move |(key, _)| {
                    view! { <FieldCard state key=key parent=list_parent.clone() row /> }
                }
            />
            {move || (empty() && !state.read_only).then(|| {
                let choose = choose.clone();
                let targeted = slot_targeted.clone();
                view! {
                    <button
                        type="button"
                        class="dz-empty-slot"
                        aria-pressed=move || targeted().to_string()
                        on:click=move |ev| {
                            ev.stop_propagation();
                            choose();
                        }
                    >
                        {move || if is_root {
                            text::EMPTY_CANVAS.of(locale.get())
                        } else {
                            text::EMPTY_SLOT.of(locale.get())
                        }}
                    </button>
                }
            })}
            {move || (empty() && state.read_only).then(|| view! {
                <p class="muted">{tr(text::EMPTY_FORM)}</p>
            })}
        </div>
    }
}

/// One field on the canvas.
#[component]
fn FieldCard(state: DesignerState, key: String, parent: Parent, row: bool) -> impl IntoView {
    let locale = use_locale();
    let Some(field) = state.read(&key, Field::clone) else {
        return ().into_any();
    };
    let info = palette::info(field.widget.type_name());
    let kind = info.map(|i| i.name);
    let icon = info.map(|i| i.icon);
    let container = field.widget.is_container() || matches!(field.widget, Widget::SubTable(_));
    let span = if container {
        24
    } else {
        field.width.clamp(1, 24)
    };
    let selected = {
        let key = key.clone();
        move || state.selected.with(|s| s.as_deref() == Some(key.as_str()))
    };
    let invalid = {
        let key = key.clone();
        move || {
            state
                .problems
                .with(|p| p.iter().any(|(k, _)| k.as_deref() == Some(key.as_str())))
        }
    };
    let marked = {
        let key = key.clone();
        move || {
            state
                .drop_at
                .with(|d| matches!(d, Some((_, Some(before))) if *before == key))
        }
    };
    let label = field.label.clone();
    let aria_label = {
        let label = label.clone();
        let key = key.clone();
        move || {
            let kind = kind.map(|k| k.of(locale.get())).unwrap_or_default();
            let name = if label.is_empty() {
                key.clone()
            } else {
                label.clone()
            };
            format!("{kind}：{name}")
        }
    };
    let on_dragover = {
        let key = key.clone();
        let parent = parent.clone();
        move |ev: leptos::ev::DragEvent| {
            if !state.may_drop(&parent) {
                return;
            }
            // Dropping a field onto itself changes nothing.
            if state.dragging_key().as_deref() == Some(key.as_str()) {
                return;
            }
            ev.prevent_default();
            ev.stop_propagation();
            let after = past_middle(&ev, row);
            let place = state.schema.with_untracked(|s| {
                let place = edit::place_of(s, &key)?;
                let fields = edit::fields(s, &place.parent)?;
                let index = place.index + usize::from(after);
                let before = fields.get(index).map(|f| f.key.clone());
                Some((Place { index, ..place }, before))
            });
            if let Some((place, before)) = place {
                state.hover(place, before);
            }
        }
    };
    let choose = {
        let key = key.clone();
        move |ev: leptos::ev::MouseEvent| {
            ev.stop_propagation();
            state.target.set(None);
            if state.selected.get_untracked().as_deref() != Some(key.as_str()) {
                state.seal();
                state.selected.set(Some(key.clone()));
            }
        }
    };
    let on_keydown = {
        let key = key.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if state.read_only && !matches!(ev.key().as_str(), "ArrowUp" | "ArrowDown") {
                return;
            }
            let command = ev.ctrl_key() || ev.meta_key();
            let handled = match (ev.key().as_str(), ev.alt_key(), command) {
                ("ArrowUp", true, _) => {
                    state.shift(&key, -1);
                    true
                }
                ("ArrowDown", true, _) => {
                    state.shift(&key, 1);
                    true
                }
                ("ArrowUp", false, false) => {
                    state.step_selection(-1);
                    true
                }
                ("ArrowDown", false, false) => {
                    state.step_selection(1);
                    true
                }
                ("Delete" | "Backspace", _, _) => {
                    state.remove(&key);
                    true
                }
                ("d" | "D", _, true) => {
                    state.duplicate(&key);
                    true
                }
                ("Enter", false, false) => {
                    state.selected.set(Some(key.clone()));
                    request_animation_frame(|| {
                        crate::kit::form_view::focus_element("dz-prop-label")
                    });
                    true
                }
                ("Escape", _, _) => {
                    state.selected.set(None);
                    true
                }
                _ => false,
            };
            if handled {
                ev.prevent_default();
                ev.stop_propagation();
            }
        }
    };
    let on_focus = {
        let key = key.clone();
        move |ev: leptos::ev::FocusEvent| {
            if ev.target() == ev.current_target()
                && state.selected.get_untracked().as_deref() != Some(key.as_str())
            {
                state.seal();
                state.target.set(None);
                state.selected.set(Some(key.clone()));
            }
        }
    };
    let drag_key = key.clone();
    let actions = (!state.read_only).then(|| {
        let (up, down, copy, delete) = (key.clone(), key.clone(), key.clone(), key.clone());
        view! {
            <span class="dz-card-actions">
                {action(LuArrowUp, text::MOVE_UP, move || state.shift(&up, -1))}
                {action(LuArrowDown, text::MOVE_DOWN, move || state.shift(&down, 1))}
                {action(LuCopy, text::DUPLICATE, move || state.duplicate(&copy))}
                {action(LuTrash2, text::DELETE_FIELD, move || state.remove(&delete))}
            </span>
        }
    });
    let body = card_body(state, &field);
    let required = field.required || field.required_when.is_some();
    let ruled = field.visible_when.is_some();
    view! {
        <div
            class="dz-card"
            class:dz-card-container=container
            class:dz-card-selected=selected.clone()
            class:dz-card-invalid=invalid
            class:dz-drop-before=marked
            id=card_id(&key)
            style=format!("--span: {span}")
            role="listitem"
            tabindex="0"
            aria-label=aria_label
            aria-current=move || selected().then_some("true")
            draggable=(!state.read_only).then_some("true")
            on:click=choose
            on:focus=on_focus
            on:keydown=on_keydown
            on:dragstart=move |ev| {
                ev.stop_propagation();
                state.start_drag(&ev, Drag::Move(drag_key.clone()));
            }
            on:dragend=move |_| state.end_drag()
            on:dragover=on_dragover
            on:drop=move |ev| {
                ev.prevent_default();
                ev.stop_propagation();
                state.drop_here();
            }
        >
            <div class="dz-card-head">
                {(!state.read_only).then(|| view! { <span class="dz-grip"><Icon icon=LuGripVertical /></span> })}
                {icon.map(|icon| view! { <span class="dz-card-icon"><Icon icon /></span> })}
                <span class="dz-card-label">
                    {if label.is_empty() { None } else { Some(label.clone()) }}
                    {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
                </span>
                {ruled.then(|| view! {
                    <span class="dz-badge" title=tr(text::HAS_RULE)>{tr(text::RULE_BADGE)}</span>
                })}
                <code class="dz-card-key">{key.clone()}</code>
                {actions}
            </div>
            {body}
        </div>
    }
    .into_any()
}

/// A small icon button of a card (stops the click from choosing another card).
fn action(icon: IconData, label: crate::i18n::Text, run: impl Fn() + 'static) -> impl IntoView {
    view! {
        <button
            type="button"
            class="dz-icon-button"
            aria-label=tr(label)
            title=tr(label)
            on:click=move |ev| {
                ev.stop_propagation();
                run();
            }
        >
            <Icon icon />
        </button>
    }
}

/// Whether the pointer is past the middle of the card (below it, or right of it in a row).
fn past_middle(ev: &leptos::ev::DragEvent, row: bool) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return true;
        };
        let rect = el.get_bounding_client_rect();
        if row {
            f64::from(ev.client_x()) > rect.left() + rect.width() / 2.0
        } else {
            f64::from(ev.client_y()) > rect.top() + rect.height() / 2.0
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ev, row);
        true
    }
}

/// What a card shows under its head: a container's lists, or a sketch of the input.
fn card_body(state: DesignerState, field: &Field) -> AnyView {
    let locale = use_locale();
    let key = field.key.clone();
    match &field.widget {
        Widget::Grid { columns } => {
            let columns = columns
                .iter()
                .enumerate()
                .map(|(i, column)| {
                    let caption = format!("{} {}", field.label, i + 1);
                    let parent = Parent::In {
                        key: key.clone(),
                        index: i,
                    };
                    view! {
                        <div class="dz-column" style=format!("--span: {}", column.span.clamp(1, 24))>
                            <FieldList state parent caption=Some(caption) />
                        </div>
                    }
                })
                .collect_view();
            view! { <div class="dz-columns">{columns}</div> }.into_any()
        }
        Widget::Tabs { tabs } => tabs
            .iter()
            .enumerate()
            .map(|(i, tab)| {
                let parent = Parent::In {
                    key: key.clone(),
                    index: i,
                };
                let caption = tab.label.clone();
                view! {
                    <div class="dz-tab">
                        <span class="dz-tab-caption">{caption.clone()}</span>
                        <FieldList state parent caption=Some(caption) />
                    </div>
                }
            })
            .collect_view()
            .into_any(),
        Widget::Group { .. } => {
            let parent = Parent::In { key, index: 0 };
            view! { <FieldList state parent caption=Some(field.label.clone()) /> }.into_any()
        }
        Widget::SubTable(table) => {
            let parent = Parent::In { key, index: 0 };
            let rows = format!("{}–{}", table.min_rows, table.max_rows);
            view! {
                <p class="dz-sketch-note">{move || text::ROWS.of(locale.get()).replace("{}", &rows)}</p>
                <FieldList state parent caption=Some(field.label.clone()) row=true />
            }
            .into_any()
        }
        _ => sketch(field, locale),
    }
}

/// A sketch of a value input: enough to recognise it, nothing to type into.
fn sketch(field: &Field, locale: RwSignal<Locale>) -> AnyView {
    let hint = field.placeholder.clone();
    let options: Vec<String> = match &field.options {
        Some(Choices::Static(choices)) => choices.iter().map(|c| c.label.clone()).collect(),
        Some(Choices::Dictionary(name)) => vec![format!("dict: {name}")],
        None => Vec::new(),
    };
    let boxed = move |fallback: crate::i18n::Text, extra: &'static str| {
        let hint = hint.clone();
        view! {
            <div class=format!("dz-sketch {extra}") aria-hidden="true">
                {move || hint.clone().unwrap_or_else(|| fallback.of(locale.get()).to_owned())}
            </div>
        }
        .into_any()
    };
    match &field.widget {
        Widget::Input | Widget::Number { .. } | Widget::Amount { .. } => {
            boxed(text::SKETCH_TYPE, "")
        }
        Widget::Textarea | Widget::RichText => boxed(text::SKETCH_TYPE, "dz-sketch-tall"),
        Widget::Select { .. }
        | Widget::Cascader
        | Widget::UserPicker { .. }
        | Widget::DeptPicker { .. } => boxed(text::SKETCH_CHOOSE, "dz-sketch-select"),
        Widget::Date | Widget::DateTime | Widget::DateRange => {
            boxed(text::SKETCH_DATE, "dz-sketch-select")
        }
        Widget::Time | Widget::TimeRange => boxed(text::SKETCH_TIME, "dz-sketch-select"),
        Widget::Radio | Widget::Checkbox => {
            let round = matches!(field.widget, Widget::Radio);
            view! {
                <div class="dz-sketch-options" aria-hidden="true">
                    {options
                        .into_iter()
                        .map(|o| view! {
                            <span><span class="dz-tick" class:dz-tick-round=round></span>{o}</span>
                        })
                        .collect_view()}
                </div>
            }
            .into_any()
        }
        Widget::Switch => {
            view! { <div class="dz-sketch-switch" aria-hidden="true"><span></span></div> }
                .into_any()
        }
        Widget::Rate { max } => {
            let stars = "★".repeat(usize::from(*max).min(10));
            view! { <div class="dz-sketch-stars" aria-hidden="true">{stars}</div> }.into_any()
        }
        Widget::Slider { .. } => {
            view! { <div class="dz-sketch-slider" aria-hidden="true"><span></span></div> }
                .into_any()
        }
        Widget::Color => {
            view! { <div class="dz-sketch-color" aria-hidden="true"></div> }.into_any()
        }
        Widget::ImageUpload(_) | Widget::FileUpload(_) | Widget::Signature => {
            boxed(text::SKETCH_UPLOAD, "dz-sketch-upload")
        }
        Widget::StaticText { text: body } => {
            let body = body.clone();
            view! { <p class="dz-sketch-text">{body}</p> }.into_any()
        }
        Widget::Divider => view! { <hr class="dz-sketch-divider" /> }.into_any(),
        Widget::Grid { .. } | Widget::Tabs { .. } | Widget::Group { .. } | Widget::SubTable(_) => {
            ().into_any()
        }
    }
}
