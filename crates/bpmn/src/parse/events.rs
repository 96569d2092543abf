//! Maps event elements and their event definitions.

use crate::error::ParseError;
use crate::extensions::{non_empty, parse_bool, vendor_text, BPMN_MODEL_NS};
use crate::model::{BoundaryEvent, CatchEvent, EndEvent, EventDefinition, StartEvent, ThrowEvent};
use crate::timer::parse_timer;
use crate::xml_tree::Element;

/// The single event definition of an event element, if any.
///
/// Several definitions make a BPMN "multiple" event, which the engine does not execute.
pub(super) fn event_definition(el: &Element) -> Option<EventDefinition> {
    let mut definitions = el.children.iter().filter(|c| {
        c.ns.as_deref() == Some(BPMN_MODEL_NS)
            && (c.name.ends_with("EventDefinition") || c.name == "eventDefinitionRef")
    });
    let first = definitions.next()?;
    if definitions.next().is_some() {
        return Some(EventDefinition::Unsupported {
            element: "multiple".into(),
        });
    }
    Some(match first.name.as_str() {
        "timerEventDefinition" => EventDefinition::Timer(parse_timer(first)),
        "messageEventDefinition" => EventDefinition::Message {
            message_ref: non_empty(first.attr("messageRef")),
            message_name: None,
        },
        "signalEventDefinition" => EventDefinition::Signal {
            signal_ref: non_empty(first.attr("signalRef")),
            signal_name: None,
            instance_scope: false,
        },
        "errorEventDefinition" => EventDefinition::Error {
            error_ref: non_empty(first.attr("errorRef")),
            error_code: None,
        },
        "conditionalEventDefinition" => EventDefinition::Conditional {
            condition: first
                .child(BPMN_MODEL_NS, "condition")
                .and_then(Element::trimmed_text),
            variable_name: vendor_text(first, "variableName"),
        },
        "terminateEventDefinition" => EventDefinition::Terminate,
        other => EventDefinition::Unsupported {
            element: other.to_string(),
        },
    })
}

/// `<startEvent>` data.
pub(super) fn start_event(el: &Element) -> StartEvent {
    StartEvent {
        trigger: event_definition(el),
        interrupting: el
            .attr("isInterrupting")
            .and_then(parse_bool)
            .unwrap_or(true),
        initiator: vendor_text(el, "initiator"),
        form_key: vendor_text(el, "formKey"),
    }
}

/// `<endEvent>` data.
pub(super) fn end_event(el: &Element) -> EndEvent {
    EndEvent {
        result: event_definition(el),
    }
}

/// `<intermediateCatchEvent>` data.
pub(super) fn catch_event(el: &Element) -> CatchEvent {
    CatchEvent {
        trigger: event_definition(el),
    }
}

/// `<intermediateThrowEvent>` data.
pub(super) fn throw_event(el: &Element) -> ThrowEvent {
    ThrowEvent {
        result: event_definition(el),
    }
}

/// `<boundaryEvent>` data; an event attached to nothing cannot be modelled.
pub(super) fn boundary_event(el: &Element, id: &str) -> Result<BoundaryEvent, ParseError> {
    let attached_to = non_empty(el.attr("attachedToRef")).ok_or_else(|| ParseError::Invalid {
        line: el.line,
        element: el.name.clone(),
        id: id.to_string(),
        message: "boundary event has no attachedToRef".into(),
    })?;
    Ok(BoundaryEvent {
        attached_to,
        cancel_activity: el
            .attr("cancelActivity")
            .and_then(parse_bool)
            .unwrap_or(true),
        trigger: event_definition(el),
    })
}
