//! `/workflow/definition/**`, `/workflow/process/list` and `getProcessForm`: deployed process
//! definitions and their start forms.

use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use woc_store::{DefinitionFilter, DefinitionRow};

use crate::server::api::caller::Caller;
use crate::server::api::envelope::{done, found, page, Empty, Envelope, PageEnvelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::{nul, wrong_type, ApiPath, ApiQuery, PageParams};
use crate::server::display_time::format_millis;
use crate::server::service::error::FieldProblem;
use crate::server::service::workflow::definitions;
use crate::server::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import))
        .routes(routes!(xml))
        .routes(routes!(suspend))
        .routes(routes!(activate))
        .routes(routes!(definition_list))
        .routes(routes!(process_list))
        .routes(routes!(process_form))
}

/// A definition as the seed's definition table names it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DefinitionView {
    /// `key:version:uuid`.
    pub definition_id: String,
    /// Process name.
    pub process_name: Option<String>,
    /// Process key.
    pub process_key: String,
    /// Category code.
    pub category: Option<String>,
    /// Version within the key, from 1.
    pub version: i64,
    /// Linked start form.
    pub form_id: Option<i64>,
    /// Name of the linked start form, null without one.
    pub form_name: Option<String>,
    /// The seed's deployment id. Each deployment here is one definition version, so this is
    /// the definition id; `getProcessForm` takes it as `deployId`.
    pub deployment_id: String,
    /// Offline: no new instances.
    pub suspended: bool,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub deployment_time: String,
}

impl DefinitionView {
    fn new(row: DefinitionRow, state: &AppState) -> DefinitionView {
        DefinitionView {
            deployment_id: row.id.clone(),
            definition_id: row.id,
            process_name: row.name,
            process_key: row.key,
            category: row.category,
            version: row.version,
            form_id: row.form_id,
            form_name: row.form_name,
            suspended: row.suspended,
            deployment_time: format_millis(row.deployed_at, state.settings.utc_offset),
        }
    }
}

/// Query of the import (also accepted as fields of a multipart upload, which win).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Category code of the deployed definitions.
    pub category: Option<String>,
    /// Start form (`formId` of `/system/form`) linked to every deployed definition.
    pub form_id: Option<String>,
}

/// The multipart form of an import.
#[derive(Debug, ToSchema)]
#[serde(rename_all = "camelCase")]
// Never built: it only describes the upload to the OpenAPI document.
#[allow(dead_code)]
pub struct ImportForm {
    /// The `.bpmn` file.
    #[schema(content_media_type = "application/xml")]
    pub file: Vec<u8>,
    /// Category code.
    pub category: Option<String>,
    /// Start form id.
    pub form_id: Option<String>,
}

/// What an import deploys: the file and its options, from either request shape.
struct Upload {
    xml: Bytes,
    category: Option<String>,
    form_id: Option<String>,
}

fn is_multipart(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
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

/// Reads the raw XML body, or the `file`, `category` and `formId` fields of a multipart form.
async fn upload(
    request: Request,
    state: &AppState,
    params: ImportParams,
) -> Result<Upload, ApiError> {
    let mut upload = Upload {
        xml: Bytes::new(),
        category: params.category,
        form_id: params.form_id,
    };
    if !is_multipart(&request) {
        upload.xml = Bytes::from_request(request, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::field(FieldProblem::new("file", e.body_text(), e.body_text()))
            }
        })?;
        return Ok(upload);
    }
    let mut form = Multipart::from_request(request, state)
        .await
        .map_err(|e| ApiError::field(FieldProblem::new("file", e.body_text(), e.body_text())))?;
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        let name = field.name().map(str::to_owned);
        match name.as_deref() {
            Some("file") => upload.xml = field.bytes().await.map_err(multipart_error)?,
            Some("category") => {
                upload.category = Some(field.text().await.map_err(multipart_error)?)
            }
            Some("formId") => upload.form_id = Some(field.text().await.map_err(multipart_error)?),
            _ => {}
        }
    }
    Ok(upload)
}

/// Deploys a BPMN 2.0 file (administrators), sent as the raw XML body or as the `file` of a
/// multipart form; every process in it becomes the next version of its key, with `formId` as
/// its start form.
#[utoipa::path(post, path = "/workflow/definition/import", tag = "workflow",
    params(ImportParams),
    request_body(content(
        (String = "application/xml"),
        (inline(ImportForm) = "multipart/form-data"),
    )),
    responses(
        (status = 200, body = Envelope<Vec<DefinitionView>>),
        (status = 400, description = "4101 the file is not deployable (each problem names the element and line), or formId names no form"),
        (status = 403, description = "4001 not an administrator"),
    ),
    security(("app" = []), ("service" = [])))]
async fn import(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<ImportParams>,
    request: Request,
) -> Result<Json<Envelope<Vec<DefinitionView>>>, ApiError> {
    let upload = upload(request, &state, params).await?;
    let blank = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let form_id = blank(upload.form_id)
        .map(|id| {
            id.parse::<i64>()
                .map_err(|_| ApiError::field(wrong_type("formId", "integer")))
        })
        .transpose()?;
    let xml = std::str::from_utf8(&upload.xml).map_err(|_| {
        ApiError::field(FieldProblem::new(
            "file",
            "不是 UTF-8 文本",
            "is not UTF-8 text",
        ))
    })?;
    // XML forbids U+0000 and PostgreSQL cannot store it: refused before the parser, which
    // does not check characters inside attribute values.
    if xml.contains('\0') {
        return Err(ApiError::field(nul("file")));
    }
    let deployed = definitions::import(
        &state.workflow,
        &caller.actor(),
        xml,
        blank(upload.category).as_deref(),
        form_id,
    )
    .await?;
    Ok(done(
        deployed
            .into_iter()
            .map(|row| DefinitionView::new(row, &state))
            .collect(),
    ))
}

/// Which start form `getProcessForm` reads.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ProcessFormParams {
    /// Definition id.
    pub definition_id: Option<String>,
    /// The seed's deployment id: each deployment here is one definition version, so this is
    /// the definition id too (either one is enough).
    pub deploy_id: Option<String>,
    /// An instance of the definition: its submitted values are returned too.
    pub proc_ins_id: Option<String>,
}

/// A start form as `getProcessForm` returns it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProcessFormView {
    /// Definition id.
    pub definition_id: String,
    /// Process name.
    pub process_name: Option<String>,
    /// Linked form, null when the definition has none.
    pub form_id: Option<i64>,
    /// Form name.
    pub form_name: Option<String>,
    /// Version of `schema`.
    pub form_version: Option<i64>,
    /// The form designer's schema.
    #[schema(value_type = Option<Object>)]
    pub schema: Option<Value>,
    /// With `procInsId`: the instance's variables (its submitted form values).
    #[schema(value_type = Option<Object>)]
    pub form_values: Option<Map<String, Value>>,
}

/// The start form of a definition (seed: 获取流程表单信息), with an instance's values when
/// `procInsId` is given (its starter, people on its tasks, administrators).
#[utoipa::path(get, path = "/workflow/process/getProcessForm", tag = "workflow",
    params(ProcessFormParams),
    responses(
        (status = 200, body = Envelope<ProcessFormView>),
        (status = 400, description = "4101 definitionId missing, or procInsId of another definition"),
        (status = 403, description = "4001 not involved in procInsId"),
        (status = 404, description = "404 no such definition or instance"),
    ),
    security(("app" = []), ("service" = [])))]
async fn process_form(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<ProcessFormParams>,
) -> Result<Json<Envelope<ProcessFormView>>, ApiError> {
    let blank = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let definition_id = blank(params.definition_id)
        .or(blank(params.deploy_id))
        .ok_or_else(|| ApiError::field(FieldProblem::missing("definitionId")))?;
    let instance_id = blank(params.proc_ins_id);
    let form = definitions::start_form(
        &state.workflow,
        &caller.actor(),
        &definition_id,
        instance_id.as_deref(),
    )
    .await?;
    Ok(found(ProcessFormView {
        definition_id: form.definition.id,
        process_name: form.definition.name,
        form_id: form.form.as_ref().map(|f| f.form_id),
        form_name: form.form.as_ref().map(|f| f.form_name.clone()),
        form_version: form.form.as_ref().map(|f| f.version),
        schema: form
            .form
            .as_ref()
            .and_then(|f| serde_json::from_str(&f.schema_json).ok()),
        form_values: form.values,
    }))
}

/// The XML a definition was deployed from.
#[utoipa::path(get, path = "/workflow/definition/{definitionId}/xml", tag = "workflow",
    params(("definitionId" = String, Path, description = "Definition id")),
    responses(
        (status = 200, content_type = "application/xml", body = String),
        (status = 404, description = "404 no such definition"),
    ),
    security(("app" = []), ("service" = [])))]
async fn xml(
    State(state): State<AppState>,
    _caller: Caller,
    ApiPath(definition_id): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    let xml = definitions::xml(&state.workflow, &definition_id).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    ))
}

/// Takes a definition offline: no new instances, running ones continue (administrators).
#[utoipa::path(post, path = "/workflow/definition/{definitionId}/suspend", tag = "workflow",
    params(("definitionId" = String, Path, description = "Definition id")),
    responses(
        (status = 200, body = Envelope<Empty>),
        (status = 403, description = "4001 not an administrator"),
        (status = 404, description = "404 no such definition"),
    ),
    security(("app" = []), ("service" = [])))]
async fn suspend(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(definition_id): ApiPath<String>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    definitions::set_suspended(&state.workflow, &caller.actor(), &definition_id, true).await?;
    Ok(done(Empty {}))
}

/// Puts a definition back online (administrators).
#[utoipa::path(post, path = "/workflow/definition/{definitionId}/activate", tag = "workflow",
    params(("definitionId" = String, Path, description = "Definition id")),
    responses(
        (status = 200, body = Envelope<Empty>),
        (status = 403, description = "4001 not an administrator"),
        (status = 404, description = "404 no such definition"),
    ),
    security(("app" = []), ("service" = [])))]
async fn activate(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(definition_id): ApiPath<String>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    definitions::set_suspended(&state.workflow, &caller.actor(), &definition_id, false).await?;
    Ok(done(Empty {}))
}

/// Filters of the definition lists.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ProcessFilter {
    /// Exact process key.
    pub process_key: Option<String>,
    /// Part of the process name.
    pub process_name: Option<String>,
    /// Exact category code.
    pub category: Option<String>,
}

impl ProcessFilter {
    /// The store's filter, online and offline alike (the service narrows it).
    fn into_store(self) -> DefinitionFilter {
        let blank = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
        DefinitionFilter {
            key: blank(self.process_key),
            name: blank(self.process_name),
            category: blank(self.category),
            suspended: None,
        }
    }
}

/// The processes a user may start (seed: 获取可发起流程列表): the latest version of each
/// process key while it is online, newest deployment first. Offline ones are left out, as a
/// start would be refused; administrators see them in `/workflow/definition/list`.
#[utoipa::path(get, path = "/workflow/process/list", tag = "workflow",
    params(PageParams, ProcessFilter),
    responses((status = 200, body = PageEnvelope<DefinitionView>)),
    security(("app" = []), ("service" = [])))]
async fn process_list(
    State(state): State<AppState>,
    _caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
    ApiQuery(filter): ApiQuery<ProcessFilter>,
) -> Result<Json<PageEnvelope<DefinitionView>>, ApiError> {
    let listed =
        definitions::startable(&state.workflow, &filter.into_store(), params.window()).await?;
    Ok(page(listed, |row| DefinitionView::new(row, &state)))
}

/// The latest version of each process key, online or offline (`suspended`), newest
/// deployment first: what administrators take on- and offline (administrators).
#[utoipa::path(get, path = "/workflow/definition/list", tag = "workflow",
    params(PageParams, ProcessFilter),
    responses(
        (status = 200, body = PageEnvelope<DefinitionView>),
        (status = 403, description = "4001 not an administrator"),
    ),
    security(("app" = []), ("service" = [])))]
async fn definition_list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
    ApiQuery(filter): ApiQuery<ProcessFilter>,
) -> Result<Json<PageEnvelope<DefinitionView>>, ApiError> {
    let listed = definitions::list(
        &state.workflow,
        &caller.actor(),
        &filter.into_store(),
        params.window(),
    )
    .await?;
    Ok(page(listed, |row| DefinitionView::new(row, &state)))
}
