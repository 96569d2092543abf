//! 工单分类: process categories (name + code), created, edited and deleted in a dialog.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::confirm_button::ConfirmButton;
use crate::components::error_notice::ErrorNotice;
use crate::components::form_field::{focus_refused_field, FormAlert, FormErrors, TextField};
use crate::components::modal::Modal;
use crate::i18n::use_texts;
use crate::server_fns::catalog::{list_categories, DeleteCategory, SaveCategory};
use crate::system::CategoryEntry;

const FORM: &str = "category";

/// The category table and its dialog.
#[component]
pub fn CategoriesPage() -> impl IntoView {
    let t = use_texts();
    let save = ServerAction::<SaveCategory>::new();
    let remove = ServerAction::<DeleteCategory>::new();
    // Every finished save or delete reloads the list.
    let list = Resource::new(
        move || (save.version().get(), remove.version().get()),
        |_| list_categories(),
    );

    let open = RwSignal::new(false);
    let editing = RwSignal::new(None::<i64>);
    let name = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let errors: FormErrors = Signal::derive(move || save.value().get().and_then(Result::err));
    focus_refused_field(FORM, errors);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            open.set(false);
        }
    });
    let start = move |row: Option<CategoryEntry>| {
        save.value().set(None);
        editing.set(row.as_ref().map(|r| r.category_id));
        name.set(row.as_ref().map(|r| r.name.clone()).unwrap_or_default());
        code.set(row.map(|r| r.code).unwrap_or_default());
        open.set(true);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveCategory {
            category_id: editing.get_untracked(),
            name: name.get_untracked(),
            code: code.get_untracked(),
        });
    };
    let delete_error = move || remove.value().get().and_then(Result::err);

    view! {
        <Title text=move || t.get().categories_title />
        <div class="page-header">
            <h1>{move || t.get().categories_title}</h1>
            <p class="muted">{move || t.get().categories_intro}</p>
        </div>
        <section class="card">
            <Transition fallback=move || view! { <p class="muted">{move || t.get().loading}</p> }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Ok(rows) => {
                                let empty = rows.is_empty();
                                view! {
                                    <div class="toolbar">
                                        <button type="button" class="button primary" on:click=move |_| start(None)>
                                            {move || t.get().categories_new}
                                        </button>
                                    </div>
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <thead>
                                                <tr>
                                                    <th scope="col">{move || t.get().col_name}</th>
                                                    <th scope="col">{move || t.get().col_code}</th>
                                                    <th scope="col" class="actions">{move || t.get().col_actions}</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {rows
                                                    .into_iter()
                                                    .map(|row| {
                                                        let id = row.category_id;
                                                        let edit_row = row.clone();
                                                        view! {
                                                            <tr>
                                                                <td>{row.name.clone()}</td>
                                                                <td><code>{row.code.clone()}</code></td>
                                                                <td class="actions">
                                                                    <button type="button" class="link-button" on:click=move |_| start(Some(edit_row.clone()))>
                                                                        {move || t.get().act_edit}
                                                                    </button>
                                                                    <ConfirmButton
                                                                        label=|t| t.act_delete
                                                                        question=|t| t.confirm_delete
                                                                        subject=row.name
                                                                        on_confirm=Callback::new(move |()| {
                                                                            remove.dispatch(DeleteCategory { category_id: id });
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
                if editing.get().is_some() { t.get().categories_edit } else { t.get().categories_new }.to_owned()
            })
        >
            <form on:submit=submit novalidate>
                <TextField form=FORM name="name" label=|t| t.field_name value=name errors=errors required=true />
                <TextField form=FORM name="code" label=|t| t.field_code value=code errors=errors required=true hint=|t| t.key_hint />
                <FormAlert errors=errors />
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>
                        {move || t.get().act_cancel}
                    </button>
                    <button type="submit" class="button primary" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { t.get().act_saving } else { t.get().act_save }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
