//! System management: installation facts and accounts.

use leptos::prelude::*;

use crate::account::{Page, SystemInfo, UserRow};
use crate::error::UiError;

/// Rows per page of the user list.
pub const USERS_PAGE_SIZE: u32 = 20;

/// Facts about this installation for the home page.
#[server(prefix = "/api", endpoint = "system_status")]
pub async fn system_status() -> Result<SystemInfo, UiError> {
    use crate::server::display_time::format_millis;
    use crate::server::{accounts, ui_request};

    ui_request::user().await?;
    let state = ui_request::state()?;
    let users = accounts::count(&state.db)
        .await
        .map_err(ui_request::internal)?;
    Ok(SystemInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: state.db.backend_name().to_owned(),
        users,
        started: format_millis(state.started_at, state.settings.utc_offset),
    })
}

/// One page of accounts (administrators only); `page` starts at 1.
#[server(prefix = "/api", endpoint = "list_users")]
pub async fn list_users(page: u32) -> Result<Page<UserRow>, UiError> {
    use crate::server::{accounts, ui_request};

    ui_request::admin().await?;
    let state = ui_request::state()?;
    accounts::list(&state.db, page, USERS_PAGE_SIZE, state.settings.utc_offset)
        .await
        .map_err(ui_request::internal)
}
