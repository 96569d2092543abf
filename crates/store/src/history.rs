//! History: every command's events in order, ended tasks for the finished list, and carbon
//! copies.

use std::collections::BTreeMap;
use std::sync::Arc;

use woc_engine::{Event, EventKind, Task};

use crate::error::StoreError;
use crate::statement::{Arg, Statement};

/// Statements recording one command's events for an instance now at `revision`.
/// `open_before` are the tasks open before the command, to describe tasks it ended.
pub(crate) fn record(
    instance_id: &str,
    revision: u64,
    events: &[Event],
    open_before: &BTreeMap<String, Arc<Task>>,
) -> Result<Vec<Statement>, StoreError> {
    let mut ended_tasks = Vec::new();
    let mut copies = Vec::new();
    let mut created: BTreeMap<&str, &Task> = BTreeMap::new();
    for event in events {
        match &event.kind {
            EventKind::TaskCreated { task } => {
                created.insert(task.id.as_str(), task);
            }
            EventKind::TaskCompleted { task_id, node, .. } => {
                let task = open_before
                    .get(task_id)
                    .map(|t| &**t)
                    .or(created.get(task_id.as_str()).copied());
                ended_tasks.push(ended(
                    task_id,
                    node,
                    task,
                    event,
                    event.actor.as_deref().map(str::to_string),
                    "completed",
                ));
            }
            EventKind::TaskCanceled {
                task_id,
                node,
                reason,
            } => {
                let task = open_before
                    .get(task_id)
                    .map(|t| &**t)
                    .or(created.get(task_id.as_str()).copied());
                // Only the person who held the task ended it themselves (returned, rejected);
                // siblings cancelled along with it are nobody's finished work.
                let by = event
                    .actor
                    .as_deref()
                    .filter(|actor| task.and_then(|t| t.assignee.as_deref()) == Some(*actor))
                    .map(str::to_string);
                ended_tasks.push(ended(task_id, node, task, event, by, reason));
            }
            EventKind::CarbonCopied {
                task_id,
                node,
                users,
            } => {
                for user in users {
                    copies.push(vec![
                        instance_id.into(),
                        user.as_str().into(),
                        task_id.clone().into(),
                        node.clone().into(),
                        event.actor.as_deref().map(str::to_string).into(),
                        event.at.0.into(),
                    ]);
                }
            }
            _ => {}
        }
    }
    // One row per command: its events are read back together, in order, and nothing
    // queries them one by one.
    let mut statements = Vec::new();
    if !events.is_empty() {
        statements.push(
            Statement::new(
                "INSERT INTO history_commits (instance_id, revision, events) VALUES ($1, $2, $3)",
            )
            .arg(instance_id)
            .arg(revision as i64)
            .arg(serde_json::to_string(events)?),
        );
    }
    statements.extend(Statement::insert(
        "INSERT INTO task_history (task_id, instance_id, node, name, assignee, created_at, \
         ended_at, ended_by, outcome) VALUES ",
        ended_tasks
            .into_iter()
            .map(|mut row| {
                row.insert(1, instance_id.into());
                row
            })
            .collect(),
    ));
    statements.extend(Statement::insert(
        "INSERT INTO carbon_copies (instance_id, user_id, task_id, node, sent_by, sent_at) VALUES ",
        copies,
    ));
    Ok(statements)
}

/// A task_history row without its instance id.
fn ended(
    task_id: &str,
    node: &str,
    task: Option<&Task>,
    event: &Event,
    by: Option<String>,
    outcome: &str,
) -> Vec<Arg> {
    vec![
        task_id.into(),
        node.into(),
        task.and_then(|t| t.name.clone()).into(),
        task.and_then(|t| t.assignee.clone()).into(),
        task.map(|t| t.created_at.0).unwrap_or(event.at.0).into(),
        event.at.0.into(),
        by.into(),
        outcome.into(),
    ]
}
