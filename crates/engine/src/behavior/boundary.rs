//! Boundary events: timers and messages are armed when the activity starts; firing either
//! interrupts the activity or, when `cancelActivity="false"`, starts a parallel token.
//! Error boundary events are found when an error is thrown (see `error_event`).

use woc_bpmn::{EventDefinition, FlowNode, NodeKind};

use crate::agenda::Operation;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, Job, Subscription, ROOT};
use crate::run::Run;
use crate::timer;

/// Arms the timer and message boundary events of `node` for `execution`.
pub(crate) fn arm(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
) -> Result<(), EngineError> {
    for boundary in run.def.process.boundary_events(&node.id) {
        let NodeKind::BoundaryEvent(event) = &boundary.kind else {
            continue;
        };
        match &event.trigger {
            Some(EventDefinition::Timer(Some(t))) => {
                timer::schedule(run, execution, &boundary.id, t)?;
            }
            Some(EventDefinition::Message {
                message_name,
                message_ref,
            }) => {
                let name = message_name
                    .clone()
                    .or_else(|| message_ref.clone())
                    .unwrap_or_default();
                subscribe(run, execution, &boundary.id, &name);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Opens a message subscription.
pub(crate) fn subscribe(run: &mut Run<'_>, execution: ExecutionId, node: &str, message: &str) {
    let id = run.next_sequence();
    run.emit(EventKind::SubscriptionCreated {
        subscription: Subscription {
            id,
            execution,
            node: node.to_string(),
            message: message.to_string(),
        },
    });
}

/// Fires boundary event `boundary_id` on the activity `execution` is at.
pub(crate) fn fire(
    run: &mut Run<'_>,
    execution: ExecutionId,
    boundary_id: &str,
    fired_job: Option<&Job>,
) -> Result<(), EngineError> {
    let boundary = run.node(boundary_id)?;
    let NodeKind::BoundaryEvent(event) = &boundary.kind else {
        return Err(EngineError::model(boundary_id, "not a boundary event"));
    };
    let parent = run
        .state
        .executions
        .get(&execution)
        .and_then(|e| e.parent)
        .unwrap_or(ROOT);
    if event.cancel_activity {
        run.cancel_subtree(
            execution,
            &format!("interrupted by boundary event '{boundary_id}'"),
        );
    } else if let Some(job) = fired_job {
        timer::reschedule(run, job);
    } else if let Some(message) = message_of(event) {
        // A non-interrupting message boundary stays armed for the next message.
        subscribe(run, execution, boundary_id, &message);
    }
    let token = run.create_execution(parent, None, false);
    run.agenda.push_back(Operation::PassThrough {
        execution: token,
        node: boundary_id.to_string(),
        via: None,
    });
    Ok(())
}

fn message_of(event: &woc_bpmn::BoundaryEvent) -> Option<String> {
    match &event.trigger {
        Some(EventDefinition::Message {
            message_name,
            message_ref,
        }) => message_name.clone().or_else(|| message_ref.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::scenario::{seq, Scenario};

    #[test]
    fn non_interrupting_cycle_fires_each_repetition_then_stops() {
        let body = [
            r#"<startEvent id="s"/><userTask id="t"/><endEvent id="e"/>
               <boundaryEvent id="remind" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R2/PT1M</timeCycle></timerEventDefinition></boundaryEvent>
               <userTask id="reminder"/>"#.to_string(),
            seq("f0", "s", "t"),
            seq("f1", "t", "e"),
            seq("f2", "remind", "reminder"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        s.advance(60_000);
        assert_eq!(s.open(), vec!["reminder", "t"]);
        s.advance(60_000);
        assert_eq!(s.open(), vec!["reminder", "reminder", "t"]);
        assert!(s.state.jobs.is_empty(), "two repetitions only");
        s.complete("t", json!({}));
        assert_eq!(s.open(), vec!["reminder", "reminder"]);
    }
}
