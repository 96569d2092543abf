//! The screen shared by 应用管理 and 服务管理: both register API callers that get an ID and a
//! secret, list them, rename and delete them. The secret is shown once, right after
//! registration, in a dialog that says so; closing it drops the secret from the page.

use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::{common, system, use_locale, Text};
use crate::kit::async_view::AsyncView;
use crate::kit::confirm_button::ConfirmButton;
use crate::kit::data_table::{Column, DataTable, RowActions};
use crate::kit::form_field::TextField;
use crate::kit::list_query::use_list_query;
use crate::kit::modal::Modal;
use crate::kit::pager::Pager;
use crate::kit::record_dialog::{RecordDialog, RecordForm};
use crate::kit::record_screen::RecordScreen;
use crate::server_fns::integrations::{
    list_clients, ClientKind, DeleteClient, RegisterClient, RenameClient,
};
use crate::system::ClientEntry;

/// List, register, rename and delete callers of `kind`.
#[component]
pub fn ClientRegistry(
    /// Applications or services.
    kind: ClientKind,
    /// The screen's title.
    title: Text,
    /// What the screen is for.
    intro: Text,
    /// Text of the register button and dialog title.
    register_label: Text,
    /// Name of the ID column (`appID`, `serverID`).
    id_label: Text,
) -> impl IntoView {
    let t = use_locale();
    let query = use_list_query();
    let register = ServerAction::<RegisterClient>::new();
    let rename = ServerAction::<RenameClient>::new();
    let remove = ServerAction::<DeleteClient>::new();
    let list = Resource::new(
        move || {
            (
                query.get(),
                register.version().get(),
                rename.version().get(),
                remove.version().get(),
            )
        },
        move |(query, ..)| list_clients(kind, query),
    );
    let (form_id, rename_id) = match kind {
        ClientKind::App => ("app", "app-rename"),
        ClientKind::Service => ("service", "service-rename"),
    };

    // Register dialog, then the one-time secret.
    let register_form = RecordForm::new(form_id, register);
    let new_name = RwSignal::new(String::new());
    let credentials = move || register.value().get().and_then(Result::ok);
    let secret_open = RwSignal::new(false);
    let copied = RwSignal::new(false);
    Effect::new(move |_| {
        if credentials().is_some() {
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
    let rename_form = RecordForm::new(rename_id, rename);
    let renaming = RwSignal::new(String::new());
    let rename_to = RwSignal::new(String::new());

    let columns = vec![
        Column::text(common::COL_NAME, |c: &ClientEntry| c.name.clone()),
        Column::new(
            id_label,
            |c: &ClientEntry| view! { <code>{c.id.clone()}</code> },
        ),
        Column::text(common::COL_CREATED, |c: &ClientEntry| c.created.clone()).class("nowrap"),
    ];
    let actions: RowActions<ClientEntry> = Arc::new(move |c: &ClientEntry| {
        let id = c.id.clone();
        let current = (c.id.clone(), c.name.clone());
        view! {
            <button
                type="button"
                class="link-button"
                on:click=move |_| {
                    renaming.set(current.0.clone());
                    rename_to.set(current.1.clone());
                    rename_form.open();
                }
            >
                {move || common::ACT_RENAME.of(t.get())}
            </button>
            <ConfirmButton
                label=common::ACT_DELETE
                question=common::CONFIRM_DELETE
                subject=c.name.clone()
                on_confirm=Callback::new(move |()| {
                    remove.dispatch(DeleteClient { kind, id: id.clone() });
                })
            />
        }
        .into_any()
    });

    view! {
        <RecordScreen
            title
            intro
            create=register_label
            on_create=Callback::new(move |()| register_form.open())
            error=Signal::derive(move || remove.value().get().and_then(Result::err))
        >
            <AsyncView
                resource=list
                ok=move |page| {
                    let total = page.total;
                    view! {
                        <DataTable rows=page.rows columns=columns.clone() caption=title actions=actions.clone() />
                        <Pager total query />
                    }
                }
            />
        </RecordScreen>
        <RecordDialog
            form=register_form
            title=Signal::derive(move || register_label.of(t.get()).to_owned())
            on_submit=Callback::new(move |()| {
                register.dispatch(RegisterClient { kind, name: new_name.get_untracked() });
            })
            save=register_label
        >
            <TextField form=form_id name="name" label=common::FIELD_NAME value=new_name errors=register_form.errors required=true />
        </RecordDialog>
        <Modal open=secret_open id="secret" title=Signal::derive(move || system::SECRET_TITLE.of(t.get()).to_owned())>
            <div class="notice notice-warning" role="alert">{move || system::SECRET_WARNING.of(t.get())}</div>
            {move || {
                credentials()
                    .map(|c| {
                        let secret = c.secret.clone();
                        view! {
                            <dl class="facts secret-facts">
                                <dt>{move || id_label.of(t.get())}</dt>
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
        <RecordDialog
            form=rename_form
            title=Signal::derive(move || common::ACT_RENAME.of(t.get()).to_owned())
            on_submit=Callback::new(move |()| {
                rename.dispatch(RenameClient {
                    kind,
                    id: renaming.get_untracked(),
                    name: rename_to.get_untracked(),
                });
            })
        >
            <TextField form=rename_id name="name" label=common::FIELD_NAME value=rename_to errors=rename_form.errors required=true />
        </RecordDialog>
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
