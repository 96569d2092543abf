//! Parallel gateway: a join waits for one token per incoming flow in its scope, a fork sends a
//! token down every outgoing flow (conditions are ignored, as BPMN says).

use woc_bpmn::FlowNode;

use crate::agenda::{end_activity, Operation};
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, Wait};
use crate::run::Run;

/// Joins, then forks.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
) -> Result<(), EngineError> {
    if node.incoming.len() > 1 {
        run.emit(EventKind::WaitStarted {
            execution,
            wait: Wait::Join,
        });
        let waiting = waiting_siblings(run, execution, &node.id);
        if waiting.len() + 1 < node.incoming.len() {
            return Ok(());
        }
        merge(run, execution, &waiting[..node.incoming.len() - 1]);
    }
    end_activity(run, execution);
    let flows = node.outgoing.clone();
    if flows.is_empty() {
        run.agenda.push_back(Operation::End { execution });
    } else {
        run.agenda.push_back(Operation::Take { execution, flows });
    }
    Ok(())
}

/// Other tokens of the same scope waiting at this join, oldest first.
pub(crate) fn waiting_siblings(
    run: &Run<'_>,
    execution: ExecutionId,
    node: &str,
) -> Vec<ExecutionId> {
    let parent = run.state.executions.get(&execution).and_then(|e| e.parent);
    run.state
        .executions
        .values()
        .filter(|e| {
            e.id != execution
                && e.parent == parent
                && e.node.as_deref() == Some(node)
                && e.wait == Some(Wait::Join)
        })
        .map(|e| e.id)
        .collect()
}

/// Ends the joined tokens; `execution` carries on alone.
pub(crate) fn merge(run: &mut Run<'_>, execution: ExecutionId, joined: &[ExecutionId]) {
    for &other in joined {
        end_activity(run, other);
        run.emit(EventKind::ExecutionRemoved { execution: other });
    }
    run.emit(EventKind::WaitEnded { execution });
}
