//! Migrating running instances to another version of their process (administrators).

use woc_engine::NodeMapping;
use woc_store::{MigrationResult, SqlStore};

use crate::server::service::actor::Actor;
use crate::server::service::error::{FieldProblem, ServiceError};

/// What an administrator asked to migrate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationRequest {
    /// The definition the instances run on.
    pub source_definition_id: String,
    /// The version they move to.
    pub target_definition_id: String,
    /// Source node -> target node, for nodes whose id changed.
    pub node_mapping: NodeMapping,
    /// The instances; `None` for every running or suspended instance of the source.
    pub instance_ids: Option<Vec<String>>,
}

/// Checks the request as a whole (every mistake named at once, before anything moves), then
/// migrates each instance in its own transaction and reports each.
pub async fn migrate(
    store: &SqlStore,
    actor: &Actor,
    request: &MigrationRequest,
) -> Result<Vec<MigrationResult>, ServiceError> {
    actor.require_admin()?;
    let mut problems = Vec::new();
    for (field, value) in [
        ("sourceDefinitionId", &request.source_definition_id),
        ("targetDefinitionId", &request.target_definition_id),
    ] {
        if value.trim().is_empty() {
            problems.push(FieldProblem::missing(field));
        }
    }
    if request.instance_ids.as_ref().is_some_and(Vec::is_empty) {
        problems.push(FieldProblem::new(
            "procInsIds",
            "为空：省略它即迁移源版本的全部运行中实例",
            "is empty: leave it out to migrate every running instance of the source",
        ));
    }
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    let source = store
        .engine_definition(&request.source_definition_id)
        .await?;
    let target = store
        .engine_definition(&request.target_definition_id)
        .await?;
    if source.key != target.key {
        problems.push(FieldProblem::new(
            "targetDefinitionId",
            format!(
                "是流程 {} 的版本，源版本属于流程 {}",
                target.key, source.key
            ),
            format!(
                "is a version of process {}, the source is of process {}",
                target.key, source.key
            ),
        ));
    }
    for (from, to) in &request.node_mapping {
        if source.process.node(from).is_none() {
            problems.push(FieldProblem::new(
                format!("nodeMapping.{from}"),
                format!("源版本中没有节点 {from}"),
                format!("the source has no node {from}"),
            ));
        }
        if target.process.node(to).is_none() {
            problems.push(FieldProblem::new(
                format!("nodeMapping.{from}"),
                format!("目标版本中没有节点 {to}"),
                format!("the target has no node {to}"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    Ok(store
        .migrate_instances(
            &source.id,
            &target.id,
            &request.node_mapping,
            request.instance_ids.as_deref(),
            actor.username(),
        )
        .await?)
}
