//! End events: none (the token ends), terminate (its whole scope ends), error (thrown to the
//! nearest matching error event sub-process or boundary event), signal (broadcast, then the
//! token ends), message (passes like a none end event, see `behavior::message_throw`).

use woc_bpmn::{EndEvent, EventDefinition, FlowNode};

use super::{error_event, signal};
use crate::agenda::{end_activity, scope_done, Operation};
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, InstanceStatus, ROOT};
use crate::run::Run;

/// Ends the token according to the end event's result.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
    end: &EndEvent,
) -> Result<(), EngineError> {
    match &end.result {
        Some(EventDefinition::Terminate) => {
            end_activity(run, execution);
            let scope = run
                .state
                .executions
                .get(&execution)
                .and_then(|e| e.parent)
                .unwrap_or(ROOT);
            let reason = format!("terminated by end event '{}'", node.id);
            // The terminating token has ended normally; only the others are cancelled.
            run.emit(EventKind::ExecutionRemoved { execution });
            let tokens: Vec<ExecutionId> = run.state.children(scope).map(|c| c.id).collect();
            for token in tokens {
                run.cancel_subtree(token, &reason);
            }
            if scope == ROOT {
                run.end_instance(InstanceStatus::Completed, Some(reason));
            } else {
                scope_done(run, scope);
            }
            Ok(())
        }
        Some(EventDefinition::Error {
            error_code,
            error_ref,
        }) => {
            let code = error_code
                .clone()
                .or_else(|| error_ref.clone())
                .unwrap_or_default();
            let parent = run.state.executions.get(&execution).and_then(|e| e.parent);
            error_event::throw(run, parent, &code, &node.id)?;
            if run.state.executions.contains_key(&execution) {
                run.agenda.push_back(Operation::End { execution });
            }
            Ok(())
        }
        Some(definition @ EventDefinition::Signal { .. }) => {
            signal::throw(run, node, definition)?;
            end_activity(run, execution);
            run.agenda.push_back(Operation::End { execution });
            Ok(())
        }
        other => {
            if matches!(other, Some(EventDefinition::Message { .. })) {
                super::message_throw(run, node);
            }
            end_activity(run, execution);
            run.agenda.push_back(Operation::End { execution });
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::event::EventKind;
    use crate::instance::InstanceStatus;
    use crate::scenario::{seq, Scenario};

    #[test]
    fn terminate_at_process_level_ends_every_branch() {
        let body = [
            r#"<startEvent id="s"/><parallelGateway id="fork"/><userTask id="a"/><userTask id="b"/>
               <endEvent id="stop"><terminateEventDefinition/></endEvent><endEvent id="e"/>"#
                .to_string(),
            seq("f0", "s", "fork"),
            seq("fa", "fork", "a"),
            seq("fb", "fork", "b"),
            seq("a1", "a", "stop"),
            seq("b1", "b", "e"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        s.complete("a", json!({}));
        assert_eq!(s.status(), InstanceStatus::Completed);
        assert!(s.state.tasks.is_empty() && s.state.executions.is_empty());
        assert!(s
            .events
            .iter()
            .any(|e| matches!(&e.kind, EventKind::TaskCanceled { node, .. } if node == "b")));
    }

    #[test]
    fn message_throw_and_end_events_pass_and_say_so() {
        let body = [
            r#"<startEvent id="s"/><intermediateThrowEvent id="send"><messageEventDefinition messageRef="m1"/></intermediateThrowEvent>
               <endEvent id="e"><messageEventDefinition messageRef="m1"/></endEvent>"#
                .to_string(),
            seq("f0", "s", "send"),
            seq("f1", "send", "e"),
        ]
        .concat();
        let s = Scenario::start(&body, json!({}));
        assert_eq!(s.status(), InstanceStatus::Completed);
        let warned: Vec<&str> = s
            .events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Warning { element, .. } => Some(element.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(warned, vec!["send", "e"]);
    }
}
