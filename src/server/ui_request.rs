//! What a server function knows about its caller: the app state and the signed-in user.

use leptos::prelude::use_context;
use tower_sessions::Session;

use crate::account::CurrentUser;
use crate::error::{Problem, UiError};
use crate::server::service::accounts::{self, AccountError};
use crate::server::service::names::{Code, DisplayName, NewPassword, PasswordProblem, TextProblem};
use crate::server::service::records::RecordError;
use crate::server::sessions::signed_in_user;
use crate::server::state::AppState;

/// Sets the response status that matches `error` (401, 403, 500, ...) and hands it back, so
/// browsers' network panels and proxies see what happened.
///
/// Only for a server function called over HTTP: while a page renders on the server, its
/// resources call the same functions in-process, and a status set then would race the streamed
/// response head (the page shows the error in place and keeps its own status).
pub fn fail(error: UiError) -> UiError {
    let called_over_http = use_context::<http::request::Parts>()
        .is_some_and(|parts| parts.uri.path().starts_with("/api/"));
    if called_over_http {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(status) = http::StatusCode::from_u16(error.http_status()) {
                response.set_status(status);
            }
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

/// The caller's network address (the peer of the connection), for the sign-in throttle.
pub fn client_addr() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
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
        .ok_or_else(|| fail(UiError::Unauthenticated))?;
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
        AccountError::Throttled(wait) => UiError::TooManyAttempts(wait.as_secs().max(1)),
        other => {
            tracing::error!(error = %other, "server function failed");
            UiError::Internal
        }
    })
}

/// Translates a record service's refusal into what the form can show; database failures are
/// logged and hidden. Field names of the services are the REST API's (`deptId`), mapped here to
/// the server function arguments the forms use (`dept_id`).
pub fn record(error: RecordError) -> UiError {
    let form_field = |api: &str| -> String {
        match api {
            "deptId" => "dept_id".into(),
            "parentId" => "parent_id".into(),
            other => other.into(),
        }
    };
    fail(match error {
        RecordError::NotFound => UiError::NotFound,
        RecordError::InUse => UiError::Conflict,
        RecordError::Duplicate(f) => UiError::Invalid {
            field: form_field(f),
            problem: Problem::Taken,
        },
        RecordError::MissingReference(f) => UiError::Invalid {
            field: form_field(f),
            problem: Problem::Missing,
        },
        RecordError::Cycle(f) => UiError::Invalid {
            field: form_field(f),
            problem: Problem::Cycle,
        },
        // Only forms that name users (leader, members) can cause this; they say which field.
        RecordError::UserNotFound(_) => UiError::NotFound,
        other => {
            tracing::error!(error = %other, "server function failed");
            UiError::Internal
        }
    })
}

/// A refused text value of form field `field`.
pub fn invalid(field: &str, problem: TextProblem) -> UiError {
    fail(UiError::Invalid {
        field: field.to_owned(),
        problem: match problem {
            TextProblem::Blank => Problem::Blank,
            TextProblem::TooLong(n) => Problem::TooLong(n),
            TextProblem::BadCharacters => Problem::BadCharacters,
        },
    })
}

/// Parses a display name from form field `field`.
pub fn display_name(field: &str, text: &str) -> Result<DisplayName, UiError> {
    DisplayName::parse(text).map_err(|p| invalid(field, p))
}

/// An optional display name: blank means none.
pub fn optional_name(field: &str, text: &str) -> Result<Option<DisplayName>, UiError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        display_name(field, text).map(Some)
    }
}

/// Parses a key from form field `field`.
pub fn code(field: &str, text: &str) -> Result<Code, UiError> {
    Code::parse(text).map_err(|p| invalid(field, p))
}

/// Parses a new password from form field `field`.
pub fn new_password(field: &str, text: &str) -> Result<NewPassword, UiError> {
    NewPassword::parse(text).map_err(|p| {
        fail(UiError::Invalid {
            field: field.to_owned(),
            problem: match p {
                PasswordProblem::TooShort => Problem::PasswordTooShort,
                PasswordProblem::TooLong => Problem::PasswordTooLong,
            },
        })
    })
}

/// A username chosen in a form (leader, member) that must exist, as a field error otherwise.
pub async fn known_user(field: &str, username: &str) -> Result<(), UiError> {
    let state = state()?;
    match crate::server::service::directory::users::get(&state.db, username).await {
        Ok(_) => Ok(()),
        Err(RecordError::UserNotFound(_)) => Err(fail(UiError::Invalid {
            field: field.to_owned(),
            problem: Problem::Missing,
        })),
        Err(e) => Err(record(e)),
    }
}
