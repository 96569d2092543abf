//! 工单分类: process categories (name + code), paged through the URL; created, edited and
//! deleted in a dialog.

use leptos::prelude::*;

use crate::i18n::{common, system};
use crate::kit::async_view::AsyncView;
use crate::kit::data_table::{edit_delete, Column, DataTable};
use crate::kit::form_field::TextField;
use crate::kit::list_query::use_list_query;
use crate::kit::pager::Pager;
use crate::kit::record_dialog::RecordDialog;
use crate::kit::record_screen::{RecordEdits, RecordScreen};
use crate::server_fns::catalog::{list_categories, DeleteCategory, SaveCategory};
use crate::system::CategoryEntry;

/// The category table and its dialog.
#[component]
pub fn CategoriesPage() -> impl IntoView {
    let query = use_list_query();
    let save = ServerAction::<SaveCategory>::new();
    let remove = ServerAction::<DeleteCategory>::new();
    let edits = RecordEdits::new("category", save, remove);
    // Every finished save or delete reloads the list.
    let list = Resource::new(
        move || (query.get(), edits.changes()),
        |(query, _)| list_categories(query),
    );
    let (form, editing) = (edits.form, edits.editing);
    let name = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let start = move |row: Option<&CategoryEntry>| {
        name.set(row.map(|r| r.name.clone()).unwrap_or_default());
        code.set(row.map(|r| r.code.clone()).unwrap_or_default());
        edits.open(row.map(|r| r.category_id));
    };
    let submit = Callback::new(move |()| {
        save.dispatch(SaveCategory {
            category_id: editing.get_untracked(),
            name: name.get_untracked(),
            code: code.get_untracked(),
        });
    });

    let columns = vec![
        Column::text(common::COL_NAME, |c: &CategoryEntry| c.name.clone()),
        Column::new(
            system::COL_CODE,
            |c: &CategoryEntry| view! { <code>{c.code.clone()}</code> },
        ),
    ];
    let actions = edit_delete(
        |c: &CategoryEntry| c.name.clone(),
        move |c: &CategoryEntry| start(Some(c)),
        move |c: &CategoryEntry| {
            remove.dispatch(DeleteCategory {
                category_id: c.category_id,
            });
        },
    );

    view! {
        <RecordScreen
            title=system::CATEGORIES_TITLE
            intro=system::CATEGORIES_INTRO
            create=system::CATEGORIES_NEW
            on_create=Callback::new(move |()| start(None))
            error=edits.remove_error
        >
            <AsyncView
                resource=list
                ok=move |page| {
                    let total = page.total;
                    view! {
                        <DataTable rows=page.rows columns=columns.clone() caption=system::CATEGORIES_TITLE actions=actions.clone() />
                        <Pager total query />
                    }
                }
            />
        </RecordScreen>
        <RecordDialog
            form
            title=edits.dialog_title(system::CATEGORIES_EDIT, system::CATEGORIES_NEW)
            on_submit=submit
        >
            <TextField form=form.id name="name" label=common::FIELD_NAME value=name errors=form.errors required=true />
            <TextField form=form.id name="code" label=system::FIELD_CODE value=code errors=form.errors required=true hint=system::KEY_HINT />
        </RecordDialog>
    }
}
