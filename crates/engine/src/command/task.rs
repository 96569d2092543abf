//! Task operations: complete, claim, unclaim, delegate, resolve, transfer, delete.
//!
//! Who may do what is the service layer's decision; these check only what the task's own
//! state forbids (a delegated task must be resolved, not completed, and so on).

use super::Variables;
use crate::agenda::{run_agenda, Operation};
use crate::error::EngineError;
use crate::event::{CommentKind, EventKind, VariableList};
use crate::instance::{Delegation, Task};
use crate::run::Run;

fn comment(run: &mut Run<'_>, task: &Task, kind: CommentKind, message: Option<String>) {
    if let Some(message) = message.filter(|m| !m.trim().is_empty()) {
        run.emit(EventKind::CommentAdded {
            task_id: Some(task.id.clone()),
            node: Some(task.node.clone()),
            kind,
            message,
        });
    }
}

/// Completes a task with variables, a comment, carbon copies and next assignees.
pub(crate) fn complete(
    run: &mut Run<'_>,
    task_id: &str,
    variables: Variables,
    message: Option<String>,
    next_assignees: Vec<String>,
    copy_to: Vec<String>,
) -> Result<(), EngineError> {
    // Only what the completion records, not a clone of the whole task.
    let (id, node, execution) = {
        let task = run
            .state
            .tasks
            .get(task_id)
            .ok_or_else(|| EngineError::not_found("task", task_id))?;
        run.actor("complete")?;
        if task.delegation == Some(Delegation::Pending) {
            return Err(EngineError::invalid(
                "complete",
                "a delegated task must be resolved, not completed",
            ));
        }
        (task.id.clone(), task.node.clone(), task.execution)
    };
    if let Some(message) = message.filter(|m| !m.trim().is_empty()) {
        run.emit(EventKind::CommentAdded {
            task_id: Some(id.clone()),
            node: Some(node.clone()),
            kind: CommentKind::Normal,
            message,
        });
    }
    if !copy_to.is_empty() {
        run.emit(EventKind::CarbonCopied {
            task_id: Some(id.clone()),
            node: Some(node.clone()),
            users: copy_to,
        });
    }
    // Value by value: the submitted list itself goes into the event, not a clone of it.
    let variables = VariableList::from(variables);
    for (name, value) in variables.iter() {
        run.set_variable(Some(execution), name, value.clone());
    }
    run.emit(EventKind::TaskCompleted {
        task_id: id,
        node,
        variables,
    });
    run.emit(EventKind::WaitEnded { execution });
    run.next_assignees = next_assignees;
    run.agenda.push_back(Operation::Leave { execution });
    run_agenda(run)
}

/// A candidate takes the task.
pub(crate) fn claim(run: &mut Run<'_>, task_id: &str) -> Result<(), EngineError> {
    let task = run.task(task_id)?;
    let user = run.actor("claim")?;
    match &task.assignee {
        Some(current) if current == &user => Ok(()),
        Some(current) => Err(EngineError::invalid(
            "claim",
            format!("task is already claimed by '{current}'"),
        )),
        None => {
            run.emit(EventKind::TaskClaimed {
                task_id: task.id,
                user,
            });
            Ok(())
        }
    }
}

/// The assignee gives the task back to its candidates.
pub(crate) fn unclaim(run: &mut Run<'_>, task_id: &str) -> Result<(), EngineError> {
    let task = run.task(task_id)?;
    run.actor("unclaim")?;
    if task.assignee.is_none() {
        return Err(EngineError::invalid("unclaim", "task is not claimed"));
    }
    if task.delegation == Some(Delegation::Pending) {
        return Err(EngineError::invalid(
            "unclaim",
            "a delegated task must be resolved first",
        ));
    }
    if task.candidate_users.is_empty() && task.candidate_groups.is_empty() {
        return Err(EngineError::invalid(
            "unclaim",
            "task has no candidates to give it back to",
        ));
    }
    run.emit(EventKind::TaskUnclaimed { task_id: task.id });
    Ok(())
}

/// An administrator sets the assignee and candidate users of a task.
pub(crate) fn assign(
    run: &mut Run<'_>,
    task_id: &str,
    assignee: Option<String>,
    candidate_users: Vec<String>,
) -> Result<(), EngineError> {
    let task = run.task(task_id)?;
    run.actor("assign")?;
    if task.delegation == Some(Delegation::Pending) {
        return Err(EngineError::invalid(
            "assign",
            "a delegated task must be resolved first",
        ));
    }
    let assignee = assignee.filter(|a| !a.trim().is_empty());
    if assignee.is_none() && candidate_users.is_empty() && task.candidate_groups.is_empty() {
        return Err(EngineError::invalid(
            "assign",
            "the task would still have nobody to act on it",
        ));
    }
    run.emit(EventKind::TaskAssigned {
        task_id: task.id,
        assignee,
        candidate_users,
    });
    Ok(())
}

/// Delegates the task; the owner (current assignee) gets it back on resolve.
pub(crate) fn delegate(
    run: &mut Run<'_>,
    task_id: &str,
    to: &str,
    message: Option<String>,
) -> Result<(), EngineError> {
    let task = run.task(task_id)?;
    let actor = run.actor("delegate")?;
    if task.delegation == Some(Delegation::Pending) {
        return Err(EngineError::invalid(
            "delegate",
            "task is already delegated",
        ));
    }
    if to.trim().is_empty() {
        return Err(EngineError::invalid("delegate", "no delegate given"));
    }
    let owner = task.assignee.clone().unwrap_or(actor);
    if owner == to {
        return Err(EngineError::invalid(
            "delegate",
            "cannot delegate a task to its owner",
        ));
    }
    comment(
        run,
        &task,
        CommentKind::Delegated,
        message.or_else(|| Some(format!("delegated to {to}"))),
    );
    run.emit(EventKind::TaskDelegated {
        task_id: task.id,
        owner,
        to: to.to_string(),
    });
    Ok(())
}

/// The delegate resolves the task; it returns to the owner.
pub(crate) fn resolve(
    run: &mut Run<'_>,
    task_id: &str,
    variables: Variables,
    message: Option<String>,
) -> Result<(), EngineError> {
    let task = run.task(task_id)?;
    run.actor("resolve")?;
    if task.delegation != Some(Delegation::Pending) {
        return Err(EngineError::invalid("resolve", "task is not delegated"));
    }
    let owner = task
        .owner
        .clone()
        .ok_or_else(|| EngineError::invalid("resolve", "delegated task has no owner"))?;
    comment(run, &task, CommentKind::Normal, message);
    run.set_variables(Some(task.execution), variables);
    run.emit(EventKind::TaskResolved {
        task_id: task.id,
        owner,
    });
    // The submitted variables may satisfy a conditional event.
    run_agenda(run)
}

/// Hands the task over for good.
pub(crate) fn transfer(
    run: &mut Run<'_>,
    task_id: &str,
    to: &str,
    message: Option<String>,
) -> Result<(), EngineError> {
    let task = run.task(task_id)?;
    run.actor("transfer")?;
    if to.trim().is_empty() {
        return Err(EngineError::invalid("transfer", "no new assignee given"));
    }
    if task.delegation == Some(Delegation::Pending) {
        return Err(EngineError::invalid(
            "transfer",
            "a delegated task must be resolved first",
        ));
    }
    if task.assignee.as_deref() == Some(to) {
        return Err(EngineError::invalid(
            "transfer",
            format!("task is already assigned to '{to}'"),
        ));
    }
    comment(
        run,
        &task,
        CommentKind::Transferred,
        message.or_else(|| Some(format!("transferred to {to}"))),
    );
    run.emit(EventKind::TaskTransferred {
        task_id: task.id,
        from: task.assignee,
        to: to.to_string(),
    });
    Ok(())
}

/// An administrator deletes the task: it is recorded as deleted and the token moves on.
pub(crate) fn delete(
    run: &mut Run<'_>,
    task_id: &str,
    reason: Option<String>,
) -> Result<(), EngineError> {
    let task = run.task(task_id)?;
    run.actor("delete task")?;
    let reason = reason.unwrap_or_else(|| "deleted by an administrator".into());
    comment(run, &task, CommentKind::Deleted, Some(reason.clone()));
    run.emit(EventKind::TaskCanceled {
        task_id: task.id.clone(),
        node: task.node.clone(),
        reason,
    });
    run.emit(EventKind::WaitEnded {
        execution: task.execution,
    });
    run.agenda.push_back(Operation::Leave {
        execution: task.execution,
    });
    run_agenda(run)
}
