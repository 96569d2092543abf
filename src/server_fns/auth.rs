//! Signing in and out.

use leptos::prelude::*;

use crate::error::UiError;

/// Signs in with a username and password, then goes to `next` (a local path) or home.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(
    username: String,
    password: String,
    next: Option<String>,
) -> Result<(), UiError> {
    use crate::server::service::accounts;
    use crate::server::sessions::USER_KEY;
    use crate::server::sign_in_gate::safe_next;
    use crate::server::ui_request;

    let state = ui_request::state()?;
    let session = ui_request::session().await?;
    let user = accounts::sign_in(&state.db, &ui_request::client_addr(), &username, &password)
        .await
        .map_err(ui_request::ui_error)?;
    // A new id on sign-in, so a session id planted before login is worthless after it.
    session.cycle_id().await.map_err(|e| {
        tracing::error!(error = %e, "cannot renew the session id");
        ui_request::fail(UiError::Internal)
    })?;
    session
        .insert(USER_KEY, &user.username)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "cannot store the session");
            ui_request::fail(UiError::Internal)
        })?;
    tracing::info!(user = %user.username, "signed in");
    leptos_axum::redirect(safe_next(next.as_deref().unwrap_or("/")));
    Ok(())
}

/// Ends the session and goes to the login page.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), UiError> {
    use crate::server::ui_request;

    let session = ui_request::session().await?;
    session.flush().await.map_err(|e| {
        tracing::error!(error = %e, "cannot delete the session");
        ui_request::fail(UiError::Internal)
    })?;
    leptos_axum::redirect("/login");
    Ok(())
}
