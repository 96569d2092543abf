//! Moving tokens backwards or anywhere: return to a visited node, withdrawal by the starter,
//! and an administrator's jump.

use woc_bpmn::NodeKind;

use crate::agenda::{run_agenda, Operation};
use crate::behavior::boundary;
use crate::definition::Definition;
use crate::error::EngineError;
use crate::event::{CommentKind, EventKind};
use crate::instance::{ExecutionId, ProcessInstance, Wait, ROOT};
use crate::reachability::{can_reach, reachable_from};
use crate::run::Run;

/// The token to cancel to remove a task: its own, or for a multi-instance task the token
/// waiting at the whole activity (so sibling instances go too).
fn outer_token(run: &Run<'_>, execution: ExecutionId) -> ExecutionId {
    let state = &run.state;
    match state.executions.get(&execution) {
        Some(e) if e.is_instance => e
            .parent
            .and_then(|body| state.executions.get(&body))
            .and_then(|body| body.parent)
            .unwrap_or(execution),
        _ => execution,
    }
}

/// Cancels tokens that a restart at `target` would produce again: those at nodes reachable
/// from it. A token waiting at a join stays when it arrived from a branch the target does not
/// lead to, so the join can still complete.
fn cancel_reachable(run: &mut Run<'_>, target: &str, reason: &str) {
    let process = &run.def.process;
    let reach = reachable_from(process, target);
    let victims: Vec<ExecutionId> = run
        .state
        .executions
        .values()
        .filter(|e| e.id != ROOT && e.multi_instance.is_none() && !e.is_instance)
        .filter(|e| {
            e.node
                .as_deref()
                .is_some_and(|n| n == target || reach.contains(n))
        })
        .filter(|e| {
            e.wait != Some(Wait::Join)
                || e.arrived_via
                    .as_deref()
                    .and_then(|f| process.flow(f))
                    .is_none_or(|f| f.source == target || reach.contains(&f.source))
        })
        .map(|e| e.id)
        .collect();
    for victim in victims {
        if run.state.executions.contains_key(&victim) {
            run.cancel_subtree(victim, reason);
        }
    }
}

/// Starts a token at `target`, re-opening the sub-process scopes around it as needed.
fn place_token(run: &mut Run<'_>, target: &str) -> Result<(), EngineError> {
    let node = run.node(target)?;
    let mut chain = Vec::new();
    let mut parent = node.parent.clone();
    while let Some(id) = parent {
        parent = run.node(&id)?.parent.clone();
        chain.push(id);
    }
    chain.reverse();
    let mut scope = ROOT;
    for sub in chain {
        let sub_node = run.node(&sub)?;
        if sub_node.loop_characteristics.is_some() {
            return Err(EngineError::invalid(
                "move",
                format!("cannot move into the multi-instance sub-process '{sub}'"),
            ));
        }
        let existing = run
            .state
            .children(scope)
            .find(|c| c.node.as_deref() == Some(sub.as_str()) && c.wait == Some(Wait::SubProcess))
            .map(|c| c.id);
        scope = match existing {
            Some(id) => id,
            None => {
                let opened = run.create_execution(scope, None, false);
                let element = run.element_name(&sub);
                run.emit(EventKind::ActivityStarted {
                    execution: opened,
                    node: run.def.node_id(&sub),
                    element,
                    via: None,
                });
                boundary::arm(run, opened, sub_node)?;
                run.emit(EventKind::WaitStarted {
                    execution: opened,
                    wait: Wait::SubProcess,
                });
                opened
            }
        };
    }
    let token = run.create_execution(scope, None, false);
    run.agenda.push_back(Operation::Enter {
        execution: token,
        node: run.def.node_id(target),
        via: None,
    });
    Ok(())
}

/// Nodes the task may be returned to: user tasks completed earlier in this instance from
/// which the task's node is reachable, in the order they were first completed.
pub fn return_targets(
    definition: &Definition,
    instance: &ProcessInstance,
    task_id: &str,
) -> Result<Vec<String>, EngineError> {
    let task = instance
        .tasks
        .get(task_id)
        .ok_or_else(|| EngineError::not_found("task", task_id))?;
    let process = &definition.process;
    let mut targets: Vec<String> = Vec::new();
    for entry in &instance.trail {
        let is_user_task = process
            .node(&entry.node)
            .is_some_and(|n| matches!(n.kind, NodeKind::UserTask(_)));
        if is_user_task
            && *entry.node != *task.node
            && !targets.iter().any(|t| *t == *entry.node)
            && can_reach(process, &entry.node, &task.node)
        {
            targets.push(entry.node.to_string());
        }
    }
    Ok(targets)
}

/// Sends the instance back from a task to a user task visited earlier on the path to it.
pub(crate) fn return_to(
    run: &mut Run<'_>,
    task_id: &str,
    target: &str,
    comment: Option<String>,
) -> Result<(), EngineError> {
    let task = run.task(task_id)?;
    run.actor("return")?;
    let node = run.def.process.node(target).ok_or_else(|| {
        EngineError::invalid("return", format!("no node '{target}' in this process"))
    })?;
    if !matches!(node.kind, NodeKind::UserTask(_)) {
        return Err(EngineError::invalid(
            "return",
            format!("'{target}' is not a user task"),
        ));
    }
    if target == task.node {
        return Err(EngineError::invalid(
            "return",
            "cannot return a task to itself",
        ));
    }
    if !run.state.trail.iter().any(|t| &*t.node == target) {
        return Err(EngineError::invalid(
            "return",
            format!("'{target}' has not been completed in this instance"),
        ));
    }
    if !can_reach(&run.def.process, target, &task.node) {
        return Err(EngineError::invalid(
            "return",
            format!("'{target}' is not on the path to '{}'", task.node),
        ));
    }
    let reason = format!("returned to '{target}'");
    run.emit(EventKind::CommentAdded {
        task_id: Some(task.id.clone()),
        node: Some(task.node.clone()),
        kind: CommentKind::Returned,
        message: comment.unwrap_or_else(|| reason.clone()),
    });
    let outer = outer_token(run, task.execution);
    run.cancel_subtree(outer, &reason);
    cancel_reachable(run, target, &reason);
    place_token(run, target)?;
    run_agenda(run)
}

/// The starter takes the instance back while the tasks after theirs are untouched: back to
/// the starter's last completed task, or, if they completed none, the instance is cancelled.
pub(crate) fn withdraw(run: &mut Run<'_>, comment: Option<String>) -> Result<(), EngineError> {
    let actor = run.actor("withdraw")?;
    if run.state.started_by.as_deref() != Some(actor.as_str()) {
        return Err(EngineError::invalid(
            "withdraw",
            "only the starter may withdraw an instance",
        ));
    }
    let user_tasks: Vec<_> = run
        .state
        .trail
        .iter()
        .filter(|t| {
            matches!(
                run.def.process.node(&t.node).map(|n| &n.kind),
                Some(NodeKind::UserTask(_))
            )
        })
        .cloned()
        .collect();
    let mine = user_tasks
        .iter()
        .rposition(|t| t.completed_by.as_deref() == Some(actor.as_str()));
    let later = match mine {
        Some(i) => user_tasks.len() > i + 1,
        None => !user_tasks.is_empty(),
    };
    if later {
        return Err(EngineError::invalid(
            "withdraw",
            "a task after the starter's has already been completed",
        ));
    }
    if run.state.tasks.is_empty() {
        return Err(EngineError::invalid(
            "withdraw",
            "there is no open task to withdraw from",
        ));
    }
    if run.state.tasks.values().any(|t| t.touched) {
        return Err(EngineError::invalid(
            "withdraw",
            "the next task has already been claimed, delegated or transferred",
        ));
    }
    let Some(target) = mine.and_then(|i| user_tasks.get(i)).map(|t| t.node.clone()) else {
        let message = comment.unwrap_or_else(|| "withdrawn by the starter".into());
        run.emit(EventKind::CommentAdded {
            task_id: None,
            node: None,
            kind: CommentKind::Canceled,
            message: message.clone(),
        });
        run.end_instance(crate::instance::InstanceStatus::Canceled, Some(message));
        return Ok(());
    };
    let reason = format!("withdrawn to '{target}'");
    run.emit(EventKind::CommentAdded {
        task_id: None,
        node: Some(target.to_string()),
        kind: CommentKind::Returned,
        message: comment.unwrap_or_else(|| reason.clone()),
    });
    let open: Vec<ExecutionId> = run.state.tasks.values().map(|t| t.execution).collect();
    for execution in open {
        let outer = outer_token(run, execution);
        if run.state.executions.contains_key(&outer) {
            run.cancel_subtree(outer, &reason);
        }
    }
    cancel_reachable(run, &target, &reason);
    place_token(run, &target)?;
    run_agenda(run)
}

/// An administrator moves one task's token, or every token, to any node.
pub(crate) fn jump(
    run: &mut Run<'_>,
    target: &str,
    from_task: Option<&str>,
    comment: Option<String>,
) -> Result<(), EngineError> {
    run.actor("jump")?;
    let node = run.def.process.node(target).ok_or_else(|| {
        EngineError::invalid("jump", format!("no node '{target}' in this process"))
    })?;
    if matches!(node.kind, NodeKind::BoundaryEvent(_)) {
        return Err(EngineError::invalid(
            "jump",
            "cannot jump to a boundary event",
        ));
    }
    let reason = format!("moved to '{target}' by an administrator");
    let task_id = match from_task {
        Some(task_id) => {
            let task = run.task(task_id)?;
            let outer = outer_token(run, task.execution);
            run.cancel_subtree(outer, &reason);
            Some(task.id)
        }
        None => {
            let all: Vec<ExecutionId> = run.state.children(ROOT).map(|c| c.id).collect();
            for execution in all {
                run.cancel_subtree(execution, &reason);
            }
            None
        }
    };
    run.emit(EventKind::CommentAdded {
        task_id,
        node: Some(target.to_string()),
        kind: CommentKind::Normal,
        message: comment.unwrap_or_else(|| reason.clone()),
    });
    place_token(run, target)?;
    run_agenda(run)
}
