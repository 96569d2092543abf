//! Applies events to instance state: the single place where runtime state changes.
//!
//! Applying is total: an event naming something that no longer exists changes nothing, so a
//! history can always be replayed.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::event::{Event, EventKind};
use crate::instance::{Delegation, Execution, InstanceStatus, Job, ProcessInstance, TrailEntry};

/// Applies one event to `state`.
pub fn apply(state: &mut ProcessInstance, event: &Event) {
    match &event.kind {
        EventKind::InstanceStarted(start) => {
            state.definition_id = start.definition_id.clone();
            state.process_key = start.process_key.clone();
            state.business_key = start.business_key.clone();
            state.started_by = start.started_by.clone();
            state.started_at = event.at;
            state.parent = start.parent.clone();
            state.status = InstanceStatus::Running;
        }
        EventKind::ExecutionCreated {
            execution,
            parent,
            node,
            multi_instance,
            is_instance,
        } => {
            state.sequence += 1;
            state.executions.insert(
                *execution,
                Execution {
                    id: *execution,
                    parent: *parent,
                    node: node.clone(),
                    arrived_via: None,
                    wait: None,
                    variables: Default::default(),
                    multi_instance: multi_instance.as_deref().cloned(),
                    is_instance: *is_instance,
                },
            );
        }
        EventKind::ActivityStarted {
            execution,
            node,
            via,
            ..
        } => {
            if let Some(e) = state.executions.get_mut(execution) {
                e.node = Some(node.clone());
                e.arrived_via = via.clone();
                e.wait = None;
            }
        }
        EventKind::ActivityEnded {
            node,
            element,
            completed,
            ..
        } => {
            if *completed {
                state.trail.push(TrailEntry {
                    node: node.clone(),
                    completed_by: (&**element == "userTask")
                        .then(|| event.actor.clone())
                        .flatten(),
                    at: event.at,
                });
            }
        }
        EventKind::FlowTaken { .. } => {}
        EventKind::WaitStarted { execution, wait } => {
            if let Some(e) = state.executions.get_mut(execution) {
                e.wait = Some(wait.clone());
            }
        }
        EventKind::WaitEnded { execution } => {
            if let Some(e) = state.executions.get_mut(execution) {
                e.wait = None;
            }
        }
        EventKind::ExecutionRemoved { execution } => {
            state.executions.remove(execution);
            release_if_empty(&mut state.executions);
        }
        EventKind::MultiInstanceUpdated {
            execution,
            items,
            next,
        } => {
            if let Some(body) = state
                .executions
                .get_mut(execution)
                .and_then(|e| e.multi_instance.as_mut())
            {
                body.items = items.clone();
                body.next = *next;
            }
        }
        EventKind::VariableSet {
            execution,
            name,
            value,
        } => match execution {
            None => {
                state.variables.insert(name.clone(), value.clone());
            }
            Some(id) => {
                if let Some(e) = state.executions.get_mut(id) {
                    e.variables.insert(name.clone(), value.clone());
                }
            }
        },
        EventKind::TaskCreated { task } => {
            state.sequence += 1;
            state.tasks.insert(task.id.clone(), Arc::clone(task));
        }
        EventKind::TaskClaimed { task_id, user } => {
            if let Some(t) = state.tasks.get_mut(task_id).map(Arc::make_mut) {
                t.assignee = Some(user.clone());
                t.touched = true;
            }
        }
        EventKind::TaskUnclaimed { task_id } => {
            if let Some(t) = state.tasks.get_mut(task_id).map(Arc::make_mut) {
                t.assignee = None;
                t.touched = true;
            }
        }
        EventKind::TaskDelegated { task_id, owner, to } => {
            if let Some(t) = state.tasks.get_mut(task_id).map(Arc::make_mut) {
                t.owner = Some(owner.clone());
                t.assignee = Some(to.clone());
                t.delegation = Some(Delegation::Pending);
                t.touched = true;
            }
        }
        EventKind::TaskResolved { task_id, owner } => {
            if let Some(t) = state.tasks.get_mut(task_id).map(Arc::make_mut) {
                t.assignee = Some(owner.clone());
                t.delegation = Some(Delegation::Resolved);
            }
        }
        EventKind::TaskTransferred { task_id, to, .. } => {
            if let Some(t) = state.tasks.get_mut(task_id).map(Arc::make_mut) {
                t.assignee = Some(to.clone());
                t.touched = true;
            }
        }
        EventKind::TaskAssigned {
            task_id,
            assignee,
            candidate_users,
        } => {
            if let Some(t) = state.tasks.get_mut(task_id).map(Arc::make_mut) {
                t.assignee = assignee.clone();
                t.candidate_users = candidate_users.clone();
                t.unassignable = t.assignee.is_none()
                    && t.candidate_users.is_empty()
                    && t.candidate_groups.is_empty();
            }
        }
        EventKind::TaskCompleted { task_id, .. } | EventKind::TaskCanceled { task_id, .. } => {
            state.tasks.remove(task_id);
            release_if_empty(&mut state.tasks);
        }
        EventKind::CommentAdded { .. } | EventKind::CarbonCopied { .. } => {}
        EventKind::JobCreated { job } => {
            state.sequence += 1;
            state.jobs.insert(job.id.clone(), Job::clone(job));
        }
        EventKind::JobRemoved { job_id } => {
            state.jobs.remove(job_id);
            release_if_empty(&mut state.jobs);
        }
        EventKind::JobFailed {
            job_id,
            retries,
            message,
            due,
        } => {
            if let Some(job) = state.jobs.get_mut(job_id) {
                job.retries = *retries;
                job.last_error = Some(message.clone());
                job.due = *due;
            }
        }
        EventKind::JobRetried {
            job_id,
            retries,
            due,
        } => {
            if let Some(job) = state.jobs.get_mut(job_id) {
                job.retries = *retries;
                job.due = *due;
            }
        }
        EventKind::SubscriptionCreated { subscription } => {
            state.sequence += 1;
            state.subscriptions.push(subscription.clone());
        }
        EventKind::SubscriptionRemoved { id } => {
            state.subscriptions.retain(|s| s.id != *id);
        }
        EventKind::ChildInstanceRequested(_) | EventKind::Warning { .. } => {}
        EventKind::InstanceMigrated {
            to_definition_id,
            nodes,
            ..
        } => crate::command::migrate::rename(state, to_definition_id, nodes),
        EventKind::InstanceSuspended => state.status = InstanceStatus::Suspended,
        EventKind::InstanceActivated => state.status = InstanceStatus::Running,
        EventKind::InstanceEnded { status, .. } => {
            state.status = *status;
            state.ended_at = Some(event.at);
        }
    }
}

/// A `BTreeMap` keeps its (last, emptied) node after its last entry is removed: about 3 KB for
/// the tasks and 2 KB for the executions of every ended instance a store keeps. An empty map
/// owns no node, so one that became empty is replaced by a new one.
fn release_if_empty<K, V>(map: &mut BTreeMap<K, V>) {
    if map.is_empty() {
        *map = BTreeMap::new();
    }
}

/// Rebuilds an instance from its history.
pub fn replay(id: &str, events: &[Event]) -> ProcessInstance {
    let mut state = ProcessInstance::blank(id);
    for event in events {
        apply(&mut state, event);
    }
    state
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::event::Event;
    use crate::instance::ProcessInstance;
    use crate::scenario::{seq, Scenario};

    #[test]
    fn state_and_history_survive_json_for_a_store() {
        let body = [
            r#"<startEvent id="s"/><parallelGateway id="fork"/>
               <userTask id="t" flowable:assignee="${who}"><multiInstanceLoopCharacteristics flowable:collection="people" flowable:elementVariable="who"/></userTask>
               <serviceTask id="svc" flowable:type="http"/>
               <intermediateCatchEvent id="wait"><timerEventDefinition><timeCycle>R2/PT1M</timeCycle></timerEventDefinition></intermediateCatchEvent>
               <receiveTask id="rcv" messageRef="m1"/>"#
                .to_string(),
            seq("f0", "s", "fork"),
            seq("f1", "fork", "t"),
            seq("f2", "fork", "svc"),
            seq("f3", "fork", "wait"),
            seq("f4", "fork", "rcv"),
        ]
        .concat();
        let s = Scenario::start(&body, json!({"people": ["a", "b"], "n": 1.5}));
        let text = serde_json::to_string(&s.state).expect("state serializes");
        let back: ProcessInstance = serde_json::from_str(&text).expect("state deserializes");
        assert_eq!(back, s.state);
        let text = serde_json::to_string(&s.events).expect("events serialize");
        let back: Vec<Event> = serde_json::from_str(&text).expect("events deserialize");
        assert_eq!(back, s.events);
        assert_eq!(super::replay("pi", &back), s.state);
    }
}
