//! 部门管理: the department tree with leaders, shown indented; created, moved, renamed and
//! deleted in a dialog.

use leptos::prelude::*;

use crate::i18n::{common, system, use_locale};
use crate::kit::async_view::AsyncView;
use crate::kit::data_table::{edit_delete, Column, TreeTable};
use crate::kit::form_field::{Field, TextField};
use crate::kit::record_dialog::RecordDialog;
use crate::kit::record_screen::{RecordEdits, RecordScreen};
use crate::kit::tree_select::{key_text, tree_options, TreeSelect};
use crate::server_fns::directory::{load_directory, DeleteDept, SaveDept};
use crate::system::DeptEntry;

/// The department tree and its dialog.
#[component]
pub fn DeptsPage() -> impl IntoView {
    let t = use_locale();
    let save = ServerAction::<SaveDept>::new();
    let remove = ServerAction::<DeleteDept>::new();
    let edits = RecordEdits::new("dept", save, remove);
    let data = Resource::new(move || edits.changes(), |_| load_directory());
    let (form, editing) = (edits.form, edits.editing);
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let leader = RwSignal::new(String::new());
    let start = move |row: Option<&DeptEntry>| {
        name.set(row.map(|r| r.name.clone()).unwrap_or_default());
        parent.set(key_text(row.and_then(|r| r.parent_id)));
        leader.set(row.and_then(|r| r.leader.clone()).unwrap_or_default());
        edits.open(row.map(|r| r.dept_id));
    };
    let submit = Callback::new(move |()| {
        let chosen = leader.get_untracked();
        save.dispatch(SaveDept {
            dept_id: editing.get_untracked(),
            name: name.get_untracked(),
            parent_id: parent.get_untracked().parse().ok(),
            leader: (!chosen.is_empty()).then_some(chosen),
        });
    });
    let loaded = move || data.get().and_then(Result::ok);
    // A department cannot move under itself or its own sub-departments.
    let parent_options = Signal::derive(move || {
        loaded()
            .map(|dir| {
                tree_options(
                    &dir.depts,
                    |d| d.dept_id,
                    |d| d.parent_id,
                    |d| d.name.clone(),
                    editing.get(),
                )
            })
            .unwrap_or_default()
    });

    let columns = vec![
        Column::text(common::COL_NAME, |(_, d): &(usize, DeptEntry)| {
            d.name.clone()
        }),
        Column::text(system::COL_LEADER, |(_, d): &(usize, DeptEntry)| {
            match (&d.leader_name, &d.leader) {
                (Some(n), Some(u)) => format!("{n} ({u})"),
                (None, Some(u)) => u.clone(),
                _ => String::new(),
            }
        }),
    ];
    let actions = edit_delete(
        |(_, d): &(usize, DeptEntry)| d.name.clone(),
        move |(_, d): &(usize, DeptEntry)| start(Some(d)),
        move |(_, d): &(usize, DeptEntry)| {
            remove.dispatch(DeleteDept { dept_id: d.dept_id });
        },
    );

    view! {
        <RecordScreen
            title=system::DEPTS_TITLE
            intro=system::DEPTS_INTRO
            create=system::DEPTS_NEW
            on_create=Callback::new(move |()| start(None))
            error=edits.remove_error
        >
            <AsyncView
                resource=data
                ok=move |dir| {
                    view! {
                        <TreeTable
                            rows=dir.depts
                            id=|r: &DeptEntry| r.dept_id
                            parent=|r: &DeptEntry| r.parent_id
                            columns=columns.clone()
                            caption=system::DEPTS_TITLE
                            actions=actions.clone()
                        />
                    }
                }
            />
        </RecordScreen>
        <RecordDialog
            form
            title=edits.dialog_title(system::DEPTS_EDIT, system::DEPTS_NEW)
            on_submit=submit
        >
            <TextField form=form.id name="name" label=common::FIELD_NAME value=name errors=form.errors required=true />
            <Field form=form.id name="parent_id" label=system::FIELD_PARENT_DEPT errors=form.errors>
                <TreeSelect id="dept-parent_id".to_owned() value=parent options=parent_options />
            </Field>
            <Field form=form.id name="leader" label=system::FIELD_LEADER errors=form.errors>
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
        </RecordDialog>
    }
}
