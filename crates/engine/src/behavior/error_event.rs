//! BPMN errors: thrown by error end events or failed service jobs, caught by the nearest
//! enclosing scope with a matching error event sub-process, or activity with a matching error
//! boundary event, which is interrupted.

use woc_bpmn::{EventDefinition, NodeKind};

use super::{boundary, event_sub_process};
use crate::error::EngineError;
use crate::instance::{ExecutionId, Wait, ROOT};
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
        let node = execution.node.clone();
        // An error event sub-process inside a scope catches before the scope's boundary events.
        let is_scope = id == ROOT || execution.wait == Some(Wait::SubProcess);
        if is_scope {
            if let Some(start) = event_sub_process::error_catcher(run, node.as_deref(), code) {
                return event_sub_process::fire(run, id, &start, None);
            }
        }
        let Some(execution) = run.state.executions.get(&id) else {
            break;
        };
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::scenario::{seq, Scenario};

    #[test]
    fn a_boundary_for_another_code_lets_the_error_pass_to_an_outer_one() {
        let body = [
            r#"<startEvent id="s"/>
               <subProcess id="outer"><startEvent id="os"/>
                 <subProcess id="inner"><startEvent id="is"/><userTask id="t"/><endEvent id="boom"><errorEventDefinition errorRef="e1"/></endEvent>"#.to_string(),
            seq("i1", "is", "t"),
            seq("i2", "t", "boom"),
            r#"</subProcess><endEvent id="oe"/>
               <boundaryEvent id="other" attachedToRef="inner"><errorEventDefinition errorRef="e2"/></boundaryEvent>
               <userTask id="wrong"/>"#
                .to_string(),
            seq("o1", "os", "inner"),
            seq("o2", "inner", "oe"),
            seq("o3", "other", "wrong"),
            r#"</subProcess>
               <boundaryEvent id="mine" attachedToRef="outer"><errorEventDefinition errorRef="e1"/></boundaryEvent>
               <userTask id="handled"/>"#.to_string(),
            seq("f0", "s", "outer"),
            seq("f2", "mine", "handled"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        s.complete("t", json!({}));
        assert_eq!(s.open(), vec!["handled"]);
    }
}
