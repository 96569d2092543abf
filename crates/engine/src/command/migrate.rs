//! Instance migration: an administrator moves a running instance to another version of its
//! process, naming for each node the instance is at the node of the target it continues at.
//!
//! Nothing runs during a migration: tokens, open tasks, waiting jobs and message subscriptions
//! stay exactly as they are and only change the node they belong to (one `InstanceMigrated`
//! event), so an open task keeps its id, assignee and history and a timer keeps its due time.
//! That is only sound when each target node would have produced the same waiting state, so
//! every node in use must have a counterpart of the same kind: same element, same trigger
//! (message name included), same multi-instance shape, in the corresponding sub-process,
//! boundary events on the corresponding activity, and a waiting service job's implementation.
//! Anything else is refused, naming the node.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use woc_bpmn::{EventDefinition, FlowNode, LoopCharacteristics, NodeKind};

use crate::behavior::service_task;
use crate::clock::Timestamp;
use crate::definition::Definition;
use crate::engine::Executed;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{JobKind, ProcessInstance, Wait};
use crate::run::{EngineConfig, Run};

use super::Outcome;

/// Node ids of the source definition -> node ids of the target; a node in use that the
/// mapping does not name keeps its id (it must then exist in the target).
pub type NodeMapping = BTreeMap<String, String>;

/// Moves `state` (running on `source`) to `target`, another version of the same process, on
/// behalf of `actor` (required: the history says who migrated). The pure core of
/// [`crate::Engine::migrate`]; an async store calls it between its own load and commit.
pub fn migrate_instance(
    source: &Definition,
    target: &Definition,
    config: &EngineConfig,
    state: impl Into<Box<ProcessInstance>>,
    mapping: &NodeMapping,
    actor: Option<&str>,
    now: Timestamp,
) -> Result<Executed, EngineError> {
    let state: Box<ProcessInstance> = state.into();
    if state.status.is_ended() {
        return Err(EngineError::Ended {
            instance_id: state.id.clone(),
            status: state.status,
        });
    }
    if state.definition_id != source.id {
        return Err(refused(format!(
            "instance '{}' runs on '{}', not on '{}'",
            state.id, state.definition_id, source.id
        )));
    }
    if target.key != source.key {
        return Err(refused(format!(
            "target '{}' is process '{}', but the instance is of process '{}'",
            target.id, target.key, source.key
        )));
    }
    if target.id == source.id {
        return Err(refused(format!(
            "instance '{}' already runs on '{}'",
            state.id, target.id
        )));
    }
    if let Some(unknown) = mapping.keys().find(|n| source.process.node(n).is_none()) {
        return Err(refused(format!(
            "the node mapping names '{unknown}', which is not a node of '{}'",
            source.id
        )));
    }
    let nodes = plan(source, target, &state, mapping)?;
    let mut run = Run::new(target, config, state, now, actor.map(Arc::from));
    run.actor("migrate")?;
    run.emit(EventKind::InstanceMigrated {
        from_definition_id: source.id.clone(),
        to_definition_id: target.id.clone(),
        nodes,
    });
    let outcome = Outcome {
        instance_id: run.state.id.clone(),
        status: run.state.status,
        events: run.events.into(),
        effects: Vec::new(),
        new_tasks: Vec::new(),
        revision: run.state.revision,
    };
    Ok(Executed {
        instance: run.state,
        outcome,
    })
}

/// Renames the nodes of `state` as an `InstanceMigrated` event says (see [`crate::apply`]).
pub(crate) fn rename(state: &mut ProcessInstance, to_definition_id: &str, nodes: &NodeMapping) {
    let renamed = |node: &mut String| {
        if let Some(new) = nodes.get(node.as_str()) {
            *node = new.clone();
        }
    };
    state.definition_id = to_definition_id.to_string();
    for execution in state.executions.values_mut() {
        if let Some(node) = execution.node.as_mut() {
            if let Some(new) = nodes.get(&**node) {
                *node = new.as_str().into();
            }
        }
    }
    state
        .tasks
        .values_mut()
        .for_each(|t| renamed(&mut Arc::make_mut(t).node));
    state.jobs.values_mut().for_each(|j| renamed(&mut j.node));
    state
        .subscriptions
        .iter_mut()
        .for_each(|s| renamed(&mut s.node));
    for entry in &mut state.trail {
        if let Some(new) = nodes.get(&*entry.node) {
            entry.node = new.as_str().into();
        }
    }
}

/// Checks every node in use against its counterpart and returns the full renaming: each node
/// in use (identity included, so the history shows what moved where) and the mapped nodes of
/// the trail (so returning to an earlier task finds it under its new id).
fn plan(
    source: &Definition,
    target: &Definition,
    state: &ProcessInstance,
    mapping: &NodeMapping,
) -> Result<NodeMapping, EngineError> {
    let mapped = |id: &str| -> String { mapping.get(id).cloned().unwrap_or_else(|| id.into()) };
    let mut in_use: BTreeSet<&str> = state
        .executions
        .values()
        .filter_map(|e| e.node.as_deref())
        .collect();
    in_use.extend(state.tasks.values().map(|t| t.node.as_str()));
    in_use.extend(state.jobs.values().map(|j| j.node.as_str()));
    in_use.extend(state.subscriptions.iter().map(|s| s.node.as_str()));
    let mut nodes = NodeMapping::new();
    for id in in_use {
        let from = source.node(id)?;
        let to_id = mapped(id);
        let Some(to) = target.process.node(&to_id) else {
            return Err(refused(if mapping.contains_key(id) {
                format!(
                    "the node mapping sends active node '{id}' to '{to_id}', which is not a node \
                     of '{}'",
                    target.id
                )
            } else {
                format!(
                    "active node '{id}' is not in '{}'; map it to a node of the target",
                    target.id
                )
            }));
        };
        if let Err(why) = compatible(from, to, &mapped) {
            return Err(refused(format!(
                "active node '{id}' cannot move to '{to_id}': {why}"
            )));
        }
        nodes.insert(id.to_string(), to_id);
    }
    // A token waiting at a join is counted by the flow it came in on: that flow must enter
    // the target join too, or the join would wait for a token that can never arrive.
    for execution in state.executions.values() {
        let (Some(node), Some(Wait::Join), Some(via)) =
            (&execution.node, &execution.wait, &execution.arrived_via)
        else {
            continue;
        };
        let to_id = mapped(node);
        if target.process.flow(via).map(|f| f.target.as_str()) != Some(to_id.as_str()) {
            return Err(refused(format!(
                "active node '{node}' cannot move to '{to_id}': a token waits there having \
                 arrived by flow '{via}', which does not enter '{to_id}' in '{}'",
                target.id
            )));
        }
    }
    // A waiting service job keeps the implementation it was created with; the target must
    // name the same one, or the host would run the old version's call for the new model.
    for job in state.jobs.values() {
        let JobKind::Service { handler, .. } = &job.kind else {
            continue;
        };
        let to_id = mapped(&job.node);
        let target_handler = target.process.node(&to_id).and_then(|n| match &n.kind {
            NodeKind::ServiceTask(data)
            | NodeKind::SendTask(data)
            | NodeKind::BusinessRuleTask(data) => service_task::handler(data),
            _ => None,
        });
        if target_handler.as_deref() != Some(handler.as_str()) {
            return Err(refused(format!(
                "active node '{}' cannot move to '{to_id}': its waiting service job runs \
                 '{handler}', the target runs {}",
                job.node,
                target_handler.map_or("nothing".into(), |h| format!("'{h}'"))
            )));
        }
    }
    for entry in &state.trail {
        if let Some(to) = mapping.get(&*entry.node) {
            nodes.insert(entry.node.to_string(), to.clone());
        }
    }
    Ok(nodes)
}

/// Why `from`'s waiting state would be wrong at `to`, if it would.
fn compatible(
    from: &FlowNode,
    to: &FlowNode,
    mapped: &dyn Fn(&str) -> String,
) -> Result<(), String> {
    let (from_element, to_element) = (from.kind.element_name(), to.kind.element_name());
    if from_element != to_element {
        return Err(format!(
            "it is a {from_element}, the target is a {to_element}"
        ));
    }
    if from.parent.as_deref().map(mapped) != to.parent {
        return Err(format!(
            "it is inside {}, the target inside {}",
            scope_name(from.parent.as_deref().map(mapped).as_deref()),
            scope_name(to.parent.as_deref())
        ));
    }
    if trigger(from) != trigger(to) {
        return Err(format!(
            "it waits for {}, the target for {}",
            trigger_name(trigger(from)),
            trigger_name(trigger(to))
        ));
    }
    if let (NodeKind::BoundaryEvent(a), NodeKind::BoundaryEvent(b)) = (&from.kind, &to.kind) {
        if mapped(&a.attached_to) != b.attached_to {
            return Err(format!(
                "it is attached to '{}' (moving to '{}'), the target to '{}'",
                a.attached_to,
                mapped(&a.attached_to),
                b.attached_to
            ));
        }
        if a.cancel_activity != b.cancel_activity {
            return Err("one interrupts its activity and the other does not".into());
        }
    }
    if multi_instance(from) != multi_instance(to) {
        return Err(format!(
            "it is {}, the target is {}",
            loop_name(multi_instance(from)),
            loop_name(multi_instance(to))
        ));
    }
    Ok(())
}

/// What a waiting node waits for, as far as its waiting state records it: the trigger kind,
/// and the message name (a subscription is kept under its name).
fn trigger(node: &FlowNode) -> Option<(String, Option<String>)> {
    let definition = match &node.kind {
        NodeKind::IntermediateCatchEvent(c) => c.trigger.as_ref(),
        NodeKind::BoundaryEvent(b) => b.trigger.as_ref(),
        NodeKind::ReceiveTask(r) => {
            return r
                .message_name
                .as_ref()
                .map(|m| ("message".to_string(), Some(m.clone())))
        }
        _ => None,
    }?;
    let name = match definition {
        EventDefinition::Message { message_name, .. } => message_name.clone(),
        EventDefinition::Signal { signal_name, .. } => signal_name.clone(),
        EventDefinition::Error { error_code, .. } => error_code.clone(),
        _ => None,
    };
    Some((definition.kind_name().to_string(), name))
}

fn trigger_name(trigger: Option<(String, Option<String>)>) -> String {
    match trigger {
        None => "nothing in particular".into(),
        Some((kind, None)) => format!("a {kind}"),
        Some((kind, Some(name))) => format!("{kind} '{name}'"),
    }
}

/// `None` without multi-instance; `Some(sequential)` with.
fn multi_instance(node: &FlowNode) -> Option<bool> {
    match &node.loop_characteristics {
        Some(LoopCharacteristics::MultiInstance(mi)) => Some(mi.is_sequential),
        _ => None,
    }
}

fn loop_name(mi: Option<bool>) -> &'static str {
    match mi {
        None => "not multi-instance",
        Some(true) => "sequential multi-instance",
        Some(false) => "parallel multi-instance",
    }
}

fn scope_name(parent: Option<&str>) -> String {
    parent.map_or("the process".into(), |p| format!("sub-process '{p}'"))
}

fn refused(reason: String) -> EngineError {
    EngineError::invalid("migrate", reason)
}

#[cfg(test)]
mod tests;
