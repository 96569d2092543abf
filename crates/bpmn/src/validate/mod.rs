//! Deploy-time validation of a parsed process: problems that make a model unsafe to execute.
//!
//! Parsing accepts anything that can be modelled, so descriptive diagrams still load in a
//! viewer; these checks decide whether the engine may deploy the process.

mod elements;
mod graph;

use std::fmt;

use crate::model::{EventDefinition, LoopCharacteristics, NodeKind, ProcessDefinition};

/// Category of a validation problem, for callers that treat some differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValidationKind {
    /// The process id is blank or not usable as a process key.
    InvalidProcessId,
    /// A process or sub-process has no start event it could begin with.
    MissingStartEvent,
    /// A sequence flow names a source or target that does not exist.
    DanglingFlow,
    /// A sequence flow or boundary event crosses a sub-process boundary.
    CrossScope,
    /// A node cannot be reached from any start event, boundary event or event sub-process.
    Unreachable,
    /// A gateway has no outgoing sequence flow.
    GatewayWithoutOutgoing,
    /// A `default` flow is not an outgoing flow of its node.
    DefaultFlowNotOutgoing,
    /// A boundary event is attached to a missing node or to a non-activity.
    InvalidAttachment,
    /// Flow into a start event, out of an end event, or similar structural misuse.
    InvalidConnection,
    /// An element or event definition the engine does not execute.
    Unsupported,
    /// Required detail is missing (timer expression, message ref, called element, ...).
    MissingDetail,
    /// An expression did not pass the expression checker given to `validate_with`.
    InvalidExpression,
}

/// One deploy-time problem, located by element id and source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Category.
    pub kind: ValidationKind,
    /// Id of the offending element, when there is one.
    pub element_id: Option<String>,
    /// 1-based source line of the offending element.
    pub line: u32,
    /// Human-readable explanation.
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.element_id {
            Some(id) => write!(f, "line {}: '{}': {}", self.line, id, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

impl std::error::Error for ValidationError {}

/// Runs all structural checks; expressions are not checked (see `validate_with`).
pub fn validate(process: &ProcessDefinition) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    elements::check_process_id(process, &mut errors);
    graph::check_flows(process, &mut errors);
    graph::check_start_events(process, &mut errors);
    graph::check_reachability(process, &mut errors);
    graph::check_gateways_and_defaults(process, &mut errors);
    graph::check_boundary_events(process, &mut errors);
    elements::check_nodes(process, &mut errors);
    errors.sort_by_key(|e| e.line);
    errors
}

/// Runs `validate` and also checks every condition expression with `check_expression`.
///
/// Checked: sequence flow conditions, multi-instance completion conditions and conditional
/// event conditions. The expression language lives in another crate, hence the hook.
pub fn validate_with(
    process: &ProcessDefinition,
    check_expression: &dyn Fn(&str) -> Result<(), String>,
) -> Vec<ValidationError> {
    let mut errors = validate(process);
    let mut check = |id: &str, line: u32, what: &str, expression: &str| {
        if let Err(reason) = check_expression(expression) {
            errors.push(ValidationError {
                kind: ValidationKind::InvalidExpression,
                element_id: Some(id.to_string()),
                line,
                message: format!("{what} `{expression}` is invalid: {reason}"),
            });
        }
    };
    for flow in process.flows() {
        if let Some(condition) = &flow.condition {
            check(&flow.id, flow.line, "condition", condition);
        }
    }
    for node in process.nodes() {
        if let Some(LoopCharacteristics::MultiInstance(mi)) = &node.loop_characteristics {
            if let Some(condition) = &mi.completion_condition {
                check(&node.id, mi.line, "completion condition", condition);
            }
        }
        let trigger = match &node.kind {
            NodeKind::StartEvent(e) => e.trigger.as_ref(),
            NodeKind::IntermediateCatchEvent(e) => e.trigger.as_ref(),
            NodeKind::BoundaryEvent(e) => e.trigger.as_ref(),
            _ => None,
        };
        if let Some(EventDefinition::Conditional {
            condition: Some(condition),
            ..
        }) = trigger
        {
            check(&node.id, node.line, "event condition", condition);
        }
    }
    errors.sort_by_key(|e| e.line);
    errors
}

/// Builds an error about one element.
fn error(kind: ValidationKind, id: &str, line: u32, message: String) -> ValidationError {
    ValidationError {
        kind,
        element_id: Some(id.to_string()),
        line,
        message,
    }
}

#[cfg(test)]
mod tests;
