//! Conditional events (intermediate catch, boundary, event sub-process start), with Camunda's
//! semantics: a condition is evaluated when its subscription opens (one that already holds
//! fires at once) and again whenever a variable changes in the instance, once the command's
//! agenda is idle. `variableName` restricts the re-evaluation to changes of that variable.
//!
//! Changes are tracked per instance, not per scope: a change anywhere re-evaluates every
//! condition, each in its own scope, so the result is the same; a non-interrupting event may
//! fire on a change it cannot see, which Camunda's scope filter would skip.

use woc_bpmn::{EventDefinition, NodeKind};

use crate::command::resolve;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::expr::ExprErrorKind;
use crate::instance::{ExecutionId, Subscription, SubscriptionKind};
use crate::run::Run;

/// Fires every conditional subscription that is due for evaluation and whose condition holds.
/// Returns whether one fired (the agenda then has work again).
pub(crate) fn fire_ready(run: &mut Run<'_>) -> Result<bool, EngineError> {
    if run.fresh_conditions.is_empty() && run.changed_variables.is_empty() {
        return Ok(false);
    }
    let fresh = std::mem::take(&mut run.fresh_conditions);
    let changed = std::mem::take(&mut run.changed_variables);
    let waiting: Vec<Subscription> = run
        .state
        .subscriptions
        .iter()
        .filter(|s| s.kind == SubscriptionKind::Conditional)
        .cloned()
        .collect();
    let mut fired = false;
    for subscription in waiting {
        // An earlier firing in this pass may have cancelled it.
        if !run.state.subscriptions.contains(&subscription) {
            continue;
        }
        let Some((condition, variable)) = condition_of(run, &subscription.node) else {
            continue;
        };
        let due = fresh.contains(&subscription.id)
            || match variable {
                Some(name) => changed.contains(name),
                None => !changed.is_empty(),
            };
        if !due || !holds(run, subscription.execution, &subscription.node, condition)? {
            continue;
        }
        run.emit(EventKind::SubscriptionRemoved {
            id: subscription.id,
        });
        resolve(run, subscription.execution, &subscription.node, None)?;
        fired = true;
    }
    Ok(fired)
}

/// The condition and `variableName` of a conditional event node.
fn condition_of<'a>(run: &Run<'a>, node: &str) -> Option<(&'a str, Option<&'a str>)> {
    let definition = match &run.def.process.node(node)?.kind {
        NodeKind::IntermediateCatchEvent(c) => c.trigger.as_ref(),
        NodeKind::BoundaryEvent(b) => b.trigger.as_ref(),
        NodeKind::StartEvent(s) => s.trigger.as_ref(),
        _ => None,
    };
    match definition? {
        EventDefinition::Conditional {
            condition: Some(condition),
            variable_name,
        } => Some((condition.as_str(), variable_name.as_deref())),
        _ => None,
    }
}

/// Whether the condition holds. A variable it names that does not exist (yet) makes it false
/// rather than failing the command: conditions usually wait for a variable to appear.
fn holds(
    run: &Run<'_>,
    execution: ExecutionId,
    node: &str,
    condition: &str,
) -> Result<bool, EngineError> {
    match run.eval_bool(execution, node, condition) {
        Ok(value) => Ok(value),
        Err(EngineError::Expression { source, .. })
            if source.kind == ExprErrorKind::UnknownProperty =>
        {
            Ok(false)
        }
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::command::Command;
    use crate::instance::InstanceStatus;
    use crate::scenario::{seq, Scenario};

    fn set(s: &mut Scenario, variables: serde_json::Value) {
        let serde_json::Value::Object(variables) = variables else {
            unreachable!()
        };
        s.run(
            Command::SetVariables {
                instance_id: "pi".into(),
                variables,
            },
            "admin",
        )
        .expect("variables set");
    }

    #[test]
    fn catch_waits_until_a_variable_change_makes_the_condition_true() {
        let body = [
            r#"<startEvent id="s"/><intermediateCatchEvent id="wait"><conditionalEventDefinition><condition>${amount &gt; 100}</condition></conditionalEventDefinition></intermediateCatchEvent><userTask id="after"/>"#.to_string(),
            seq("f0", "s", "wait"),
            seq("f1", "wait", "after"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        assert_eq!(s.state.subscriptions.len(), 1, "unknown variable: not yet");
        set(&mut s, json!({"amount": 50}));
        assert!(s.open().is_empty());
        set(&mut s, json!({"amount": 150}));
        assert_eq!(s.open(), vec!["after"]);
        assert!(s.state.subscriptions.is_empty());
    }

    #[test]
    fn catch_passes_at_once_when_the_condition_already_holds() {
        let body = [
            r#"<startEvent id="s"/><intermediateCatchEvent id="wait"><conditionalEventDefinition><condition>${ok}</condition></conditionalEventDefinition></intermediateCatchEvent><endEvent id="e"/>"#.to_string(),
            seq("f0", "s", "wait"),
            seq("f1", "wait", "e"),
        ]
        .concat();
        let s = Scenario::start(&body, json!({"ok": true}));
        assert_eq!(s.status(), InstanceStatus::Completed);
    }

    #[test]
    fn interrupting_boundary_fires_when_a_task_completion_sets_the_variable() {
        let body = [
            r#"<startEvent id="s"/><parallelGateway id="fork"/><userTask id="a"/><userTask id="b"/><endEvent id="e"/><endEvent id="e2"/><userTask id="escalated"/>
               <boundaryEvent id="cond" attachedToRef="b"><conditionalEventDefinition flowable:variableName="urgent"><condition>${urgent}</condition></conditionalEventDefinition></boundaryEvent>"#.to_string(),
            seq("f0", "s", "fork"),
            seq("f1", "fork", "a"),
            seq("f2", "fork", "b"),
            seq("f3", "a", "e"),
            seq("f4", "b", "e2"),
            seq("f5", "cond", "escalated"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({"urgent": false}));
        assert_eq!(s.open(), vec!["a", "b"]);
        s.complete("a", json!({"urgent": true}));
        assert_eq!(s.open(), vec!["escalated"]);
    }

    #[test]
    fn non_interrupting_boundary_fires_on_each_change_that_holds() {
        let body = [
            r#"<startEvent id="s"/><userTask id="t"/><endEvent id="e"/><userTask id="note"/>
               <boundaryEvent id="cond" attachedToRef="t" cancelActivity="false"><conditionalEventDefinition><condition>${level &gt; 1}</condition></conditionalEventDefinition></boundaryEvent>"#.to_string(),
            seq("f0", "s", "t"),
            seq("f1", "t", "e"),
            seq("f2", "cond", "note"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({"level": 0}));
        set(&mut s, json!({"level": 2}));
        assert_eq!(s.open(), vec!["note", "t"]);
        set(&mut s, json!({"level": 3}));
        assert_eq!(s.open(), vec!["note", "note", "t"]);
        set(&mut s, json!({"level": 0}));
        assert_eq!(s.open(), vec!["note", "note", "t"]);
        s.complete("t", json!({}));
        assert!(s.state.subscriptions.is_empty());
    }
}
