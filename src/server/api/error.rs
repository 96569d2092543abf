//! The one error type of the REST boundary: seed code + HTTP status + message in two languages.
//!
//! Handlers and extractors return [`ApiError`]; its response carries the error as an extension
//! and [`render`] (a middleware around every API route) writes the body in the caller's
//! language, logging internal details with the request id instead of returning them.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::i18n::{errors, Locale};
use crate::server::service::error::{Conflict, FieldProblem, ServiceError, SignInRefusal};

/// The message of a refused field in `lang`: its name, then the problem.
fn field_message(field: &FieldProblem, lang: Lang) -> String {
    format!("{} {}", field.field, field.problem.message(lang.locale()))
}

/// Everything a REST call can fail with.
#[derive(Debug)]
pub enum ApiError {
    /// 4000: missing or unknown `requestType`, wrong calling mode.
    WrongMode,
    /// 4000: the route exists, but not for this HTTP method.
    WrongMethod,
    /// 4001: bad app/service credentials or no right to do this.
    Forbidden,
    /// 4001 with HTTP 401: wrong username or password at login.
    BadLogin,
    /// 4001 with HTTP 429: too many failed logins; retry after this many seconds.
    TooManyAttempts(u64),
    /// 4002: the account is disabled.
    Disabled,
    /// 4004: missing, invalid, revoked or expired access token.
    InvalidToken,
    /// 404: no such record.
    NotFound,
    /// 404: no such endpoint (a path under the API's prefixes that no route takes).
    NoSuchPath,
    /// 409: the record is still in use.
    InUse,
    /// 409: the state changed under the request or does not allow it; the text says why.
    Conflict(String),
    /// 4101: invalid request fields, every one named.
    Invalid(Vec<FieldProblem>),
    /// 4101 with HTTP 413: the body exceeds the 2 MB limit.
    TooLarge,
    /// 4200: a named user does not exist.
    UserNotFound(String),
    /// 5003: an internal failure; the detail is logged, never returned.
    Internal(String),
}

impl ApiError {
    /// 4101 for one field.
    pub fn field(error: FieldProblem) -> ApiError {
        ApiError::Invalid(vec![error])
    }

    /// Seed code and HTTP status.
    pub fn code_and_status(&self) -> (u16, StatusCode) {
        match self {
            ApiError::WrongMode | ApiError::WrongMethod => (4000, StatusCode::BAD_REQUEST),
            ApiError::Forbidden => (4001, StatusCode::FORBIDDEN),
            ApiError::BadLogin => (4001, StatusCode::UNAUTHORIZED),
            ApiError::TooManyAttempts(_) => (4001, StatusCode::TOO_MANY_REQUESTS),
            ApiError::Disabled => (4002, StatusCode::FORBIDDEN),
            ApiError::InvalidToken => (4004, StatusCode::UNAUTHORIZED),
            ApiError::NotFound | ApiError::NoSuchPath => (404, StatusCode::NOT_FOUND),
            ApiError::InUse | ApiError::Conflict(_) => (409, StatusCode::CONFLICT),
            ApiError::Invalid(_) => (4101, StatusCode::BAD_REQUEST),
            ApiError::TooLarge => (4101, StatusCode::PAYLOAD_TOO_LARGE),
            ApiError::UserNotFound(_) => (4200, StatusCode::NOT_FOUND),
            ApiError::Internal(_) => (5003, StatusCode::INTERNAL_SERVER_ERROR),
        }
    }

    /// The message in `msg`, from the catalogue the screens use too.
    fn message(&self, lang: Lang) -> String {
        let locale = lang.locale();
        match self {
            ApiError::WrongMode => errors::API_WRONG_MODE.of(locale).into(),
            ApiError::WrongMethod => errors::API_WRONG_METHOD.of(locale).into(),
            ApiError::Forbidden => errors::API_FORBIDDEN.of(locale).into(),
            ApiError::BadLogin => errors::API_BAD_LOGIN.of(locale).into(),
            ApiError::TooManyAttempts(secs) => errors::api_too_many_attempts(locale, *secs),
            ApiError::Disabled => errors::API_DISABLED.of(locale).into(),
            ApiError::InvalidToken => errors::API_INVALID_TOKEN.of(locale).into(),
            ApiError::NotFound => errors::API_NOT_FOUND.of(locale).into(),
            ApiError::NoSuchPath => errors::API_NO_SUCH_PATH.of(locale).into(),
            ApiError::InUse => errors::API_IN_USE.of(locale).into(),
            ApiError::Conflict(detail) => errors::api_refused(locale, detail),
            ApiError::Invalid(fields) => {
                let list = fields
                    .iter()
                    .map(|f| field_message(f, lang))
                    .collect::<Vec<_>>()
                    .join("; ");
                errors::api_invalid(locale, &list)
            }
            ApiError::TooLarge => errors::API_TOO_LARGE.of(locale).into(),
            ApiError::UserNotFound(user) => errors::api_user_not_found(locale, user),
            ApiError::Internal(_) => errors::API_INTERNAL.of(locale).into(),
        }
    }
}

/// The one translation of the services' refusals into the contract's codes.
impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => ApiError::NotFound,
            ServiceError::UnknownUser { username, .. } => ApiError::UserNotFound(username),
            ServiceError::Forbidden => ApiError::Forbidden,
            ServiceError::Conflict(Conflict::InUse) => ApiError::InUse,
            ServiceError::Conflict(Conflict::Refused(reason)) => ApiError::Conflict(reason),
            ServiceError::Invalid(fields) => ApiError::Invalid(fields),
            ServiceError::SignIn(SignInRefusal::WrongCredentials) => ApiError::BadLogin,
            ServiceError::SignIn(SignInRefusal::Disabled) => ApiError::Disabled,
            ServiceError::SignIn(SignInRefusal::Throttled(wait)) => {
                ApiError::TooManyAttempts(wait.as_secs().max(1))
            }
            ServiceError::Unavailable(detail) => ApiError::Internal(detail),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(e: PathRejection) -> Self {
        let detail = e.body_text();
        ApiError::field(FieldProblem::new(
            "path",
            format!("路径参数无效（{detail}）"),
            detail,
        ))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        let detail = e.body_text();
        ApiError::field(FieldProblem::new(
            "query",
            format!("查询参数无效（{detail}）"),
            detail,
        ))
    }
}

/// The language of messages, from `Accept-Language` (Chinese unless English comes first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 中文, the default.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The interface language of the same name.
    pub fn locale(self) -> Locale {
        match self {
            Lang::Zh => Locale::Zh,
            Lang::En => Locale::En,
        }
    }

    /// The caller's preferred language.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        let first = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|tag| tag.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if first.starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

tokio::task_local! {
    /// The language of the request being handled, set by [`render`] around the handler so
    /// success envelopes can speak it too without every handler extracting it.
    static LANG: Lang;
}

/// The language of the current API request (Chinese outside one).
pub fn current_lang() -> Lang {
    LANG.try_with(|lang| *lang).unwrap_or(Lang::Zh)
}

/// The error travelling from a handler to [`render`] inside its response.
#[derive(Clone)]
struct Pending(std::sync::Arc<ApiError>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (_, status) = self.code_and_status();
        let mut response = status.into_response();
        if let ApiError::TooManyAttempts(secs) = &self {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
            .extensions_mut()
            .insert(Pending(std::sync::Arc::new(self)));
        response
    }
}

/// Middleware: writes the body of error responses in the caller's language and logs internal
/// failures under the request id (the only thing the caller may quote to an operator).
pub async fn render(request: Request, next: Next) -> Response {
    let lang = Lang::from_headers(request.headers());
    let request_id = request_id(request.headers());
    let response = LANG.scope(lang, next.run(request)).await;
    written(response, lang, &request_id)
}

/// The response to `error` for a request with these headers, outside any route (where
/// [`render`] does not run).
pub fn respond(error: ApiError, headers: &HeaderMap) -> Response {
    written(
        error.into_response(),
        Lang::from_headers(headers),
        &request_id(headers),
    )
}

fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned()
}

/// `response` with the body of the error it carries, if any, in `lang`.
fn written(mut response: Response, lang: Lang, request_id: &str) -> Response {
    let error = match response.extensions_mut().remove::<Pending>() {
        Some(Pending(error)) => error,
        // The contract files a wrong method under 4000 (HTTP 400); `Allow` is kept below.
        None if response.status() == StatusCode::METHOD_NOT_ALLOWED => {
            std::sync::Arc::new(ApiError::WrongMethod)
        }
        None => return response,
    };
    if let ApiError::Internal(detail) = error.as_ref() {
        tracing::error!(request_id = %request_id, detail = %detail, "API request failed");
    }
    let (code, status) = error.code_and_status();
    let mut body = json!({ "code": code, "msg": error.message(lang), "data": null });
    if let ApiError::Invalid(fields) = error.as_ref() {
        body["data"] = json!({
            "fields": fields
                .iter()
                .map(|f| json!({ "field": f.field, "message": field_message(f, lang) }))
                .collect::<Vec<_>>()
        });
    }
    let headers = std::mem::take(response.headers_mut());
    let mut rendered = (status, axum::Json(body)).into_response();
    for (name, value) in headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rendered.headers_mut().append(name.clone(), value.clone());
        }
    }
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_contract() {
        assert_eq!(
            ApiError::WrongMode.code_and_status(),
            (4000, StatusCode::BAD_REQUEST)
        );
        assert_eq!(
            ApiError::Forbidden.code_and_status(),
            (4001, StatusCode::FORBIDDEN)
        );
        assert_eq!(
            ApiError::Disabled.code_and_status(),
            (4002, StatusCode::FORBIDDEN)
        );
        assert_eq!(
            ApiError::InvalidToken.code_and_status(),
            (4004, StatusCode::UNAUTHORIZED)
        );
        assert_eq!(
            ApiError::NotFound.code_and_status(),
            (404, StatusCode::NOT_FOUND)
        );
        assert_eq!(ApiError::Invalid(vec![]).code_and_status().0, 4101);
        assert_eq!(
            ApiError::UserNotFound("x".into()).code_and_status(),
            (4200, StatusCode::NOT_FOUND)
        );
        assert_eq!(ApiError::Internal("x".into()).code_and_status().0, 5003);
    }

    #[test]
    fn language_follows_the_first_tag() {
        let mut h = HeaderMap::new();
        assert_eq!(Lang::from_headers(&h), Lang::Zh);
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("en-US,en;q=0.9"),
        );
        assert_eq!(Lang::from_headers(&h), Lang::En);
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("zh-CN,en;q=0.5"),
        );
        assert_eq!(Lang::from_headers(&h), Lang::Zh);
    }

    #[test]
    fn every_invalid_field_is_named() {
        let e = ApiError::Invalid(vec![
            FieldProblem::missing("username"),
            FieldProblem::missing("password"),
        ]);
        let msg = e.message(Lang::En);
        assert!(
            msg.contains("username") && msg.contains("password"),
            "{msg}"
        );
    }

    #[test]
    fn internal_details_stay_out_of_messages() {
        let e = ApiError::Internal("relation users does not exist".into());
        assert!(!e.message(Lang::En).contains("relation"));
    }
}
