//! 服务管理: back-end services that call the API with a serverID and a secret.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::client_registry::ClientRegistry;
use crate::i18n::use_texts;
use crate::server_fns::integrations::ClientKind;

/// Registered services.
#[component]
pub fn ServicesPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=move || t.get().services_title />
        <div class="page-header">
            <h1>{move || t.get().services_title}</h1>
            <p class="muted">{move || t.get().services_intro}</p>
        </div>
        <ClientRegistry kind=ClientKind::Service register_label=|t| t.services_register id_label="serverID" />
    }
}
