//! The print page (打印) for people in the browser: `/workorders/{number}/print`, behind the
//! sign-in gate, for the session's user. The same service as REST's
//! `/userdefine/workorder/{id}/print` renders it, with the same rule of who may read it; the
//! language is the page's (the `woc_lang` cookie).

use axum::extract::{Path, State};
use axum::http::header::{CONTENT_TYPE, COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use crate::account::CurrentUser;
use crate::i18n::{errors, Locale};
use crate::server::service::actor::Actor;
use crate::server::service::error::ServiceError;
use crate::server::service::workorders::print;
use crate::server::state::AppState;

/// The path the router serves.
pub const PATH: &str = "/workorders/{number}/print";

/// The printable page, or a short page saying why not.
pub async fn print_page(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Response {
    let locale = headers
        .get(COOKIE)
        .and_then(|c| c.to_str().ok())
        .map(Locale::from_cookie_header)
        .unwrap_or_default();
    let actor = Actor::user(user);
    match print::page(
        &state.workflow,
        state.settings.utc_offset,
        locale,
        &actor,
        &number,
    )
    .await
    {
        Ok(html) => ([(CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(ServiceError::NotFound) => {
            refusal(StatusCode::NOT_FOUND, errors::ERR_NOT_FOUND.of(locale))
        }
        Err(ServiceError::Forbidden) => {
            refusal(StatusCode::FORBIDDEN, errors::ERR_FORBIDDEN.of(locale))
        }
        Err(error) => {
            tracing::error!(%error, number, "print page failed");
            refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                errors::ERR_INTERNAL.of(locale),
            )
        }
    }
}

fn refusal(status: StatusCode, message: &str) -> Response {
    let body =
        format!("<!doctype html><meta charset=\"utf-8\"><title>{message}</title><p>{message}</p>");
    (status, [(CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}
