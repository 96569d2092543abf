//! 工单分类: process categories (name + code), created, edited and deleted in a dialog.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{common, system, use_locale};
use crate::kit::confirm_button::ConfirmButton;
use crate::kit::error_notice::ErrorNotice;
use crate::kit::form_field::{focus_refused_field, FormAlert, FormErrors, TextField};
use crate::kit::modal::Modal;
use crate::server_fns::catalog::{list_categories, DeleteCategory, SaveCategory};
use crate::system::CategoryEntry;

const FORM: &str = "category";

/// The category table and its dialog.
#[component]
pub fn CategoriesPage() -> impl IntoView {
    let t = use_locale();
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
        <Title text=move || system::CATEGORIES_TITLE.of(t.get()) />
        <div class="page-header">
            <h1>{move || system::CATEGORIES_TITLE.of(t.get())}</h1>
            <p class="muted">{move || system::CATEGORIES_INTRO.of(t.get())}</p>
        </div>
        <section class="card">
            <Transition fallback=move || view! { <p class="muted">{move || common::LOADING.of(t.get())}</p> }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Ok(rows) => {
                                let empty = rows.is_empty();
                                view! {
                                    <div class="toolbar">
                                        <button type="button" class="button primary" on:click=move |_| start(None)>
                                            {move || system::CATEGORIES_NEW.of(t.get())}
                                        </button>
                                    </div>
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <thead>
                                                <tr>
                                                    <th scope="col">{move || common::COL_NAME.of(t.get())}</th>
                                                    <th scope="col">{move || system::COL_CODE.of(t.get())}</th>
                                                    <th scope="col" class="actions">{move || common::COL_ACTIONS.of(t.get())}</th>
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
                                                                        {move || common::ACT_EDIT.of(t.get())}
                                                                    </button>
                                                                    <ConfirmButton
                                                                        label=common::ACT_DELETE
                                                                        question=common::CONFIRM_DELETE
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
                                        <p class="muted empty-row">{move || common::EMPTY_LIST.of(t.get())}</p>
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
                if editing.get().is_some() { system::CATEGORIES_EDIT.of(t.get()) } else { system::CATEGORIES_NEW.of(t.get()) }.to_owned()
            })
        >
            <form on:submit=submit novalidate>
                <TextField form=FORM name="name" label=common::FIELD_NAME value=name errors=errors required=true />
                <TextField form=FORM name="code" label=system::FIELD_CODE value=code errors=errors required=true hint=system::KEY_HINT />
                <FormAlert errors=errors />
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>
                        {move || common::ACT_CANCEL.of(t.get())}
                    </button>
                    <button type="submit" class="button primary" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { common::ACT_SAVING.of(t.get()) } else { common::ACT_SAVE.of(t.get()) }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
