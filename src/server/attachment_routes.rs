//! Attachments for people in the browser: `POST /attachments` (one multipart `file`, for the
//! session's user; the page shows its progress) and `GET /attachments/{id}` behind the sign-in
//! gate. The same service as REST's `/attachment/**` stores and reads them. A state-changing
//! call from another origin is refused before it gets here (`same_origin`).

use axum::extract::{Multipart, Path, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use tower_sessions::Session;

use crate::account::CurrentUser;
use crate::error::FieldMessage;
use crate::i18n::Locale;
use crate::server::service::actor::Actor;
use crate::server::service::attachments::{self, Attachment};
use crate::server::service::error::{FieldProblem, ServiceError};
use crate::server::sign_in_gate::current_user;
use crate::server::state::AppState;

/// Where the browser uploads.
pub const UPLOAD_PATH: &str = "/attachments";
/// Where an attachment is read.
pub const FILE_PATH: &str = "/attachments/{id}";

/// Stores the request's `file` for the session's user: the attachment as a form holds it,
/// or the refusals (`[{field, zh, en}]`) with 422, 413 or 401.
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    mut form: Multipart,
) -> Response {
    let user = match current_user(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(error) => return failure(error),
    };
    let actor = Actor::user(user);
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                return refused(
                    e.status(),
                    FieldProblem::new("file", e.body_text(), e.body_text()),
                )
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let content_type = field.content_type().map(str::to_owned);
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(e) => {
                return refused(
                    e.status(),
                    FieldProblem::new("file", e.body_text(), e.body_text()),
                )
            }
        };
        return match attachments::upload(
            &state.db,
            &state.attachments,
            &actor,
            &name,
            content_type.as_deref(),
            bytes,
        )
        .await
        {
            Ok(attachment) => Json(attachment.form_value()).into_response(),
            Err(error) => failure(error),
        };
    }
    refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        FieldProblem::missing("file"),
    )
}

/// The file, as a download unless it is a raster picture.
pub async fn file(
    State(state): State<AppState>,
    Extension(_user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Response {
    match attachments::download(&state.db, &state.attachments, &id).await {
        Ok((attachment, bytes)) => served(&attachment, bytes),
        Err(error) => failure(error),
    }
}

/// A stored file as a response: pictures inline, everything else (HTML and SVG included) as
/// a download in a sandbox, so nothing uploaded ever runs on this origin.
pub fn served(attachment: &Attachment, bytes: bytes::Bytes) -> Response {
    let inline = attachment.shows_inline();
    let content_type = if inline {
        attachment.content_type.as_str()
    } else {
        "application/octet-stream"
    };
    let disposition = format!(
        "{}; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        percent_encode(&attachment.name)
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (CONTENT_TYPE, content_type.to_owned()),
        (CONTENT_DISPOSITION, disposition),
        (
            CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'".to_owned(),
        ),
        // An id always names the same bytes.
        (
            CACHE_CONTROL,
            "private, max-age=31536000, immutable".to_owned(),
        ),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

/// RFC 5987 encoding of a file name.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn refused(status: StatusCode, problem: FieldProblem) -> Response {
    let status = if status == StatusCode::PAYLOAD_TOO_LARGE {
        status
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, Json(vec![message(problem)])).into_response()
}

fn message(problem: FieldProblem) -> FieldMessage {
    FieldMessage {
        field: problem.field.clone(),
        zh: problem.problem.message(Locale::Zh).into_owned(),
        en: problem.problem.message(Locale::En).into_owned(),
    }
}

fn failure(error: ServiceError) -> Response {
    match error {
        ServiceError::Invalid(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(problems.into_iter().map(message).collect::<Vec<_>>()),
        )
            .into_response(),
        ServiceError::NotFound => StatusCode::NOT_FOUND.into_response(),
        ServiceError::Forbidden => StatusCode::FORBIDDEN.into_response(),
        other => {
            tracing::error!(error = %other, "attachment request failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
