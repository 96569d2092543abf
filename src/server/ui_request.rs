//! What a server function knows about its caller: the app state and the signed-in user.

use leptos::prelude::use_context;
use tower_sessions::Session;

use crate::account::CurrentUser;
use crate::error::{FieldMessage, Problem, UiError};
use crate::i18n::Locale;
use crate::server::service::accounts;
use crate::server::service::actor::Actor;
use crate::server::service::error::{self, Conflict, FieldProblem, ServiceError, SignInRefusal};
use crate::server::service::names::{Code, DisplayName, NewPassword, Username};
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
        .map_err(ui_error)?
    {
        Some(user) => Ok(user),
        None => {
            let _ = session.flush().await;
            Err(fail(UiError::Unauthenticated))
        }
    }
}

/// The signed-in user as the services' actor: the services decide what they may do.
pub async fn actor() -> Result<Actor, UiError> {
    Ok(Actor::user(user().await?))
}

/// The one translation of the services' refusals into what the browser can show: a refused
/// value names the form field (the server function argument: `dept_id` for the API's
/// `deptId`), failures are logged and hidden.
pub fn ui_error(error: ServiceError) -> UiError {
    fail(match error {
        ServiceError::NotFound | ServiceError::UnknownUser { field: None, .. } => UiError::NotFound,
        ServiceError::UnknownUser {
            field: Some(field), ..
        } => UiError::Invalid {
            field: form_field(field),
            problem: Problem::Missing,
        },
        ServiceError::Forbidden => UiError::Forbidden,
        ServiceError::Conflict(Conflict::InUse | Conflict::Refused(_)) => UiError::Conflict,
        ServiceError::Invalid(problems) => match problems.into_iter().next() {
            Some(first) => form_problem(first),
            None => UiError::BadRequest("invalid".into()),
        },
        ServiceError::SignIn(SignInRefusal::WrongCredentials) => UiError::InvalidCredentials,
        ServiceError::SignIn(SignInRefusal::Disabled) => UiError::AccountDisabled,
        ServiceError::SignIn(SignInRefusal::Throttled(wait)) => {
            UiError::TooManyAttempts(wait.as_secs().max(1))
        }
        ServiceError::Unavailable(detail) => {
            tracing::error!(detail = %detail, "server function failed");
            UiError::Internal
        }
    })
}

/// A service's refusal for a page that shows every refused field at once (a designed form
/// and the fields around it): each problem in the server's words in both languages, its
/// field renamed by the first matching `(API prefix, form prefix)` pair (`params.input1` ->
/// `values.input1`, `systemId` -> `app_id`). Anything but a refused value as `ui_error`.
pub fn fields_error(error: ServiceError, renames: &[(&str, &str)]) -> UiError {
    let ServiceError::Invalid(problems) = error else {
        return ui_error(error);
    };
    let rename = |field: &str| {
        for (api, form) in renames {
            if field == *api {
                return (*form).to_owned();
            }
            if let Some(rest) = field
                .strip_prefix(api)
                .filter(|r| r.starts_with(['.', '[']))
            {
                return format!("{form}{rest}");
            }
        }
        form_field(field)
    };
    fail(UiError::Fields(
        problems
            .into_iter()
            .map(|p| FieldMessage {
                field: rename(&p.field),
                zh: p.problem.message(Locale::Zh).into_owned(),
                en: p.problem.message(Locale::En).into_owned(),
            })
            .collect(),
    ))
}

/// The form's name of an API field.
fn form_field(api: &str) -> String {
    match api {
        "deptId" => "dept_id".into(),
        "parentId" => "parent_id".into(),
        "nickName" => "nick_name".into(),
        "leaderUserId" => "leader".into(),
        "userIds" => "members".into(),
        other => other.into(),
    }
}

/// A refused value as the form shows it; a problem forms have no words for is a bad request.
fn form_problem(refused: FieldProblem) -> UiError {
    let problem = match refused.problem {
        error::Problem::Required => Problem::Blank,
        error::Problem::TooLong(n) => Problem::TooLong(n),
        error::Problem::BadCharacters => Problem::BadCharacters,
        error::Problem::PasswordTooShort => Problem::PasswordTooShort,
        error::Problem::PasswordTooLong => Problem::PasswordTooLong,
        error::Problem::Taken => Problem::Taken,
        error::Problem::MissingRecord => Problem::Missing,
        error::Problem::Cycle => Problem::Cycle,
        // A row action (disable, delete), not a form field: the screen says it as a conflict.
        error::Problem::OwnAccount => return UiError::Conflict,
        other @ error::Problem::Described { .. } => {
            return UiError::BadRequest(format!("{} {}", refused.field, other.message(Locale::En)));
        }
    };
    UiError::Invalid {
        field: form_field(&refused.field),
        problem,
    }
}

/// A refused value of form field `field`.
fn refused(field: &str, problem: impl Into<error::Problem>) -> UiError {
    fail(form_problem(FieldProblem::of(field, problem)))
}

/// Parses a display name from form field `field`.
pub fn display_name(field: &str, text: &str) -> Result<DisplayName, UiError> {
    DisplayName::parse(text).map_err(|p| refused(field, p))
}

/// Parses a username from form field `field`.
pub fn username(field: &str, text: &str) -> Result<Username, UiError> {
    Username::parse(text).map_err(|p| refused(field, p))
}

/// Parses a key from form field `field`.
pub fn code(field: &str, text: &str) -> Result<Code, UiError> {
    Code::parse(text).map_err(|p| refused(field, p))
}

/// Parses a new password from form field `field`.
pub fn new_password(field: &str, text: &str) -> Result<NewPassword, UiError> {
    NewPassword::parse(text).map_err(|p| refused(field, p))
}
