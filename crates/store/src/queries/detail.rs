//! One instance in full: its state, its history and the nodes to highlight on the diagram.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use woc_engine::{Event, ProcessInstance, Task};

use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Statement};
use crate::{instances, with_pool};

/// The detail page of an instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceDetail {
    /// The engine state: variables, open tasks, jobs, executions.
    pub instance: ProcessInstance,
    /// Every event, oldest first (activities, tasks, comments, variable changes).
    pub history: Vec<Event>,
    /// Node ids with a token now.
    pub active_nodes: Vec<String>,
}

impl SqlStore {
    /// An instance's current state with the revision it is stored at.
    pub async fn instance(&self, instance_id: &str) -> Result<ProcessInstance, StoreError> {
        let select =
            Statement::new("SELECT state, revision FROM process_instances WHERE instance_id = $1")
                .arg(instance_id);
        let found = with_pool!(
            &self.db,
            |pool| match query(&select).fetch_optional(pool).await? {
                Some(row) => Some(instances::from_row(&row)?),
                None => None,
            }
        );
        found.ok_or_else(|| StoreError::not_found("instance", instance_id))
    }

    /// An instance's events, oldest first.
    pub async fn history(&self, instance_id: &str) -> Result<Vec<Event>, StoreError> {
        let select = Statement::new(
            "SELECT events FROM history_commits WHERE instance_id = $1 ORDER BY revision",
        )
        .arg(instance_id);
        let mut events = Vec::new();
        with_pool!(&self.db, |pool| {
            for row in query(&select).fetch_all(pool).await? {
                let commit: Vec<Event> = serde_json::from_str(&row.string("events")?)?;
                events.extend(commit);
            }
        });
        Ok(events)
    }

    /// State, history and active nodes of one instance.
    pub async fn instance_detail(&self, instance_id: &str) -> Result<InstanceDetail, StoreError> {
        let instance = self.instance(instance_id).await?;
        let history = self.history(instance_id).await?;
        Ok(InstanceDetail {
            active_nodes: instance.active_nodes(),
            instance,
            history,
        })
    }

    /// The instance owning an open task; `NotFound` once the task has ended.
    async fn instance_of_task(&self, task_id: &str) -> Result<ProcessInstance, StoreError> {
        let select = Statement::new(
            "SELECT i.state, i.revision FROM open_tasks t \
             JOIN process_instances i ON i.instance_id = t.instance_id WHERE t.task_id = $1",
        )
        .arg(task_id);
        let found = with_pool!(
            &self.db,
            |pool| match query(&select).fetch_optional(pool).await? {
                Some(row) => Some(instances::from_row(&row)?),
                None => None,
            }
        );
        found.ok_or_else(|| StoreError::not_found("task", task_id))
    }

    /// An open task as the engine holds it (assignee, owner, candidates), for the host to
    /// decide who may act on it before sending a command.
    pub async fn open_task(&self, task_id: &str) -> Result<Task, StoreError> {
        let mut instance = self.instance_of_task(task_id).await?;
        instance
            .tasks
            .remove(task_id)
            .map(Arc::unwrap_or_clone)
            .ok_or_else(|| StoreError::not_found("task", task_id))
    }

    /// Nodes a task may be returned to (`targetKey` choices), as the engine computes them.
    pub async fn return_targets(&self, task_id: &str) -> Result<Vec<String>, StoreError> {
        let instance = self.instance_of_task(task_id).await?;
        let definition = self.engine_definition(&instance.definition_id).await?;
        Ok(woc_engine::return_targets(&definition, &instance, task_id)?)
    }
}
