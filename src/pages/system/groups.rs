//! 用户组: groups by key (what BPMN `candidateGroups` name), with members chosen from the
//! users; created, edited and deleted in a dialog.

use leptos::prelude::*;

use crate::i18n::{common, system};
use crate::kit::async_view::AsyncView;
use crate::kit::data_table::{edit_delete, Column, DataTable};
use crate::kit::form_field::{ChoiceList, TextField};
use crate::kit::record_dialog::RecordDialog;
use crate::kit::record_screen::{RecordEdits, RecordScreen};
use crate::server_fns::directory::{load_directory, DeleteGroup, SaveGroup};
use crate::system::GroupEntry;

/// The group table and its dialog.
#[component]
pub fn GroupsPage() -> impl IntoView {
    let save = ServerAction::<SaveGroup>::new();
    let remove = ServerAction::<DeleteGroup>::new();
    let edits = RecordEdits::new("group", save, remove);
    let data = Resource::new(move || edits.changes(), |_| load_directory());
    let (form, editing) = (edits.form, edits.editing);
    let key = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let members = RwSignal::new(Vec::<String>::new());
    let start = move |row: Option<&GroupEntry>| {
        key.set(row.map(|r| r.key.clone()).unwrap_or_default());
        name.set(row.map(|r| r.name.clone()).unwrap_or_default());
        members.set(row.map(|r| r.members.clone()).unwrap_or_default());
        edits.open(row.map(|r| r.group_id));
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
            error=edits.remove_error
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
            title=edits.dialog_title(system::GROUPS_EDIT, system::GROUPS_NEW)
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
