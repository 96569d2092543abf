//! Event-based gateway: the token waits for the first of the events after it (timer,
//! message, signal or condition); that branch is taken and the other subscriptions are cancelled.

use woc_bpmn::{EventDefinition, FlowNode, NodeKind};

use super::subscription;
use crate::agenda::{end_activity, Operation};
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, Wait};
use crate::run::Run;

/// Arms every branch's event and waits.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
) -> Result<(), EngineError> {
    for flow in run.def.process.outgoing(&node.id) {
        let target = run.node(&flow.target)?;
        let trigger = match &target.kind {
            NodeKind::IntermediateCatchEvent(c) => c.trigger.clone(),
            NodeKind::ReceiveTask(r) => Some(EventDefinition::Message {
                message_ref: r.message_ref.clone(),
                message_name: r.message_name.clone(),
            }),
            _ => None,
        };
        match trigger {
            Some(
                definition @ (EventDefinition::Timer(Some(_))
                | EventDefinition::Message { .. }
                | EventDefinition::Signal { .. }
                | EventDefinition::Conditional { .. }),
            ) => {
                subscription::arm(run, execution, &target.id, &definition)?;
            }
            _ => {
                return Err(EngineError::model(
                    &node.id,
                    format!(
                        "branch '{}' is not a timer, message, signal or conditional event",
                        target.id
                    ),
                ))
            }
        }
    }
    run.emit(EventKind::WaitStarted {
        execution,
        wait: Wait::EventGateway,
    });
    Ok(())
}

/// The event at `target` happened: take its branch, cancel the others.
pub(crate) fn trigger(
    run: &mut Run<'_>,
    execution: ExecutionId,
    target: &str,
) -> Result<(), EngineError> {
    let gateway = run.node_of(execution)?;
    let flow = run
        .def
        .process
        .outgoing(&gateway.id)
        .find(|f| f.target == target)
        .map(|f| run.def.flow_id(&f.id))
        .ok_or_else(|| EngineError::model(&gateway.id, format!("no branch leads to '{target}'")))?;
    run.emit(EventKind::WaitEnded { execution });
    end_activity(run, execution);
    run.emit(EventKind::FlowTaken {
        execution,
        flow: flow.clone(),
    });
    run.agenda.push_back(Operation::PassThrough {
        execution,
        node: run.def.node_id(target),
        via: Some(flow),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::instance::Wait;
    use crate::scenario::{seq, Scenario};

    #[test]
    fn arms_every_branch_and_the_first_timer_wins() {
        let body = [
            r#"<startEvent id="s"/><eventBasedGateway id="gw"/>
               <intermediateCatchEvent id="soon"><timerEventDefinition><timeDuration>PT1M</timeDuration></timerEventDefinition></intermediateCatchEvent>
               <intermediateCatchEvent id="late"><timerEventDefinition><timeDuration>PT2M</timeDuration></timerEventDefinition></intermediateCatchEvent>
               <receiveTask id="msg" messageRef="m1"/><userTask id="a"/><userTask id="b"/><userTask id="c"/>"#.to_string(),
            seq("f0", "s", "gw"),
            seq("f1", "gw", "soon"),
            seq("f2", "gw", "late"),
            seq("f3", "gw", "msg"),
            seq("f4", "soon", "a"),
            seq("f5", "late", "b"),
            seq("f6", "msg", "c"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        assert_eq!(s.state.jobs.len(), 2);
        assert_eq!(s.state.subscriptions.len(), 1);
        assert!(s
            .state
            .executions
            .values()
            .any(|e| e.wait == Some(Wait::EventGateway)));
        s.advance(5 * 60_000);
        assert_eq!(s.open(), vec!["a"]);
        assert!(s.state.jobs.is_empty() && s.state.subscriptions.is_empty());
    }
}
