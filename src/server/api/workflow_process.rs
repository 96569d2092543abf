//! `/workflow/process/**`: starting instances, the user's lists, an instance's detail.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::macros::format_description;
use time::{Date, PrimitiveDateTime, UtcOffset};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use woc_engine::{Event, ProcessInstance};
use woc_store::{CopyRow, FinishedRow, InstanceRow, InstanceSummary, StartedFilter, TaskRow};

use crate::server::api::caller::Caller;
use crate::server::api::envelope::{done, found, page, Envelope, PageEnvelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::{ApiJson, ApiPath, ApiQuery, PageParams};
use crate::server::display_time::format_millis;
use crate::server::service::error::FieldProblem;
use crate::server::service::workflow::instances::{self, Advanced};
use crate::server::service::workflow::{lists, tasks};
use crate::server::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(start_named_in_body))
        .routes(routes!(todo_list))
        .routes(routes!(finished_list))
        .routes(routes!(own_list))
        .routes(routes!(copy_list))
        .routes(routes!(detail))
        .routes(routes!(return_nodes))
}

/// What a start or task operation returns (capitalised keys are the seed's).
#[derive(Debug, Serialize, ToSchema)]
pub struct AdvancedView {
    /// The first task the operation opened, if any.
    #[serde(rename = "TaskId")]
    pub task_id: Option<String>,
    /// The instance.
    #[serde(rename = "ProcessInstanceId")]
    pub process_instance_id: String,
}

impl From<Advanced> for AdvancedView {
    fn from(a: Advanced) -> Self {
        AdvancedView {
            task_id: a.task_id,
            process_instance_id: a.instance_id,
        }
    }
}

/// A row of the task and instance lists, with the seed's column names.
#[derive(Debug, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProcessRowView {
    /// Task id (task lists).
    pub task_id: Option<String>,
    /// Task name.
    pub task_name: Option<String>,
    /// The user task's node id.
    pub task_def_key: Option<String>,
    /// Who must act on the task (todo), or acted on it (finished).
    pub assignee_id: Option<String>,
    /// The assignee's nick name.
    pub assignee_name: Option<String>,
    /// The assignee's department.
    pub dept_name: Option<String>,
    /// Instance id.
    pub proc_ins_id: String,
    /// Definition id.
    pub proc_def_id: String,
    /// Process key.
    pub proc_def_key: String,
    /// Definition version.
    pub proc_def_version: Option<i64>,
    /// Process name of the definition.
    pub proc_def_name: Option<String>,
    /// Category code of the definition.
    pub category: Option<String>,
    /// Business key (work-order number).
    pub business_key: Option<String>,
    /// Who started the instance.
    pub start_user_id: Option<String>,
    /// The starter's nick name.
    pub start_user_name: Option<String>,
    /// The starter's department.
    pub start_dept_name: Option<String>,
    /// Instance start, `yyyy-MM-dd HH:mm:ss`.
    pub pro_ins_create_time: String,
    /// Task creation (or carbon copy), `yyyy-MM-dd HH:mm:ss`.
    pub create_time: Option<String>,
    /// Task or instance end, `yyyy-MM-dd HH:mm:ss`.
    pub finish_time: Option<String>,
    /// Milliseconds from creation to end.
    pub duration: Option<i64>,
    /// `running`, `completed`, `rejected`, `canceled`, `suspended` or `terminated`.
    pub process_status: String,
}

impl ProcessRowView {
    fn of_instance(instance: InstanceSummary, state: &AppState) -> ProcessRowView {
        let time = |ms| format_millis(ms, state.settings.utc_offset);
        ProcessRowView {
            // Definition ids are `key:version:uuid`.
            proc_def_version: instance
                .definition_id
                .split(':')
                .nth(1)
                .and_then(|v| v.parse().ok()),
            proc_ins_id: instance.instance_id,
            proc_def_id: instance.definition_id,
            proc_def_key: instance.process_key,
            proc_def_name: instance.definition_name,
            category: instance.category,
            business_key: instance.business_key,
            start_user_id: instance.started_by,
            start_user_name: instance.started_by_name,
            start_dept_name: instance.started_by_dept,
            pro_ins_create_time: time(instance.started_at),
            finish_time: instance.ended_at.map(time),
            process_status: instance.status,
            ..ProcessRowView::default()
        }
    }

    fn of_todo(row: TaskRow, state: &AppState) -> ProcessRowView {
        let time = |ms| format_millis(ms, state.settings.utc_offset);
        ProcessRowView {
            task_id: Some(row.task_id),
            task_name: row.task_name,
            task_def_key: Some(row.task_def_key),
            assignee_id: row.assignee,
            assignee_name: row.assignee_name,
            dept_name: row.assignee_dept,
            create_time: Some(time(row.created_at)),
            ..ProcessRowView::of_instance(row.instance, state)
        }
    }

    fn of_finished(row: FinishedRow, state: &AppState) -> ProcessRowView {
        let time = |ms| format_millis(ms, state.settings.utc_offset);
        ProcessRowView {
            task_id: Some(row.task_id),
            task_name: row.task_name,
            task_def_key: Some(row.task_def_key),
            assignee_id: row.assignee,
            assignee_name: row.assignee_name,
            dept_name: row.assignee_dept,
            create_time: Some(time(row.created_at)),
            duration: Some(row.duration),
            ..ProcessRowView::of_instance(row.instance, state)
        }
        .finished_at(time(row.ended_at))
    }

    fn finished_at(mut self, at: String) -> ProcessRowView {
        self.finish_time = Some(at);
        self
    }

    fn of_started(row: InstanceRow, state: &AppState) -> ProcessRowView {
        ProcessRowView {
            duration: row.duration,
            ..ProcessRowView::of_instance(row.instance, state)
        }
    }

    fn of_copy(row: CopyRow, state: &AppState) -> ProcessRowView {
        let time = |ms| format_millis(ms, state.settings.utc_offset);
        ProcessRowView {
            task_id: row.task_id,
            task_def_key: row.task_def_key,
            create_time: Some(time(row.sent_at)),
            ..ProcessRowView::of_instance(row.instance, state)
        }
    }
}

/// Body of a start.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StartBody {
    /// Initial process variables.
    #[schema(value_type = Option<Object>)]
    pub variables: Option<Map<String, Value>>,
    /// Definition id or key, instead of the path's.
    pub process_def_id: Option<String>,
    /// Business key (work-order number).
    pub business_key: Option<String>,
    /// The user a service starts it for (an app always starts as its token's user).
    pub user_id: Option<String>,
}

/// Starts an instance as the acting user (the `initiator` of the model): the token's user, or
/// for a service the `userId` it names.
#[utoipa::path(post, path = "/workflow/process/start/{processId}", tag = "workflow",
    params(("processId" = String, Path, description = "Definition id, or a process key for its latest version")),
    request_body = StartBody,
    responses(
        (status = 200, body = Envelope<AdvancedView>),
        (status = 400, description = "4101 an expression or gateway cannot be evaluated with these variables"),
        (status = 404, description = "404 no such definition"),
        (status = 409, description = "409 the definition is offline"),
    ),
    security(("app" = []), ("service" = [])))]
async fn start(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(process_id): ApiPath<String>,
    ApiJson(body): ApiJson<StartBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    let process = body
        .process_def_id
        .filter(|p| !p.trim().is_empty())
        .unwrap_or(process_id);
    start_as_caller(
        &state,
        &caller,
        &process,
        body.variables,
        body.business_key,
        body.user_id,
    )
    .await
}

/// Body of the seed's own start example, which names the definition in the body only.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NamedStartBody {
    /// Definition id, or a process key for its latest version.
    pub process_def_id: String,
    /// Initial process variables.
    #[schema(value_type = Option<Object>)]
    pub variables: Option<Map<String, Value>>,
    /// Business key (work-order number).
    pub business_key: Option<String>,
    /// The user a service starts it for (an app always starts as its token's user).
    pub user_id: Option<String>,
}

/// The seed's start (发起流程: `POST /workflow/process/start/` with `processDefId` in the
/// body): the same start as with the id in the path.
#[utoipa::path(post, path = "/workflow/process/start/", tag = "workflow",
    request_body = NamedStartBody,
    responses(
        (status = 200, body = Envelope<AdvancedView>),
        (status = 400, description = "4101 processDefId missing, or an expression or gateway cannot be evaluated with these variables"),
        (status = 404, description = "404 no such definition"),
        (status = 409, description = "409 the definition is offline"),
    ),
    security(("app" = []), ("service" = [])))]
async fn start_named_in_body(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NamedStartBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    let process = body.process_def_id.trim().to_owned();
    if process.is_empty() {
        return Err(ApiError::field(FieldProblem::missing("processDefId")));
    }
    start_as_caller(
        &state,
        &caller,
        &process,
        body.variables,
        body.business_key,
        body.user_id,
    )
    .await
}

/// Starts `process` as the acting user: the token's user, or for a service the `userId` named.
async fn start_as_caller(
    state: &AppState,
    caller: &Caller,
    process: &str,
    variables: Option<Map<String, Value>>,
    business_key: Option<String>,
    user_id: Option<String>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    let actor = caller.acting(state, user_id.as_deref()).await?;
    let started = instances::start(
        &state.workflow,
        &actor,
        process,
        business_key.filter(|k| !k.trim().is_empty()),
        variables.unwrap_or_default(),
    )
    .await?;
    Ok(done(started.into()))
}

/// Filters of the task lists (the seed's for todoList and finishedList): on the process the
/// task belongs to.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct TaskFilter {
    /// Part of the process name.
    pub process_name: Option<String>,
    /// Process started at or after: `yyyy-MM-dd HH:mm:ss`, or `yyyy-MM-dd` for the start of
    /// that day (server zone).
    pub pro_start_begin_time: Option<String>,
    /// Process started at or before: `yyyy-MM-dd HH:mm:ss`, or `yyyy-MM-dd` for the whole of
    /// that day.
    pub pro_start_end_time: Option<String>,
}

impl TaskFilter {
    /// The store's filter; 4101 naming each time that does not parse.
    fn into_store(self, offset: UtcOffset) -> Result<StartedFilter, ApiError> {
        let (started_from, started_to) =
            started_between(self.pro_start_begin_time, self.pro_start_end_time, offset)?;
        Ok(StartedFilter {
            process_name: blank(self.process_name),
            started_from,
            started_to,
            ..StartedFilter::default()
        })
    }
}

/// My open tasks: assigned to me, or unassigned with me as candidate.
#[utoipa::path(get, path = "/workflow/process/todoList", tag = "workflow",
    params(PageParams, TaskFilter),
    responses(
        (status = 200, body = PageEnvelope<ProcessRowView>),
        (status = 400, description = "4101 proStartBeginTime or proStartEndTime is not a time"),
    ),
    security(("app" = []), ("service" = [])))]
async fn todo_list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
    ApiQuery(filter): ApiQuery<TaskFilter>,
) -> Result<Json<PageEnvelope<ProcessRowView>>, ApiError> {
    let filter = filter.into_store(state.settings.utc_offset)?;
    let rows = lists::todo(&state.workflow, &caller.actor(), &filter, params.window()).await?;
    Ok(page(rows, |r| ProcessRowView::of_todo(r, &state)))
}

/// Tasks I completed or otherwise ended.
#[utoipa::path(get, path = "/workflow/process/finishedList", tag = "workflow",
    params(PageParams, TaskFilter),
    responses(
        (status = 200, body = PageEnvelope<ProcessRowView>),
        (status = 400, description = "4101 proStartBeginTime or proStartEndTime is not a time"),
    ),
    security(("app" = []), ("service" = [])))]
async fn finished_list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
    ApiQuery(filter): ApiQuery<TaskFilter>,
) -> Result<Json<PageEnvelope<ProcessRowView>>, ApiError> {
    let filter = filter.into_store(state.settings.utc_offset)?;
    let rows = lists::finished(&state.workflow, &caller.actor(), &filter, params.window()).await?;
    Ok(page(rows, |r| ProcessRowView::of_finished(r, &state)))
}

/// Filters of the started list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct OwnFilter {
    /// Exact process key.
    pub process_key: Option<String>,
    /// Part of the process name.
    pub process_name: Option<String>,
    /// Exact category code.
    pub category: Option<String>,
    /// `processStatus`.
    pub process_status: Option<String>,
    /// Started at or after: `yyyy-MM-dd HH:mm:ss`, or `yyyy-MM-dd` for the start of that day
    /// (server zone).
    pub pro_start_begin_time: Option<String>,
    /// Started at or before: `yyyy-MM-dd HH:mm:ss`, or `yyyy-MM-dd` for the whole of that day.
    pub pro_start_end_time: Option<String>,
}

/// Instances I started.
#[utoipa::path(get, path = "/workflow/process/ownList", tag = "workflow", params(PageParams, OwnFilter),
    responses((status = 200, body = PageEnvelope<ProcessRowView>)),
    security(("app" = []), ("service" = [])))]
async fn own_list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
    ApiQuery(filter): ApiQuery<OwnFilter>,
) -> Result<Json<PageEnvelope<ProcessRowView>>, ApiError> {
    let (started_from, started_to) = started_between(
        filter.pro_start_begin_time,
        filter.pro_start_end_time,
        state.settings.utc_offset,
    )?;
    let filter = StartedFilter {
        status: blank(filter.process_status),
        process_key: blank(filter.process_key),
        process_name: blank(filter.process_name),
        category: blank(filter.category),
        started_from,
        started_to,
        ..StartedFilter::default()
    };
    let rows = lists::own(&state.workflow, &caller.actor(), &filter, params.window()).await?;
    Ok(page(rows, |r| ProcessRowView::of_started(r, &state)))
}

/// A filter's text, trimmed; `None` when blank.
fn blank(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The instance start window of `proStartBeginTime` and `proStartEndTime` (epoch millis, the
/// end exclusive); 4101 naming each one that is not a time.
fn started_between(
    begin: Option<String>,
    end: Option<String>,
    offset: UtcOffset,
) -> Result<(Option<i64>, Option<i64>), ApiError> {
    crate::parse_fields!(
        from = blank(begin)
            .map(|t| start_of(&t, offset).ok_or_else(|| bad_time("proStartBeginTime")))
            .transpose(),
        to = blank(end)
            .map(|t| end_of(&t, offset).ok_or_else(|| bad_time("proStartEndTime")))
            .transpose(),
    )
}

fn bad_time(field: &str) -> FieldProblem {
    FieldProblem::new(
        field,
        "须为 yyyy-MM-dd HH:mm:ss 或 yyyy-MM-dd",
        "must be yyyy-MM-dd HH:mm:ss or yyyy-MM-dd",
    )
}

/// Epoch millis of a `yyyy-MM-dd HH:mm:ss` time, or of the first instant of a `yyyy-MM-dd`
/// day, in the server's zone.
fn start_of(text: &str, offset: UtcOffset) -> Option<i64> {
    let with_time = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let date_only = format_description!("[year]-[month]-[day]");
    let local = PrimitiveDateTime::parse(text, &with_time)
        .ok()
        .or_else(|| Date::parse(text, &date_only).ok().map(|d| d.midnight()))?;
    let nanos = local.assume_offset(offset).unix_timestamp_nanos();
    i64::try_from(nanos / 1_000_000).ok()
}

/// The exclusive end (epoch millis) of a `yyyy-MM-dd HH:mm:ss` second or a whole `yyyy-MM-dd`
/// day, so "ending on the 22nd" includes everything started that day.
fn end_of(text: &str, offset: UtcOffset) -> Option<i64> {
    let start = start_of(text, offset)?;
    let length = if text.len() <= 10 { 86_400_000 } else { 1_000 };
    Some(start + length)
}

/// Carbon copies sent to me.
#[utoipa::path(get, path = "/workflow/process/copyList", tag = "workflow", params(PageParams),
    responses((status = 200, body = PageEnvelope<ProcessRowView>)),
    security(("app" = []), ("service" = [])))]
async fn copy_list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<PageEnvelope<ProcessRowView>>, ApiError> {
    let rows = lists::copies(&state.workflow, &caller.actor(), params.window()).await?;
    Ok(page(rows, |r| ProcessRowView::of_copy(r, &state)))
}

/// An instance in full.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DetailView {
    /// `processStatus`.
    pub process_status: String,
    /// Variables, open tasks, executions, the trail of completed activities.
    #[schema(value_type = Object)]
    pub instance: ProcessInstance,
    /// Every event, oldest first (activities, tasks, comments, variable changes).
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<Event>,
    /// Node ids holding a token now, for the diagram.
    pub active_nodes: Vec<String>,
}

/// `procInsId` of the detail.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct InstanceParams {
    /// Instance id.
    pub proc_ins_id: Option<String>,
}

/// An instance: variables, history, active nodes (its starter, people on its tasks, admins).
#[utoipa::path(get, path = "/workflow/process/detail", tag = "workflow", params(InstanceParams),
    responses(
        (status = 200, body = Envelope<DetailView>),
        (status = 403, description = "4001 not involved in the instance"),
        (status = 404, description = "404 no such instance"),
    ),
    security(("app" = []), ("service" = [])))]
async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<InstanceParams>,
) -> Result<Json<Envelope<DetailView>>, ApiError> {
    let id = params
        .proc_ins_id
        .filter(|i| !i.trim().is_empty())
        .ok_or_else(|| ApiError::field(FieldProblem::missing("procInsId")))?;
    let detail = instances::detail(&state.workflow, &caller.actor(), &id).await?;
    Ok(found(DetailView {
        process_status: detail.instance.status.as_str().to_owned(),
        instance: detail.instance,
        history: detail.history,
        active_nodes: detail.active_nodes,
    }))
}

/// `taskId` of the return choices.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct TaskParams {
    /// Task id.
    pub task_id: Option<String>,
}

/// Nodes a task may be returned to: those visited on its path.
#[utoipa::path(get, path = "/workflow/process/returnNodes", tag = "workflow", params(TaskParams),
    responses(
        (status = 200, body = Envelope<Vec<String>>),
        (status = 403, description = "4001 not the task's assignee"),
        (status = 404, description = "404 no such open task"),
    ),
    security(("app" = []), ("service" = [])))]
async fn return_nodes(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<TaskParams>,
) -> Result<Json<Envelope<Vec<String>>>, ApiError> {
    let id = params
        .task_id
        .filter(|i| !i.trim().is_empty())
        .ok_or_else(|| ApiError::field(FieldProblem::missing("taskId")))?;
    Ok(found(
        tasks::return_nodes(&state.workflow, &caller.actor(), &id).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_times_are_local_and_days_are_whole() {
        let beijing = UtcOffset::from_hms(8, 0, 0).unwrap();
        // 2025-01-22 00:00:00 +08:00 is 2025-01-21 16:00:00 UTC.
        assert_eq!(start_of("2025-01-22", beijing), Some(1_737_475_200_000));
        assert_eq!(
            end_of("2025-01-22", beijing),
            Some(1_737_475_200_000 + 86_400_000)
        );
        assert_eq!(
            start_of("2025-01-22 08:00:00", beijing),
            Some(1_737_504_000_000)
        );
        assert_eq!(
            end_of("2025-01-22 08:00:00", beijing),
            Some(1_737_504_001_000)
        );
        assert_eq!(start_of("22/01/2025", beijing), None);
    }
}
