//! 综合分类: the composite work-order category tree, shown indented; nodes are created,
//! moved, renamed and deleted in a dialog.

use leptos::prelude::*;

use crate::i18n::{common, system};
use crate::kit::async_view::AsyncView;
use crate::kit::data_table::{edit_delete, Column, TreeTable};
use crate::kit::form_field::{Field, TextField};
use crate::kit::record_dialog::RecordDialog;
use crate::kit::record_screen::{RecordEdits, RecordScreen};
use crate::kit::tree_select::{key_text, tree_options, TreeSelect};
use crate::server_fns::catalog::{list_synthesis, DeleteSynthesis, SaveSynthesis};
use crate::system::SynthesisEntry;

/// The tree table and its dialog.
#[component]
pub fn SynthesisPage() -> impl IntoView {
    let save = ServerAction::<SaveSynthesis>::new();
    let remove = ServerAction::<DeleteSynthesis>::new();
    let edits = RecordEdits::new("synthesis", save, remove);
    let list = Resource::new(move || edits.changes(), |_| list_synthesis());
    let (form, editing) = (edits.form, edits.editing);
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let start = move |row: Option<&SynthesisEntry>| {
        name.set(row.map(|r| r.name.clone()).unwrap_or_default());
        parent.set(key_text(row.and_then(|r| r.parent_id)));
        description.set(row.and_then(|r| r.description.clone()).unwrap_or_default());
        edits.open(row.map(|r| r.synthesis_id));
    };
    let submit = Callback::new(move |()| {
        save.dispatch(SaveSynthesis {
            synthesis_id: editing.get_untracked(),
            name: name.get_untracked(),
            parent_id: parent.get_untracked().parse().ok(),
            description: description.get_untracked(),
        });
    });
    // A node cannot move under itself or its own descendants, so those are not offered
    // (the server refuses such a cycle too, for REST callers).
    let parent_options = Signal::derive(move || {
        list.get()
            .and_then(Result::ok)
            .map(|rows| {
                tree_options(
                    &rows,
                    |r| r.synthesis_id,
                    |r| r.parent_id,
                    |r| r.name.clone(),
                    editing.get(),
                )
            })
            .unwrap_or_default()
    });

    let columns = vec![
        Column::text(common::COL_NAME, |(_, n): &(usize, SynthesisEntry)| {
            n.name.clone()
        }),
        Column::text(
            common::COL_DESCRIPTION,
            |(_, n): &(usize, SynthesisEntry)| n.description.clone().unwrap_or_default(),
        )
        .class("wrap"),
    ];
    let actions = edit_delete(
        |(_, n): &(usize, SynthesisEntry)| n.name.clone(),
        move |(_, n): &(usize, SynthesisEntry)| start(Some(n)),
        move |(_, n): &(usize, SynthesisEntry)| {
            remove.dispatch(DeleteSynthesis {
                synthesis_id: n.synthesis_id,
            });
        },
    );

    view! {
        <RecordScreen
            title=system::SYNTHESIS_TITLE
            intro=system::SYNTHESIS_INTRO
            create=system::SYNTHESIS_NEW
            on_create=Callback::new(move |()| start(None))
            error=edits.remove_error
        >
            <AsyncView
                resource=list
                ok=move |rows| {
                    view! {
                        <TreeTable
                            rows=rows
                            id=|r: &SynthesisEntry| r.synthesis_id
                            parent=|r: &SynthesisEntry| r.parent_id
                            columns=columns.clone()
                            caption=system::SYNTHESIS_TITLE
                            actions=actions.clone()
                        />
                    }
                }
            />
        </RecordScreen>
        <RecordDialog
            form
            title=edits.dialog_title(system::SYNTHESIS_EDIT, system::SYNTHESIS_NEW)
            on_submit=submit
        >
            <TextField form=form.id name="name" label=common::FIELD_NAME value=name errors=form.errors required=true />
            <Field form=form.id name="parent_id" label=system::FIELD_PARENT_NODE errors=form.errors>
                <TreeSelect id="synthesis-parent_id".to_owned() value=parent options=parent_options />
            </Field>
            <TextField form=form.id name="description" label=common::FIELD_DESCRIPTION value=description errors=form.errors />
        </RecordDialog>
    }
}
