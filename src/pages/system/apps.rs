//! 应用管理: front-end applications that call the API with an appID and a secret.

use leptos::prelude::*;

use crate::components::client_registry::ClientRegistry;
use crate::i18n::{system, Text};
use crate::server_fns::integrations::ClientKind;

/// Registered applications.
#[component]
pub fn AppsPage() -> impl IntoView {
    view! {
        <ClientRegistry
            kind=ClientKind::App
            title=system::APPS_TITLE
            intro=system::APPS_INTRO
            register_label=system::APPS_REGISTER
            id_label=Text::new("appID", "appID")
        />
    }
}
