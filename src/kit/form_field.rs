//! Labelled form fields that show the server's refusal next to the field it concerns.
//!
//! A form's errors are the last failure of its server action; a field shows the message when
//! the failure names it (`UiError::Invalid { field }`). Ids are `{form}-{name}`, so the label,
//! the error text (`aria-describedby`) and the focus after a refusal all find the input.

use leptos::prelude::*;

use crate::error::UiError;
use crate::i18n::{use_locale, Text};

/// The last failure of a form's action, if any.
pub type FormErrors = Signal<Option<UiError>>;

/// The message for field `name`, in the current language.
fn field_message(errors: FormErrors, name: &'static str) -> Signal<Option<String>> {
    let t = use_locale();
    Signal::derive(move || {
        errors.get().and_then(|e| {
            e.field_problem()
                .filter(|(field, _)| *field == name)
                .map(|(_, problem)| problem.message(t.get()))
        })
    })
}

/// A labelled input bound to `value`.
#[component]
pub fn TextField(
    /// Form id prefix.
    form: &'static str,
    /// Field name, as the server function names it in errors.
    name: &'static str,
    /// The label text.
    label: Text,
    /// The value, kept across failed saves.
    value: RwSignal<String>,
    /// The form's errors.
    errors: FormErrors,
    /// Input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// A hint below the input.
    #[prop(optional)]
    hint: Option<Text>,
    /// Browser autocomplete token.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Whether the field must be filled.
    #[prop(optional)]
    required: bool,
    /// Read-only (a key that cannot change after creation).
    #[prop(optional, into)]
    readonly: MaybeProp<bool>,
) -> impl IntoView {
    let t = use_locale();
    let id = format!("{form}-{name}");
    let message = field_message(errors, name);
    let described = format!("{id}-error {id}-hint");
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=id.clone()>
                {move || label.of(t.get())}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                readonly=move || readonly.get().unwrap_or(false)
                aria-invalid=move || message.get().is_some().to_string()
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|h| view! { <p class="field-hint" id=format!("{id}-hint")>{move || h.of(t.get())}</p> })}
            <p class="field-error" id=format!("{id}-error")>{move || message.get()}</p>
        </div>
    }
}

/// A labelled wrapper for selects and checkbox lists, which the page renders itself with id
/// `{form}-{name}`.
#[component]
pub fn Field(
    form: &'static str,
    name: &'static str,
    label: Text,
    errors: FormErrors,
    children: Children,
) -> impl IntoView {
    let t = use_locale();
    let id = format!("{form}-{name}");
    let message = field_message(errors, name);
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=id.clone()>{move || label.of(t.get())}</label>
            {children()}
            <p class="field-error" id=format!("{id}-error")>{move || message.get()}</p>
        </div>
    }
}

/// The form-wide message: why the last save failed (a field refusal says "see the marked
/// fields"; anything else, like a removed record or a lost session, says what happened).
#[component]
pub fn FormAlert(errors: FormErrors) -> impl IntoView {
    let t = use_locale();
    view! {
        <p class="form-error" role="alert">
            {move || errors.get().map(|e| e.message(t.get()))}
        </p>
    }
}

/// After a refusal, moves the keyboard focus to the refused field of form `form`.
pub fn focus_refused_field(form: &'static str, errors: FormErrors) {
    Effect::new(move |_| {
        let Some(field) = errors
            .get()
            .and_then(|e| e.field_problem().map(|(f, _)| f.to_owned()))
        else {
            return;
        };
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("{form}-{field}")))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (form, field);
    });
}

/// A labelled list of checkboxes choosing several values (a user's groups, a group's
/// members); `chosen` holds the checked values in the order they were checked.
#[component]
pub fn ChoiceList(
    /// Element id of the fieldset (`{form}-{name}`).
    id: &'static str,
    /// The legend.
    legend: Text,
    /// The checked values.
    chosen: RwSignal<Vec<String>>,
    /// Value and label of every choice.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// Shown when there is nothing to choose from.
    empty: Text,
) -> impl IntoView {
    let t = use_locale();
    view! {
        <fieldset class="field choice-list" id=id>
            <legend>{move || legend.of(t.get())}</legend>
            {move || {
                let options = options.get();
                if options.is_empty() {
                    return view! { <p class="muted">{move || empty.of(t.get())}</p> }.into_any();
                }
                options
                    .into_iter()
                    .map(|(value, label)| {
                        let checked = chosen.with_untracked(|c| c.contains(&value));
                        let toggled = value.clone();
                        view! {
                            <label class="choice">
                                <input
                                    type="checkbox"
                                    value=value
                                    prop:checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let value = toggled.clone();
                                        chosen.update(|c| {
                                            c.retain(|x| *x != value);
                                            if on {
                                                c.push(value);
                                            }
                                        });
                                    }
                                />
                                <span>{label}</span>
                            </label>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </fieldset>
    }
}
