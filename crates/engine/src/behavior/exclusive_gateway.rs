//! Exclusive gateway: the first flow whose condition holds, in document order, else the default.

use woc_bpmn::FlowNode;

use crate::agenda::{end_activity, Operation};
use crate::error::EngineError;
use crate::instance::ExecutionId;
use crate::run::Run;

/// Chooses one outgoing flow; no choice and no default is an error naming the gateway.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
) -> Result<(), EngineError> {
    let mut flows = super::true_flows(run, execution, node, true)?;
    if flows.is_empty() {
        match &node.default_flow {
            Some(default) => flows.push(default.clone()),
            None => {
                return Err(EngineError::model(
                    &node.id,
                    "exclusive gateway: no outgoing sequence flow condition holds and there is no default flow",
                ))
            }
        }
    }
    end_activity(run, execution);
    run.agenda.push_back(Operation::Take { execution, flows });
    Ok(())
}
