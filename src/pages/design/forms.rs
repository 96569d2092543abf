//! 表单定义: the forms, paged through the URL; each opens in the designer, where saving makes
//! its next version. Deleting asks once (refused while a process version binds the form).

use leptos::prelude::*;

use crate::design::FormRow;
use crate::i18n::{common, design as text, tr, use_locale};
use crate::kit::async_view::{ActionError, AsyncView};
use crate::kit::confirm_button::ConfirmButton;
use crate::kit::data_table::{Column, DataTable, RowActions};
use crate::kit::list_query::use_list_query;
use crate::kit::page_header::PageHeader;
use crate::kit::pager::Pager;
use crate::server_fns::design::{list_forms, DeleteForm};

/// The designer's path; `?form=<id>` opens a form, `&version=<n>` an older version.
pub const DESIGNER_PATH: &str = "/design/form-designer";

/// The designer's link for a form (its latest version).
pub fn designer_href(form_id: i64) -> String {
    format!("{DESIGNER_PATH}?form={form_id}")
}

/// The form list.
#[component]
pub fn FormsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_list_query();
    let remove = ServerAction::<DeleteForm>::new();
    let list = Resource::new(
        move || (query.get(), remove.version().get()),
        |(query, _)| list_forms(query),
    );
    let remove_error = Signal::derive(move || remove.value().get().and_then(|result| result.err()));
    let columns = vec![
        Column::new(common::COL_NAME, |f: &FormRow| {
            view! { <a href=designer_href(f.form_id)>{f.name.clone()}</a> }
        }),
        Column::new(text::COL_LATEST, move |f: &FormRow| {
            let version = f.latest_version;
            view! { <span>{move || text::VERSION_N.of(locale.get()).replace("{}", &version.to_string())}</span> }
        })
        .class("nowrap"),
        Column::text(text::COL_UPDATED, |f: &FormRow| f.updated.clone()).class("nowrap"),
    ];
    let actions: RowActions<FormRow> = std::sync::Arc::new(move |f: &FormRow| {
        let form_id = f.form_id;
        view! {
            <a class="link-button" href=designer_href(form_id)>{tr(text::ACT_DESIGN)}</a>
            <ConfirmButton
                label=common::ACT_DELETE
                question=common::CONFIRM_DELETE
                subject=f.name.clone()
                on_confirm=Callback::new(move |()| {
                    remove.dispatch(DeleteForm { form_id });
                })
            />
        }
        .into_any()
    });
    view! {
        <PageHeader title=text::FORMS_TITLE intro=text::FORMS_INTRO>
            <a class="button primary" href=DESIGNER_PATH>{tr(text::NEW_FORM)}</a>
        </PageHeader>
        <section class="card">
            <ActionError error=remove_error />
            <AsyncView
                resource=list
                ok=move |page| {
                    if page.total == 0 {
                        return view! {
                            <div class="empty-state">
                                <p>{tr(text::NO_FORMS)}</p>
                                <a class="button primary" href=DESIGNER_PATH>{tr(text::NEW_FORM)}</a>
                            </div>
                        }
                        .into_any();
                    }
                    let total = page.total;
                    view! {
                        <DataTable rows=page.rows columns=columns.clone() caption=text::FORMS_TITLE actions=actions.clone() />
                        <Pager total query />
                    }
                    .into_any()
                }
            />
        </section>
    }
}
