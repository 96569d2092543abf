//! 部门管理: the department tree with leaders, shown indented; created, moved, renamed and
//! deleted in a dialog.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{common, system, use_locale};
use crate::kit::confirm_button::ConfirmButton;
use crate::kit::error_notice::ErrorNotice;
use crate::kit::form_field::{focus_refused_field, Field, FormAlert, FormErrors, TextField};
use crate::kit::modal::Modal;
use crate::server_fns::directory::{load_directory, DeleteDept, SaveDept};
use crate::system::{tree_order, DeptEntry};

const FORM: &str = "dept";

/// The department tree and its dialog.
#[component]
pub fn DeptsPage() -> impl IntoView {
    let t = use_locale();
    let save = ServerAction::<SaveDept>::new();
    let remove = ServerAction::<DeleteDept>::new();
    let data = Resource::new(
        move || (save.version().get(), remove.version().get()),
        |_| load_directory(),
    );

    let open = RwSignal::new(false);
    let editing = RwSignal::new(None::<i64>);
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let leader = RwSignal::new(String::new());
    let errors: FormErrors = Signal::derive(move || save.value().get().and_then(Result::err));
    focus_refused_field(FORM, errors);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            open.set(false);
        }
    });
    let start = move |row: Option<DeptEntry>| {
        save.value().set(None);
        editing.set(row.as_ref().map(|r| r.dept_id));
        name.set(row.as_ref().map(|r| r.name.clone()).unwrap_or_default());
        parent.set(
            row.as_ref()
                .and_then(|r| r.parent_id)
                .map(|p| p.to_string())
                .unwrap_or_default(),
        );
        leader.set(row.and_then(|r| r.leader).unwrap_or_default());
        open.set(true);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = leader.get_untracked();
        save.dispatch(SaveDept {
            dept_id: editing.get_untracked(),
            name: name.get_untracked(),
            parent_id: parent.get_untracked().parse().ok(),
            leader: (!chosen.is_empty()).then_some(chosen),
        });
    };
    let delete_error = move || remove.value().get().and_then(Result::err);
    let loaded = move || data.get().and_then(Result::ok);

    view! {
        <Title text=move || system::DEPTS_TITLE.of(t.get()) />
        <div class="page-header">
            <h1>{move || system::DEPTS_TITLE.of(t.get())}</h1>
            <p class="muted">{move || system::DEPTS_INTRO.of(t.get())}</p>
        </div>
        <section class="card">
            <Transition fallback=move || view! { <p class="muted">{move || common::LOADING.of(t.get())}</p> }>
                {move || {
                    data.get()
                        .map(|r| match r {
                            Ok(dir) => {
                                let empty = dir.depts.is_empty();
                                let ordered = tree_order(&dir.depts, |d| d.dept_id, |d| d.parent_id);
                                view! {
                                    <div class="toolbar">
                                        <button type="button" class="button primary" on:click=move |_| start(None)>
                                            {move || system::DEPTS_NEW.of(t.get())}
                                        </button>
                                    </div>
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <thead>
                                                <tr>
                                                    <th scope="col">{move || common::COL_NAME.of(t.get())}</th>
                                                    <th scope="col">{move || system::COL_LEADER.of(t.get())}</th>
                                                    <th scope="col" class="actions">{move || common::COL_ACTIONS.of(t.get())}</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {ordered
                                                    .into_iter()
                                                    .map(|(depth, row)| {
                                                        let id = row.dept_id;
                                                        let edit_row = row.clone();
                                                        let leader_text = match (&row.leader_name, &row.leader) {
                                                            (Some(n), Some(u)) => format!("{n} ({u})"),
                                                            (None, Some(u)) => u.clone(),
                                                            _ => String::new(),
                                                        };
                                                        view! {
                                                            <tr>
                                                                <td>
                                                                    <span class="tree-name" style=format!("--depth: {depth}")>
                                                                        {(depth > 0).then_some(view! { <span class="tree-branch" aria-hidden="true">"└"</span> })}
                                                                        {row.name.clone()}
                                                                    </span>
                                                                </td>
                                                                <td>{leader_text}</td>
                                                                <td class="actions">
                                                                    <button type="button" class="link-button" on:click=move |_| start(Some(edit_row.clone()))>
                                                                        {move || common::ACT_EDIT.of(t.get())}
                                                                    </button>
                                                                    <ConfirmButton
                                                                        label=common::ACT_DELETE
                                                                        question=common::CONFIRM_DELETE
                                                                        subject=row.name
                                                                        on_confirm=Callback::new(move |()| {
                                                                            remove.dispatch(DeleteDept { dept_id: id });
                                                                        })
                                                                    />
                                                                </td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                    <Show when=move || empty>
                                        <p class="muted empty-row">{move || common::EMPTY_LIST.of(t.get())}</p>
                                    </Show>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                        })
                }}
            </Transition>
            {move || delete_error().map(|e| view! { <ErrorNotice error=e /> })}
        </section>
        <Modal
            open=open
            id=FORM
            title=Signal::derive(move || {
                if editing.get().is_some() { system::DEPTS_EDIT.of(t.get()) } else { system::DEPTS_NEW.of(t.get()) }.to_owned()
            })
        >
            <form on:submit=submit novalidate>
                <TextField form=FORM name="name" label=common::FIELD_NAME value=name errors=errors required=true />
                <Field form=FORM name="parent_id" label=system::FIELD_PARENT_DEPT errors=errors>
                    <select
                        id="dept-parent_id"
                        prop:value=move || parent.get()
                        on:change=move |ev| parent.set(event_target_value(&ev))
                    >
                        <option value="">{move || common::NONE_OPTION.of(t.get())}</option>
                        {move || {
                            loaded()
                                .map(|dir| tree_order(&dir.depts, |d| d.dept_id, |d| d.parent_id))
                                .unwrap_or_default()
                                .into_iter()
                                .map(|(depth, d)| {
                                    let value = d.dept_id.to_string();
                                    let selected = parent.get_untracked() == value;
                                    view! {
                                        <option value=value selected=selected>
                                            {format!("{}{}", "　".repeat(depth), d.name)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </Field>
                <Field form=FORM name="leader" label=system::FIELD_LEADER errors=errors>
                    <select
                        id="dept-leader"
                        prop:value=move || leader.get()
                        on:change=move |ev| leader.set(event_target_value(&ev))
                    >
                        <option value="">{move || common::NONE_OPTION.of(t.get())}</option>
                        {move || {
                            loaded()
                                .map(|dir| dir.users)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|u| {
                                    let selected = leader.get_untracked() == u.username;
                                    view! {
                                        <option value=u.username.clone() selected=selected>
                                            {format!("{} ({})", u.nick_name, u.username)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </Field>
                <FormAlert errors=errors />
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>
                        {move || common::ACT_CANCEL.of(t.get())}
                    </button>
                    <button type="submit" class="button primary" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { common::ACT_SAVING.of(t.get()) } else { common::ACT_SAVE.of(t.get()) }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
