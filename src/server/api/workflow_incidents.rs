//! `/workflow/incident/**`: jobs out of retries, listed and retried by administrators.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use woc_store::Incident;

use crate::server::api::caller::Caller;
use crate::server::api::envelope::{done, found, Empty, Envelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::ApiPath;
use crate::server::display_time::format_millis;
use crate::server::service::workflow::incidents;
use crate::server::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(incident_list))
        .routes(routes!(retry))
}

/// An incident as the monitoring center shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IncidentView {
    /// Job id (what the retry takes).
    pub job_id: String,
    /// The instance; absent for a timer start event (no instance was started).
    pub proc_ins_id: Option<String>,
    /// Definition id.
    pub proc_def_id: String,
    /// Process key.
    pub proc_def_key: String,
    /// The node whose job failed.
    pub node: String,
    /// `timer`, `async`, `asyncAfter`, `service` or `timerStart`.
    pub kind: String,
    /// Service implementation, for service jobs.
    pub handler: Option<String>,
    /// When it last was due, `yyyy-MM-dd HH:mm:ss`.
    pub due_time: String,
    /// The failure that used up the last retry.
    pub last_error: Option<String>,
}

impl IncidentView {
    fn new(incident: Incident, state: &AppState) -> IncidentView {
        IncidentView {
            job_id: incident.job_id,
            proc_ins_id: incident.instance_id,
            proc_def_id: incident.definition_id,
            proc_def_key: incident.process_key,
            node: incident.node,
            kind: incident.kind,
            handler: incident.handler,
            due_time: format_millis(incident.due_at, state.settings.utc_offset),
            last_error: incident.last_error,
        }
    }
}

/// Every incident, oldest first (administrators).
#[utoipa::path(get, path = "/workflow/incident/list", tag = "workflow",
    responses(
        (status = 200, body = Envelope<Vec<IncidentView>>),
        (status = 403, description = "4001 not an administrator"),
    ),
    security(("app" = []), ("service" = [])))]
async fn incident_list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Envelope<Vec<IncidentView>>>, ApiError> {
    let list = incidents::list(&state.workflow, &caller.actor()).await?;
    Ok(found(
        list.into_iter()
            .map(|i| IncidentView::new(i, &state))
            .collect(),
    ))
}

/// Retries an incident: its retries are reset and it is due now, so the job executor runs it
/// on its next turn; the instance's history records who retried it (administrators).
#[utoipa::path(post, path = "/workflow/incident/{jobId}/retry", tag = "workflow",
    params(("jobId" = String, Path, description = "Job id of the incident")),
    responses(
        (status = 200, body = Envelope<Empty>),
        (status = 403, description = "4001 not an administrator"),
        (status = 404, description = "404 no such job"),
        (status = 409, description = "409 the job is not an incident (it still has retries)"),
    ),
    security(("app" = []), ("service" = [])))]
async fn retry(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(job_id): ApiPath<String>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    incidents::retry(&state.workflow, &caller.actor(), &job_id).await?;
    Ok(done(Empty {}))
}
