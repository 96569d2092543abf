//! `/workflow/process/migrate`: moving running instances to another version (administrators).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use woc_store::MigrationResult;

use crate::server::api::caller::Caller;
use crate::server::api::envelope::{done, Envelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::ApiJson;
use crate::server::service::workflow::migration::{self, MigrationRequest};
use crate::server::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(migrate))
}

/// Body of a migration.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MigrateBody {
    /// The definition the instances run on.
    pub source_definition_id: String,
    /// Another version of the same process, to move them to.
    pub target_definition_id: String,
    /// Source node id -> target node id, for nodes whose id changed; a node in use that is not
    /// named keeps its id.
    pub node_mapping: Option<BTreeMap<String, String>>,
    /// The instances to move; all running and suspended instances of the source when absent.
    pub proc_ins_ids: Option<Vec<String>>,
}

/// One instance's migration.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MigratedView {
    /// Instance id.
    pub proc_ins_id: String,
    /// Whether it runs on the target now.
    pub migrated: bool,
    /// Why not (the node that has no fitting target, the instance ended...).
    pub error: Option<String>,
}

impl From<MigrationResult> for MigratedView {
    fn from(result: MigrationResult) -> Self {
        MigratedView {
            proc_ins_id: result.instance_id,
            migrated: result.migrated,
            error: result.error,
        }
    }
}

/// What a migration did, instance by instance.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MigrationView {
    /// Instances now on the target.
    pub migrated: usize,
    /// Instances left where they were.
    pub failed: usize,
    /// Each instance.
    pub results: Vec<MigratedView>,
}

/// Moves running instances to another version of their process, mapping the nodes they are at
/// (identity for ids present in both). Each instance is migrated in its own transaction and
/// reported; one the mapping does not fit stays on its version, the others move.
#[utoipa::path(post, path = "/workflow/process/migrate", tag = "workflow",
    request_body = MigrateBody,
    responses(
        (status = 200, body = Envelope<MigrationView>),
        (status = 400, description = "4101 a missing id, another process key, or a mapping naming unknown nodes"),
        (status = 403, description = "4001 not an administrator"),
        (status = 404, description = "404 no such definition"),
    ),
    security(("app" = []), ("service" = [])))]
async fn migrate(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<MigrateBody>,
) -> Result<Json<Envelope<MigrationView>>, ApiError> {
    let request = MigrationRequest {
        source_definition_id: body.source_definition_id,
        target_definition_id: body.target_definition_id,
        node_mapping: body.node_mapping.unwrap_or_default(),
        instance_ids: body.proc_ins_ids,
    };
    let results = migration::migrate(&state.workflow, &caller.actor(), &request).await?;
    let migrated = results.iter().filter(|r| r.migrated).count();
    Ok(done(MigrationView {
        migrated,
        failed: results.len() - migrated,
        results: results.into_iter().map(MigratedView::from).collect(),
    }))
}
