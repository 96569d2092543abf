//! The open task rows and their candidates, kept equal to the instance state's tasks.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use woc_engine::Task;

use crate::statement::{Arg, Statement};

/// Statements (deletes, inserts) turning the stored open tasks `before` into `after`: changed
/// tasks are deleted with their candidates and inserted again, unchanged ones are left alone.
pub(crate) fn sync(
    before: &BTreeMap<String, Arc<Task>>,
    after: &BTreeMap<String, Arc<Task>>,
) -> (Vec<Statement>, Vec<Statement>) {
    let gone: Vec<String> = before
        .iter()
        .filter(|(id, task)| after.get(*id) != Some(*task))
        .map(|(id, _)| id.clone())
        .collect();
    let fresh: Vec<&Task> = after
        .iter()
        .filter(|(id, task)| before.get(*id) != Some(*task))
        .map(|(_, task)| &**task)
        .collect();
    // Candidates first and explicitly: SQLite's task tables carry no foreign keys to cascade
    // (each check cost every command an index search); PostgreSQL's cascade finds them gone.
    let mut deletes = Statement::delete_in("task_candidates", "task_id", &gone);
    deletes.extend(Statement::delete_in("open_tasks", "task_id", &gone));
    let mut statements = Statement::insert(
        "INSERT INTO open_tasks (task_id, instance_id, node, name, assignee, owner, priority, \
         created_at, due_at) VALUES ",
        fresh.iter().map(|t| task_row(t)).collect(),
    );
    // A set per task: a model may name a candidate twice, the primary key may not. Each row
    // carries the task's creation time and whether it is unassigned, for the todo list's index.
    let candidates: Vec<Vec<Arg>> = fresh
        .iter()
        .flat_map(|t| {
            let users = t.candidate_users.iter().map(|u| ("user", u.as_str()));
            let groups = t.candidate_groups.iter().map(|g| ("group", g.as_str()));
            let unique: BTreeSet<(&str, &str)> = users.chain(groups).collect();
            unique.into_iter().map(|(kind, value)| {
                vec![
                    t.id.as_str().into(),
                    kind.into(),
                    value.into(),
                    t.created_at.0.into(),
                    t.assignee.is_none().into(),
                ]
            })
        })
        .collect();
    statements.extend(Statement::insert(
        "INSERT INTO task_candidates (task_id, kind, value, created_at, unassigned) VALUES ",
        candidates,
    ));
    (deletes, statements)
}

fn task_row(task: &Task) -> Vec<Arg> {
    vec![
        task.id.as_str().into(),
        task.instance_id.as_str().into(),
        task.node.as_str().into(),
        task.name.clone().into(),
        task.assignee.clone().into(),
        task.owner.clone().into(),
        task.priority.into(),
        task.created_at.0.into(),
        task.due.map(|d| d.0).into(),
    ]
}
