//! Boundary events: timers, messages, signals and conditions are armed when the activity
//! starts; firing either interrupts the activity or, when `cancelActivity="false"`, starts a
//! parallel token.
//! Error boundary events are found when an error is thrown (see `error_event`).

use woc_bpmn::{BoundaryEvent, FlowNode, NodeKind};

use super::subscription;

use crate::agenda::Operation;
use crate::error::EngineError;
use crate::instance::{ExecutionId, Job, ROOT};
use crate::run::Run;
use crate::timer;

/// Arms the timer, message, signal and conditional boundary events of `node` for `execution`.
pub(crate) fn arm(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
) -> Result<(), EngineError> {
    // The node's own list: most activities have none, and then nothing is looked up.
    for boundary in node
        .boundary_events
        .iter()
        .filter_map(|id| run.def.process.node(id))
    {
        if let NodeKind::BoundaryEvent(BoundaryEvent {
            trigger: Some(definition),
            ..
        }) = &boundary.kind
        {
            subscription::arm(run, execution, &boundary.id, definition)?;
        }
    }
    Ok(())
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
    } else if let Some((kind, name)) = event
        .trigger
        .as_ref()
        .and_then(|d| subscription::of(d, boundary_id))
    {
        // A non-interrupting boundary stays armed for the next message, signal or change.
        subscription::subscribe(run, execution, boundary_id, &name, kind, true);
    }
    let token = run.create_execution(parent, None, false);
    run.agenda.push_back(Operation::PassThrough {
        execution: token,
        node: run.def.node_id(boundary_id),
        via: None,
    });
    Ok(())
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
