//! 服务管理: back-end services that call the API with a serverID and a secret.

use leptos::prelude::*;

use crate::components::client_registry::ClientRegistry;
use crate::i18n::{system, Text};
use crate::server_fns::integrations::ClientKind;

/// Registered services.
#[component]
pub fn ServicesPage() -> impl IntoView {
    view! {
        <ClientRegistry
            kind=ClientKind::Service
            title=system::SERVICES_TITLE
            intro=system::SERVICES_INTRO
            register_label=system::SERVICES_REGISTER
            id_label=Text::new("serverID", "serverID")
        />
    }
}
