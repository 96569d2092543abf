//! 应用管理: front-end applications that call the API with an appID and a secret.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::client_registry::ClientRegistry;
use crate::i18n::use_texts;
use crate::server_fns::integrations::ClientKind;

/// Registered applications.
#[component]
pub fn AppsPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=move || t.get().apps_title />
        <div class="page-header">
            <h1>{move || t.get().apps_title}</h1>
            <p class="muted">{move || t.get().apps_intro}</p>
        </div>
        <ClientRegistry kind=ClientKind::App register_label=|t| t.apps_register id_label="appID" />
    }
}
