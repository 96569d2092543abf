//! 用户管理: every account, paged; created, edited, disabled and deleted in place.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::i18n::{common, frame, login, system, use_locale};
use crate::kit::confirm_button::ConfirmButton;
use crate::kit::error_notice::ErrorNotice;
use crate::kit::form_field::{focus_refused_field, Field, FormAlert, FormErrors, TextField};
use crate::kit::modal::Modal;
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
    let t = use_locale();
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
        <Title text=move || system::USERS_TITLE.of(t.get()) />
        <div class="page-header">
            <h1>{move || system::USERS_TITLE.of(t.get())}</h1>
            <p class="muted">{move || system::USERS_INTRO.of(t.get())}</p>
        </div>
        <section class="card">
            <Transition fallback=move || view! { <p class="muted">{move || common::LOADING.of(t.get())}</p> }>
                {move || {
                    users.get()
                        .map(|r| match r {
                            Ok(p) => {
                                view! {
                                    <div class="toolbar">
                                        <button type="button" class="button primary" on:click=move |_| start(None)>
                                            {move || system::USERS_NEW.of(t.get())}
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
                if form.editing.get().is_some() { system::USERS_EDIT.of(t.get()) } else { system::USERS_NEW.of(t.get()) }.to_owned()
            })
        >
            <form on:submit=submit novalidate>
                <TextField
                    form=FORM
                    name="username"
                    label=login::USERNAME
                    value=form.username
                    errors=errors
                    required=true
                    autocomplete="off"
                    hint=system::USERNAME_HINT
                    readonly=Signal::derive(move || form.editing.get().is_some())
                />
                <TextField form=FORM name="nick_name" label=system::COL_NICK_NAME value=form.nick_name errors=errors required=true />
                <Show
                    when=move || form.editing.get().is_some()
                    fallback=move || view! {
                        <TextField form=FORM name="password" label=login::PASSWORD value=form.password errors=errors kind="password" autocomplete="new-password" required=true hint=system::PASSWORD_HINT />
                    }
                >
                    <TextField form=FORM name="password" label=login::PASSWORD value=form.password errors=errors kind="password" autocomplete="new-password" hint=system::PASSWORD_KEEP_HINT />
                </Show>
                <Field form=FORM name="dept_id" label=system::FIELD_DEPT errors=errors>
                    <select
                        id="user-dept_id"
                        prop:value=move || form.dept.get()
                        on:change=move |ev| form.dept.set(event_target_value(&ev))
                    >
                        <option value="">{move || common::NONE_OPTION.of(t.get())}</option>
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
                    <legend>{move || system::FIELD_GROUPS.of(t.get())}</legend>
                    {move || {
                        let groups = choices.get().and_then(Result::ok).map(|d| d.groups).unwrap_or_default();
                        if groups.is_empty() {
                            return view! { <p class="muted">{move || system::NO_GROUPS_YET.of(t.get())}</p> }.into_any();
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
                        {move || common::ACT_CANCEL.of(t.get())}
                    </button>
                    <button type="submit" class="button primary" disabled=pending>
                        {move || if pending() { common::ACT_SAVING.of(t.get()) } else { common::ACT_SAVE.of(t.get()) }}
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
    let t = use_locale();
    let data_total = data.total;
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
                        <th scope="col">{move || system::COL_USERNAME.of(t.get())}</th>
                        <th scope="col">{move || system::COL_NICK_NAME.of(t.get())}</th>
                        <th scope="col">{move || system::COL_DEPT.of(t.get())}</th>
                        <th scope="col">{move || system::COL_GROUPS.of(t.get())}</th>
                        <th scope="col">{move || system::COL_ROLE.of(t.get())}</th>
                        <th scope="col">{move || common::COL_STATUS.of(t.get())}</th>
                        <th scope="col">{move || common::COL_CREATED.of(t.get())}</th>
                        <th scope="col" class="actions">{move || common::COL_ACTIONS.of(t.get())}</th>
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
                                    <td>{move || if is_admin { frame::ROLE_ADMIN.of(t.get()) } else { frame::ROLE_USER.of(t.get()) }}</td>
                                    <td>
                                        <span class="badge" class:badge-off=!enabled>
                                            {move || if enabled { common::STATUS_ENABLED.of(t.get()) } else { common::STATUS_DISABLED.of(t.get()) }}
                                        </span>
                                    </td>
                                    <td class="nowrap">{u.created}</td>
                                    <td class="actions">
                                        <button type="button" class="link-button" on:click=move |_| on_edit.run(edit_row.clone())>
                                            {move || common::ACT_EDIT.of(t.get())}
                                        </button>
                                        {if enabled {
                                            view! {
                                                <ConfirmButton
                                                    label=common::ACT_DISABLE
                                                    question=common::CONFIRM_DISABLE
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
                                                    {move || common::ACT_ENABLE.of(t.get())}
                                                </button>
                                            }
                                                .into_any()
                                        }}
                                        <ConfirmButton
                                            label=common::ACT_DELETE
                                            question=common::CONFIRM_DELETE
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
            <p class="muted empty-row">{move || common::EMPTY_LIST.of(t.get())}</p>
        </Show>
        <nav class="pager" aria-label=move || common::PAGINATION.of(t.get())>
            <span class="muted">
                {move || common::pager(t.get(), data_total, page, pages)}
            </span>
            <Show when=move || { page > 1 }>
                <A href=format!("/system/users?page={}", page - 1)>{move || common::PREV_PAGE.of(t.get())}</A>
            </Show>
            <Show when=move || { page < pages }>
                <A href=format!("/system/users?page={}", page + 1)>{move || common::NEXT_PAGE.of(t.get())}</A>
            </Show>
        </nav>
    }
}
