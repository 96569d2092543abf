//! The screen body shared by 应用管理 and 服务管理: both register API callers that get an ID
//! and a secret, list them, rename and delete them. The secret is shown once, right after
//! registration, in a dialog that says so; closing it drops the secret from the page.

use leptos::prelude::*;

use crate::i18n::{common, system, use_locale, Text};
use crate::kit::confirm_button::ConfirmButton;
use crate::kit::error_notice::ErrorNotice;
use crate::kit::form_field::{focus_refused_field, FormAlert, FormErrors, TextField};
use crate::kit::modal::Modal;
use crate::server_fns::integrations::{
    list_clients, ClientKind, DeleteClient, RegisterClient, RenameClient,
};

/// List, register, rename and delete callers of `kind`.
#[component]
pub fn ClientRegistry(
    /// Applications or services.
    kind: ClientKind,
    /// Text of the register button and dialog title.
    register_label: Text,
    /// Name of the ID column (`appID`, `serverID`).
    id_label: &'static str,
) -> impl IntoView {
    let t = use_locale();
    let register = ServerAction::<RegisterClient>::new();
    let rename = ServerAction::<RenameClient>::new();
    let remove = ServerAction::<DeleteClient>::new();
    let list = Resource::new(
        move || {
            (
                register.version().get(),
                rename.version().get(),
                remove.version().get(),
            )
        },
        move |_| list_clients(kind),
    );
    let form = match kind {
        ClientKind::App => "app",
        ClientKind::Service => "service",
    };

    // Register dialog.
    let register_open = RwSignal::new(false);
    let new_name = RwSignal::new(String::new());
    let register_errors: FormErrors =
        Signal::derive(move || register.value().get().and_then(Result::err));
    focus_refused_field(form, register_errors);
    let credentials = move || register.value().get().and_then(Result::ok);
    let secret_open = RwSignal::new(false);
    let copied = RwSignal::new(false);
    Effect::new(move |_| {
        if credentials().is_some() {
            register_open.set(false);
            new_name.set(String::new());
            copied.set(false);
            secret_open.set(true);
        }
    });
    // Closing the secret dialog forgets the secret: it is not kept anywhere in the page.
    Effect::new(move |_| {
        if !secret_open.get()
            && register
                .value()
                .with_untracked(|v| matches!(v, Some(Ok(_))))
        {
            register.value().set(None);
        }
    });

    // Rename dialog.
    let rename_open = RwSignal::new(false);
    let renaming = RwSignal::new(String::new());
    let rename_to = RwSignal::new(String::new());
    let rename_errors: FormErrors =
        Signal::derive(move || rename.value().get().and_then(Result::err));
    let rename_form = match kind {
        ClientKind::App => "app-rename",
        ClientKind::Service => "service-rename",
    };
    focus_refused_field(rename_form, rename_errors);
    Effect::new(move |_| {
        if let Some(Ok(())) = rename.value().get() {
            rename_open.set(false);
        }
    });
    let delete_error = move || remove.value().get().and_then(Result::err);

    view! {
        <section class="card">
            <Transition fallback=move || view! { <p class="muted">{move || common::LOADING.of(t.get())}</p> }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Ok(rows) => {
                                let empty = rows.is_empty();
                                view! {
                                    <div class="toolbar">
                                        <button
                                            type="button"
                                            class="button primary"
                                            on:click=move |_| {
                                                register.value().set(None);
                                                register_open.set(true);
                                            }
                                        >
                                            {move || register_label.of(t.get())}
                                        </button>
                                    </div>
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <thead>
                                                <tr>
                                                    <th scope="col">{move || common::COL_NAME.of(t.get())}</th>
                                                    <th scope="col">{id_label}</th>
                                                    <th scope="col">{move || common::COL_CREATED.of(t.get())}</th>
                                                    <th scope="col" class="actions">{move || common::COL_ACTIONS.of(t.get())}</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {rows
                                                    .into_iter()
                                                    .map(|row| {
                                                        let id = row.id.clone();
                                                        let current = (row.id.clone(), row.name.clone());
                                                        view! {
                                                            <tr>
                                                                <td>{row.name.clone()}</td>
                                                                <td><code>{row.id.clone()}</code></td>
                                                                <td class="nowrap">{row.created}</td>
                                                                <td class="actions">
                                                                    <button
                                                                        type="button"
                                                                        class="link-button"
                                                                        on:click=move |_| {
                                                                            rename.value().set(None);
                                                                            renaming.set(current.0.clone());
                                                                            rename_to.set(current.1.clone());
                                                                            rename_open.set(true);
                                                                        }
                                                                    >
                                                                        {move || common::ACT_RENAME.of(t.get())}
                                                                    </button>
                                                                    <ConfirmButton
                                                                        label=common::ACT_DELETE
                                                                        question=common::CONFIRM_DELETE
                                                                        subject=row.name
                                                                        on_confirm=Callback::new(move |()| {
                                                                            remove.dispatch(DeleteClient { kind, id: id.clone() });
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
        <Modal open=register_open id=form title=Signal::derive(move || register_label.of(t.get()).to_owned())>
            <form
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    register.dispatch(RegisterClient { kind, name: new_name.get_untracked() });
                }
            >
                <TextField form=form name="name" label=common::FIELD_NAME value=new_name errors=register_errors required=true />
                <FormAlert errors=register_errors />
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| register_open.set(false)>
                        {move || common::ACT_CANCEL.of(t.get())}
                    </button>
                    <button type="submit" class="button primary" disabled=move || register.pending().get()>
                        {move || if register.pending().get() { common::ACT_SAVING.of(t.get()) } else { register_label.of(t.get()) }}
                    </button>
                </div>
            </form>
        </Modal>
        <Modal open=secret_open id="secret" title=Signal::derive(move || system::SECRET_TITLE.of(t.get()).to_owned())>
            <div class="notice notice-warning" role="alert">{move || system::SECRET_WARNING.of(t.get())}</div>
            {move || {
                credentials()
                    .map(|c| {
                        let secret = c.secret.clone();
                        view! {
                            <dl class="facts secret-facts">
                                <dt>{id_label}</dt>
                                <dd><code>{c.id}</code></dd>
                                <dt>{move || system::SECRET_LABEL.of(t.get())}</dt>
                                <dd><code class="secret" data-testid="secret">{c.secret}</code></dd>
                            </dl>
                            <div class="form-actions">
                                <button
                                    type="button"
                                    class="button"
                                    on:click=move |_| {
                                        copy_to_clipboard(&secret);
                                        copied.set(true);
                                    }
                                >
                                    {move || if copied.get() { common::ACT_COPIED.of(t.get()) } else { common::ACT_COPY.of(t.get()) }}
                                </button>
                                <button type="button" class="button primary" on:click=move |_| secret_open.set(false)>
                                    {move || system::SECRET_SAVED.of(t.get())}
                                </button>
                            </div>
                        }
                    })
            }}
        </Modal>
        <Modal open=rename_open id=rename_form title=Signal::derive(move || common::ACT_RENAME.of(t.get()).to_owned())>
            <form
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    rename.dispatch(RenameClient {
                        kind,
                        id: renaming.get_untracked(),
                        name: rename_to.get_untracked(),
                    });
                }
            >
                <TextField form=rename_form name="name" label=common::FIELD_NAME value=rename_to errors=rename_errors required=true />
                <FormAlert errors=rename_errors />
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| rename_open.set(false)>
                        {move || common::ACT_CANCEL.of(t.get())}
                    </button>
                    <button type="submit" class="button primary" disabled=move || rename.pending().get()>
                        {move || if rename.pending().get() { common::ACT_SAVING.of(t.get()) } else { common::ACT_SAVE.of(t.get()) }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// Puts `text` on the clipboard (the page is a secure context: HTTPS or localhost).
fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}
