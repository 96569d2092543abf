//! Graph checks: flows, start events, reachability, gateways, boundary attachments.

use std::collections::HashSet;

use super::{error, ValidationError, ValidationKind};
use crate::model::{FlowNode, NodeKind, ProcessDefinition, SubProcessKind};

/// Flows must join existing nodes of their own scope and respect event direction.
pub(super) fn check_flows(process: &ProcessDefinition, errors: &mut Vec<ValidationError>) {
    for flow in process.flows() {
        for (role, node_id) in [("source", &flow.source), ("target", &flow.target)] {
            let Some(node) = process.node(node_id) else {
                errors.push(error(
                    ValidationKind::DanglingFlow,
                    &flow.id,
                    flow.line,
                    format!("sequence flow {role} '{node_id}' does not exist"),
                ));
                continue;
            };
            if node.parent != flow.parent {
                errors.push(error(
                    ValidationKind::CrossScope,
                    &flow.id,
                    flow.line,
                    format!(
                        "sequence flow {role} '{node_id}' is in {}, the flow is in {}",
                        scope_name(node.parent.as_deref()),
                        scope_name(flow.parent.as_deref())
                    ),
                ));
            }
        }
    }
    for node in process.nodes() {
        let problem = match &node.kind {
            NodeKind::StartEvent(_) if !node.incoming.is_empty() => {
                Some("a start event cannot have incoming sequence flows")
            }
            NodeKind::BoundaryEvent(_) if !node.incoming.is_empty() => {
                Some("a boundary event cannot have incoming sequence flows")
            }
            NodeKind::EndEvent(_) if !node.outgoing.is_empty() => {
                Some("an end event cannot have outgoing sequence flows")
            }
            NodeKind::SubProcess(sub)
                if sub.kind == SubProcessKind::Event
                    && (!node.incoming.is_empty() || !node.outgoing.is_empty()) =>
            {
                Some("an event sub-process cannot have sequence flows")
            }
            _ => None,
        };
        if let Some(problem) = problem {
            errors.push(error(
                ValidationKind::InvalidConnection,
                &node.id,
                node.line,
                problem.to_string(),
            ));
        }
    }
}

fn scope_name(owner: Option<&str>) -> String {
    match owner {
        None => "the process".to_string(),
        Some(id) => format!("sub-process '{id}'"),
    }
}

/// Every scope needs a way to begin: the process a start event (or an instantiating
/// event-based gateway), an embedded sub-process a none start, an event sub-process one
/// triggered start.
pub(super) fn check_start_events(process: &ProcessDefinition, errors: &mut Vec<ValidationError>) {
    let instantiating_gateway = process
        .children(None)
        .any(|n| matches!(&n.kind, NodeKind::EventBasedGateway(g) if g.instantiate));
    if process.root_scope().start_events.is_empty() && !instantiating_gateway {
        errors.push(error(
            ValidationKind::MissingStartEvent,
            process.id(),
            process.line(),
            "process has no start event".into(),
        ));
    }
    for node in process.nodes() {
        let Some(sub) = node.kind.sub_process() else {
            continue;
        };
        let starts: Vec<_> = process.start_events(Some(&node.id)).collect();
        let problem = match sub.kind {
            SubProcessKind::Embedded | SubProcessKind::Transaction
                if !starts.iter().any(|(_, s)| s.trigger.is_none()) =>
            {
                Some("sub-process has no none start event")
            }
            SubProcessKind::Event if starts.len() != 1 => {
                Some("event sub-process needs exactly one start event")
            }
            SubProcessKind::Event if starts.iter().any(|(_, s)| s.trigger.is_none()) => {
                Some("event sub-process start event needs a trigger (timer, message, ...)")
            }
            _ => None,
        };
        if let Some(problem) = problem {
            errors.push(error(
                ValidationKind::MissingStartEvent,
                &node.id,
                node.line,
                problem.to_string(),
            ));
        }
    }
}

/// Every node must be reachable from an entry point: a start event, a boundary event of a
/// reached activity, an event sub-process of a reached scope, or a compensation handler.
pub(super) fn check_reachability(process: &ProcessDefinition, errors: &mut Vec<ValidationError>) {
    let mut reached: HashSet<&str> = HashSet::new();
    let mut pending: Vec<&str> = entry_points(process, None);
    while let Some(id) = pending.pop() {
        if !reached.insert(id) {
            continue;
        }
        let Some(node) = process.node(id) else {
            continue;
        };
        pending.extend(process.outgoing(id).map(|f| f.target.as_str()));
        pending.extend(node.boundary_events.iter().map(String::as_str));
        if node.kind.sub_process().is_some() {
            pending.extend(entry_points(process, Some(id)));
        }
    }
    for node in process.nodes() {
        // Only report the outermost unreachable node, not everything inside it too.
        let parent_reached = node.parent.as_deref().is_none_or(|p| reached.contains(p));
        if parent_reached && !reached.contains(node.id.as_str()) {
            errors.push(error(
                ValidationKind::Unreachable,
                &node.id,
                node.line,
                format!(
                    "{} '{}' cannot be reached from any start event",
                    node.kind.element_name(),
                    node.id
                ),
            ));
        }
    }
}

fn entry_points<'a>(process: &'a ProcessDefinition, owner: Option<&str>) -> Vec<&'a str> {
    let Some(scope) = process.scope(owner) else {
        return Vec::new();
    };
    let mut entries: Vec<&str> = scope
        .start_events
        .iter()
        .chain(&scope.event_sub_processes)
        .map(String::as_str)
        .collect();
    let children: Vec<&FlowNode> = process.children(owner).collect();
    entries.extend(
        children
            .iter()
            .filter(|n| n.is_for_compensation)
            .map(|n| n.id.as_str()),
    );
    let instantiating =
        |n: &FlowNode| matches!(&n.kind, NodeKind::EventBasedGateway(g) if g.instantiate);
    if scope.start_events.is_empty() {
        // Without start events BPMN starts every node that has no incoming flow; such a
        // scope is already reported as missing a start event, so avoid cascading errors.
        entries.extend(
            children
                .iter()
                .filter(|n| n.incoming.is_empty() && !matches!(n.kind, NodeKind::BoundaryEvent(_)))
                .map(|n| n.id.as_str()),
        );
    } else {
        entries.extend(
            children
                .iter()
                .filter(|n| instantiating(n))
                .map(|n| n.id.as_str()),
        );
    }
    entries
}

/// Gateways need outgoing flows; `default` must name one of the node's outgoing flows;
/// event-based gateways may only lead to catching events and receive tasks.
pub(super) fn check_gateways_and_defaults(
    process: &ProcessDefinition,
    errors: &mut Vec<ValidationError>,
) {
    for node in process.nodes() {
        if node.kind.is_gateway() && node.outgoing.is_empty() {
            errors.push(error(
                ValidationKind::GatewayWithoutOutgoing,
                &node.id,
                node.line,
                format!("{} has no outgoing sequence flow", node.kind.element_name()),
            ));
        }
        if let Some(default) = &node.default_flow {
            if !node.outgoing.contains(default) {
                errors.push(error(
                    ValidationKind::DefaultFlowNotOutgoing,
                    &node.id,
                    node.line,
                    format!("default flow '{default}' is not an outgoing flow of this node"),
                ));
            }
        }
        if matches!(node.kind, NodeKind::EventBasedGateway(_)) {
            for flow in process.outgoing(&node.id) {
                let fits = process.node(&flow.target).is_some_and(|t| {
                    matches!(
                        t.kind,
                        NodeKind::IntermediateCatchEvent(_) | NodeKind::ReceiveTask(_)
                    )
                });
                if !fits {
                    errors.push(error(
                        ValidationKind::InvalidConnection,
                        &flow.id,
                        flow.line,
                        format!(
                            "event-based gateway '{}' may only lead to intermediate catch events or receive tasks",
                            node.id
                        ),
                    ));
                }
            }
        }
    }
}

/// Boundary events must sit on an existing activity of their own scope.
pub(super) fn check_boundary_events(
    process: &ProcessDefinition,
    errors: &mut Vec<ValidationError>,
) {
    for node in process.nodes() {
        let NodeKind::BoundaryEvent(boundary) = &node.kind else {
            continue;
        };
        let problem = match process.node(&boundary.attached_to) {
            None => Some(format!(
                "boundary event is attached to '{}', which does not exist",
                boundary.attached_to
            )),
            Some(host) if !host.kind.is_activity() => Some(format!(
                "boundary event is attached to {} '{}', which is not an activity",
                host.kind.element_name(),
                host.id
            )),
            Some(host) if host.parent != node.parent => Some(format!(
                "boundary event is in {} but its activity '{}' is in {}",
                scope_name(node.parent.as_deref()),
                host.id,
                scope_name(host.parent.as_deref())
            )),
            Some(_) => None,
        };
        if let Some(problem) = problem {
            errors.push(error(
                ValidationKind::InvalidAttachment,
                &node.id,
                node.line,
                problem,
            ));
        }
    }
}
