//! Adding and removing signers on a running multi-instance user task (加签 / 减签).

use serde_json::Value;
use woc_bpmn::{FlowNode, LoopCharacteristics, MultiInstance, NodeKind};

use crate::agenda::run_agenda;
use crate::behavior::multi_instance::{advance, counter, start_instance, MAX_INSTANCES};
use crate::error::EngineError;
use crate::event::{CommentKind, EventKind};
use crate::expr::coerce_string;
use crate::instance::{ExecutionId, MultiInstanceBody, Task};
use crate::run::Run;

/// The task, its multi-instance body and the activity's definition.
fn body_of<'a>(
    run: &Run<'a>,
    task_id: &str,
    operation: &'static str,
) -> Result<
    (
        Task,
        ExecutionId,
        MultiInstanceBody,
        &'a FlowNode,
        &'a MultiInstance,
    ),
    EngineError,
> {
    let task = run.task(task_id)?;
    let not_mi = || {
        EngineError::invalid(
            operation,
            "the task is not part of a multi-instance activity",
        )
    };
    let body = run
        .state
        .executions
        .get(&task.execution)
        .filter(|e| e.is_instance)
        .and_then(|e| e.parent)
        .ok_or_else(not_mi)?;
    let state = run
        .state
        .executions
        .get(&body)
        .and_then(|e| e.multi_instance.clone())
        .ok_or_else(not_mi)?;
    let node = run.node(&task.node)?;
    let (NodeKind::UserTask(_), Some(LoopCharacteristics::MultiInstance(mi))) =
        (&node.kind, &node.loop_characteristics)
    else {
        return Err(not_mi());
    };
    Ok((task, body, state, node, mi))
}

/// Adds one instance per user: started now in a parallel loop, queued in a sequential one.
pub(crate) fn add(run: &mut Run<'_>, task_id: &str, users: Vec<String>) -> Result<(), EngineError> {
    run.actor("add signers")?;
    let (task, body, mut state, node, mi) = body_of(run, task_id, "add signers")?;
    if users.is_empty() {
        return Err(EngineError::invalid("add signers", "no users given"));
    }
    if state.items.len() + users.len() > MAX_INSTANCES {
        return Err(EngineError::invalid("add signers", "too many instances"));
    }
    if state.sequential && mi.element_variable.is_none() {
        return Err(EngineError::invalid(
            "add signers",
            "a sequential loop without an element variable cannot assign new instances",
        ));
    }
    let signing: Vec<String> = run
        .state
        .tasks
        .values()
        .filter(|t| {
            run.state
                .executions
                .get(&t.execution)
                .and_then(|e| e.parent)
                == Some(body)
        })
        .filter_map(|t| t.assignee.clone())
        .chain(state.items.iter().skip(state.next).map(coerce_string))
        .collect();
    if let Some(duplicate) = users.iter().find(|u| signing.contains(u)) {
        return Err(EngineError::invalid(
            "add signers",
            format!("'{duplicate}' is already a signer of this task"),
        ));
    }
    run.emit(EventKind::CommentAdded {
        task_id: Some(task.id.clone()),
        node: Some(task.node.clone()),
        kind: CommentKind::Normal,
        message: format!("added signers: {}", users.join(", ")),
    });
    let total = counter(run, body, "nrOfInstances") + users.len() as i64;
    run.set_local(body, "nrOfInstances", Value::from(total));
    for user in users {
        state.items.push(Value::String(user.clone()));
        if state.sequential {
            continue;
        }
        state.next = state.items.len();
        let active = counter(run, body, "nrOfActiveInstances") + 1;
        run.set_local(body, "nrOfActiveInstances", Value::from(active));
        run.emit(EventKind::MultiInstanceUpdated {
            execution: body,
            items: state.items.clone(),
            next: state.next,
        });
        run.next_assignees = vec![user.clone()];
        start_instance(
            run,
            body,
            node,
            mi,
            state.items.len() - 1,
            Value::String(user),
        );
        run_agenda(run)?;
    }
    run.next_assignees.clear();
    if state.sequential {
        run.emit(EventKind::MultiInstanceUpdated {
            execution: body,
            items: state.items,
            next: state.next,
        });
    }
    Ok(())
}

/// Removes a user's instance: its open task (parallel) or its queued turn (sequential).
pub(crate) fn remove(run: &mut Run<'_>, task_id: &str, user: &str) -> Result<(), EngineError> {
    run.actor("remove signer")?;
    let (task, body, mut state, node, mi) = body_of(run, task_id, "remove signer")?;
    let open: Vec<Task> = run
        .state
        .tasks
        .values()
        .filter(|t| {
            run.state
                .executions
                .get(&t.execution)
                .and_then(|e| e.parent)
                == Some(body)
        })
        .map(|t| Task::clone(t))
        .collect();
    let message = format!("removed signer: {user}");
    if let Some(victim) = open.iter().find(|t| t.assignee.as_deref() == Some(user)) {
        if open.len() == 1 && !(state.sequential && state.next < state.items.len()) {
            return Err(EngineError::invalid(
                "remove signer",
                "cannot remove the last signer; reject or delete the task instead",
            ));
        }
        run.emit(EventKind::CommentAdded {
            task_id: Some(task.id.clone()),
            node: Some(task.node.clone()),
            kind: CommentKind::Normal,
            message: message.clone(),
        });
        run.cancel_subtree(victim.execution, &message);
        let active = (counter(run, body, "nrOfActiveInstances") - 1).max(0);
        run.set_local(body, "nrOfActiveInstances", Value::from(active));
    } else {
        let queued = state
            .items
            .iter()
            .enumerate()
            .skip(state.next)
            .find(|(_, item)| coerce_string(item) == user)
            .map(|(i, _)| i)
            .ok_or_else(|| {
                EngineError::invalid(
                    "remove signer",
                    format!("'{user}' is not a signer of this task"),
                )
            })?;
        run.emit(EventKind::CommentAdded {
            task_id: Some(task.id.clone()),
            node: Some(task.node.clone()),
            kind: CommentKind::Normal,
            message,
        });
        state.items.remove(queued);
        run.emit(EventKind::MultiInstanceUpdated {
            execution: body,
            items: state.items,
            next: state.next,
        });
    }
    let total = (counter(run, body, "nrOfInstances") - 1).max(0);
    run.set_local(body, "nrOfInstances", Value::from(total));
    advance(run, body, node, mi, false)?;
    run_agenda(run)
}
