//! 用户管理: every account, filtered, sorted and paged through the URL; created, edited,
//! disabled and deleted in place.

use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::{common, frame, login, system, use_locale};
use crate::kit::async_view::AsyncView;
use crate::kit::confirm_button::ConfirmButton;
use crate::kit::data_table::{Column, DataTable, RowActions};
use crate::kit::filter_bar::{FilterBar, FilterSelect, FilterText};
use crate::kit::form_field::{ChoiceList, Field, TextField};
use crate::kit::list_query::use_list_query;
use crate::kit::pager::Pager;
use crate::kit::record_dialog::{RecordDialog, RecordForm};
use crate::kit::record_screen::RecordScreen;
use crate::kit::tree_select::{tree_options, TreeSelect};
use crate::server_fns::directory::{
    list_users, load_directory, CreateUser, DeleteUser, SetUserEnabled, UpdateUser,
};
use crate::system::UserEntry;

/// What the user dialog holds; one set of signals for both creating and editing.
#[derive(Clone, Copy)]
struct UserFields {
    /// The edited user; `None` while creating.
    editing: RwSignal<Option<String>>,
    username: RwSignal<String>,
    nick_name: RwSignal<String>,
    password: RwSignal<String>,
    dept: RwSignal<String>,
    groups: RwSignal<Vec<String>>,
}

impl UserFields {
    fn fill(&self, row: Option<&UserEntry>) {
        self.editing.set(row.map(|r| r.username.clone()));
        self.username
            .set(row.map(|r| r.username.clone()).unwrap_or_default());
        self.nick_name
            .set(row.map(|r| r.nick_name.clone()).unwrap_or_default());
        self.password.set(String::new());
        self.dept.set(
            row.and_then(|r| r.dept_id)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        );
        self.groups
            .set(row.map(|r| r.groups.clone()).unwrap_or_default());
    }
}

/// The user list with its filters and pager, and the user dialog.
#[component]
pub fn UsersPage() -> impl IntoView {
    let t = use_locale();
    let query = use_list_query();
    let create = ServerAction::<CreateUser>::new();
    let update = ServerAction::<UpdateUser>::new();
    let enable = ServerAction::<SetUserEnabled>::new();
    let remove = ServerAction::<DeleteUser>::new();
    let users = Resource::new(
        move || {
            (
                query.get(),
                create.version().get(),
                update.version().get(),
                enable.version().get(),
                remove.version().get(),
            )
        },
        |(query, ..)| list_users(query),
    );
    // Departments and groups to choose from; they change on other screens, so loaded per visit.
    let choices = Resource::new(|| (), |_| load_directory());
    let dept_options = Signal::derive(move || {
        choices
            .get()
            .and_then(Result::ok)
            .map(|d| {
                tree_options(
                    &d.depts,
                    |d| d.dept_id,
                    |d| d.parent_id,
                    |d| d.name.clone(),
                    None,
                )
            })
            .unwrap_or_default()
    });

    let fields = UserFields {
        editing: RwSignal::new(None),
        username: RwSignal::new(String::new()),
        nick_name: RwSignal::new(String::new()),
        password: RwSignal::new(String::new()),
        dept: RwSignal::new(String::new()),
        groups: RwSignal::new(Vec::new()),
    };
    let form = RecordForm::with(
        "user",
        Signal::derive(move || {
            if fields.editing.get().is_some() {
                update.value().get().and_then(Result::err)
            } else {
                create.value().get().and_then(Result::err)
            }
        }),
        Signal::derive(move || {
            matches!(create.value().get(), Some(Ok(())))
                || matches!(update.value().get(), Some(Ok(())))
        }),
        Signal::derive(move || create.pending().get() || update.pending().get()),
        Callback::new(move |()| {
            create.value().set(None);
            update.value().set(None);
        }),
    );
    let start = move |row: Option<&UserEntry>| {
        fields.fill(row);
        form.open();
    };
    let submit = Callback::new(move |()| {
        let dept_id = fields.dept.get_untracked().parse().ok();
        match fields.editing.get_untracked() {
            Some(username) => {
                update.dispatch(UpdateUser {
                    username,
                    nick_name: fields.nick_name.get_untracked(),
                    password: fields.password.get_untracked(),
                    dept_id,
                    groups: fields.groups.get_untracked(),
                });
            }
            None => {
                create.dispatch(CreateUser {
                    username: fields.username.get_untracked(),
                    nick_name: fields.nick_name.get_untracked(),
                    password: fields.password.get_untracked(),
                    dept_id,
                    groups: fields.groups.get_untracked(),
                });
            }
        }
    });
    let row_error = Signal::derive(move || {
        enable
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove.value().get().and_then(Result::err))
    });

    let columns = move || {
        vec![
            Column::text(system::COL_USERNAME, |u: &UserEntry| u.username.clone()).sort("username"),
            Column::text(system::COL_NICK_NAME, |u: &UserEntry| u.nick_name.clone())
                .sort("nickName"),
            Column::text(system::COL_DEPT, |u: &UserEntry| {
                u.dept_name.clone().unwrap_or_default()
            })
            .sort("dept"),
            Column::text(system::COL_GROUPS, |u: &UserEntry| u.groups.join(", ")).class("wrap"),
            Column::new(system::COL_ROLE, move |u: &UserEntry| {
                let role = if u.is_admin {
                    frame::ROLE_ADMIN
                } else {
                    frame::ROLE_USER
                };
                move || role.of(t.get())
            }),
            Column::new(common::COL_STATUS, move |u: &UserEntry| {
                let enabled = u.enabled;
                view! {
                    <span class="badge" class:badge-off=!enabled>
                        {move || if enabled { common::STATUS_ENABLED.of(t.get()) } else { common::STATUS_DISABLED.of(t.get()) }}
                    </span>
                }
            }),
            Column::text(common::COL_CREATED, |u: &UserEntry| u.created.clone())
                .sort("created")
                .class("nowrap"),
        ]
    };
    let actions: RowActions<UserEntry> = Arc::new(move |u: &UserEntry| {
        let row = u.clone();
        let name = u.username.clone();
        let for_enable = u.username.clone();
        let for_delete = u.username.clone();
        let toggle = if u.enabled {
            view! {
                <ConfirmButton
                    label=common::ACT_DISABLE
                    question=common::CONFIRM_DISABLE
                    subject=name.clone()
                    on_confirm=Callback::new(move |()| {
                        enable.dispatch(SetUserEnabled { username: for_enable.clone(), enabled: false });
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
                        enable.dispatch(SetUserEnabled { username: for_enable.clone(), enabled: true });
                    }
                >
                    {move || common::ACT_ENABLE.of(t.get())}
                </button>
            }
                .into_any()
        };
        view! {
            <button type="button" class="link-button" on:click=move |_| start(Some(&row))>
                {move || common::ACT_EDIT.of(t.get())}
            </button>
            {toggle}
            <ConfirmButton
                label=common::ACT_DELETE
                question=common::CONFIRM_DELETE
                subject=name
                on_confirm=Callback::new(move |()| {
                    remove.dispatch(DeleteUser { username: for_delete.clone() });
                })
            />
        }
        .into_any()
    });

    view! {
        <RecordScreen
            title=system::USERS_TITLE
            intro=system::USERS_INTRO
            create=system::USERS_NEW
            on_create=Callback::new(move |()| start(None))
            error=row_error
        >
            <FilterBar query>
                <FilterText name="keyword" label=common::KEYWORD query />
                <FilterSelect
                    name="enabled"
                    label=common::COL_STATUS
                    query
                    options=Signal::derive(move || {
                        vec![
                            ("true".to_owned(), common::STATUS_ENABLED.of(t.get()).to_owned()),
                            ("false".to_owned(), common::STATUS_DISABLED.of(t.get()).to_owned()),
                        ]
                    })
                />
                // Inside a transition: its choices are loaded, and a page rendered on the
                // server must show the same options the browser hydrates.
                <Transition fallback=|| ()>
                    {move || choices.get().map(|_| view! {
                        <FilterSelect
                            name="dept"
                            label=system::FIELD_DEPT
                            query
                            options=Signal::derive(move || {
                                dept_options
                                    .get()
                                    .into_iter()
                                    .map(|o| (o.value, format!("{}{}", "　".repeat(o.depth), o.label)))
                                    .collect()
                            })
                        />
                    })}
                </Transition>
            </FilterBar>
            <AsyncView
                resource=users
                ok=move |page| {
                    let total = page.total;
                    view! {
                        <DataTable
                            rows=page.rows
                            columns=columns()
                            caption=system::USERS_TITLE
                            actions=actions.clone()
                            query
                        />
                        <Pager total query />
                    }
                }
            />
        </RecordScreen>
        <RecordDialog
            form
            title=Signal::derive(move || {
                if fields.editing.get().is_some() { system::USERS_EDIT } else { system::USERS_NEW }.of(t.get()).to_owned()
            })
            on_submit=submit
        >
            <TextField
                form=form.id
                name="username"
                label=login::USERNAME
                value=fields.username
                errors=form.errors
                required=true
                autocomplete="off"
                hint=system::USERNAME_HINT
                readonly=Signal::derive(move || fields.editing.get().is_some())
            />
            <TextField form=form.id name="nick_name" label=system::COL_NICK_NAME value=fields.nick_name errors=form.errors required=true />
            <Show
                when=move || fields.editing.get().is_some()
                fallback=move || view! {
                    <TextField form=form.id name="password" label=login::PASSWORD value=fields.password errors=form.errors kind="password" autocomplete="new-password" required=true hint=system::PASSWORD_HINT />
                }
            >
                <TextField form=form.id name="password" label=login::PASSWORD value=fields.password errors=form.errors kind="password" autocomplete="new-password" hint=system::PASSWORD_KEEP_HINT />
            </Show>
            <Field form=form.id name="dept_id" label=system::FIELD_DEPT errors=form.errors>
                <TreeSelect id="user-dept_id".to_owned() value=fields.dept options=dept_options />
            </Field>
            <ChoiceList
                id="user-groups"
                legend=system::FIELD_GROUPS
                chosen=fields.groups
                options=Signal::derive(move || {
                    choices
                        .get()
                        .and_then(Result::ok)
                        .map(|d| d.groups.into_iter().map(|g| (g.key.clone(), format!("{} ({})", g.name, g.key))).collect())
                        .unwrap_or_default()
                })
                empty=system::NO_GROUPS_YET
            />
        </RecordDialog>
    }
}
