//! `/workflow/task/**`: the operations on open tasks, all taking the seed's shared body.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use woc_engine::Command;

use crate::server::api::caller::Caller;
use crate::server::api::envelope::{done, Envelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::ApiJson;
use crate::server::api::workflow_process::AdvancedView;
use crate::server::service::error::FieldProblem;
use crate::server::service::workflow::instances;
use crate::server::service::workflow::tasks;
use crate::server::service::workflow::user_list;
use crate::server::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(complete))
        .routes(routes!(reject))
        .routes(routes!(return_task))
        .routes(routes!(delegate))
        .routes(routes!(transfer))
        .routes(routes!(claim))
        .routes(routes!(unclaim))
        .routes(routes!(resolve))
        .routes(routes!(delete))
        .routes(routes!(stop_process))
}

/// The body every task operation accepts; each reads the fields it needs.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaskBody {
    /// The task.
    pub task_id: Option<String>,
    /// The user a service acts for.
    pub user_id: Option<String>,
    /// Comment recorded with the operation.
    pub comment: Option<String>,
    /// The instance (`stopProcess`).
    pub proc_ins_id: Option<String>,
    /// Node to return to (`return`).
    pub target_key: Option<String>,
    /// Variables to set (`complete`, `resolve`).
    #[schema(value_type = Option<Object>)]
    pub variables: Option<Map<String, Value>>,
    /// The delegate or new assignee (`delegate`, `transfer`).
    pub assignee: Option<String>,
    /// Carbon-copy recipients, `"a,b"`.
    pub copy_user_ids: Option<String>,
    /// Assignees of the next user task(s), `"a,b"`.
    pub next_user_ids: Option<String>,
}

fn required(value: Option<String>, field: &str) -> Result<String, ApiError> {
    value
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::field(FieldProblem::missing(field)))
}

/// Sends the command `build` makes of the body's task id, comment and other fields, as the
/// acting user.
async fn operate(
    state: &AppState,
    caller: &Caller,
    body: TaskBody,
    build: impl FnOnce(String, Option<String>, &mut TaskBody) -> Result<Command, ApiError>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    let mut body = body;
    let task_id = required(body.task_id.take(), "taskId")?;
    let comment = body.comment.take().filter(|c| !c.trim().is_empty());
    let command = build(task_id, comment, &mut body)?;
    let actor = caller.acting(state, body.user_id.as_deref()).await?;
    let advanced = tasks::act(&state.workflow, &actor, command).await?;
    Ok(done(advanced.into()))
}

/// Approves a task; `nextUserIds` assigns the next user task(s), `copyUserIds` sends copies.
#[utoipa::path(post, path = "/workflow/task/complete", tag = "workflow", request_body = TaskBody,
    responses(
        (status = 200, body = Envelope<AdvancedView>),
        (status = 400, description = "4101 missing taskId, or an expression failed with these variables"),
        (status = 403, description = "4001 not the task's assignee"),
        (status = 404, description = "404 no such open task"),
        (status = 409, description = "409 another request changed the instance first"),
    ),
    security(("app" = []), ("service" = [])))]
async fn complete(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    operate(&state, &caller, body, |task_id, comment, b| {
        Ok(Command::Complete {
            task_id,
            variables: b.variables.take().unwrap_or_default(),
            comment,
            next_assignees: user_list(b.next_user_ids.as_deref()),
            copy_to: user_list(b.copy_user_ids.as_deref()),
        })
    })
    .await
}

/// Rejects: the whole instance ends as `rejected`.
#[utoipa::path(post, path = "/workflow/task/reject", tag = "workflow", request_body = TaskBody,
    responses((status = 200, body = Envelope<AdvancedView>)),
    security(("app" = []), ("service" = [])))]
async fn reject(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    operate(&state, &caller, body, |task_id, comment, _| {
        Ok(Command::Reject { task_id, comment })
    })
    .await
}

/// Sends the instance back to `targetKey`, a node visited on the task's path.
#[utoipa::path(post, path = "/workflow/task/return", tag = "workflow", request_body = TaskBody,
    responses((status = 200, body = Envelope<AdvancedView>)),
    security(("app" = []), ("service" = [])))]
async fn return_task(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    operate(&state, &caller, body, |task_id, comment, b| {
        Ok(Command::Return {
            task_id,
            target_node: required(b.target_key.take(), "targetKey")?,
            comment,
        })
    })
    .await
}

/// Delegates to `assignee`, who resolves it back to the owner.
#[utoipa::path(post, path = "/workflow/task/delegate", tag = "workflow", request_body = TaskBody,
    responses((status = 200, body = Envelope<AdvancedView>)),
    security(("app" = []), ("service" = [])))]
async fn delegate(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    operate(&state, &caller, body, |task_id, comment, b| {
        Ok(Command::Delegate {
            task_id,
            to: required(b.assignee.take(), "assignee")?,
            comment,
        })
    })
    .await
}

/// Hands the task over to `assignee` for good.
#[utoipa::path(post, path = "/workflow/task/transfer", tag = "workflow", request_body = TaskBody,
    responses((status = 200, body = Envelope<AdvancedView>)),
    security(("app" = []), ("service" = [])))]
async fn transfer(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    operate(&state, &caller, body, |task_id, comment, b| {
        Ok(Command::Transfer {
            task_id,
            to: required(b.assignee.take(), "assignee")?,
            comment,
        })
    })
    .await
}

/// A candidate takes the task.
#[utoipa::path(post, path = "/workflow/task/claim", tag = "workflow", request_body = TaskBody,
    responses((status = 200, body = Envelope<AdvancedView>)),
    security(("app" = []), ("service" = [])))]
async fn claim(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    operate(&state, &caller, body, |task_id, _, _| {
        Ok(Command::Claim { task_id })
    })
    .await
}

/// The assignee gives a claimed task back to its candidates.
#[utoipa::path(post, path = "/workflow/task/unclaim", tag = "workflow", request_body = TaskBody,
    responses((status = 200, body = Envelope<AdvancedView>)),
    security(("app" = []), ("service" = [])))]
async fn unclaim(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    operate(&state, &caller, body, |task_id, _, _| {
        Ok(Command::Unclaim { task_id })
    })
    .await
}

/// The delegate finishes a delegated task; it returns to the owner.
#[utoipa::path(post, path = "/workflow/task/resolve", tag = "workflow", request_body = TaskBody,
    responses((status = 200, body = Envelope<AdvancedView>)),
    security(("app" = []), ("service" = [])))]
async fn resolve(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    operate(&state, &caller, body, |task_id, comment, b| {
        Ok(Command::Resolve {
            task_id,
            variables: b.variables.take().unwrap_or_default(),
            comment,
        })
    })
    .await
}

/// Deletes a task (administrators); the token moves on and the instance records it.
#[utoipa::path(post, path = "/workflow/task/delete", tag = "workflow", request_body = TaskBody,
    responses((status = 200, body = Envelope<AdvancedView>)),
    security(("app" = []), ("service" = [])))]
async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    operate(&state, &caller, body, |task_id, reason, _| {
        Ok(Command::DeleteTask { task_id, reason })
    })
    .await
}

/// Cancels the instance `procInsId` (its starter or an administrator): status `canceled`.
#[utoipa::path(post, path = "/workflow/task/stopProcess", tag = "workflow", request_body = TaskBody,
    responses(
        (status = 200, body = Envelope<AdvancedView>),
        (status = 403, description = "4001 neither the starter nor an administrator"),
    ),
    security(("app" = []), ("service" = [])))]
async fn stop_process(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TaskBody>,
) -> Result<Json<Envelope<AdvancedView>>, ApiError> {
    let instance_id = required(body.proc_ins_id, "procInsId")?;
    let actor = caller.acting(&state, body.user_id.as_deref()).await?;
    let comment = body.comment.filter(|c| !c.trim().is_empty());
    let stopped = instances::cancel(&state.workflow, &actor, &instance_id, comment).await?;
    Ok(done(stopped.into()))
}
