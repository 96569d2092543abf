//! 应用管理: front-end applications that call the API with an appID and a secret.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::client_registry::ClientRegistry;
use crate::i18n::{system, use_locale};
use crate::server_fns::integrations::ClientKind;

/// Registered applications.
#[component]
pub fn AppsPage() -> impl IntoView {
    let t = use_locale();
    view! {
        <Title text=move || system::APPS_TITLE.of(t.get()) />
        <div class="page-header">
            <h1>{move || system::APPS_TITLE.of(t.get())}</h1>
            <p class="muted">{move || system::APPS_INTRO.of(t.get())}</p>
        </div>
        <ClientRegistry kind=ClientKind::App register_label=system::APPS_REGISTER id_label="appID" />
    }
}
