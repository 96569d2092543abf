//! The agenda: a queue of small operations run until every token waits (Flowable's
//! `DefaultFlowableEngineAgenda`, Camunda's atomic operations). No recursion, and a step
//! bound stops a model that loops without ever reaching a wait state.

use std::sync::Arc;

use crate::behavior;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, InstanceStatus, JobKind, Wait, ROOT};
use crate::run::Run;

/// One step of token movement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Operation {
    /// A token arrives at a node and runs its behaviour.
    Enter {
        execution: ExecutionId,
        node: Arc<str>,
        via: Option<Arc<str>>,
    },
    /// A token arrives at a node whose event already happened (a boundary event or an
    /// event-based gateway branch): it starts and leaves at once.
    PassThrough {
        execution: ExecutionId,
        node: Arc<str>,
        via: Option<Arc<str>>,
    },
    /// The node's work is done: take outgoing flows, or finish a multi-instance instance.
    Leave { execution: ExecutionId },
    /// Leave after an `asyncAfter` job ran (no second job).
    LeaveAfterJob { execution: ExecutionId },
    /// Take these flows from the token's node (which has already ended).
    Take {
        execution: ExecutionId,
        flows: Vec<Arc<str>>,
    },
    /// The token's path ended; its scope may be complete.
    End { execution: ExecutionId },
}

impl Operation {
    fn execution(&self) -> ExecutionId {
        match self {
            Operation::Enter { execution, .. }
            | Operation::PassThrough { execution, .. }
            | Operation::Leave { execution }
            | Operation::LeaveAfterJob { execution }
            | Operation::Take { execution, .. }
            | Operation::End { execution } => *execution,
        }
    }
}

/// Runs operations until the agenda is empty and no inclusive join can fire.
pub(crate) fn run_agenda(run: &mut Run<'_>) -> Result<(), EngineError> {
    loop {
        while let Some(operation) = run.agenda.pop_front() {
            run.steps += 1;
            if run.steps > run.config.max_steps {
                let element = run
                    .state
                    .executions
                    .get(&operation.execution())
                    .and_then(|e| e.node.as_deref())
                    .unwrap_or_default()
                    .to_string();
                return Err(EngineError::LoopLimit {
                    steps: run.config.max_steps,
                    element,
                });
            }
            // A token interrupted earlier in this command has nothing left to do.
            if !run.state.executions.contains_key(&operation.execution()) {
                continue;
            }
            execute(run, operation)?;
        }
        if run.state.status.is_ended() {
            return Ok(());
        }
        // Idle: conditions whose variables changed may fire, then a ready inclusive join.
        if !behavior::conditional::fire_ready(run)?
            && !behavior::inclusive_gateway::fire_ready_join(run)?
        {
            return Ok(());
        }
    }
}

fn execute(run: &mut Run<'_>, operation: Operation) -> Result<(), EngineError> {
    match operation {
        Operation::Enter {
            execution,
            node,
            via,
        } => {
            start_activity(run, execution, &node, via);
            let is_instance = run
                .state
                .executions
                .get(&execution)
                .is_some_and(|e| e.is_instance);
            if run.node(&node)?.async_before && !is_instance {
                // asyncBefore: the activity's work runs in a later command, from a job.
                let job_id = crate::timer::create(run, execution, &node, run.now, JobKind::Async);
                run.emit(EventKind::WaitStarted {
                    execution,
                    wait: Wait::Job { job_id },
                });
                return Ok(());
            }
            behavior::enter(run, execution, &node)
        }
        Operation::PassThrough {
            execution,
            node,
            via,
        } => {
            start_activity(run, execution, &node, via);
            run.agenda.push_back(Operation::Leave { execution });
            Ok(())
        }
        Operation::Leave { execution } => leave(run, execution, false),
        Operation::LeaveAfterJob { execution } => leave(run, execution, true),
        Operation::Take { execution, flows } => {
            take(run, execution, flows);
            Ok(())
        }
        Operation::End { execution } => {
            end(run, execution);
            Ok(())
        }
    }
}

fn start_activity(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &Arc<str>,
    via: Option<Arc<str>>,
) {
    let element = run.element_name(node);
    run.emit(EventKind::ActivityStarted {
        execution,
        node: node.clone(),
        element,
        via,
    });
}

/// Completes the token's current activity and moves on.
fn leave(run: &mut Run<'_>, execution: ExecutionId, continued: bool) -> Result<(), EngineError> {
    let is_instance = run
        .state
        .executions
        .get(&execution)
        .is_some_and(|e| e.is_instance);
    if is_instance {
        return behavior::multi_instance::instance_done(run, execution);
    }
    let node = run.node_of(execution)?;
    if node.async_after && !continued {
        // asyncAfter: the activity is done; leaving it happens in a later command, from a job.
        run.drop_triggers(execution);
        let job_id = crate::timer::create(run, execution, &node.id, run.now, JobKind::AsyncAfter);
        run.emit(EventKind::WaitStarted {
            execution,
            wait: Wait::Job { job_id },
        });
        return Ok(());
    }
    end_activity(run, execution);
    let flows = behavior::outgoing_flows(run, execution, node)?;
    if flows.is_empty() {
        run.agenda.push_back(Operation::End { execution });
    } else {
        run.agenda.push_back(Operation::Take { execution, flows });
    }
    Ok(())
}

/// Records the end of the token's current activity and drops its boundary triggers.
pub(crate) fn end_activity(run: &mut Run<'_>, execution: ExecutionId) {
    let Some(node) = run
        .state
        .executions
        .get(&execution)
        .and_then(|e| e.node.clone())
    else {
        return;
    };
    run.drop_triggers(execution);
    let element = run.element_name(&node);
    run.emit(EventKind::ActivityEnded {
        execution,
        node,
        element,
        completed: true,
    });
}

/// Sends the token along the first flow and a new sibling token along each other one.
fn take(run: &mut Run<'_>, execution: ExecutionId, flows: Vec<Arc<str>>) {
    let parent = run
        .state
        .executions
        .get(&execution)
        .and_then(|e| e.parent)
        .unwrap_or(ROOT);
    for (i, flow_id) in flows.into_iter().enumerate() {
        let Some(target) = run.def.target_of(&flow_id) else {
            continue;
        };
        let token = if i == 0 {
            execution
        } else {
            run.create_execution(parent, None, false)
        };
        run.emit(EventKind::FlowTaken {
            execution: token,
            flow: flow_id.clone(),
        });
        run.agenda.push_back(Operation::Enter {
            execution: token,
            node: target,
            via: Some(flow_id),
        });
    }
}

/// Removes a token whose path ended and completes its scope when it was the last one.
fn end(run: &mut Run<'_>, execution: ExecutionId) {
    let parent = run.state.executions.get(&execution).and_then(|e| e.parent);
    run.drop_triggers(execution);
    run.emit(EventKind::ExecutionRemoved { execution });
    if let Some(parent) = parent {
        scope_maybe_done(run, parent);
    }
}

/// A scope with no tokens left is complete: the process ends, or its sub-process leaves.
pub(crate) fn scope_maybe_done(run: &mut Run<'_>, scope: ExecutionId) {
    if run.state.children(scope).next().is_some() {
        return;
    }
    if scope == ROOT {
        run.end_instance(InstanceStatus::Completed, None);
        return;
    }
    scope_done(run, scope);
}

/// Completes a sub-process scope (or a multi-instance instance of one).
pub(crate) fn scope_done(run: &mut Run<'_>, scope: ExecutionId) {
    if scope == ROOT {
        run.end_instance(InstanceStatus::Completed, None);
        return;
    }
    run.emit(EventKind::WaitEnded { execution: scope });
    run.agenda.push_back(Operation::Leave { execution: scope });
}
