//! Process instance rows: the engine state as JSON plus the columns list queries filter on,
//! written with the optimistic revision check.

use woc_engine::{ParentLink, ProcessInstance};

use crate::error::StoreError;
use crate::row::Columns;
use crate::statement::Statement;

/// How a command finds the instance it addresses, as one SELECT.
pub(crate) fn load_by(
    target: &woc_engine::CommandTarget,
) -> Option<(Statement, &'static str, String)> {
    use woc_engine::CommandTarget;
    let (sql, what, id) = match target {
        CommandTarget::New => return None,
        CommandTarget::Instance(id) => (
            "SELECT state, revision FROM process_instances WHERE instance_id = $1",
            "instance",
            id,
        ),
        CommandTarget::Task(id) => (
            "SELECT i.state, i.revision FROM open_tasks t \
             JOIN process_instances i ON i.instance_id = t.instance_id WHERE t.task_id = $1",
            "task",
            id,
        ),
        CommandTarget::Job(id) => (
            "SELECT i.state, i.revision FROM jobs j \
             JOIN process_instances i ON i.instance_id = j.instance_id WHERE j.job_id = $1",
            "job",
            id,
        ),
    };
    Some((Statement::new(sql).arg(id.as_str()), what, id.clone()))
}

/// The engine state stored in a row, with the row's revision.
pub(crate) fn from_row(row: &impl Columns) -> Result<ProcessInstance, StoreError> {
    let mut instance: ProcessInstance = serde_json::from_str(&row.string("state")?)?;
    instance.revision = row.number("revision")? as u64;
    Ok(instance)
}

/// INSERT for a new instance (revision 1) or the guarded UPDATE of an existing one (its
/// definition included: a migration moves it to another version); the
/// caller treats 0 affected rows as a conflict.
pub(crate) fn write(
    instance: &ProcessInstance,
    expected: Option<u64>,
) -> Result<Statement, StoreError> {
    let state = serde_json::to_string(instance)?;
    let ended_at = instance.ended_at.map(|t| t.0);
    Ok(match expected {
        None => {
            let (parent, execution) = match &instance.parent {
                Some(ParentLink {
                    instance_id,
                    execution,
                    ..
                }) => (Some(instance_id.clone()), Some(*execution as i64)),
                None => (None, None),
            };
            Statement::new(
                "INSERT INTO process_instances (instance_id, definition_id, process_key, \
                 business_key, status, started_by, started_at, ended_at, parent_instance_id, \
                 parent_execution, revision, state) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11)",
            )
            .arg(instance.id.as_str())
            .arg(instance.definition_id.as_str())
            .arg(instance.process_key.as_str())
            .arg(instance.business_key.clone())
            .arg(instance.status.as_str())
            .arg(instance.started_by.clone())
            .arg(instance.started_at.0)
            .arg(ended_at)
            .arg(parent)
            .arg(execution)
            .arg(state)
        }
        Some(revision) => Statement::new(
            "UPDATE process_instances SET status = $1, ended_at = $2, business_key = $3, \
             revision = revision + 1, state = $4, definition_id = $5 \
             WHERE instance_id = $6 AND revision = $7",
        )
        .arg(instance.status.as_str())
        .arg(ended_at)
        .arg(instance.business_key.clone())
        .arg(state)
        .arg(instance.definition_id.as_str())
        .arg(instance.id.as_str())
        .arg(revision as i64),
    })
}

/// A fresh instance id: time-ordered (UUID v7: milliseconds, then random bits), so several
/// servers on one database never collide, and instances started together sit together in
/// every index keyed by instance or task id (task ids start with it). Random ids scattered
/// each command's writes over the whole of those indexes: a page read and written per row,
/// and on PostgreSQL a full-page image in the WAL for most of them.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}
