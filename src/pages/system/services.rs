//! 服务管理: back-end services that call the API with a serverID and a secret.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::client_registry::ClientRegistry;
use crate::i18n::{system, use_locale};
use crate::server_fns::integrations::ClientKind;

/// Registered services.
#[component]
pub fn ServicesPage() -> impl IntoView {
    let t = use_locale();
    view! {
        <Title text=move || system::SERVICES_TITLE.of(t.get()) />
        <div class="page-header">
            <h1>{move || system::SERVICES_TITLE.of(t.get())}</h1>
            <p class="muted">{move || system::SERVICES_INTRO.of(t.get())}</p>
        </div>
        <ClientRegistry kind=ClientKind::Service register_label=system::SERVICES_REGISTER id_label="serverID" />
    }
}
