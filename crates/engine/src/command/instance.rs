//! Instance-wide operations: reject, cancel, terminate, suspend, activate, set variables.

use super::Variables;
use crate::agenda::run_agenda;
use crate::error::EngineError;
use crate::event::{CommentKind, EventKind};
use crate::instance::InstanceStatus;
use crate::run::Run;

/// Rejects at a task: the whole instance ends as `rejected`.
pub(crate) fn reject(
    run: &mut Run<'_>,
    task_id: &str,
    comment: Option<String>,
) -> Result<(), EngineError> {
    let task = run.task(task_id)?;
    run.actor("reject")?;
    run.emit(EventKind::CommentAdded {
        task_id: Some(task.id.clone()),
        node: Some(task.node.clone()),
        kind: CommentKind::Rejected,
        message: comment.clone().unwrap_or_else(|| "rejected".into()),
    });
    run.end_instance(
        InstanceStatus::Rejected,
        Some(comment.unwrap_or_else(|| "rejected".into())),
    );
    Ok(())
}

/// Cancels the instance (`canceled`).
pub(crate) fn cancel(run: &mut Run<'_>, comment: Option<String>) -> Result<(), EngineError> {
    run.actor("cancel")?;
    let message = comment.unwrap_or_else(|| "canceled".into());
    run.emit(EventKind::CommentAdded {
        task_id: None,
        node: None,
        kind: CommentKind::Canceled,
        message: message.clone(),
    });
    run.end_instance(InstanceStatus::Canceled, Some(message));
    Ok(())
}

/// Stops the instance for good (`terminated`).
pub(crate) fn terminate(run: &mut Run<'_>, reason: Option<String>) -> Result<(), EngineError> {
    run.actor("terminate")?;
    run.end_instance(
        InstanceStatus::Terminated,
        Some(reason.unwrap_or_else(|| "terminated by an administrator".into())),
    );
    Ok(())
}

/// Suspends a running instance.
pub(crate) fn suspend(run: &mut Run<'_>) -> Result<(), EngineError> {
    run.emit(EventKind::InstanceSuspended);
    Ok(())
}

/// Activates a suspended instance.
pub(crate) fn activate(run: &mut Run<'_>) -> Result<(), EngineError> {
    if run.state.status != InstanceStatus::Suspended {
        return Err(EngineError::invalid(
            "activate",
            "instance is not suspended",
        ));
    }
    run.emit(EventKind::InstanceActivated);
    Ok(())
}

/// Sets process variables; each change is an event, so it is audited with its actor.
pub(crate) fn set_variables(run: &mut Run<'_>, variables: Variables) -> Result<(), EngineError> {
    run.actor("set variables")?;
    for (name, value) in variables {
        run.set_variable(None, &name, value);
    }
    // Conditional events re-evaluate on the change (and may move tokens).
    run_agenda(run)
}
