//! Multi-instance activities (parallel and sequential) on tasks and sub-processes.
//!
//! The arriving token waits at the activity (boundary events attach to it); a body execution
//! below it holds `nrOfInstances`, `nrOfCompletedInstances` and `nrOfActiveInstances`; each
//! instance is a child of the body with `loopCounter` and the element variable, as in Flowable.

use serde_json::Value;
use woc_bpmn::{FlowNode, MultiInstance};

use crate::agenda::{end_activity, Operation};
use crate::error::EngineError;
use crate::event::EventKind;
use crate::expr::VariableScope;
use crate::instance::{ExecutionId, MultiInstanceBody, Wait};
use crate::run::Run;

/// Most instances one activity may start; more is a modelling or data error.
pub(crate) const MAX_INSTANCES: usize = 1_000;

/// Starts the instances for the token `execution` that arrived at `node`.
pub(crate) fn start(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
    mi: &MultiInstance,
) -> Result<(), EngineError> {
    let items = items(run, execution, node, mi)?;
    if items.is_empty() {
        run.agenda.push_back(Operation::Leave { execution });
        return Ok(());
    }
    let n = items.len();
    let started = if mi.is_sequential { 1 } else { n };
    let body = run.next_sequence();
    run.emit(EventKind::ExecutionCreated {
        execution: body,
        parent: Some(execution),
        node: Some(run.def.node_id(&node.id)),
        multi_instance: Some(Box::new(MultiInstanceBody {
            sequential: mi.is_sequential,
            items: items.clone(),
            next: started,
        })),
        is_instance: false,
    });
    run.set_local(body, "nrOfInstances", Value::from(n));
    run.set_local(body, "nrOfCompletedInstances", Value::from(0));
    run.set_local(body, "nrOfActiveInstances", Value::from(started));
    run.emit(EventKind::WaitStarted {
        execution,
        wait: Wait::MultiInstance,
    });
    for (index, item) in items.into_iter().take(started).enumerate() {
        start_instance(run, body, node, mi, index, item);
    }
    Ok(())
}

/// Creates one instance below `body` and runs the activity in it.
pub(crate) fn start_instance(
    run: &mut Run<'_>,
    body: ExecutionId,
    node: &FlowNode,
    mi: &MultiInstance,
    index: usize,
    item: Value,
) -> ExecutionId {
    let instance = run.create_execution(body, Some(run.def.node_id(&node.id)), true);
    run.set_local(instance, "loopCounter", Value::from(index));
    if let Some(name) = &mi.element_variable {
        run.set_local(instance, name, item);
    }
    if let Some(name) = &mi.element_index_variable {
        run.set_local(instance, name, Value::from(index));
    }
    run.agenda.push_back(Operation::Enter {
        execution: instance,
        node: run.def.node_id(&node.id),
        via: None,
    });
    instance
}

/// The items to run: the collection's elements, or `0..loopCardinality`.
fn items(
    run: &Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
    mi: &MultiInstance,
) -> Result<Vec<Value>, EngineError> {
    let is_expression = |t: &str| t.contains("${") || t.contains("#{");
    let items = if let Some(collection) = &mi.collection {
        let value = if is_expression(collection) {
            run.eval(execution, &node.id, collection)?
        } else {
            run.scope(execution)
                .variable(collection.trim())
                .cloned()
                .ok_or_else(|| {
                    EngineError::model(
                        &node.id,
                        format!("collection variable '{collection}' is not set"),
                    )
                })?
        };
        match value {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            Value::String(s) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
            other => {
                return Err(EngineError::model(
                    &node.id,
                    format!("multi-instance collection must be a list, got {other}"),
                ))
            }
        }
    } else if let Some(cardinality) = &mi.loop_cardinality {
        let value = if is_expression(cardinality) {
            run.eval(execution, &node.id, cardinality)?
        } else {
            Value::String(cardinality.trim().to_string())
        };
        let n = match &value {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        }
        .filter(|n| *n >= 0)
        .ok_or_else(|| {
            EngineError::model(
                &node.id,
                format!("loopCardinality must be a non-negative integer, got {value}"),
            )
        })?;
        (0..n).map(Value::from).collect()
    } else {
        return Err(EngineError::model(
            &node.id,
            "multi-instance needs loopCardinality or a collection",
        ));
    };
    if items.len() > MAX_INSTANCES {
        return Err(EngineError::model(
            &node.id,
            format!(
                "{} instances exceed the limit of {MAX_INSTANCES}",
                items.len()
            ),
        ));
    }
    Ok(items)
}

/// A counter variable on the body.
pub(crate) fn counter(run: &Run<'_>, body: ExecutionId, name: &str) -> i64 {
    run.state
        .executions
        .get(&body)
        .and_then(|e| e.variables.get(name))
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

/// One instance finished: count it, check the completion condition, start the next
/// sequential instance or complete the activity.
pub(crate) fn instance_done(run: &mut Run<'_>, instance: ExecutionId) -> Result<(), EngineError> {
    let node = run.node_of(instance)?;
    let Some(woc_bpmn::LoopCharacteristics::MultiInstance(mi)) = &node.loop_characteristics else {
        return Err(EngineError::model(
            &node.id,
            "instance of an activity that is not multi-instance",
        ));
    };
    let body = run
        .state
        .executions
        .get(&instance)
        .and_then(|e| e.parent)
        .ok_or_else(|| EngineError::model(&node.id, "multi-instance instance without a body"))?;
    let completed = counter(run, body, "nrOfCompletedInstances") + 1;
    let active = (counter(run, body, "nrOfActiveInstances") - 1).max(0);
    run.set_local(body, "nrOfCompletedInstances", Value::from(completed));
    run.set_local(body, "nrOfActiveInstances", Value::from(active));
    let condition_met = match &mi.completion_condition {
        Some(condition) => run.eval_bool(instance, &node.id, condition)?,
        None => false,
    };
    end_activity(run, instance);
    run.emit(EventKind::ExecutionRemoved {
        execution: instance,
    });
    advance(run, body, node, mi, condition_met)
}

/// Completes the activity when all instances are done (or the condition holds); otherwise
/// starts the next sequential instance.
pub(crate) fn advance(
    run: &mut Run<'_>,
    body: ExecutionId,
    node: &FlowNode,
    mi: &MultiInstance,
    condition_met: bool,
) -> Result<(), EngineError> {
    let total = counter(run, body, "nrOfInstances");
    let completed = counter(run, body, "nrOfCompletedInstances");
    let Some(state) = run
        .state
        .executions
        .get(&body)
        .and_then(|e| e.multi_instance.clone())
    else {
        return Err(EngineError::model(
            &node.id,
            "multi-instance body is missing",
        ));
    };
    let running = run.state.children(body).count();
    if !condition_met && completed < total {
        if running > 0 {
            return Ok(());
        }
        if state.sequential && state.next < state.items.len() {
            let index = state.next;
            run.emit(EventKind::MultiInstanceUpdated {
                execution: body,
                items: state.items.clone(),
                next: index + 1,
            });
            run.set_local(body, "nrOfActiveInstances", Value::from(1));
            let item = state.items.get(index).cloned().unwrap_or(Value::Null);
            start_instance(run, body, node, mi, index, item);
            return Ok(());
        }
    }
    finish(run, body);
    Ok(())
}

/// Cancels instances still running, removes the body and lets the waiting token leave.
fn finish(run: &mut Run<'_>, body: ExecutionId) {
    let running: Vec<ExecutionId> = run.state.children(body).map(|c| c.id).collect();
    for instance in running {
        run.cancel_subtree(instance, "multi-instance completion condition met");
    }
    let token = run.state.executions.get(&body).and_then(|e| e.parent);
    run.emit(EventKind::ExecutionRemoved { execution: body });
    if let Some(token) = token {
        run.emit(EventKind::WaitEnded { execution: token });
        run.agenda.push_back(Operation::Leave { execution: token });
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::instance::InstanceStatus;
    use crate::scenario::{seq, Scenario};

    fn mi(characteristics: &str) -> String {
        [
            format!(r#"<startEvent id="s"/><userTask id="t" flowable:assignee="${{user}}">{characteristics}</userTask><endEvent id="e"/>"#),
            seq("f0", "s", "t"),
            seq("f1", "t", "e"),
        ]
        .concat()
    }

    #[test]
    fn comma_separated_collection_with_element_variable() {
        let s = Scenario::start(
            &mi(
                r#"<multiInstanceLoopCharacteristics isSequential="false" flowable:collection="people" flowable:elementVariable="user"/>"#,
            ),
            json!({"people": "ann, bob"}),
        );
        let mut assignees: Vec<String> = s
            .state
            .tasks
            .values()
            .filter_map(|t| t.assignee.clone())
            .collect();
        assignees.sort();
        assert_eq!(assignees, vec!["ann", "bob"]);
    }

    #[test]
    fn completion_condition_sees_the_counters() {
        let mut s = Scenario::start(
            &mi(
                r#"<multiInstanceLoopCharacteristics isSequential="true" flowable:collection="${people}" flowable:elementVariable="user"><completionCondition>${nrOfCompletedInstances == 2}</completionCondition></multiInstanceLoopCharacteristics>"#,
            ),
            json!({"people": ["a", "b", "c"]}),
        );
        s.complete("t", json!({}));
        assert_eq!(s.task("t").assignee.as_deref(), Some("b"));
        s.complete("t", json!({}));
        assert_eq!(s.status(), InstanceStatus::Completed, "c never starts");
    }

    #[test]
    fn missing_collection_and_huge_cardinality_are_errors() {
        let missing = Scenario::try_start(
            &mi(
                r#"<multiInstanceLoopCharacteristics flowable:collection="nobody" flowable:elementVariable="user"/>"#,
            ),
            json!({}),
            Default::default(),
        );
        assert!(missing.is_err());
        let huge = Scenario::try_start(
            &mi(
                r#"<multiInstanceLoopCharacteristics><loopCardinality>100000</loopCardinality></multiInstanceLoopCharacteristics>"#,
            ),
            json!({"user": "u"}),
            Default::default(),
        );
        assert!(huge.err().expect("refused").to_string().contains("limit"));
    }
}
