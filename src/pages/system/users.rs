//! 用户管理: every account, paged; created, edited, disabled and deleted in place.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::components::confirm_button::ConfirmButton;
use crate::components::error_notice::ErrorNotice;
use crate::components::form_field::{focus_refused_field, Field, FormAlert, FormErrors, TextField};
use crate::components::modal::Modal;
use crate::i18n::use_texts;
use crate::server_fns::directory::{
    list_users, load_directory, CreateUser, DeleteUser, SetUserEnabled, UpdateUser, USERS_PAGE_SIZE,
};
use crate::system::{tree_order, UserEntry};
use woc_paging::Page;

const FORM: &str = "user";

/// What the user dialog holds; one set of signals for both creating and editing.
#[derive(Clone, Copy)]
struct UserForm {
    /// The edited user; `None` while creating.
    editing: RwSignal<Option<String>>,
    username: RwSignal<String>,
    nick_name: RwSignal<String>,
    password: RwSignal<String>,
    dept: RwSignal<String>,
    groups: RwSignal<Vec<String>>,
}

/// The user table with paging through `?page=N`, and the user dialog.
#[component]
pub fn UsersPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    });
    let create = ServerAction::<CreateUser>::new();
    let update = ServerAction::<UpdateUser>::new();
    let enable = ServerAction::<SetUserEnabled>::new();
    let remove = ServerAction::<DeleteUser>::new();
    let users = Resource::new(
        move || {
            (
                page.get(),
                create.version().get(),
                update.version().get(),
                enable.version().get(),
                remove.version().get(),
            )
        },
        |(page, ..)| list_users(page),
    );
    // Departments and groups to choose from; they change on other screens, so loaded per visit.
    let choices = Resource::new(|| (), |_| load_directory());

    let open = RwSignal::new(false);
    let form = UserForm {
        editing: RwSignal::new(None),
        username: RwSignal::new(String::new()),
        nick_name: RwSignal::new(String::new()),
        password: RwSignal::new(String::new()),
        dept: RwSignal::new(String::new()),
        groups: RwSignal::new(Vec::new()),
    };
    let errors: FormErrors = Signal::derive(move || {
        if form.editing.get().is_some() {
            update.value().get().and_then(Result::err)
        } else {
            create.value().get().and_then(Result::err)
        }
    });
    focus_refused_field(FORM, errors);
    Effect::new(move |_| {
        if matches!(create.value().get(), Some(Ok(())))
            || matches!(update.value().get(), Some(Ok(())))
        {
            open.set(false);
        }
    });
    let start = move |row: Option<UserEntry>| {
        create.value().set(None);
        update.value().set(None);
        form.editing.set(row.as_ref().map(|r| r.username.clone()));
        form.username
            .set(row.as_ref().map(|r| r.username.clone()).unwrap_or_default());
        form.nick_name.set(
            row.as_ref()
                .map(|r| r.nick_name.clone())
                .unwrap_or_default(),
        );
        form.password.set(String::new());
        form.dept.set(
            row.as_ref()
                .and_then(|r| r.dept_id)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        );
        form.groups.set(row.map(|r| r.groups).unwrap_or_default());
        open.set(true);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let dept_id = form.dept.get_untracked().parse().ok();
        match form.editing.get_untracked() {
            Some(username) => {
                update.dispatch(UpdateUser {
                    username,
                    nick_name: form.nick_name.get_untracked(),
                    password: form.password.get_untracked(),
                    dept_id,
                    groups: form.groups.get_untracked(),
                });
            }
            None => {
                create.dispatch(CreateUser {
                    username: form.username.get_untracked(),
                    nick_name: form.nick_name.get_untracked(),
                    password: form.password.get_untracked(),
                    dept_id,
                    groups: form.groups.get_untracked(),
                });
            }
        }
    };
    let row_error = move || {
        enable
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove.value().get().and_then(Result::err))
    };
    let pending = move || create.pending().get() || update.pending().get();

    view! {
        <Title text=move || t.get().users_title />
        <div class="page-header">
            <h1>{move || t.get().users_title}</h1>
            <p class="muted">{move || t.get().users_intro}</p>
        </div>
        <section class="card">
            <Transition fallback=move || view! { <p class="muted">{move || t.get().loading}</p> }>
                {move || {
                    users.get()
                        .map(|r| match r {
                            Ok(p) => {
                                view! {
                                    <div class="toolbar">
                                        <button type="button" class="button primary" on:click=move |_| start(None)>
                                            {move || t.get().users_new}
                                        </button>
                                    </div>
                                    <UserTable
                                        data=p
                                        page=page.get_untracked()
                                        on_edit=Callback::new(move |row| start(Some(row)))
                                        enable=enable
                                        remove=remove
                                    />
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                        })
                }}
            </Transition>
            {move || row_error().map(|e| view! { <ErrorNotice error=e /> })}
        </section>
        <Modal
            open=open
            id=FORM
            title=Signal::derive(move || {
                if form.editing.get().is_some() { t.get().users_edit } else { t.get().users_new }.to_owned()
            })
        >
            <form on:submit=submit novalidate>
                <TextField
                    form=FORM
                    name="username"
                    label=|t| t.username
                    value=form.username
                    errors=errors
                    required=true
                    autocomplete="off"
                    hint=|t| t.username_hint
                    readonly=Signal::derive(move || form.editing.get().is_some())
                />
                <TextField form=FORM name="nick_name" label=|t| t.col_nick_name value=form.nick_name errors=errors required=true />
                <Show
                    when=move || form.editing.get().is_some()
                    fallback=move || view! {
                        <TextField form=FORM name="password" label=|t| t.password value=form.password errors=errors kind="password" autocomplete="new-password" required=true hint=|t| t.password_hint />
                    }
                >
                    <TextField form=FORM name="password" label=|t| t.password value=form.password errors=errors kind="password" autocomplete="new-password" hint=|t| t.password_keep_hint />
                </Show>
                <Field form=FORM name="dept_id" label=|t| t.field_dept errors=errors>
                    <select
                        id="user-dept_id"
                        prop:value=move || form.dept.get()
                        on:change=move |ev| form.dept.set(event_target_value(&ev))
                    >
                        <option value="">{move || t.get().none_option}</option>
                        {move || {
                            choices.get()
                                .and_then(Result::ok)
                                .map(|d| tree_order(&d.depts, |d| d.dept_id, |d| d.parent_id))
                                .unwrap_or_default()
                                .into_iter()
                                .map(|(depth, d)| {
                                    let value = d.dept_id.to_string();
                                    let selected = form.dept.get_untracked() == value;
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
                <fieldset class="field choice-list" id="user-groups">
                    <legend>{move || t.get().field_groups}</legend>
                    {move || {
                        let groups = choices.get().and_then(Result::ok).map(|d| d.groups).unwrap_or_default();
                        if groups.is_empty() {
                            return view! { <p class="muted">{move || t.get().no_groups_yet}</p> }.into_any();
                        }
                        groups
                            .into_iter()
                            .map(|g| {
                                let key = g.key.clone();
                                let checked = form.groups.get_untracked().contains(&key);
                                view! {
                                    <label class="choice">
                                        <input
                                            type="checkbox"
                                            value=g.key.clone()
                                            prop:checked=checked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let key = key.clone();
                                                form.groups.update(|gs| {
                                                    gs.retain(|x| *x != key);
                                                    if on {
                                                        gs.push(key);
                                                    }
                                                });
                                            }
                                        />
                                        <span>{format!("{} ({})", g.name, g.key)}</span>
                                    </label>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                </fieldset>
                <FormAlert errors=errors />
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>
                        {move || t.get().act_cancel}
                    </button>
                    <button type="submit" class="button primary" disabled=pending>
                        {move || if pending() { t.get().act_saving } else { t.get().act_save }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

#[component]
fn UserTable(
    data: Page<UserEntry>,
    page: u32,
    on_edit: Callback<UserEntry>,
    enable: ServerAction<SetUserEnabled>,
    remove: ServerAction<DeleteUser>,
) -> impl IntoView {
    let t = use_texts();
    let total = i64::try_from(data.total).unwrap_or(i64::MAX);
    let pages =
        u32::try_from((total + i64::from(USERS_PAGE_SIZE) - 1) / i64::from(USERS_PAGE_SIZE))
            .unwrap_or(1)
            .max(1);
    let empty = data.rows.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{move || t.get().col_username}</th>
                        <th scope="col">{move || t.get().col_nick_name}</th>
                        <th scope="col">{move || t.get().col_dept}</th>
                        <th scope="col">{move || t.get().col_groups}</th>
                        <th scope="col">{move || t.get().col_role}</th>
                        <th scope="col">{move || t.get().col_status}</th>
                        <th scope="col">{move || t.get().col_created}</th>
                        <th scope="col" class="actions">{move || t.get().col_actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {data
                        .rows
                        .into_iter()
                        .map(|u| {
                            let is_admin = u.is_admin;
                            let enabled = u.enabled;
                            let edit_row = u.clone();
                            let name = u.username.clone();
                            let name_for_delete = u.username.clone();
                            let name_for_enable = u.username.clone();
                            view! {
                                <tr>
                                    <td>{u.username.clone()}</td>
                                    <td>{u.nick_name.clone()}</td>
                                    <td>{u.dept_name.clone().unwrap_or_default()}</td>
                                    <td class="wrap">{u.groups.join(", ")}</td>
                                    <td>{move || if is_admin { t.get().role_admin } else { t.get().role_user }}</td>
                                    <td>
                                        <span class="badge" class:badge-off=!enabled>
                                            {move || if enabled { t.get().status_enabled } else { t.get().status_disabled }}
                                        </span>
                                    </td>
                                    <td class="nowrap">{u.created}</td>
                                    <td class="actions">
                                        <button type="button" class="link-button" on:click=move |_| on_edit.run(edit_row.clone())>
                                            {move || t.get().act_edit}
                                        </button>
                                        {if enabled {
                                            view! {
                                                <ConfirmButton
                                                    label=|t| t.act_disable
                                                    question=|t| t.confirm_disable
                                                    subject=name.clone()
                                                    on_confirm=Callback::new(move |()| {
                                                        enable.dispatch(SetUserEnabled { username: name_for_enable.clone(), enabled: false });
                                                    })
                                                />
                                            }
                                                .into_any()
                                        } else {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="link-button"
                                                    on:click=move |_| {
                                                        enable.dispatch(SetUserEnabled { username: name_for_enable.clone(), enabled: true });
                                                    }
                                                >
                                                    {move || t.get().act_enable}
                                                </button>
                                            }
                                                .into_any()
                                        }}
                                        <ConfirmButton
                                            label=|t| t.act_delete
                                            question=|t| t.confirm_delete
                                            subject=name
                                            on_confirm=Callback::new(move |()| {
                                                remove.dispatch(DeleteUser { username: name_for_delete.clone() });
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
            <p class="muted empty-row">{move || t.get().empty_list}</p>
        </Show>
        <nav class="pager" aria-label=move || t.get().pagination>
            <span class="muted">
                {move || (t.get().pager)(total, page, pages)}
            </span>
            <Show when=move || { page > 1 }>
                <A href=format!("/system/users?page={}", page - 1)>{move || t.get().prev_page}</A>
            </Show>
            <Show when=move || { page < pages }>
                <A href=format!("/system/users?page={}", page + 1)>{move || t.get().next_page}</A>
            </Show>
        </nav>
    }
}
