//! 用户组: groups by key (what BPMN `candidateGroups` name), with members chosen from the
//! users; created, edited and deleted in a dialog.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{common, system, use_locale};
use crate::kit::confirm_button::ConfirmButton;
use crate::kit::error_notice::ErrorNotice;
use crate::kit::form_field::{focus_refused_field, FormAlert, FormErrors, TextField};
use crate::kit::modal::Modal;
use crate::server_fns::directory::{load_directory, DeleteGroup, SaveGroup};
use crate::system::GroupEntry;

const FORM: &str = "group";

/// The group table and its dialog.
#[component]
pub fn GroupsPage() -> impl IntoView {
    let t = use_locale();
    let save = ServerAction::<SaveGroup>::new();
    let remove = ServerAction::<DeleteGroup>::new();
    let data = Resource::new(
        move || (save.version().get(), remove.version().get()),
        |_| load_directory(),
    );

    let open = RwSignal::new(false);
    let editing = RwSignal::new(None::<i64>);
    let key = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let members = RwSignal::new(Vec::<String>::new());
    let errors: FormErrors = Signal::derive(move || save.value().get().and_then(Result::err));
    focus_refused_field(FORM, errors);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            open.set(false);
        }
    });
    let start = move |row: Option<GroupEntry>| {
        save.value().set(None);
        editing.set(row.as_ref().map(|r| r.group_id));
        key.set(row.as_ref().map(|r| r.key.clone()).unwrap_or_default());
        name.set(row.as_ref().map(|r| r.name.clone()).unwrap_or_default());
        members.set(row.map(|r| r.members).unwrap_or_default());
        open.set(true);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveGroup {
            group_id: editing.get_untracked(),
            key: key.get_untracked(),
            name: name.get_untracked(),
            members: members.get_untracked(),
        });
    };
    let delete_error = move || remove.value().get().and_then(Result::err);
    let users = move || {
        data.get()
            .and_then(Result::ok)
            .map(|d| d.users)
            .unwrap_or_default()
    };

    view! {
        <Title text=move || system::GROUPS_TITLE.of(t.get()) />
        <div class="page-header">
            <h1>{move || system::GROUPS_TITLE.of(t.get())}</h1>
            <p class="muted">{move || system::GROUPS_INTRO.of(t.get())}</p>
        </div>
        <section class="card">
            <Transition fallback=move || view! { <p class="muted">{move || common::LOADING.of(t.get())}</p> }>
                {move || {
                    data.get()
                        .map(|r| match r {
                            Ok(dir) => {
                                let empty = dir.groups.is_empty();
                                view! {
                                    <div class="toolbar">
                                        <button type="button" class="button primary" on:click=move |_| start(None)>
                                            {move || system::GROUPS_NEW.of(t.get())}
                                        </button>
                                    </div>
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <thead>
                                                <tr>
                                                    <th scope="col">{move || system::COL_KEY.of(t.get())}</th>
                                                    <th scope="col">{move || common::COL_NAME.of(t.get())}</th>
                                                    <th scope="col">{move || system::COL_MEMBERS.of(t.get())}</th>
                                                    <th scope="col" class="actions">{move || common::COL_ACTIONS.of(t.get())}</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {dir
                                                    .groups
                                                    .into_iter()
                                                    .map(|row| {
                                                        let id = row.group_id;
                                                        let edit_row = row.clone();
                                                        view! {
                                                            <tr>
                                                                <td><code>{row.key.clone()}</code></td>
                                                                <td>{row.name.clone()}</td>
                                                                <td class="wrap">{row.members.join(", ")}</td>
                                                                <td class="actions">
                                                                    <button type="button" class="link-button" on:click=move |_| start(Some(edit_row.clone()))>
                                                                        {move || common::ACT_EDIT.of(t.get())}
                                                                    </button>
                                                                    <ConfirmButton
                                                                        label=common::ACT_DELETE
                                                                        question=common::CONFIRM_DELETE
                                                                        subject=row.name
                                                                        on_confirm=Callback::new(move |()| {
                                                                            remove.dispatch(DeleteGroup { group_id: id });
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
                if editing.get().is_some() { system::GROUPS_EDIT.of(t.get()) } else { system::GROUPS_NEW.of(t.get()) }.to_owned()
            })
        >
            <form on:submit=submit novalidate>
                <TextField form=FORM name="key" label=system::FIELD_KEY value=key errors=errors required=true hint=system::KEY_HINT />
                <TextField form=FORM name="name" label=common::FIELD_NAME value=name errors=errors required=true />
                <fieldset class="field choice-list" id="group-members">
                    <legend>{move || system::FIELD_MEMBERS.of(t.get())}</legend>
                    {move || {
                        users()
                            .into_iter()
                            .map(|u| {
                                let username = u.username.clone();
                                let checked = members.get_untracked().contains(&username);
                                view! {
                                    <label class="choice">
                                        <input
                                            type="checkbox"
                                            value=u.username.clone()
                                            prop:checked=checked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let who = username.clone();
                                                members.update(|m| {
                                                    m.retain(|x| *x != who);
                                                    if on {
                                                        m.push(who);
                                                    }
                                                });
                                            }
                                        />
                                        <span>{format!("{} ({})", u.nick_name, u.username)}</span>
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                </fieldset>
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
