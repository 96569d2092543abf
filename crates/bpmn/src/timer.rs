//! Timer definitions: which kind of time expression a timer event carries.
//!
//! The expression text is kept as written (ISO 8601 or `${...}`); evaluating it needs
//! variables and a clock, which belong to the engine.

use crate::extensions::{vendor_text, BPMN_MODEL_NS};
use crate::xml_tree::Element;

/// How a timer's expression is interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerKind {
    /// `<timeDuration>`: fires once after a duration such as `PT5M`.
    Duration,
    /// `<timeDate>`: fires once at a point in time such as `2026-01-01T10:00:00Z`.
    Date,
    /// `<timeCycle>`: fires repeatedly, e.g. `R3/PT10H` or a cron expression.
    Cycle,
}

/// A timer event definition's time expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Timer {
    /// Which element the expression came from.
    pub kind: TimerKind,
    /// The expression text, trimmed.
    pub expression: String,
    /// `flowable:endDate` limiting a cycle, if given.
    pub end_date: Option<String>,
}

/// Reads a `<timerEventDefinition>`; `None` when it has no usable time expression.
pub(crate) fn parse_timer(definition: &Element) -> Option<Timer> {
    let end_date = vendor_text(definition, "endDate");
    [
        ("timeDuration", TimerKind::Duration),
        ("timeDate", TimerKind::Date),
        ("timeCycle", TimerKind::Cycle),
    ]
    .into_iter()
    .find_map(|(name, kind)| {
        definition
            .child(BPMN_MODEL_NS, name)
            .and_then(Element::trimmed_text)
            .map(|expression| Timer {
                kind,
                expression,
                end_date: end_date.clone(),
            })
    })
}
