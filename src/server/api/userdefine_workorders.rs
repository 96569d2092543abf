//! `/userdefine/workorder/**`: creating, reading, closing, evaluating and printing work orders.
//! The path id of a work order is its number (`workorderNumber`).

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::parse_fields;
use crate::server::api::caller::{Caller, Client};
use crate::server::api::envelope::{done, found, Envelope};
use crate::server::api::error::{current_lang, ApiError};
use crate::server::api::extract::{ApiJson, ApiPath};
use crate::server::display_time::format_millis;
use crate::server::service::error::FieldProblem;
use crate::server::service::names::TextProblem;
use crate::server::service::workflow::instances;
use crate::server::service::workorders::create::{self, NewWorkOrder, ProcessChoice};
use crate::server::service::workorders::lifecycle::{self, Rating};
use crate::server::service::workorders::{
    self, print, WorkOrder, WorkOrderStatus, WorkorderNumber,
};
use crate::server::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_work_order))
        .routes(routes!(work_order))
        .routes(routes!(close))
        .routes(routes!(evaluate))
        .routes(routes!(print_page))
}

/// A work order to create, in the seed's field names. `workorderStatus` and `evaluate` are
/// the server's (derived status; `/evaluate`): values sent here are ignored.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderBody {
    /// Owning app (所属系统): an app's own `appID` (the default for `requestType: app`); a
    /// service must name a registered app.
    pub system_id: Option<String>,
    /// Project (项目).
    pub project_id: Option<String>,
    /// Work-order type (工单类型): a `synthesisId` of `/synthesis/list`, as a string.
    pub workorder_id: Option<String>,
    /// The type's path for the front end to show it again (`"2,15"`), kept as sent.
    pub workorder_id_extend: Option<String>,
    /// Definition id or process key (latest version) to start; required without `procInstId`.
    pub process_id: Option<String>,
    /// Work-order number; empty: the server assigns `WO<yyyyMMdd>-<nnnn>` (per-day sequence).
    pub workorder_number: Option<String>,
    /// Title (1-200 characters).
    pub title: Option<String>,
    /// Ignored: the status is derived.
    pub workorder_status: Option<String>,
    /// Source (工单来源).
    pub source: Option<String>,
    /// Paid or free service (是否有偿).
    pub compensation: Option<String>,
    /// Ignored: see `/userdefine/workorder/{id}/evaluate`.
    pub evaluate: Option<String>,
    /// Room number (房号).
    pub room_number: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Attachment URLs, comma separated.
    pub attachment_urls: Option<String>,
    /// The start form's values; also the variables of the process started.
    #[schema(value_type = Option<Object>)]
    pub params: Option<Map<String, Value>>,
    /// An instance started before (`/workflow/process/start`): the work order is filed for it
    /// instead of starting a new one. Only its starter (or an administrator) may.
    pub proc_inst_id: Option<String>,
    /// The task of `procInstId` to answer as `TaskId`.
    pub task_id: Option<String>,
    /// The user a service acts for.
    pub user_id: Option<String>,
}

/// What a create returns: the seed's `TaskId`/`ProcessInstanceId`, plus the number.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedView {
    /// The first open task.
    #[serde(rename = "TaskId")]
    pub task_id: Option<String>,
    /// The process instance.
    #[serde(rename = "ProcessInstanceId")]
    pub process_instance_id: String,
    /// The work order's number: its id in `/userdefine/workorder/{id}/...`.
    #[serde(rename = "workorderNumber")]
    pub workorder_number: String,
    /// `workorderId` as sent (the work-order type).
    #[serde(rename = "workorderId")]
    pub workorder_id: Option<String>,
}

/// A work order, in the seed's field names.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderView {
    /// Number (the id in paths).
    pub workorder_number: String,
    /// Status.
    pub workorder_status: WorkOrderStatus,
    /// Owning app.
    pub system_id: String,
    /// Its name.
    pub system_name: Option<String>,
    /// Work-order type (`synthesisId`).
    pub workorder_id: Option<String>,
    /// Its category name.
    pub workorder_type_name: Option<String>,
    /// As sent.
    pub workorder_id_extend: Option<String>,
    /// Project.
    pub project_id: Option<String>,
    /// Definition id.
    pub process_id: String,
    /// Process name.
    pub process_name: Option<String>,
    /// Instance id.
    pub proc_inst_id: String,
    /// The instance's `processStatus`.
    pub process_status: String,
    /// Title.
    pub title: String,
    /// Source.
    pub source: Option<String>,
    /// Paid or free.
    pub compensation: Option<String>,
    /// Room number.
    pub room_number: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Attachment URLs.
    pub attachment_urls: Option<String>,
    /// Start form values.
    #[schema(value_type = Object)]
    pub params: Map<String, Value>,
    /// Linked start form and its version.
    pub form_id: Option<i64>,
    /// The form version the values were entered with.
    pub form_version: Option<i64>,
    /// Starter.
    pub start_user_id: String,
    /// Starter's nick name.
    pub start_user_name: Option<String>,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub create_time: String,
    /// Who closed it.
    pub close_user_id: Option<String>,
    /// When.
    pub close_time: Option<String>,
    /// 1-5.
    pub rating: Option<i64>,
    /// The evaluation text.
    pub evaluate: Option<String>,
    /// When it was evaluated.
    pub evaluate_time: Option<String>,
}

impl WorkOrderView {
    fn new(order: WorkOrder, state: &AppState) -> WorkOrderView {
        let time = |ms| format_millis(ms, state.settings.utc_offset);
        WorkOrderView {
            workorder_status: order.status(),
            params: order.params(),
            workorder_number: order.workorder_number,
            system_id: order.app_id,
            system_name: order.app_name,
            workorder_id: order.synthesis_id.map(|s| s.to_string()),
            workorder_type_name: order.synthesis_name,
            workorder_id_extend: order.workorder_id_extend,
            project_id: order.project_id,
            process_id: order.definition_id,
            process_name: order.process_name,
            proc_inst_id: order.instance_id,
            process_status: order.process_status,
            title: order.title,
            source: order.source,
            compensation: order.compensation,
            room_number: order.room_number,
            description: order.description,
            attachment_urls: order.attachment_urls,
            form_id: order.form_id,
            form_version: order.form_version,
            start_user_id: order.created_by,
            start_user_name: order.created_by_name,
            create_time: time(order.created_at),
            close_user_id: order.closed_by,
            close_time: order.closed_at.map(time),
            rating: order.rating,
            evaluate: order.evaluation,
            evaluate_time: order.evaluated_at.map(time),
        }
    }
}

/// Trimmed optional text of at most `max` characters; blank is absent.
fn text(field: &str, value: Option<String>, max: usize) -> Result<Option<String>, FieldProblem> {
    let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > max {
        return Err(FieldProblem::of(field, TextProblem::TooLong(max)));
    }
    Ok(Some(value))
}

fn required(field: &str, value: Option<String>, max: usize) -> Result<String, FieldProblem> {
    text(field, value, max)?.ok_or_else(|| FieldProblem::missing(field))
}

fn parse_body(body: WorkOrderBody) -> Result<NewWorkOrder, ApiError> {
    let process = match (
        text("procInstId", body.proc_inst_id, 100),
        text("processId", body.process_id, 200),
        text("taskId", body.task_id, 100),
    ) {
        (Ok(Some(instance_id)), _, Ok(task_id)) => Ok(ProcessChoice::Existing {
            instance_id,
            task_id,
        }),
        (Ok(None), Ok(Some(process)), _) => Ok(ProcessChoice::Start(process)),
        (Ok(None), Ok(None), _) => Err(FieldProblem::missing("processId")),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e),
    };
    let (
        process,
        system_id,
        synthesis_id,
        workorder_id_extend,
        project_id,
        number,
        title,
        source,
        compensation,
        room_number,
        description,
        attachment_urls,
    ) = parse_fields!(
        process = process,
        system_id = text("systemId", body.system_id, 100),
        synthesis_id = text("workorderId", body.workorder_id, 30).and_then(|id| {
            id.map(|id| {
                id.parse::<i64>().map_err(|_| {
                    FieldProblem::new(
                        "workorderId",
                        "须为工单类型（综合分类）的 synthesisId",
                        "must be the synthesisId of a work-order type",
                    )
                })
            })
            .transpose()
        }),
        workorder_id_extend = text("workorderIdExtend", body.workorder_id_extend, 500),
        project_id = text("projectId", body.project_id, 100),
        number = text("workorderNumber", body.workorder_number, 64).and_then(|n| {
            n.map(|n| {
                WorkorderNumber::parse(&n).map_err(|p| FieldProblem::of("workorderNumber", p))
            })
            .transpose()
        }),
        title = required("title", body.title, 200),
        source = text("source", body.source, 100),
        compensation = text("compensation", body.compensation, 50),
        room_number = text("roomNumber", body.room_number, 100),
        description = text("description", body.description, 5000),
        attachment_urls = text("attachmentUrls", body.attachment_urls, 5000),
    )?;
    Ok(NewWorkOrder {
        system_id,
        synthesis_id,
        workorder_id_extend,
        project_id,
        number,
        title,
        source,
        compensation,
        room_number,
        description,
        attachment_urls,
        params: body.params.unwrap_or_default(),
        process,
    })
}

/// Creates a work order and starts its process with `params` as variables; with `procInstId`
/// it files the work order for that instance instead.
#[utoipa::path(post, path = "/userdefine/workorder/workorder", tag = "workorder",
    request_body = WorkOrderBody,
    responses(
        (status = 200, body = Envelope<CreatedView>),
        (status = 400, description = "4101 naming each invalid field: missing title/processId/systemId, unknown processId, workorderId, systemId or procInstId, a workorderNumber in use"),
        (status = 403, description = "4001 procInstId was started by someone else"),
        (status = 409, description = "409 the definition is offline"),
    ),
    security(("app" = []), ("service" = [])))]
async fn create_work_order(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(mut body): ApiJson<WorkOrderBody>,
) -> Result<Json<Envelope<CreatedView>>, ApiError> {
    let actor = caller
        .acting(&state, body.user_id.take().as_deref())
        .await?;
    let workorder_id = body.workorder_id.clone().filter(|w| !w.trim().is_empty());
    let new = parse_body(body)?;
    let calling_app = match &caller.client {
        Client::App(app) => Some(app.as_str()),
        Client::Service(_) => None,
    };
    let created = create::create(
        &state.workflow,
        state.settings.utc_offset,
        calling_app,
        &actor,
        new,
    )
    .await?;
    Ok(done(CreatedView {
        task_id: created.task_id,
        process_instance_id: created.instance_id,
        workorder_number: created.number,
        workorder_id,
    }))
}

/// One work order (its starter, anyone involved in its process, an administrator).
#[utoipa::path(get, path = "/userdefine/workorder/{id}", tag = "workorder",
    params(("id" = String, Path, description = "workorderNumber")),
    responses(
        (status = 200, body = Envelope<WorkOrderView>),
        (status = 403, description = "4001 not involved"),
        (status = 404, description = "404 no such work order"),
    ),
    security(("app" = []), ("service" = [])))]
async fn work_order(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Envelope<WorkOrderView>>, ApiError> {
    let order = workorders::get(&state.db, &id).await?;
    if order.created_by != caller.user.username {
        // The same people who may read its process.
        instances::detail(&state.workflow, &caller.actor(), &order.instance_id).await?;
    }
    Ok(found(WorkOrderView::new(order, &state)))
}

/// Body of a close.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CloseBody {
    /// Why; recorded as the cancel comment (type 5) when the process was still running.
    pub comment: Option<String>,
    /// The user a service acts for.
    pub user_id: Option<String>,
}

/// Closes a work order (its starter or an administrator). A running process is cancelled
/// (`processStatus` `canceled`, comment type 5); an ended one stays as it is.
#[utoipa::path(post, path = "/userdefine/workorder/{id}/close", tag = "workorder",
    params(("id" = String, Path, description = "workorderNumber")),
    request_body = CloseBody,
    responses(
        (status = 200, body = Envelope<WorkOrderView>),
        (status = 400, description = "4101 comment too long"),
        (status = 403, description = "4001 neither the starter nor an administrator"),
        (status = 404, description = "404 no such work order"),
        (status = 409, description = "409 closed already, or the process changed meanwhile"),
    ),
    security(("app" = []), ("service" = [])))]
async fn close(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<CloseBody>,
) -> Result<Json<Envelope<WorkOrderView>>, ApiError> {
    let comment = text("comment", body.comment, 1000).map_err(ApiError::field)?;
    let actor = caller.acting(&state, body.user_id.as_deref()).await?;
    lifecycle::close(&state.workflow, &actor, &id, comment).await?;
    let order = workorders::get(&state.db, &id).await?;
    Ok(done(WorkOrderView::new(order, &state)))
}

/// Body of an evaluation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateBody {
    /// 1 to 5 stars.
    pub rating: i64,
    /// Text (at most 1000 characters).
    pub evaluate: Option<String>,
    /// The user a service acts for.
    pub user_id: Option<String>,
}

/// The starter rates a completed or closed work order, once.
#[utoipa::path(post, path = "/userdefine/workorder/{id}/evaluate", tag = "workorder",
    params(("id" = String, Path, description = "workorderNumber")),
    request_body = EvaluateBody,
    responses(
        (status = 200, body = Envelope<WorkOrderView>),
        (status = 400, description = "4101 rating not 1-5, text too long"),
        (status = 403, description = "4001 not the starter"),
        (status = 404, description = "404 no such work order"),
        (status = 409, description = "409 still processing (or rejected/canceled and not closed), or evaluated already"),
    ),
    security(("app" = []), ("service" = [])))]
async fn evaluate(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<EvaluateBody>,
) -> Result<Json<Envelope<WorkOrderView>>, ApiError> {
    let (rating, evaluation) = parse_fields!(
        rating = Rating::parse(body.rating),
        evaluation = text("evaluate", body.evaluate, 1000),
    )?;
    let actor = caller.acting(&state, body.user_id.as_deref()).await?;
    lifecycle::evaluate(&state.workflow, &actor, &id, rating, evaluation).await?;
    let order = workorders::get(&state.db, &id).await?;
    Ok(done(WorkOrderView::new(order, &state)))
}

/// A printable HTML page of the work order: fields, form values, the diagram with the path
/// taken, and the history (its starter, anyone involved in its process, an administrator).
#[utoipa::path(get, path = "/userdefine/workorder/{id}/print", tag = "workorder",
    params(("id" = String, Path, description = "workorderNumber")),
    responses(
        (status = 200, content_type = "text/html", body = String),
        (status = 403, description = "4001 not involved"),
        (status = 404, description = "404 no such work order"),
    ),
    security(("app" = []), ("service" = [])))]
async fn print_page(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    let html = print::page(
        &state.workflow,
        state.settings.utc_offset,
        current_lang().locale(),
        &caller.actor(),
        &id,
    )
    .await?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html))
}
