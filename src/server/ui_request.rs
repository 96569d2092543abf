//! What a server function knows about its caller: the app state and the signed-in user.

use leptos::prelude::use_context;
use tower_sessions::Session;

use crate::account::CurrentUser;
use crate::error::UiError;
use crate::server::accounts::{self, AccountError};
use crate::server::sessions::signed_in_user;
use crate::server::state::AppState;

/// Sets the response status that matches `error` (401, 403, 500) and hands it back, so
/// browsers' network panels and proxies see what happened.
pub fn fail(error: UiError) -> UiError {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(error.http_status()) {
            response.set_status(status);
        }
    }
    error
}

/// The shared state; always provided by the router.
pub fn state() -> Result<AppState, UiError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        fail(UiError::Internal)
    })
}

/// The caller's session.
pub async fn session() -> Result<Session, UiError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "no session layer in front of server functions");
        fail(UiError::Internal)
    })
}

/// The signed-in, still enabled user; disabled or deleted accounts lose their session here.
pub async fn user() -> Result<CurrentUser, UiError> {
    let session = session().await?;
    let username = signed_in_user(&session)
        .await
        .ok_or(UiError::Unauthenticated)?;
    let state = state()?;
    match accounts::find_enabled(&state.db, &username)
        .await
        .map_err(internal)?
    {
        Some(user) => Ok(user),
        None => {
            let _ = session.flush().await;
            Err(fail(UiError::Unauthenticated))
        }
    }
}

/// The signed-in user if an administrator, else `Forbidden`.
pub async fn admin() -> Result<CurrentUser, UiError> {
    let user = user().await?;
    if user.is_admin {
        Ok(user)
    } else {
        Err(fail(UiError::Forbidden))
    }
}

/// Logs an internal failure and hides its details from the browser.
pub fn internal(error: AccountError) -> UiError {
    fail(match error {
        AccountError::InvalidCredentials => UiError::InvalidCredentials,
        AccountError::Disabled => UiError::AccountDisabled,
        other => {
            tracing::error!(error = %other, "server function failed");
            UiError::Internal
        }
    })
}
