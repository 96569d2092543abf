//! The property panel: the chosen field's properties (those its widget takes, as the checks
//! allow them), each change one undoable step, each problem of the schema shown under the
//! property it is about. With nothing chosen, the keyboard's ways around the designer.

use leptos::prelude::*;
use serde_json::Value;
use woc_forms::edit::{self, Parent, Place};
use woc_forms::{Choice, Choices, Column, Field, Tab, Widget};

use super::{palette, DesignerState};
use crate::i18n::{design as text, tr, use_locale, Text};

/// The panel: the chosen field's properties, or the keyboard help.
#[component]
pub fn Properties(state: DesignerState) -> impl IntoView {
    // Rebuilt when another field is chosen or its widget changes, never while typing.
    let chosen = Memo::new(move |_| {
        state
            .selected
            .get()
            .and_then(|k| state.read(&k, |f| (k.clone(), f.widget.type_name())))
    });
    view! {
        <aside class="dz-properties card" aria-labelledby="dz-props-title">
            <h2 id="dz-props-title" class="dz-pane-title">{tr(text::PROPERTIES)}</h2>
            {move || match chosen.get() {
                Some((key, _)) => view! { <FieldProperties state key /> }.into_any(),
                None => view! { <KeyboardHelp /> }.into_any(),
            }}
        </aside>
    }
}

/// What to do with nothing chosen, and the keys.
#[component]
fn KeyboardHelp() -> impl IntoView {
    let keys = [
        ("Enter", text::KEY_ADD),
        ("↑ ↓", text::KEY_CHOOSE),
        ("Alt + ↑ ↓", text::KEY_MOVE),
        ("Delete", text::KEY_DELETE),
        ("Ctrl + D", text::KEY_DUPLICATE),
        ("Ctrl + Z / Ctrl + Y", text::KEY_UNDO),
        ("Ctrl + S", text::KEY_SAVE),
    ];
    view! {
        <p class="muted">{tr(text::NOTHING_CHOSEN)}</p>
        <h3>{tr(text::SHORTCUTS)}</h3>
        <dl class="dz-keys">
            {keys
                .into_iter()
                .map(|(keys, what)| view! {
                    <div><dt><kbd>{keys}</kbd></dt><dd>{tr(what)}</dd></div>
                })
                .collect_view()}
        </dl>
    }
}

/// The properties of the field `key`.
#[component]
fn FieldProperties(state: DesignerState, key: String) -> impl IntoView {
    let locale = use_locale();
    let Some(field) = state.read(&key, Field::clone) else {
        return ().into_any();
    };
    let problems = {
        let key = key.clone();
        Memo::new(move |_| {
            state.schema.track();
            state.problems_of(&key)
        })
    };
    let p = Props {
        state,
        key: key.clone(),
        problems,
    };
    let widget = &field.widget;
    let kind = palette::info(widget.type_name()).map(|i| i.name);
    let holds_value = field.holds_value();
    let container = widget.is_container();
    let sub_table = matches!(widget, Widget::SubTable(_));
    let text_like = matches!(widget, Widget::Input | Widget::Textarea);
    let numeric = matches!(widget, Widget::Number { .. } | Widget::Amount { .. });
    let list = matches!(
        widget,
        Widget::Checkbox
            | Widget::Select { multiple: true, .. }
            | Widget::UserPicker { multiple: true }
            | Widget::DeptPicker { multiple: true }
    );
    let placeholder = matches!(
        widget,
        Widget::Input
            | Widget::Textarea
            | Widget::Number { .. }
            | Widget::Amount { .. }
            | Widget::Select { .. }
            | Widget::Cascader
            | Widget::UserPicker { .. }
            | Widget::DeptPicker { .. }
    );
    let default_text = matches!(
        widget,
        Widget::Input
            | Widget::Textarea
            | Widget::Date
            | Widget::Time
            | Widget::DateTime
            | Widget::Color
    );
    let all_problems = move || {
        problems
            .get()
            .into_iter()
            .map(|(at, message)| view! { <li><code>{at}</code>" "{message}</li> })
            .collect_view()
    };
    view! {
        <p class="dz-props-kind">
            {move || kind.map(|k| k.of(locale.get()))}
        </p>
        {move || (!problems.with(Vec::is_empty)).then(|| view! {
            <ul class="dz-props-problems field-error" role="alert">{all_problems}</ul>
        })}
        <fieldset class="dz-props-section">
            <legend>{tr(text::SECTION_BASIC)}</legend>
            <KeyProp p=p.clone() />
            {p.text("label", text::P_LABEL, |f| f.label.clone(), |f, v| f.label = v, "dz-prop-label")}
            {placeholder.then(|| p.text("placeholder", text::P_PLACEHOLDER, |f| f.placeholder.clone().unwrap_or_default(), |f, v| f.placeholder = some(v), ""))}
            {holds_value.then(|| p.text("help", text::P_HELP, |f| f.help.clone().unwrap_or_default(), |f, v| f.help = some(v), ""))}
            {(!container && !sub_table).then(|| p.width())}
            {holds_value.then(|| p.check("required", text::P_REQUIRED, |f| f.required, |f, v| f.required = v))}
            {holds_value.then(|| p.check("disabled", text::P_DISABLED, |f| f.disabled, |f, v| f.disabled = v))}
            {default_text.then(|| p.text("default", text::P_DEFAULT, |f| f.default.as_ref().and_then(Value::as_str).unwrap_or_default().to_owned(), |f, v| f.default = some(v).map(Value::String), ""))}
            {numeric.then(|| p.number("default", text::P_DEFAULT, |f| f.default.as_ref().and_then(Value::as_f64), |f, v| f.default = v.and_then(serde_json::Number::from_f64).map(Value::Number)))}
            {matches!(widget, Widget::Switch).then(|| p.check("default", text::P_DEFAULT_ON, |f| f.default == Some(Value::Bool(true)), |f, v| f.default = v.then_some(Value::Bool(true))))}
        </fieldset>
        {(text_like || numeric || list).then(|| view! {
            <fieldset class="dz-props-section">
                <legend>{tr(text::SECTION_RULES)}</legend>
                {(text_like || list).then(|| p.count("rules.minLen", if list { text::P_MIN_ITEMS } else { text::P_MIN_LEN }, |f| f.rules.min_len, |f, v| f.rules.min_len = v))}
                {(text_like || list).then(|| p.count("rules.maxLen", if list { text::P_MAX_ITEMS } else { text::P_MAX_LEN }, |f| f.rules.max_len, |f, v| f.rules.max_len = v))}
                {text_like.then(|| p.text("rules.pattern", text::P_PATTERN, |f| f.rules.pattern.clone().unwrap_or_default(), |f, v| f.rules.pattern = some(v), "dz-prop-pattern"))}
                {text_like.then(|| p.text("rules.patternMessage", text::P_PATTERN_MESSAGE, |f| f.rules.pattern_message.clone().unwrap_or_default(), |f, v| f.rules.pattern_message = some(v), ""))}
                {numeric.then(|| p.number("rules.min", text::P_MIN, |f| f.rules.min, |f, v| f.rules.min = v))}
                {numeric.then(|| p.number("rules.max", text::P_MAX, |f| f.rules.max, |f, v| f.rules.max = v))}
            </fieldset>
        })}
        {widget.takes_options().then(|| view! { <OptionsProp p=p.clone() /> })}
        <WidgetProps p=p.clone() field=field.clone() />
        <fieldset class="dz-props-section">
            <legend>{tr(text::SECTION_LINKAGE)}</legend>
            {p.text("visibleWhen", text::P_VISIBLE_WHEN, |f| f.visible_when.clone().unwrap_or_default(), |f, v| f.visible_when = some(v), "dz-prop-visible")}
            {holds_value.then(|| p.text("requiredWhen", text::P_REQUIRED_WHEN, |f| f.required_when.clone().unwrap_or_default(), |f, v| f.required_when = some(v), ""))}
            {(holds_value && !sub_table).then(|| p.text("computed", text::P_COMPUTED, |f| f.computed.clone().unwrap_or_default(), |f, v| f.computed = some(v), ""))}
            <p class="field-hint">{tr(text::LINKAGE_HINT)}</p>
        </fieldset>
        <MoveProp p=p.clone() />
    }
    .into_any()
}

/// `None` for an empty text.
fn some(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

/// A number as the inputs show it (`12`, `0.5`).
fn number_text(x: f64) -> String {
    serde_json::Number::from_f64(x)
        .map(|n| woc_forms::number_text(&n))
        .unwrap_or_default()
}

/// What every property input needs: the designer, the field, the field's problems.
#[derive(Clone)]
struct Props {
    state: DesignerState,
    key: String,
    problems: Memo<Vec<(String, String)>>,
}

impl Props {
    /// The element id of the property `property`.
    fn id(&self, property: &str) -> String {
        format!("dz-prop-{}", property.replace('.', "-"))
    }

    /// The problem of `property` (or inside it: `options[1].value`), worded.
    fn problem(
        &self,
        property: &'static str,
    ) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
        let problems = self.problems;
        move || {
            problems.with(|found| {
                found
                    .iter()
                    .find(|(at, _)| {
                        at.strip_prefix('.')
                            .and_then(|rest| rest.strip_prefix(property))
                            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
                    })
                    .map(|(_, message)| message.clone())
            })
        }
    }

    /// Reads the field.
    fn read<T: Default>(&self, read: impl FnOnce(&Field) -> T) -> T {
        self.state.read(&self.key, read).unwrap_or_default()
    }

    /// A labelled control with the property's problem under it.
    fn wrap(&self, property: &'static str, label: Text, id: String, control: AnyView) -> AnyView {
        let problem = self.problem(property);
        let invalid = self.problem(property);
        let error_id = format!("{id}-error");
        view! {
            <div class="field" class:field-invalid=move || invalid().is_some()>
                <label for=id.clone()>{tr(label)}</label>
                {control}
                <p class="field-error" id=error_id>{problem}</p>
            </div>
        }
        .into_any()
    }

    /// A text property; typing is one undo step.
    fn text(
        &self,
        property: &'static str,
        label: Text,
        get: fn(&Field) -> String,
        set: fn(&mut Field, String),
        id: &'static str,
    ) -> AnyView {
        let id = if id.is_empty() {
            self.id(property)
        } else {
            id.to_owned()
        };
        let (state, key) = (self.state, self.key.clone());
        let me = self.clone();
        let invalid = self.problem(property);
        let control = view! {
            <input
                id=id.clone()
                aria-describedby=format!("{id}-error")
                aria-invalid=move || invalid().is_some().to_string()
                prop:value=move || me.read(get)
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    state.set_field(&key, property, |f| set(f, value));
                }
                on:blur=move |_| state.seal()
            />
        }
        .into_any();
        self.wrap(property, label, id, control)
    }

    /// A number property, taken when the input is left (a half-typed `1.` is no number).
    fn number(
        &self,
        property: &'static str,
        label: Text,
        get: fn(&Field) -> Option<f64>,
        set: fn(&mut Field, Option<f64>),
    ) -> AnyView {
        self.numeric(
            property,
            label,
            get,
            set,
            woc_forms::decimal,
            number_text,
            false,
        )
    }

    /// A count property (lengths, rows, files).
    fn count(
        &self,
        property: &'static str,
        label: Text,
        get: fn(&Field) -> Option<u32>,
        set: fn(&mut Field, Option<u32>),
    ) -> AnyView {
        let parse = |text: &str| text.trim().parse::<u32>().ok();
        self.numeric(property, label, get, set, parse, |n| n.to_string(), true)
    }

    /// A numeric input whose value is read with `parse` when the input is left, and shown
    /// with `show`; `whole`: only whole numbers from 0.
    #[allow(clippy::too_many_arguments)]
    fn numeric<T: Copy + Send + Sync + 'static>(
        &self,
        property: &'static str,
        label: Text,
        get: fn(&Field) -> Option<T>,
        set: fn(&mut Field, Option<T>),
        parse: fn(&str) -> Option<T>,
        show: fn(T) -> String,
        whole: bool,
    ) -> AnyView {
        let id = self.id(property);
        let (state, key) = (self.state, self.key.clone());
        let me = self.clone();
        let control = view! {
            <input
                id=id.clone()
                type="number"
                min=whole.then_some("0")
                step=if whole { "1" } else { "any" }
                inputmode=if whole { "numeric" } else { "decimal" }
                aria-describedby=format!("{id}-error")
                prop:value=move || me.read(get).map(show).unwrap_or_default()
                on:change=move |ev| {
                    let value = parse(&event_target_value(&ev));
                    state.set_field(&key, property, |f| set(f, value));
                    state.seal();
                }
            />
        }
        .into_any();
        self.wrap(property, label, id, control)
    }

    /// A yes/no property.
    fn check(
        &self,
        property: &'static str,
        label: Text,
        get: fn(&Field) -> bool,
        set: fn(&mut Field, bool),
    ) -> AnyView {
        let id = self.id(property);
        let (state, key) = (self.state, self.key.clone());
        let me = self.clone();
        let problem = self.problem(property);
        view! {
            <div class="field dz-check">
                <label class="checkbox">
                    <input
                        type="checkbox"
                        id=id
                        prop:checked=move || me.read(get)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            state.set_field(&key, property, |f| set(f, on));
                            state.seal();
                        }
                    />
                    {tr(label)}
                </label>
                <p class="field-error">{problem}</p>
            </div>
        }
        .into_any()
    }

    /// The width in the row.
    fn width(&self) -> AnyView {
        let id = self.id("width");
        let (state, key) = (self.state, self.key.clone());
        let me = self.clone();
        let choices = [
            (24u8, text::WIDTH_FULL),
            (18, text::WIDTH_3_4),
            (16, text::WIDTH_2_3),
            (12, text::WIDTH_HALF),
            (8, text::WIDTH_THIRD),
            (6, text::WIDTH_QUARTER),
        ];
        let control = view! {
            <select
                id=id.clone()
                prop:value=move || me.read(|f| f.width.to_string())
                on:change=move |ev| {
                    if let Ok(width) = event_target_value(&ev).parse::<u8>() {
                        state.set_field(&key, "width", |f| f.width = width);
                        state.seal();
                    }
                }
            >
                {choices
                    .into_iter()
                    .map(|(w, name)| view! { <option value=w.to_string()>{tr(name)}</option> })
                    .collect_view()}
            </select>
        }
        .into_any();
        self.wrap("width", text::P_WIDTH, id, control)
    }
}

/// The key: free until the field is saved, then fixed (values and rules are stored under it).
#[component]
fn KeyProp(p: Props) -> impl IntoView {
    let locale = use_locale();
    let (state, key) = (p.state, p.key.clone());
    // Reactive: the key of the chosen field is fixed as soon as a save stores it.
    let saved = {
        let key = key.clone();
        Memo::new(move |_| state.is_saved_key(&key))
    };
    let refusal = RwSignal::new(None::<Text>);
    let problem = p.problem("key");
    let invalid = problem.clone();
    let shown = key.clone();
    view! {
        <div class="field" class:field-invalid=move || refusal.get().is_some() || invalid().is_some()>
            <label for="dz-prop-key">{tr(text::P_KEY)}</label>
            <input
                id="dz-prop-key"
                class="dz-mono"
                readonly=move || saved.get()
                aria-describedby="dz-prop-key-hint dz-prop-key-error"
                prop:value=shown
                on:change=move |ev| {
                    let new = event_target_value(&ev).trim().to_owned();
                    refusal.set(state.rename(&key, &new).err());
                }
            />
            <p class="field-hint" id="dz-prop-key-hint">
                {move || if saved.get() { text::KEY_FIXED.of(locale.get()) } else { text::KEY_HINT.of(locale.get()) }}
            </p>
            <p class="field-error" id="dz-prop-key-error">
                {move || refusal.get().map(|t| t.of(locale.get()).to_owned()).or_else(&problem)}
            </p>
        </div>
    }
}

/// A choice widget's options: a list typed here, or a dictionary of 系统管理 by name.
#[component]
fn OptionsProp(p: Props) -> impl IntoView {
    let locale = use_locale();
    let (state, key) = (p.state, p.key.clone());
    let cascader = state
        .read(&key, |f| matches!(f.widget, Widget::Cascader))
        .unwrap_or(false);
    let me = p.clone();
    let is_dict =
        Memo::new(move |_| me.read(|f| matches!(f.options, Some(Choices::Dictionary(_)))));
    let rows = {
        let me = p.clone();
        move || {
            me.read(|f| match &f.options {
                Some(Choices::Static(list)) => list.len(),
                _ => 0,
            })
        }
    };
    let set_source = {
        let key = key.clone();
        move |dict: bool| {
            state.set_field(&key, "options", |f| {
                f.options = Some(if dict {
                    Choices::Dictionary(String::new())
                } else {
                    Choices::Static(vec![Choice {
                        label: text::OPTION_N.of(locale.get_untracked()).replace("{}", "1"),
                        value: Value::String("1".into()),
                        children: Vec::new(),
                    }])
                });
            });
            state.seal();
        }
    };
    let problem = p.problem("options");
    let dict_problem = p.problem("dict");
    let dict_key = key.clone();
    let dict_me = p.clone();
    let add_key = key.clone();
    let list_me = p.clone();
    view! {
        <fieldset class="dz-props-section">
            <legend>{tr(text::SECTION_OPTIONS)}</legend>
            <div class="dz-segmented" role="radiogroup" aria-label=tr(text::OPTION_SOURCE)>
                <label><input type="radio" name="dz-option-source" prop:checked=move || !is_dict.get() on:change={let s = set_source.clone(); move |_| s(false)} />{tr(text::OPTIONS_STATIC)}</label>
                <label><input type="radio" name="dz-option-source" prop:checked=move || is_dict.get() on:change=move |_| set_source(true) />{tr(text::OPTIONS_DICT)}</label>
            </div>
            {move || if is_dict.get() {
                let key = dict_key.clone();
                let me = dict_me.clone();
                view! {
                    <div class="field">
                        <label for="dz-prop-dict">{tr(text::P_DICT)}</label>
                        <input
                            id="dz-prop-dict"
                            class="dz-mono"
                            prop:value=move || me.read(|f| match &f.options { Some(Choices::Dictionary(d)) => d.clone(), _ => String::new() })
                            on:input=move |ev| {
                                let name = event_target_value(&ev);
                                state.set_field(&key, "dict", |f| f.options = Some(Choices::Dictionary(name)));
                            }
                        />
                        <p class="field-error">{dict_problem.clone()}</p>
                    </div>
                }
                .into_any()
            } else if cascader {
                view! { <CascaderOptions p=list_me.clone() /> }.into_any()
            } else {
                let key = add_key.clone();
                let me = list_me.clone();
                let rows = rows.clone();
                view! {
                    <ol class="dz-option-rows">
                        <For
                            each=move || 0..rows()
                            key=|i| *i
                            children=move |i| view! { <OptionRow p=me.clone() index=i /> }
                        />
                    </ol>
                    <button type="button" class="button" on:click=move |_| {
                        state.set_field(&key, "options+", |f| {
                            if let Some(Choices::Static(list)) = &mut f.options {
                                let n = list.len() + 1;
                                let mut value = n;
                                while list.iter().any(|c| c.value == Value::String(value.to_string())) {
                                    value += 1;
                                }
                                list.push(Choice {
                                    label: text::OPTION_N.of(locale.get_untracked()).replace("{}", &n.to_string()),
                                    value: Value::String(value.to_string()),
                                    children: Vec::new(),
                                });
                            }
                        });
                        state.seal();
                    }>{tr(text::ADD_OPTION)}</button>
                }
                .into_any()
            }}
            <p class="field-error">{problem}</p>
        </fieldset>
    }
}

/// One option: what the user reads and what is stored.
#[component]
fn OptionRow(p: Props, index: usize) -> impl IntoView {
    let locale = use_locale();
    let (state, key) = (p.state, p.key.clone());
    let get = {
        let p = p.clone();
        move |pick: fn(&Choice) -> String| {
            let p = p.clone();
            move || {
                p.read(|f| match &f.options {
                    Some(Choices::Static(list)) => list.get(index).map(pick).unwrap_or_default(),
                    _ => String::new(),
                })
            }
        }
    };
    let edit = move |key: String, property: &'static str, change: fn(&mut Choice, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            state.set_field(&key, &format!("options[{index}].{property}"), |f| {
                if let Some(Choices::Static(list)) = &mut f.options {
                    if let Some(choice) = list.get_mut(index) {
                        change(choice, value);
                    }
                }
            });
        }
    };
    let label_id = format!("dz-option-{index}-label");
    let value_id = format!("dz-option-{index}-value");
    let remove_key = key.clone();
    view! {
        <li class="dz-option-row">
            <label class="visually-hidden" for=label_id.clone()>{move || format!("{} {}", text::OPTION_LABEL.of(locale.get()), index + 1)}</label>
            <input id=label_id placeholder=tr(text::OPTION_LABEL) prop:value=get(|c| c.label.clone()) on:input=edit(key.clone(), "label", |c, v| c.label = v) />
            <label class="visually-hidden" for=value_id.clone()>{move || format!("{} {}", text::OPTION_VALUE.of(locale.get()), index + 1)}</label>
            <input id=value_id class="dz-mono" placeholder=tr(text::OPTION_VALUE)
                prop:value=get(|c| match &c.value { Value::String(s) => s.clone(), other => woc_forms::json_text(other) })
                on:input=edit(key.clone(), "value", |c, v| c.value = Value::String(v)) />
            <button type="button" class="dz-icon-button" aria-label=move || format!("{} {}", text::REMOVE_OPTION.of(locale.get()), index + 1) on:click=move |_| {
                state.set_field(&remove_key, "options-", |f| {
                    if let Some(Choices::Static(list)) = &mut f.options {
                        if list.len() > 1 && index < list.len() {
                            list.remove(index);
                        }
                    }
                });
                state.seal();
            }>"×"</button>
        </li>
    }
}

/// A cascader's option tree, as JSON (levels of `label`, `value`, `children`).
#[component]
fn CascaderOptions(p: Props) -> impl IntoView {
    let (state, key) = (p.state, p.key.clone());
    let current = p.read(|f| match &f.options {
        Some(Choices::Static(list)) => {
            super::json::pretty(&serde_json::to_value(list).unwrap_or_default())
        }
        _ => "[]".to_owned(),
    });
    let refusal = RwSignal::new(None::<String>);
    view! {
        <div class="field" class:field-invalid=move || refusal.get().is_some()>
            <label for="dz-prop-cascader">{tr(text::P_CASCADER)}</label>
            <textarea
                id="dz-prop-cascader"
                class="dz-mono"
                rows="8"
                spellcheck="false"
                prop:value=current
                on:change=move |ev| {
                    match serde_json::from_str::<Vec<Choice>>(&event_target_value(&ev)) {
                        Ok(list) => {
                            refusal.set(None);
                            state.set_field(&key, "options", |f| f.options = Some(Choices::Static(list)));
                            state.seal();
                        }
                        Err(e) => refusal.set(Some(e.to_string())),
                    }
                }
            ></textarea>
            <p class="field-hint">{tr(text::CASCADER_HINT)}</p>
            <p class="field-error">{move || refusal.get()}</p>
        </div>
    }
}

/// The widget's own settings.
#[component]
fn WidgetProps(p: Props, field: Field) -> AnyView {
    let section = move |body: AnyView| {
        view! {
            <fieldset class="dz-props-section">
                <legend>{tr(text::SECTION_WIDGET)}</legend>
                {body}
            </fieldset>
        }
        .into_any()
    };
    match &field.widget {
        Widget::Number { .. } => section(view! {
            {p.count("precision", text::P_PRECISION, |f| match f.widget { Widget::Number { precision, .. } => Some(u32::from(precision)), _ => None }, |f, v| if let Widget::Number { precision, .. } = &mut f.widget { *precision = v.unwrap_or(0).min(10) as u8 })}
            {p.text("unit", text::P_UNIT, |f| match &f.widget { Widget::Number { unit, .. } => unit.clone().unwrap_or_default(), _ => String::new() }, |f, v| if let Widget::Number { unit, .. } = &mut f.widget { *unit = some(v) }, "")}
        }.into_any()),
        Widget::Amount { .. } => section(p.text("currency", text::P_CURRENCY, |f| match &f.widget { Widget::Amount { currency } => currency.clone(), _ => String::new() }, |f, v| if let Widget::Amount { currency } = &mut f.widget { *currency = v.trim().to_uppercase() }, "")),
        Widget::Select { .. } => section(view! {
            {p.check("multiple", text::P_MULTIPLE, |f| matches!(f.widget, Widget::Select { multiple: true, .. }), |f, v| if let Widget::Select { multiple, .. } = &mut f.widget { *multiple = v })}
            {p.check("searchable", text::P_SEARCHABLE, |f| matches!(f.widget, Widget::Select { searchable: true, .. }), |f, v| if let Widget::Select { searchable, .. } = &mut f.widget { *searchable = v })}
        }.into_any()),
        Widget::UserPicker { .. } => section(p.check("multiple", text::P_MULTIPLE, |f| matches!(f.widget, Widget::UserPicker { multiple: true }), |f, v| if let Widget::UserPicker { multiple } = &mut f.widget { *multiple = v })),
        Widget::DeptPicker { .. } => section(p.check("multiple", text::P_MULTIPLE, |f| matches!(f.widget, Widget::DeptPicker { multiple: true }), |f, v| if let Widget::DeptPicker { multiple } = &mut f.widget { *multiple = v })),
        Widget::Rate { .. } => section(p.count("max", text::P_STARS, |f| match f.widget { Widget::Rate { max } => Some(u32::from(max)), _ => None }, |f, v| if let Widget::Rate { max } = &mut f.widget { *max = v.unwrap_or(5).clamp(1, 10) as u8 })),
        Widget::Slider { .. } => section(view! {
            {p.number("min", text::P_MIN, |f| match f.widget { Widget::Slider { min, .. } => Some(min), _ => None }, |f, v| if let Widget::Slider { min, .. } = &mut f.widget { *min = v.unwrap_or(0.0) })}
            {p.number("max", text::P_MAX, |f| match f.widget { Widget::Slider { max, .. } => Some(max), _ => None }, |f, v| if let Widget::Slider { max, .. } = &mut f.widget { *max = v.unwrap_or(100.0) })}
            {p.number("step", text::P_STEP, |f| match f.widget { Widget::Slider { step, .. } => Some(step), _ => None }, |f, v| if let Widget::Slider { step, .. } = &mut f.widget { *step = v.unwrap_or(1.0) })}
        }.into_any()),
        Widget::ImageUpload(_) | Widget::FileUpload(_) => section(view! {
            {p.count("maxFiles", text::P_MAX_FILES, |f| upload(f).map(|u| u.max_files), |f, v| if let Some(u) = upload_mut(f) { u.max_files = v.unwrap_or(1).max(1) })}
            {p.count("maxSizeKb", text::P_MAX_SIZE, |f| upload(f).map(|u| u.max_size_kb), |f, v| if let Some(u) = upload_mut(f) { u.max_size_kb = v.unwrap_or(10240).max(1) })}
            {p.text("accept", text::P_ACCEPT, |f| upload(f).map(|u| u.accept.join(", ")).unwrap_or_default(), |f, v| if let Some(u) = upload_mut(f) { u.accept = v.split([',', ' ', '，']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect() }, "")}
        }.into_any()),
        Widget::StaticText { .. } => section(p.text("text", text::P_TEXT, |f| match &f.widget { Widget::StaticText { text } => text.clone(), _ => String::new() }, |f, v| if let Widget::StaticText { text } = &mut f.widget { *text = v }, "")),
        Widget::Group { .. } => section(p.check("collapsed", text::P_COLLAPSED, |f| matches!(f.widget, Widget::Group { collapsed: true, .. }), |f, v| if let Widget::Group { collapsed, .. } = &mut f.widget { *collapsed = v })),
        Widget::Grid { .. } => section(view! { <GridColumns p=p.clone() /> }.into_any()),
        Widget::Tabs { .. } => section(view! { <TabList p=p.clone() /> }.into_any()),
        Widget::SubTable(_) => section(view! { <SubTableProps p=p.clone() /> }.into_any()),
        _ => ().into_any(),
    }
}

fn upload(f: &Field) -> Option<&woc_forms::Upload> {
    match &f.widget {
        Widget::ImageUpload(u) | Widget::FileUpload(u) => Some(u),
        _ => None,
    }
}

fn upload_mut(f: &mut Field) -> Option<&mut woc_forms::Upload> {
    match &mut f.widget {
        Widget::ImageUpload(u) | Widget::FileUpload(u) => Some(u),
        _ => None,
    }
}

/// A grid's columns: each one's width; columns added and removed.
#[component]
fn GridColumns(p: Props) -> impl IntoView {
    let locale = use_locale();
    let (state, key) = (p.state, p.key.clone());
    let count = {
        let p = p.clone();
        move || {
            p.read(|f| match &f.widget {
                Widget::Grid { columns } => columns.len(),
                _ => 0,
            })
        }
    };
    let problem = p.problem("columns");
    let add_key = key.clone();
    view! {
        <ol class="dz-option-rows">
            <For each=move || 0..count() key=|i| *i children=move |i| {
                let key = key.clone();
                let me = p.clone();
                let id = format!("dz-column-{i}");
                view! {
                    <li class="dz-option-row">
                        <label for=id.clone()>{move || text::COLUMN_N.of(locale.get()).replace("{}", &(i + 1).to_string())}</label>
                        <select id=id
                            prop:value=move || me.read(|f| match &f.widget { Widget::Grid { columns } => columns.get(i).map(|c| c.span.to_string()).unwrap_or_default(), _ => String::new() })
                            on:change={let key = key.clone(); move |ev| {
                                if let Ok(span) = event_target_value(&ev).parse::<u8>() {
                                    state.set_field(&key, "columns", |f| if let Widget::Grid { columns } = &mut f.widget { if let Some(c) = columns.get_mut(i) { c.span = span } });
                                    state.seal();
                                }
                            }}
                        >
                            {[24u8, 18, 16, 12, 8, 6, 4].into_iter().map(|s| view! { <option value=s.to_string()>{format!("{s}/24")}</option> }).collect_view()}
                        </select>
                        <button type="button" class="dz-icon-button"
                            aria-label=move || text::REMOVE_COLUMN.of(locale.get()).replace("{}", &(i + 1).to_string())
                            on:click=move |_| {
                                state.set_field(&key, "columns-", |f| if let Widget::Grid { columns } = &mut f.widget { if columns.len() > 1 && i < columns.len() { columns.remove(i); } });
                                state.seal();
                            }
                        >"×"</button>
                    </li>
                }
            } />
        </ol>
        <button type="button" class="button" on:click=move |_| {
            state.set_field(&add_key, "columns+", |f| if let Widget::Grid { columns } = &mut f.widget {
                // Room made by halving the widest column, so the row never overflows.
                let used: u32 = columns.iter().map(|c| u32::from(c.span)).sum();
                let span = if used + 6 <= 24 { (24 - used) as u8 } else {
                    let widest = columns.iter_mut().max_by_key(|c| c.span);
                    match widest { Some(c) if c.span >= 8 => { let half = c.span / 2; c.span -= half; half } _ => 0 }
                };
                if span > 0 { columns.push(Column { span, fields: Vec::new() }); }
            });
            state.seal();
        }>{tr(text::ADD_COLUMN)}</button>
        <p class="field-error">{problem}</p>
    }
}

/// A tab strip's tabs: captions; tabs added and removed.
#[component]
fn TabList(p: Props) -> impl IntoView {
    let locale = use_locale();
    let (state, key) = (p.state, p.key.clone());
    let count = {
        let p = p.clone();
        move || {
            p.read(|f| match &f.widget {
                Widget::Tabs { tabs } => tabs.len(),
                _ => 0,
            })
        }
    };
    let add_key = key.clone();
    view! {
        <ol class="dz-option-rows">
            <For each=move || 0..count() key=|i| *i children=move |i| {
                let key = key.clone();
                let me = p.clone();
                let id = format!("dz-tab-{i}");
                view! {
                    <li class="dz-option-row">
                        <label class="visually-hidden" for=id.clone()>{move || text::TAB_N.of(locale.get()).replace("{}", &(i + 1).to_string())}</label>
                        <input id=id
                            prop:value=move || me.read(|f| match &f.widget { Widget::Tabs { tabs } => tabs.get(i).map(|t| t.label.clone()).unwrap_or_default(), _ => String::new() })
                            on:input={let key = key.clone(); move |ev| {
                                let label = event_target_value(&ev);
                                state.set_field(&key, &format!("tabs[{i}]"), |f| if let Widget::Tabs { tabs } = &mut f.widget { if let Some(t) = tabs.get_mut(i) { t.label = label } });
                            }}
                        />
                        <button type="button" class="dz-icon-button"
                            aria-label=move || text::REMOVE_TAB.of(locale.get()).replace("{}", &(i + 1).to_string())
                            on:click=move |_| {
                                state.set_field(&key, "tabs-", |f| if let Widget::Tabs { tabs } = &mut f.widget { if tabs.len() > 1 && i < tabs.len() { tabs.remove(i); } });
                                state.seal();
                            }
                        >"×"</button>
                    </li>
                }
            } />
        </ol>
        <button type="button" class="button" on:click=move |_| {
            let locale = locale.get_untracked();
            state.set_field(&add_key, "tabs+", |f| if let Widget::Tabs { tabs } = &mut f.widget {
                let label = text::TAB_N.of(locale).replace("{}", &(tabs.len() + 1).to_string());
                tabs.push(Tab { label, fields: Vec::new() });
            });
            state.seal();
        }>{tr(text::ADD_TAB)}</button>
    }
}

/// A sub-table's rows and totals.
#[component]
fn SubTableProps(p: Props) -> impl IntoView {
    let (state, key) = (p.state, p.key.clone());
    let numbers = p.read(|f| match &f.widget {
        Widget::SubTable(t) => t
            .fields
            .iter()
            .filter(|c| matches!(c.widget, Widget::Number { .. } | Widget::Amount { .. }))
            .map(|c| {
                (
                    c.key.clone(),
                    if c.label.is_empty() {
                        c.key.clone()
                    } else {
                        c.label.clone()
                    },
                )
            })
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    });
    let problem = p.problem("totalOf");
    let me = p.clone();
    view! {
        {p.count("minRows", text::P_MIN_ROWS, |f| match &f.widget { Widget::SubTable(t) => Some(t.min_rows), _ => None }, |f, v| if let Widget::SubTable(t) = &mut f.widget { t.min_rows = v.unwrap_or(0) })}
        {p.count("maxRows", text::P_MAX_ROWS, |f| match &f.widget { Widget::SubTable(t) => Some(t.max_rows), _ => None }, |f, v| if let Widget::SubTable(t) = &mut f.widget { t.max_rows = v.unwrap_or(50) })}
        <fieldset class="field">
            <legend>{tr(text::P_TOTALS)}</legend>
            {if numbers.is_empty() {
                view! { <p class="field-hint">{tr(text::NO_NUMBER_COLUMNS)}</p> }.into_any()
            } else {
                numbers
                    .into_iter()
                    .map(|(column, label)| {
                        let me = me.clone();
                        let key = key.clone();
                        let checked = column.clone();
                        view! {
                            <label class="checkbox">
                                <input type="checkbox"
                                    prop:checked=move || me.read(|f| matches!(&f.widget, Widget::SubTable(t) if t.total_of.contains(&checked)))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let column = column.clone();
                                        state.set_field(&key, "totalOf", |f| if let Widget::SubTable(t) = &mut f.widget {
                                            t.total_of.retain(|c| *c != column);
                                            if on { t.total_of.push(column); }
                                        });
                                        state.seal();
                                    }
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
            <p class="field-error">{problem}</p>
        </fieldset>
    }
}

/// Where the field sits: any list that may hold it (a keyboard way into grid columns, tabs,
/// groups and sub-tables, and out of them).
#[component]
fn MoveProp(p: Props) -> impl IntoView {
    let locale = use_locale();
    let (state, key) = (p.state, p.key.clone());
    let parents = {
        let key = key.clone();
        Memo::new(move |_| {
            state.schema.with(|s| {
                edit::parents_for(s, &key)
                    .into_iter()
                    .map(|parent| {
                        let name = parent_name(s, &parent, locale.get());
                        (parent, name)
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let current = {
        let key = key.clone();
        move || {
            state.schema.with(|s| {
                let here = edit::place_of(s, &key).map(|p| p.parent);
                parents.with(|list| list.iter().position(|(p, _)| Some(p) == here.as_ref()))
            })
        }
    };
    view! {
        <fieldset class="dz-props-section">
            <legend>{tr(text::SECTION_PLACE)}</legend>
            <div class="field">
                <label for="dz-prop-parent">{tr(text::P_PARENT)}</label>
                <select
                    id="dz-prop-parent"
                    prop:value=move || current().map(|i| i.to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        let Ok(i) = event_target_value(&ev).parse::<usize>() else { return };
                        let Some(parent) = parents.with_untracked(|l| l.get(i).map(|(p, _)| p.clone())) else { return };
                        let index = state.schema.with_untracked(|s| edit::fields(s, &parent).map_or(0, <[Field]>::len));
                        state.move_to(&key, Place { parent, index });
                    }
                >
                    {move || parents
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, (_, name))| view! { <option value=i.to_string()>{name}</option> })
                        .collect_view()}
                </select>
                <p class="field-hint">{tr(text::PARENT_HINT)}</p>
            </div>
        </fieldset>
    }
}

/// A list's name for the 位置 choice: 表单, 栅格 › 第 2 列, 标签页 › 基本信息.
fn parent_name(
    schema: &woc_forms::FormSchema,
    parent: &Parent,
    locale: crate::i18n::Locale,
) -> String {
    let Parent::In { key, index } = parent else {
        return text::PARENT_ROOT.of(locale).to_owned();
    };
    let Some(field) = edit::field(schema, key) else {
        return key.clone();
    };
    let name = if field.label.is_empty() {
        key.clone()
    } else {
        field.label.clone()
    };
    match &field.widget {
        Widget::Grid { .. } => format!(
            "{name} › {}",
            text::COLUMN_N
                .of(locale)
                .replace("{}", &(index + 1).to_string())
        ),
        Widget::Tabs { tabs } => format!(
            "{name} › {}",
            tabs.get(*index)
                .map(|t| t.label.clone())
                .unwrap_or_default()
        ),
        _ => name,
    }
}
