//! 用户组: groups by key (what BPMN `candidateGroups` name), with members chosen from the
//! users; created, edited and deleted in a dialog.

use leptos::prelude::*;

use crate::i18n::{common, system, use_locale};
use crate::kit::async_view::AsyncView;
use crate::kit::data_table::{edit_delete, Column, DataTable};
use crate::kit::form_field::{ChoiceList, TextField};
use crate::kit::record_dialog::{RecordDialog, RecordForm};
use crate::kit::record_screen::RecordScreen;
use crate::server_fns::directory::{load_directory, DeleteGroup, SaveGroup};
use crate::system::GroupEntry;

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

    let form = RecordForm::new("group", save);
    let editing = RwSignal::new(None::<i64>);
    let key = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let members = RwSignal::new(Vec::<String>::new());
    let start = move |row: Option<&GroupEntry>| {
        editing.set(row.map(|r| r.group_id));
        key.set(row.map(|r| r.key.clone()).unwrap_or_default());
        name.set(row.map(|r| r.name.clone()).unwrap_or_default());
        members.set(row.map(|r| r.members.clone()).unwrap_or_default());
        form.open();
    };
    let submit = Callback::new(move |()| {
        save.dispatch(SaveGroup {
            group_id: editing.get_untracked(),
            key: key.get_untracked(),
            name: name.get_untracked(),
            members: members.get_untracked(),
        });
    });
    let user_options = Signal::derive(move || {
        data.get()
            .and_then(Result::ok)
            .map(|d| {
                d.users
                    .into_iter()
                    .map(|u| {
                        (
                            u.username.clone(),
                            format!("{} ({})", u.nick_name, u.username),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    });

    let columns = vec![
        Column::new(
            system::COL_KEY,
            |g: &GroupEntry| view! { <code>{g.key.clone()}</code> },
        ),
        Column::text(common::COL_NAME, |g: &GroupEntry| g.name.clone()),
        Column::text(system::COL_MEMBERS, |g: &GroupEntry| g.members.join(", ")).class("wrap"),
    ];
    let actions = edit_delete(
        |g: &GroupEntry| g.name.clone(),
        move |g: &GroupEntry| start(Some(g)),
        move |g: &GroupEntry| {
            remove.dispatch(DeleteGroup {
                group_id: g.group_id,
            });
        },
    );

    view! {
        <RecordScreen
            title=system::GROUPS_TITLE
            intro=system::GROUPS_INTRO
            create=system::GROUPS_NEW
            on_create=Callback::new(move |()| start(None))
            error=Signal::derive(move || remove.value().get().and_then(Result::err))
        >
            <AsyncView
                resource=data
                ok=move |dir| {
                    view! {
                        <DataTable
                            rows=dir.groups
                            columns=columns.clone()
                            caption=system::GROUPS_TITLE
                            actions=actions.clone()
                        />
                    }
                }
            />
        </RecordScreen>
        <RecordDialog
            form
            title=Signal::derive(move || {
                if editing.get().is_some() { system::GROUPS_EDIT } else { system::GROUPS_NEW }.of(t.get()).to_owned()
            })
            on_submit=submit
        >
            <TextField form=form.id name="key" label=system::FIELD_KEY value=key errors=form.errors required=true hint=system::KEY_HINT />
            <TextField form=form.id name="name" label=common::FIELD_NAME value=name errors=form.errors required=true />
            <ChoiceList
                id="group-members"
                legend=system::FIELD_MEMBERS
                chosen=members
                options=user_options
                empty=common::EMPTY_LIST
            />
        </RecordDialog>
    }
}
