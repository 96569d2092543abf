//! Embedded sub-process: its own scope of tokens, started at its none start event; it
//! completes when no token is left inside (see `agenda::scope_maybe_done`).

use woc_bpmn::FlowNode;

use crate::agenda::Operation;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, Wait};
use crate::run::Run;

/// Opens the scope and starts a token at the sub-process's start event.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
) -> Result<(), EngineError> {
    let start = run
        .def
        .process
        .none_start_event(Some(&node.id))
        .ok_or_else(|| EngineError::model(&node.id, "sub-process has no none start event"))?;
    run.emit(EventKind::WaitStarted {
        execution,
        wait: Wait::SubProcess,
    });
    let token = run.create_execution(execution, None, false);
    run.agenda.push_back(Operation::Enter {
        execution: token,
        node: start.id.clone(),
        via: None,
    });
    Ok(())
}
