//! 发起工单: the processes one may start, by category; the start form of the chosen one (the
//! form version its process version is bound to), checked in the browser with the server's
//! own rules and filed through the service REST uses; then the filed work order's values,
//! read-only, with its number and its print page.
//!
//! One screen, three states in the URL: nothing (the list, `?q=` filters it),
//! `?definition=<id>` (the form), `?number=<n>` (the filed work order).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::Map;

use crate::error::{FieldMessage, UiError};
use crate::i18n::{
    forms as form_text, print as print_text, tr, use_locale, workorders as text, Locale,
};
use crate::kit::async_view::AsyncView;
use crate::kit::error_notice::ErrorNotice;
use crate::kit::form_view::{focus_element, FormMode, FormState, FormView};
use crate::kit::page_header::PageHeader;
use crate::server_fns::workorders::{
    load_start_sheet, load_work_order_sheet, startable_processes, StartWorkOrder,
};
use crate::workorders::{FormVersion, ProcessGroup, StartRequest, StartSheet, WorkOrderSheet};

/// The screen's path.
pub const PATH: &str = "/workorders/start";

/// The start screen in whichever state the URL names.
#[component]
pub fn StartPage() -> impl IntoView {
    let query = use_query_map();
    let state = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("definition").filter(|d| !d.is_empty()),
                q.get("number").filter(|n| !n.is_empty()),
                q.get("q").unwrap_or_default(),
            )
        })
    });
    move || match state.get() {
        (_, Some(number), _) => view! { <Filed number /> }.into_any(),
        (Some(definition), None, _) => view! { <StartForm definition /> }.into_any(),
        (None, None, filter) => view! { <ProcessList filter /> }.into_any(),
    }
}

/// The processes, grouped by category, filtered by name through the URL.
#[component]
fn ProcessList(filter: String) -> impl IntoView {
    let search = filter.clone();
    let groups = Resource::new(
        move || filter.clone(),
        |filter| startable_processes((!filter.is_empty()).then_some(filter)),
    );
    view! {
        <PageHeader title=text::START_TITLE intro=text::START_INTRO />
        <form class="filter-bar" method="get" action=PATH role="search">
            <label class="filter">
                <span>{tr(text::SEARCH_LABEL)}</span>
                <input type="search" name="q" value=search />
            </label>
            <button type="submit" class="button">{tr(text::SEARCH)}</button>
        </form>
        <AsyncView
            resource=groups
            ok=move |groups| process_groups(groups)
        />
    }
}

/// The categories' cards.
fn process_groups(groups: Vec<ProcessGroup>) -> AnyView {
    let locale = use_locale();
    if groups.is_empty() {
        return view! { <p class="empty-state">{move || text::NO_PROCESSES.of(locale.get())}</p> }
            .into_any();
    }
    groups
        .into_iter()
        .map(|group| {
            let name = group.name.clone();
            let cards = group
                .processes
                .into_iter()
                .map(|p| {
                    let href = format!("{PATH}?definition={}", urlencode(&p.definition_id));
                    let form = p.form_name.clone();
                    let version = p.version;
                    view! {
                        <li class="process-card">
                            <a href=href>
                                <strong>{p.name}</strong>
                                <span class="muted">
                                    {move || format!("{} {version}", text::VERSION.of(locale.get()))}
                                    " · "
                                    {move || match &form {
                                        Some(f) => format!("{} {f}", text::FORM.of(locale.get())),
                                        None => text::NO_FORM.of(locale.get()).to_owned(),
                                    }}
                                </span>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="process-group">
                    <h2>
                        {move || {
                            name.clone()
                                .unwrap_or_else(|| text::UNCATEGORISED.of(locale.get()).to_owned())
                        }}
                    </h2>
                    <ul class="process-cards">{cards}</ul>
                </section>
            }
        })
        .collect_view()
        .into_any()
}

/// The form of one process version, and its submission.
#[component]
fn StartForm(definition: String) -> impl IntoView {
    let sheet = Resource::new(move || definition.clone(), load_start_sheet);
    view! {
        <AsyncView resource=sheet ok=move |sheet| view! { <StartSheetView sheet /> } />
    }
}

#[component]
fn StartSheetView(sheet: StartSheet) -> impl IntoView {
    let locale = use_locale();
    let form = sheet.form.clone().and_then(|f| checked(&f));
    let state = form.map(|form| FormState::new(form, Map::new(), FormMode::Edit, "start"));
    if let Some(state) = state {
        state.load_choices();
    }
    let title = RwSignal::new(String::new());
    let only_app = (sheet.apps.len() == 1).then(|| sheet.apps[0].0.clone());
    let app = RwSignal::new(only_app.unwrap_or_default());
    // Refusals of the fields around the form (`title`, `app_id`) and anything else.
    let header_errors = RwSignal::new(Vec::<FieldMessage>::new());
    let failure = RwSignal::new(None::<UiError>);
    let start = ServerAction::<StartWorkOrder>::new();
    let navigate = use_navigate();
    Effect::new(move |_| match start.value().get() {
        Some(Ok(number)) => {
            navigate(
                &format!("{PATH}?number={}", urlencode(&number)),
                Default::default(),
            );
        }
        Some(Err(UiError::Fields(refusals))) => {
            let (values, others): (Vec<_>, Vec<_>) = refusals
                .into_iter()
                .partition(|r| r.field.starts_with("values."));
            let values: Vec<FieldMessage> = values
                .into_iter()
                .map(|mut r| {
                    r.field = r.field["values.".len()..].to_owned();
                    r
                })
                .collect();
            if let Some(state) = state {
                state.show_server_refusals(&values);
            }
            if let Some(first) = others.first() {
                focus_element(&format!("start-head-{}", first.field));
            }
            header_errors.set(others);
            failure.set(None);
        }
        Some(Err(other)) => failure.set(Some(other)),
        None => {}
    });
    let header_message = move |field: &'static str| {
        move || {
            header_errors.with(|e| {
                e.iter()
                    .find(|r| r.field == field)
                    .map(|r| r.message(locale.get()).to_owned())
            })
        }
    };
    let definition_id = sheet.definition_id.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let mut missing = Vec::new();
        for (field, value) in [
            ("title", title.get_untracked()),
            ("app_id", app.get_untracked()),
        ] {
            if value.trim().is_empty() {
                missing.push(FieldMessage {
                    field: field.to_owned(),
                    zh: crate::i18n::errors::PROB_BLANK.of(Locale::Zh).to_owned(),
                    en: crate::i18n::errors::PROB_BLANK.of(Locale::En).to_owned(),
                });
            }
        }
        // The whole form is checked before anything is sent, the header and the form at once.
        let values = match state {
            Some(state) => state.validate(),
            None => Some(Map::new()),
        };
        if let Some(first) = missing.first() {
            if values.is_some() {
                focus_element(&format!("start-head-{}", first.field));
            }
        }
        header_errors.set(missing.clone());
        let (Some(values), true) = (values, missing.is_empty()) else {
            return;
        };
        start.dispatch(StartWorkOrder {
            request: StartRequest {
                definition_id: definition_id.clone(),
                title: title.get_untracked(),
                app_id: app.get_untracked(),
                values: woc_forms::json_text(&serde_json::Value::Object(values)),
            },
        });
    };
    let form_version = sheet.form.as_ref().map(|f| (f.name.clone(), f.version));
    let apps = sheet.apps.clone();
    let no_apps = apps.is_empty();
    let title_error = header_message("title");
    let app_error = header_message("app_id");
    view! {
        <PageHeader title=text::START_TITLE>
            <a class="button" href=PATH>{tr(text::BACK_TO_LIST)}</a>
        </PageHeader>
        <form class="start-sheet card" novalidate on:submit=on_submit>
            <h2 class="start-process">
                {sheet.process_name.clone()}
                <span class="muted">{move || format!(" · {} {}", text::VERSION.of(locale.get()), sheet.version)}</span>
                {form_version.map(|(name, version)| view! {
                    <span class="muted">{move || format!(" · {name} · {} {version}", text::FORM_VERSION.of(locale.get()))}</span>
                })}
            </h2>
            <fieldset class="start-basics">
                <legend>{tr(text::BASICS)}</legend>
                <div class="form-grid">
                    <div class="form-slot" style="--span: 12">
                        <div class="field" class:field-invalid=move || title_error().is_some()>
                            <label for="start-head-title">{tr(text::FIELD_TITLE)}<span class="required" aria-hidden="true">" *"</span></label>
                            <input
                                id="start-head-title"
                                maxlength="200"
                                aria-invalid=move || title_error().is_some().to_string()
                                aria-describedby="start-head-title-error"
                                prop:value=move || title.get()
                                on:input=move |ev| title.set(event_target_value(&ev))
                            />
                            <p class="field-error" id="start-head-title-error">{title_error}</p>
                        </div>
                    </div>
                    <div class="form-slot" style="--span: 12">
                        <div class="field" class:field-invalid=move || app_error().is_some()>
                            <label for="start-head-app_id">{tr(text::FIELD_APP)}<span class="required" aria-hidden="true">" *"</span></label>
                            <select
                                id="start-head-app_id"
                                aria-invalid=move || app_error().is_some().to_string()
                                aria-describedby="start-head-app_id-error"
                                prop:value=move || app.get()
                                on:change=move |ev| app.set(event_target_value(&ev))
                            >
                                <option value="">{tr(form_text::CHOOSE)}</option>
                                {apps
                                    .into_iter()
                                    .map(|(id, name)| view! { <option value=id>{name}</option> })
                                    .collect_view()}
                            </select>
                            {no_apps.then(|| view! { <p class="field-hint">{tr(text::NO_APPS)}</p> })}
                            <p class="field-error" id="start-head-app_id-error">{app_error}</p>
                        </div>
                    </div>
                </div>
            </fieldset>
            {state.map(|state| view! { <FormView state /> })}
            <p class="form-error" role="alert">
                {move || {
                    let marked = !header_errors.with(Vec::is_empty)
                        || state.is_some_and(|s| s.has_refusals().get());
                    marked.then(|| form_text::FIX_MARKED.of(locale.get()))
                }}
            </p>
            {move || failure.get().map(|error| view! { <ErrorNotice error /> })}
            <div class="form-actions">
                <a class="button" href=PATH>{tr(text::CANCEL)}</a>
                <button type="submit" class="button primary" disabled=move || start.pending().get()>
                    {move || if start.pending().get() { text::SUBMITTING.of(locale.get()) } else { text::SUBMIT.of(locale.get()) }}
                </button>
            </div>
        </form>
    }
}

/// A filed work order: its facts, its values read-only, its print page.
#[component]
fn Filed(number: String) -> impl IntoView {
    let sheet = Resource::new(move || number.clone(), load_work_order_sheet);
    view! {
        <AsyncView resource=sheet ok=move |sheet| view! { <FiledView sheet /> } />
    }
}

#[component]
fn FiledView(sheet: WorkOrderSheet) -> impl IntoView {
    let locale = use_locale();
    let form = sheet.form.clone().and_then(|f| checked(&f));
    let state =
        form.map(|form| FormState::new(form, sheet.values.clone(), FormMode::ReadOnly, "filed"));
    if let Some(state) = state {
        state.load_choices();
    }
    let status = match sheet.status.as_str() {
        "completed" => print_text::WO_COMPLETED,
        "rejected" => print_text::WO_REJECTED,
        "canceled" => print_text::WO_CANCELED,
        "closed" => print_text::WO_CLOSED,
        _ => print_text::WO_PROCESSING,
    };
    let print = format!("/workorders/{}/print", urlencode(&sheet.number));
    let facts = [
        (text::NUMBER, sheet.number.clone()),
        (text::FIELD_TITLE, sheet.title.clone()),
        (text::PROCESS, sheet.process_name.clone()),
        (text::FIELD_APP, sheet.app_name.clone()),
        (text::CREATED, sheet.created.clone()),
    ];
    view! {
        <PageHeader title=text::STARTED_TITLE>
            <a class="button" href=print target="_blank" rel="noopener">{tr(text::PRINT)}</a>
            <a class="button primary" href=PATH>{tr(text::START_ANOTHER)}</a>
        </PageHeader>
        <section class="card filed-order" role="status">
            <dl class="facts">
                {facts
                    .into_iter()
                    .map(|(label, value)| view! {
                        <div><dt>{tr(label)}</dt><dd>{value}</dd></div>
                    })
                    .collect_view()}
                <div><dt>{tr(text::STATUS)}</dt><dd>{move || status.of(locale.get())}</dd></div>
            </dl>
        </section>
        {state.map(|state| view! {
            <section class="card">
                <h2>{tr(text::VALUES)}</h2>
                <FormView state />
            </section>
        })}
    }
}

/// The schema checked in the browser, as the server checked it when it was saved.
fn checked(form: &FormVersion) -> Option<Arc<woc_forms::Form>> {
    woc_forms::check(form.schema.clone()).ok().map(Arc::new)
}

/// A query value: the characters a definition id or a number holds kept, the rest escaped.
fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
