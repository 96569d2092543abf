//! `/attachment/**`: files for forms' picture and file uploads, for apps and services acting
//! for a user. The value a form holds for a file is what the upload answers.

use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::api::caller::Caller;
use crate::server::api::envelope::{done, Envelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::ApiPath;
use crate::server::attachment_routes::served;
use crate::server::service::attachments::{self, Attachment};
use crate::server::service::error::FieldProblem;
use crate::server::state::AppState;

/// The largest upload body the HTTP layer reads; the configured limit per file
/// (`WOC_ATTACHMENT_MAX_KB`) is checked by the service below it.
pub const UPLOAD_BODY_LIMIT: usize = 256 * 1024 * 1024;

/// A stored file, as a form's value holds it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentView {
    /// Id: put it (or this whole object) into the form's upload field.
    pub id: String,
    /// File name.
    pub name: String,
    /// Bytes.
    pub size: i64,
    /// Media type as uploaded.
    pub content_type: String,
}

impl From<Attachment> for AttachmentView {
    fn from(a: Attachment) -> Self {
        AttachmentView {
            id: a.attachment_id,
            name: a.name,
            size: a.size,
            content_type: a.content_type,
        }
    }
}

/// The multipart form of an upload.
#[derive(Debug, ToSchema)]
// Never built: it only describes the upload to the OpenAPI document.
#[allow(dead_code)]
pub struct UploadForm {
    /// The file.
    pub file: Vec<u8>,
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT))
        .routes(routes!(download))
}

fn multipart_error(e: MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge
    } else {
        let detail = e.body_text();
        ApiError::field(FieldProblem::new(
            "file",
            format!("上传内容无效（{detail}）"),
            detail,
        ))
    }
}

/// Stores one file (multipart field `file`) for the token's user.
#[utoipa::path(post, path = "/attachment/upload", tag = "attachment",
    request_body(content(
        (inline(UploadForm) = "multipart/form-data"),
    )),
    responses(
        (status = 200, body = Envelope<AttachmentView>),
        (status = 400, description = "4101 no file, an empty file, or over the size limit"),
        (status = 413, description = "4101 the request is larger than the server reads"),
    ),
    security(("app" = []), ("service" = [])))]
async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    mut form: Multipart,
) -> Result<Json<Envelope<AttachmentView>>, ApiError> {
    let actor = caller.actor();
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let content_type = field.content_type().map(str::to_owned);
        let bytes = field.bytes().await.map_err(multipart_error)?;
        let stored = attachments::upload(
            &state.db,
            &state.attachments,
            &actor,
            &name,
            content_type.as_deref(),
            bytes,
        )
        .await?;
        return Ok(done(stored.into()));
    }
    Err(ApiError::field(FieldProblem::missing("file")))
}

/// The file: raster pictures inline, anything else (HTML and SVG included) as a download.
#[utoipa::path(get, path = "/attachment/{id}", tag = "attachment",
    params(("id" = String, Path, description = "the attachment's id")),
    responses(
        (status = 200, description = "the bytes"),
        (status = 404, description = "404 no such attachment"),
    ),
    security(("app" = []), ("service" = [])))]
async fn download(
    State(state): State<AppState>,
    _caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let (attachment, bytes) = attachments::download(&state.db, &state.attachments, &id).await?;
    Ok(served(&attachment, bytes))
}
