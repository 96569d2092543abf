//! Intermediate catch events (timer, message) and receive tasks: the token waits until the
//! timer job fires or the message arrives.

use woc_bpmn::{CatchEvent, EventDefinition, FlowNode};

use super::boundary::subscribe;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, Wait};
use crate::run::Run;
use crate::timer;

/// Starts waiting for the event's trigger.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
    catch: &CatchEvent,
) -> Result<(), EngineError> {
    match &catch.trigger {
        Some(EventDefinition::Timer(Some(t))) => {
            let job_id = timer::schedule(run, execution, &node.id, t)?;
            run.emit(EventKind::WaitStarted {
                execution,
                wait: Wait::Timer { job_id },
            });
            Ok(())
        }
        Some(EventDefinition::Message {
            message_name,
            message_ref,
        }) => {
            let name = message_name
                .clone()
                .or_else(|| message_ref.clone())
                .ok_or_else(|| {
                    EngineError::model(&node.id, "message catch event has no message")
                })?;
            wait_for_message(run, execution, node, &name);
            Ok(())
        }
        other => Err(EngineError::model(
            &node.id,
            format!(
                "intermediate catch event with {} is not supported",
                other.as_ref().map_or("no definition", |d| d.kind_name())
            ),
        )),
    }
}

/// Subscribes `execution` to a message at `node` and waits.
pub(crate) fn wait_for_message(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
    name: &str,
) {
    subscribe(run, execution, &node.id, name);
    run.emit(EventKind::WaitStarted {
        execution,
        wait: Wait::Message {
            name: name.to_string(),
        },
    });
}
