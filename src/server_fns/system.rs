//! Installation facts.

use leptos::prelude::*;

use crate::account::SystemInfo;
use crate::error::UiError;

/// Facts about this installation for the home page.
#[server(prefix = "/api", endpoint = "system_status")]
pub async fn system_status() -> Result<SystemInfo, UiError> {
    use crate::server::display_time::format_millis;
    use crate::server::service::accounts;
    use crate::server::ui_request;

    ui_request::user().await?;
    let state = ui_request::state()?;
    let users = accounts::count(&state.db)
        .await
        .map_err(ui_request::ui_error)?;
    Ok(SystemInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: state.db.backend_name().to_owned(),
        users,
        started: format_millis(state.started_at, state.settings.utc_offset),
    })
}
