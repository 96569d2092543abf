//! Element checks: supported kinds, event definitions per event type, required details.

use super::{error, ValidationError, ValidationKind};
use crate::model::{
    EventDefinition, FlowNode, LoopCharacteristics, NodeKind, ProcessDefinition, SubProcessKind,
};

/// The process id becomes the process key, so it must be a plain XML name.
pub(super) fn check_process_id(process: &ProcessDefinition, errors: &mut Vec<ValidationError>) {
    let id = process.id();
    let mut chars = id.chars();
    let valid_start = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
    let valid_rest = chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !valid_start || !valid_rest {
        errors.push(ValidationError {
            kind: ValidationKind::InvalidProcessId,
            element_id: (!id.is_empty()).then(|| id.to_string()),
            line: process.line(),
            message: format!(
                "process id '{id}' is not a valid key (letters, digits, '_', '-', '.'; starting with a letter or '_')"
            ),
        });
    }
}

/// Per-node checks that do not need the graph.
pub(super) fn check_nodes(process: &ProcessDefinition, errors: &mut Vec<ValidationError>) {
    for node in process.nodes() {
        check_kind(process, node, errors);
        check_loop(node, errors);
    }
}

fn check_kind(process: &ProcessDefinition, node: &FlowNode, errors: &mut Vec<ValidationError>) {
    let unsupported = |what: String| {
        error(
            ValidationKind::Unsupported,
            &node.id,
            node.line,
            format!("{what} is not supported by the engine"),
        )
    };
    match &node.kind {
        NodeKind::Unsupported { element } => errors.push(unsupported(format!("<{element}>"))),
        NodeKind::ComplexGateway { .. } => errors.push(unsupported("<complexGateway>".into())),
        NodeKind::SubProcess(sub) if sub.kind == SubProcessKind::AdHoc => {
            errors.push(unsupported("<adHocSubProcess>".into()))
        }
        NodeKind::StartEvent(start) => {
            let in_event_sub_process = node
                .parent
                .as_deref()
                .and_then(|p| process.node(p))
                .is_some_and(|p| p.kind.is_event_sub_process());
            let allowed: &[&str] = if in_event_sub_process {
                &["timer", "message", "signal", "error", "conditional"]
            } else {
                &["timer", "message", "signal", "conditional"]
            };
            check_definition(
                node,
                "start event",
                start.trigger.as_ref(),
                allowed,
                false,
                errors,
            );
        }
        NodeKind::EndEvent(end) => check_definition(
            node,
            "end event",
            end.result.as_ref(),
            &["terminate", "error", "message", "signal"],
            false,
            errors,
        ),
        NodeKind::IntermediateCatchEvent(catch) => check_definition(
            node,
            "intermediate catch event",
            catch.trigger.as_ref(),
            &["timer", "message", "signal", "conditional"],
            true,
            errors,
        ),
        NodeKind::IntermediateThrowEvent(throw) => check_definition(
            node,
            "intermediate throw event",
            throw.result.as_ref(),
            &["message", "signal"],
            false,
            errors,
        ),
        NodeKind::BoundaryEvent(boundary) => check_definition(
            node,
            "boundary event",
            boundary.trigger.as_ref(),
            &["timer", "error", "message", "signal", "conditional"],
            true,
            errors,
        ),
        NodeKind::CallActivity(call) if call.called_element.is_none() => errors.push(error(
            ValidationKind::MissingDetail,
            &node.id,
            node.line,
            "call activity has no calledElement".into(),
        )),
        _ => {}
    }
}

/// Checks that an event's definition is one the engine runs for this event type and that
/// it carries the detail execution needs.
fn check_definition(
    node: &FlowNode,
    event: &str,
    definition: Option<&EventDefinition>,
    allowed: &[&str],
    required: bool,
    errors: &mut Vec<ValidationError>,
) {
    let Some(definition) = definition else {
        if required {
            errors.push(error(
                ValidationKind::MissingDetail,
                &node.id,
                node.line,
                format!("{event} has no event definition"),
            ));
        }
        return;
    };
    let kind = definition.kind_name();
    if !allowed.contains(&kind) {
        errors.push(error(
            ValidationKind::Unsupported,
            &node.id,
            node.line,
            format!("{kind} {event} is not supported by the engine"),
        ));
        return;
    }
    let missing = match definition {
        EventDefinition::Timer(None) => Some("timer has no timeDuration, timeDate or timeCycle"),
        EventDefinition::Message {
            message_ref: None, ..
        } if event != "end event" && event != "intermediate throw event" => {
            Some("message event has no messageRef")
        }
        EventDefinition::Signal {
            signal_ref: None, ..
        } => Some("signal event has no signalRef"),
        EventDefinition::Conditional {
            condition: None, ..
        } => Some("conditional event has no condition"),
        _ => None,
    };
    if let Some(missing) = missing {
        errors.push(error(
            ValidationKind::MissingDetail,
            &node.id,
            node.line,
            missing.to_string(),
        ));
    }
}

fn check_loop(node: &FlowNode, errors: &mut Vec<ValidationError>) {
    match &node.loop_characteristics {
        Some(LoopCharacteristics::Standard(standard)) => errors.push(error(
            ValidationKind::Unsupported,
            &node.id,
            standard.line,
            "standard loop characteristics are not supported by the engine; use multi-instance"
                .into(),
        )),
        Some(LoopCharacteristics::MultiInstance(mi))
            if mi.loop_cardinality.is_none() && mi.collection.is_none() =>
        {
            errors.push(error(
                ValidationKind::MissingDetail,
                &node.id,
                mi.line,
                "multi-instance needs loopCardinality or a collection".into(),
            ))
        }
        _ => {}
    }
}
