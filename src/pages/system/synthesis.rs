//! 综合分类: the composite work-order category tree, shown indented; nodes are created,
//! moved, renamed and deleted in a dialog.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{common, system, use_locale};
use crate::kit::confirm_button::ConfirmButton;
use crate::kit::error_notice::ErrorNotice;
use crate::kit::form_field::{focus_refused_field, Field, FormAlert, FormErrors, TextField};
use crate::kit::modal::Modal;
use crate::server_fns::catalog::{list_synthesis, DeleteSynthesis, SaveSynthesis};
use crate::system::{tree_order, SynthesisEntry};

const FORM: &str = "synthesis";

/// The tree table and its dialog.
#[component]
pub fn SynthesisPage() -> impl IntoView {
    let t = use_locale();
    let save = ServerAction::<SaveSynthesis>::new();
    let remove = ServerAction::<DeleteSynthesis>::new();
    let list = Resource::new(
        move || (save.version().get(), remove.version().get()),
        |_| list_synthesis(),
    );

    let open = RwSignal::new(false);
    let editing = RwSignal::new(None::<i64>);
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let errors: FormErrors = Signal::derive(move || save.value().get().and_then(Result::err));
    focus_refused_field(FORM, errors);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            open.set(false);
        }
    });
    let start = move |row: Option<SynthesisEntry>| {
        save.value().set(None);
        editing.set(row.as_ref().map(|r| r.synthesis_id));
        name.set(row.as_ref().map(|r| r.name.clone()).unwrap_or_default());
        parent.set(
            row.as_ref()
                .and_then(|r| r.parent_id)
                .map(|p| p.to_string())
                .unwrap_or_default(),
        );
        description.set(row.and_then(|r| r.description).unwrap_or_default());
        open.set(true);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveSynthesis {
            synthesis_id: editing.get_untracked(),
            name: name.get_untracked(),
            parent_id: parent.get_untracked().parse().ok(),
            description: description.get_untracked(),
        });
    };
    let delete_error = move || remove.value().get().and_then(Result::err);
    // The parent choices: every node in tree order, the edited one included (the server
    // refuses a cycle with a field error, which says more than a silently missing option).
    let choices = move || {
        list.get()
            .and_then(Result::ok)
            .map(|rows| tree_order(&rows, |r| r.synthesis_id, |r| r.parent_id))
            .unwrap_or_default()
    };

    view! {
        <Title text=move || system::SYNTHESIS_TITLE.of(t.get()) />
        <div class="page-header">
            <h1>{move || system::SYNTHESIS_TITLE.of(t.get())}</h1>
            <p class="muted">{move || system::SYNTHESIS_INTRO.of(t.get())}</p>
        </div>
        <section class="card">
            <Transition fallback=move || view! { <p class="muted">{move || common::LOADING.of(t.get())}</p> }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Ok(rows) => {
                                let empty = rows.is_empty();
                                let ordered = tree_order(&rows, |r| r.synthesis_id, |r| r.parent_id);
                                view! {
                                    <div class="toolbar">
                                        <button type="button" class="button primary" on:click=move |_| start(None)>
                                            {move || system::SYNTHESIS_NEW.of(t.get())}
                                        </button>
                                    </div>
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <thead>
                                                <tr>
                                                    <th scope="col">{move || common::COL_NAME.of(t.get())}</th>
                                                    <th scope="col">{move || common::COL_DESCRIPTION.of(t.get())}</th>
                                                    <th scope="col" class="actions">{move || common::COL_ACTIONS.of(t.get())}</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {ordered
                                                    .into_iter()
                                                    .map(|(depth, row)| {
                                                        let id = row.synthesis_id;
                                                        let edit_row = row.clone();
                                                        view! {
                                                            <tr>
                                                                <td>
                                                                    <span class="tree-name" style=format!("--depth: {depth}")>
                                                                        {(depth > 0).then_some(view! { <span class="tree-branch" aria-hidden="true">"└"</span> })}
                                                                        {row.name.clone()}
                                                                    </span>
                                                                </td>
                                                                <td class="muted">{row.description.clone().unwrap_or_default()}</td>
                                                                <td class="actions">
                                                                    <button type="button" class="link-button" on:click=move |_| start(Some(edit_row.clone()))>
                                                                        {move || common::ACT_EDIT.of(t.get())}
                                                                    </button>
                                                                    <ConfirmButton
                                                                        label=common::ACT_DELETE
                                                                        question=common::CONFIRM_DELETE
                                                                        subject=row.name
                                                                        on_confirm=Callback::new(move |()| {
                                                                            remove.dispatch(DeleteSynthesis { synthesis_id: id });
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
                if editing.get().is_some() { system::SYNTHESIS_EDIT.of(t.get()) } else { system::SYNTHESIS_NEW.of(t.get()) }.to_owned()
            })
        >
            <form on:submit=submit novalidate>
                <TextField form=FORM name="name" label=common::FIELD_NAME value=name errors=errors required=true />
                <Field form=FORM name="parent_id" label=system::FIELD_PARENT_NODE errors=errors>
                    <select
                        id="synthesis-parent_id"
                        prop:value=move || parent.get()
                        on:change=move |ev| parent.set(event_target_value(&ev))
                    >
                        <option value="">{move || common::NONE_OPTION.of(t.get())}</option>
                        {move || {
                            choices()
                                .into_iter()
                                .map(|(depth, n)| {
                                    let value = n.synthesis_id.to_string();
                                    let selected = parent.get_untracked() == value;
                                    view! {
                                        <option value=value selected=selected>
                                            {format!("{}{}", "　".repeat(depth), n.name)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </Field>
                <TextField form=FORM name="description" label=common::FIELD_DESCRIPTION value=description errors=errors />
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
