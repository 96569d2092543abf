//! `/workflow/runtime/**`: messages and signals from integrators (webhooks, other systems).

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::api::caller::Caller;
use crate::server::api::envelope::{done, Envelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::ApiJson;
use crate::server::service::error::FieldProblem;
use crate::server::service::workflow::events;
use crate::server::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(message))
        .routes(routes!(signal))
}

fn required(value: Option<String>, field: &'static str) -> Result<String, ApiError> {
    value
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::field(FieldProblem::missing(field)))
}

fn optional(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Body of a message.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageBody {
    /// Message name (the `name` of the model's `<message>`).
    pub message_name: Option<String>,
    /// Only an instance with this business key receives it (and a started one gets it).
    pub business_key: Option<String>,
    /// Only this instance receives it; then it never starts a new one.
    pub proc_ins_id: Option<String>,
    /// Variables the message carries.
    #[schema(value_type = Option<Object>)]
    pub variables: Option<Map<String, Value>>,
}

/// Where a message went.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    /// The instance that received it, or that it started.
    pub proc_ins_id: String,
    /// Whether a message start event started that instance.
    pub started: bool,
    /// The first task the message opened, if any (the seed's capitalised key).
    #[serde(rename = "TaskId")]
    pub task_id: Option<String>,
}

/// Delivers a message to the instance waiting for it (the oldest, restricted by `procInsId`
/// and `businessKey` when given); when none waits and no instance is named, starts the
/// latest process with a message start event for it.
#[utoipa::path(post, path = "/workflow/runtime/message", tag = "workflow",
    request_body = MessageBody,
    responses(
        (status = 200, body = Envelope<MessageView>),
        (status = 400, description = "4101 messageName missing, or an expression failed with these variables"),
        (status = 403, description = "4001 only services and administrators send messages"),
        (status = 404, description = "404 no instance waits for the message and no process starts with it"),
    ),
    security(("app" = []), ("service" = [])))]
async fn message(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<MessageBody>,
) -> Result<Json<Envelope<MessageView>>, ApiError> {
    let name = required(body.message_name, "messageName")?;
    let actor = caller.acting(&state, None).await?;
    let delivery = events::message(
        &state.workflow,
        &actor,
        &name,
        optional(body.business_key).as_deref(),
        optional(body.proc_ins_id).as_deref(),
        body.variables.unwrap_or_default(),
    )
    .await?;
    Ok(done(MessageView {
        task_id: delivery.outcome.new_tasks.into_iter().next(),
        proc_ins_id: delivery.outcome.instance_id,
        started: delivery.started,
    }))
}

/// Body of a signal.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignalBody {
    /// Signal name (the `name` of the model's `<signal>`).
    pub signal_name: Option<String>,
    /// Variables the signal carries, set in every instance it reaches.
    #[schema(value_type = Option<Object>)]
    pub variables: Option<Map<String, Value>>,
}

/// What a signal reached.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignalView {
    /// How many waiting instances received it.
    pub delivered: usize,
    /// How many instances its signal start events started.
    pub started: usize,
    /// The instances that received it.
    pub delivered_ids: Vec<String>,
    /// The instances it started.
    pub started_ids: Vec<String>,
}

/// Broadcasts a signal: every running instance waiting for it receives it (each on its own),
/// and every process whose latest version has a signal start event for it starts. Reaching
/// nobody is not an error (a broadcast has no addressee).
#[utoipa::path(post, path = "/workflow/runtime/signal", tag = "workflow",
    request_body = SignalBody,
    responses(
        (status = 200, body = Envelope<SignalView>),
        (status = 400, description = "4101 signalName missing"),
        (status = 403, description = "4001 only services and administrators send signals"),
    ),
    security(("app" = []), ("service" = [])))]
async fn signal(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<SignalBody>,
) -> Result<Json<Envelope<SignalView>>, ApiError> {
    let name = required(body.signal_name, "signalName")?;
    let actor = caller.acting(&state, None).await?;
    let delivery = events::signal(
        &state.workflow,
        &actor,
        &name,
        body.variables.unwrap_or_default(),
    )
    .await?;
    Ok(done(SignalView {
        delivered: delivery.delivered.len(),
        started: delivery.started.len(),
        delivered_ids: delivery.delivered,
        started_ids: delivery.started,
    }))
}
