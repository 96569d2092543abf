//! BPMN errors: thrown by error end events or failed service jobs, caught by the nearest
//! enclosing activity with a matching error boundary event, which is interrupted.

use woc_bpmn::{EventDefinition, NodeKind};

use super::boundary;
use crate::error::EngineError;
use crate::instance::ExecutionId;
use crate::run::Run;

/// Throws error `code` starting at `from` and walking up the scopes; uncaught errors fail
/// the command (as in Flowable, where the transaction rolls back).
pub(crate) fn throw(
    run: &mut Run<'_>,
    from: Option<ExecutionId>,
    code: &str,
    element: &str,
) -> Result<(), EngineError> {
    let mut current = from;
    while let Some(id) = current {
        let Some(execution) = run.state.executions.get(&id) else {
            break;
        };
        let parent = execution.parent;
        // Boundary events belong to the token at the activity, not to multi-instance bodies.
        if !execution.is_instance && execution.multi_instance.is_none() {
            if let Some(node) = execution.node.as_deref() {
                if let Some(catcher) = catcher(run, node, code) {
                    return boundary::fire(run, id, &catcher, None);
                }
            }
        }
        current = parent;
    }
    Err(EngineError::UnhandledError {
        code: code.to_string(),
        element: element.to_string(),
    })
}

/// The first error boundary event on `activity` catching `code` (no code catches all).
fn catcher(run: &Run<'_>, activity: &str, code: &str) -> Option<String> {
    run.def
        .process
        .boundary_events(activity)
        .find_map(|b| match &b.kind {
            NodeKind::BoundaryEvent(event) => match &event.trigger {
                Some(EventDefinition::Error {
                    error_code,
                    error_ref,
                }) => {
                    let expected = error_code.as_deref().or(error_ref.as_deref());
                    (expected.is_none_or(|e| e == code)).then(|| b.id.clone())
                }
                _ => None,
            },
            _ => None,
        })
}
