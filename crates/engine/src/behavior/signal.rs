//! Signals: a thrown signal reaches every subscription with its name (catch events, boundary
//! events, event sub-process starts), in every instance, and starts every process whose
//! latest version has a signal start event with that name.
//!
//! This crate sees one instance per command, so a throw is delivered in two parts: to the
//! throwing instance's own subscriptions at once, inside the command (Flowable's synchronous
//! throw), and to everything else after the command committed, by the host following the
//! outcome's [`Effect::Signal`] (`Engine::execute` and the sqlx store both do), each other
//! instance in its own command.

use woc_bpmn::{EventDefinition, FlowNode};

use super::subscription;
use crate::command::{resolve, Effect, Variables};
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{Subscription, SubscriptionKind};
use crate::run::Run;

/// Throws the signal of `definition` (at `node`) from the instance: delivered here now, and,
/// unless the signal is scoped to the process instance (`flowable:scope="processInstance"`),
/// handed to the host for the other instances and signal start events.
pub(crate) fn throw(
    run: &mut Run<'_>,
    node: &FlowNode,
    definition: &EventDefinition,
) -> Result<(), EngineError> {
    let EventDefinition::Signal { instance_scope, .. } = definition else {
        return Err(EngineError::model(&node.id, "not a signal event"));
    };
    let (_, name) = subscription::of(definition, &node.id)
        .ok_or_else(|| EngineError::model(&node.id, "signal event has no signal"))?;
    deliver(run, &name, &Variables::new())?;
    if !instance_scope {
        run.effects.push(Effect::Signal {
            name,
            variables: Variables::new(),
            from_instance: Some(run.state.id.clone()),
        });
    }
    Ok(())
}

/// Delivers signal `name` to each subscription of this instance waiting for it (as they are
/// now: a non-interrupting event re-armed by this delivery waits for the next signal).
/// Returns how many received it.
pub(crate) fn deliver(
    run: &mut Run<'_>,
    name: &str,
    variables: &Variables,
) -> Result<usize, EngineError> {
    let waiting: Vec<Subscription> = run
        .state
        .subscriptions
        .iter()
        .filter(|s| s.kind == SubscriptionKind::Signal && s.message == name)
        .cloned()
        .collect();
    let mut delivered = 0;
    for subscription in waiting {
        // An interrupting event fired earlier in this delivery may have cancelled it.
        if !run.state.subscriptions.contains(&subscription) {
            continue;
        }
        run.emit(EventKind::SubscriptionRemoved {
            id: subscription.id,
        });
        run.set_variables(Some(subscription.execution), variables.clone());
        resolve(run, subscription.execution, &subscription.node, None)?;
        delivered += 1;
    }
    Ok(delivered)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::command::{Command, Effect};
    use crate::instance::{InstanceStatus, Wait};
    use crate::scenario::{seq, Scenario};

    fn signal(s: &mut Scenario, name: &str) -> Result<(), crate::EngineError> {
        s.run(
            Command::Signal {
                instance_id: "pi".into(),
                name: name.into(),
                variables: serde_json::Map::from_iter([("via".to_string(), json!(name))]),
            },
            "system",
        )
    }

    #[test]
    fn catch_waits_and_every_waiting_execution_receives_the_signal() {
        let body = [
            r#"<startEvent id="s"/><parallelGateway id="fork"/>
               <intermediateCatchEvent id="c1"><signalEventDefinition signalRef="alert"/></intermediateCatchEvent>
               <intermediateCatchEvent id="c2"><signalEventDefinition signalRef="alert"/></intermediateCatchEvent>
               <userTask id="a"/><userTask id="b"/>"#
                .to_string(),
            seq("f0", "s", "fork"),
            seq("f1", "fork", "c1"),
            seq("f2", "fork", "c2"),
            seq("f3", "c1", "a"),
            seq("f4", "c2", "b"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        assert!(s.state.executions.values().any(|e| e.wait
            == Some(Wait::Signal {
                name: "alert".into()
            })));
        assert!(signal(&mut s, "other").is_err(), "nobody waits for it");
        signal(&mut s, "alert").expect("delivered");
        assert_eq!(s.open(), vec!["a", "b"]);
        assert_eq!(s.state.variables.get("via"), Some(&json!("alert")));
    }

    #[test]
    fn boundary_interrupting_and_non_interrupting() {
        let body = [
            r#"<startEvent id="s"/><parallelGateway id="fork"/><userTask id="a"/><userTask id="b"/>
               <boundaryEvent id="stop" attachedToRef="a"><signalEventDefinition signalRef="halt"/></boundaryEvent>
               <boundaryEvent id="note" attachedToRef="b" cancelActivity="false"><signalEventDefinition signalRef="halt"/></boundaryEvent>
               <userTask id="stopped"/><userTask id="noted"/>"#
                .to_string(),
            seq("f0", "s", "fork"),
            seq("f1", "fork", "a"),
            seq("f2", "fork", "b"),
            seq("f3", "stop", "stopped"),
            seq("f4", "note", "noted"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        signal(&mut s, "halt").expect("delivered");
        assert_eq!(s.open(), vec!["b", "noted", "stopped"]);
        signal(&mut s, "halt").expect("the non-interrupting boundary stays armed");
        assert_eq!(s.open(), vec!["b", "noted", "noted", "stopped"]);
    }

    #[test]
    fn throw_reaches_this_instance_now_and_the_others_through_the_host() {
        let body = [
            r#"<startEvent id="s"/><parallelGateway id="fork"/><userTask id="t"/>
               <intermediateThrowEvent id="shout"><signalEventDefinition signalRef="sig"/></intermediateThrowEvent>
               <userTask id="after"/><userTask id="heard"/>
               <boundaryEvent id="b" attachedToRef="t"><signalEventDefinition signalRef="sig"/></boundaryEvent>
               <endEvent id="done"><signalEventDefinition signalRef="finished"/></endEvent>"#
                .to_string(),
            seq("f0", "s", "fork"),
            seq("f1", "fork", "t"),
            seq("f2", "fork", "after"),
            seq("f3", "after", "shout"),
            seq("f4", "shout", "done"),
            seq("f5", "b", "heard"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        s.complete("after", json!({}));
        assert_eq!(s.open(), vec!["heard"]);
        let names: Vec<&str> = s
            .effects
            .iter()
            .filter_map(|e| match e {
                Effect::Signal {
                    name,
                    from_instance,
                    ..
                } => {
                    assert_eq!(from_instance.as_deref(), Some("pi"));
                    Some(name.as_str())
                }
                _ => None,
            })
            .collect();
        assert_eq!(names, vec!["sig", "finished"]);
        s.complete("heard", json!({}));
        assert_eq!(s.status(), InstanceStatus::Completed);
    }

    #[test]
    fn a_signal_scoped_to_the_process_instance_stays_in_it() {
        let body = [
            r#"<startEvent id="s"/><parallelGateway id="fork"/>
               <intermediateCatchEvent id="c"><signalEventDefinition signalRef="local"/></intermediateCatchEvent>
               <intermediateThrowEvent id="t"><signalEventDefinition signalRef="local"/></intermediateThrowEvent>
               <userTask id="heard"/><endEvent id="e"/>"#
                .to_string(),
            seq("f0", "s", "fork"),
            seq("f1", "fork", "c"),
            seq("f2", "fork", "t"),
            seq("f3", "c", "heard"),
            seq("f4", "t", "e"),
        ]
        .concat();
        let s = Scenario::start(&body, json!({}));
        assert_eq!(s.open(), vec!["heard"]);
        assert!(
            !s.effects.iter().any(|e| matches!(e, Effect::Signal { .. })),
            "nothing for the host to broadcast"
        );
    }

    #[test]
    fn event_gateway_branch_on_a_signal() {
        let body = [
            r#"<startEvent id="s"/><eventBasedGateway id="gw"/>
               <intermediateCatchEvent id="sig"><signalEventDefinition signalRef="go-signal"/></intermediateCatchEvent>
               <intermediateCatchEvent id="late"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
               <userTask id="a"/><userTask id="b"/>"#
                .to_string(),
            seq("f0", "s", "gw"),
            seq("f1", "gw", "sig"),
            seq("f2", "gw", "late"),
            seq("f3", "sig", "a"),
            seq("f4", "late", "b"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        signal(&mut s, "go-signal").expect("delivered");
        assert_eq!(s.open(), vec!["a"]);
        assert!(s.state.jobs.is_empty() && s.state.subscriptions.is_empty());
    }
}
