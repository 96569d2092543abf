//! Intermediate catch events (timer, message, signal, conditional) and receive tasks: the
//! token waits until the timer job fires, the message or signal arrives or the condition holds.

use woc_bpmn::{CatchEvent, EventDefinition, FlowNode};

use super::subscription::subscribe;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, SubscriptionKind, Wait};
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
        Some(EventDefinition::Signal {
            signal_name,
            signal_ref,
            ..
        }) => {
            let name = signal_name
                .clone()
                .or_else(|| signal_ref.clone())
                .ok_or_else(|| EngineError::model(&node.id, "signal catch event has no signal"))?;
            subscribe(
                run,
                execution,
                &node.id,
                &name,
                SubscriptionKind::Signal,
                false,
            );
            run.emit(EventKind::WaitStarted {
                execution,
                wait: Wait::Signal { name },
            });
            Ok(())
        }
        Some(EventDefinition::Conditional { .. }) => {
            // Evaluated when the agenda is idle: a condition that holds already passes at once.
            subscribe(
                run,
                execution,
                &node.id,
                &node.id,
                SubscriptionKind::Conditional,
                false,
            );
            run.emit(EventKind::WaitStarted {
                execution,
                wait: Wait::Condition,
            });
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
    subscribe(
        run,
        execution,
        &node.id,
        name,
        SubscriptionKind::Message,
        false,
    );
    run.emit(EventKind::WaitStarted {
        execution,
        wait: Wait::Message {
            name: name.to_string(),
        },
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::command::Command;
    use crate::instance::InstanceStatus;
    use crate::scenario::{seq, Scenario};

    #[test]
    fn timer_duration_from_an_expression() {
        let body = [
            r#"<startEvent id="s"/><intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>${delay}</timeDuration></timerEventDefinition></intermediateCatchEvent><endEvent id="e"/>"#.to_string(),
            seq("f0", "s", "wait"),
            seq("f1", "wait", "e"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({"delay": "PT2M"}));
        assert_eq!(s.state.jobs.values().next().map(|j| j.due.0), Some(120_000));
        s.advance(119_999);
        assert_eq!(s.status(), InstanceStatus::Running);
        s.advance(1);
        assert_eq!(s.status(), InstanceStatus::Completed);
    }

    #[test]
    fn message_catch_waits_for_its_message() {
        let body = [
            r#"<startEvent id="s"/><intermediateCatchEvent id="wait"><messageEventDefinition messageRef="m1"/></intermediateCatchEvent><endEvent id="e"/>"#.to_string(),
            seq("f0", "s", "wait"),
            seq("f1", "wait", "e"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        assert_eq!(s.state.subscriptions.len(), 1);
        let wrong = s.run(
            Command::Message {
                instance_id: "pi".into(),
                name: "other".into(),
                variables: Default::default(),
            },
            "system",
        );
        assert!(wrong.is_err());
        s.run(
            Command::Message {
                instance_id: "pi".into(),
                name: "go".into(),
                variables: Default::default(),
            },
            "system",
        )
        .expect("delivered");
        assert_eq!(s.status(), InstanceStatus::Completed);
    }
}
