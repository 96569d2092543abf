//! `/workflow/definition/**` and `/workflow/process/list`: deployed process definitions.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use woc_store::{DefinitionFilter, DefinitionRow};

use crate::server::api::caller::Caller;
use crate::server::api::envelope::{done, Empty, Envelope, PageEnvelope};
use crate::server::api::error::{ApiError, FieldError};
use crate::server::api::extract::{ApiPath, ApiQuery, PageParams};
use crate::server::api::workflow_process::engine_page;
use crate::server::display_time::format_millis;
use crate::server::state::AppState;
use crate::server::workflow::{definitions, paging};

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import))
        .routes(routes!(xml))
        .routes(routes!(suspend))
        .routes(routes!(activate))
        .routes(routes!(process_list))
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
    /// Offline: no new instances.
    pub suspended: bool,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub deployment_time: String,
}

impl DefinitionView {
    fn new(row: DefinitionRow, state: &AppState) -> DefinitionView {
        DefinitionView {
            definition_id: row.id,
            process_name: row.name,
            process_key: row.key,
            category: row.category,
            version: row.version,
            form_id: row.form_id,
            suspended: row.suspended,
            deployment_time: format_millis(row.deployed_at, state.settings.utc_offset),
        }
    }
}

/// Query of the import.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Category code of the deployed definitions.
    pub category: Option<String>,
}

/// Deploys a BPMN 2.0 file sent as the raw XML body (administrators); every process in it
/// becomes the next version of its key.
#[utoipa::path(post, path = "/workflow/definition/import", tag = "workflow",
    params(ImportParams),
    request_body(content = String, content_type = "application/xml"),
    responses(
        (status = 200, body = Envelope<Vec<DefinitionView>>),
        (status = 400, description = "4101 the file is not deployable; each problem names the element and line"),
        (status = 403, description = "4001 not an administrator"),
    ),
    security(("app" = []), ("service" = [])))]
async fn import(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<ImportParams>,
    body: Bytes,
) -> Result<Json<Envelope<Vec<DefinitionView>>>, ApiError> {
    let xml = std::str::from_utf8(&body).map_err(|_| {
        ApiError::field(FieldError::new(
            "file",
            "不是 UTF-8 文本",
            "is not UTF-8 text",
        ))
    })?;
    // XML forbids U+0000 and PostgreSQL cannot store it: refused before the parser, which
    // does not check characters inside attribute values.
    if xml.contains('\0') {
        return Err(ApiError::field(FieldError::nul("file")));
    }
    let deployed = definitions::import(
        &state.workflow,
        &caller.user,
        xml,
        params.category.as_deref().filter(|c| !c.is_empty()),
    )
    .await?;
    Ok(done(
        deployed
            .into_iter()
            .map(|row| DefinitionView::new(row, &state))
            .collect(),
    ))
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
    definitions::set_suspended(&state.workflow, &caller.user, &definition_id, true).await?;
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
    definitions::set_suspended(&state.workflow, &caller.user, &definition_id, false).await?;
    Ok(done(Empty {}))
}

/// Filters of the definition list.
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

/// The latest version of each process key, newest deployment first.
#[utoipa::path(get, path = "/workflow/process/list", tag = "workflow",
    params(PageParams, ProcessFilter),
    responses((status = 200, body = PageEnvelope<DefinitionView>)),
    security(("app" = []), ("service" = [])))]
async fn process_list(
    State(state): State<AppState>,
    _caller: Caller,
    ApiQuery(page): ApiQuery<PageParams>,
    ApiQuery(filter): ApiQuery<ProcessFilter>,
) -> Result<Json<PageEnvelope<DefinitionView>>, ApiError> {
    let blank = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
    let filter = DefinitionFilter {
        key: blank(filter.process_key),
        name: blank(filter.process_name),
        category: blank(filter.category),
    };
    let listed = definitions::list(
        &state.workflow,
        &filter,
        paging(page.page_num.or(page.page_no), page.page_size),
    )
    .await?;
    Ok(engine_page(listed, |row| DefinitionView::new(row, &state)))
}
