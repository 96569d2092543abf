//! Events and their event definitions (the trigger or result of an event).

use crate::timer::Timer;

/// What triggers a catching event or what a throwing event produces.
///
/// `None` on an event (rather than a variant here) means a "none" event.
#[derive(Debug, Clone, PartialEq)]
pub enum EventDefinition {
    /// `<timerEventDefinition>`; `None` when it has no timeDuration/timeDate/timeCycle.
    Timer(Option<Timer>),
    /// `<messageEventDefinition>`.
    Message {
        /// `messageRef` as written.
        message_ref: Option<String>,
        /// Name of the referenced `<message>`, or the ref itself when no such message is
        /// declared (Flowable and Camunda treat an unresolved ref as the message name).
        message_name: Option<String>,
    },
    /// `<signalEventDefinition>`.
    Signal {
        /// `signalRef` as written.
        signal_ref: Option<String>,
        /// Name of the referenced `<signal>`, or the ref itself when undeclared.
        signal_name: Option<String>,
        /// The referenced `<signal>` has `flowable:scope="processInstance"`: a throw reaches
        /// only its own instance (the default, `global`, reaches every instance).
        instance_scope: bool,
    },
    /// `<errorEventDefinition>`.
    Error {
        /// `errorRef` as written; `None` on a catch means "catch any error".
        error_ref: Option<String>,
        /// `errorCode` of the referenced `<error>`, or the ref itself when undeclared.
        error_code: Option<String>,
    },
    /// `<conditionalEventDefinition>`.
    Conditional {
        /// Body of `<condition>`.
        condition: Option<String>,
        /// `camunda:variableName`/`flowable:variableName`: only re-evaluate on this variable.
        variable_name: Option<String>,
    },
    /// `<terminateEventDefinition>`.
    Terminate,
    /// An event definition the engine does not execute (escalation, compensation, link, cancel,
    /// or several definitions on one event); kept so validation can name it.
    Unsupported {
        /// Local name of the definition element, or `multiple` for several definitions.
        element: String,
    },
}

impl EventDefinition {
    /// Short name used in messages (`timer`, `message`, ...).
    pub fn kind_name(&self) -> &str {
        match self {
            EventDefinition::Timer(_) => "timer",
            EventDefinition::Message { .. } => "message",
            EventDefinition::Signal { .. } => "signal",
            EventDefinition::Error { .. } => "error",
            EventDefinition::Conditional { .. } => "conditional",
            EventDefinition::Terminate => "terminate",
            EventDefinition::Unsupported { element } => element,
        }
    }
}

/// `<startEvent>` data.
#[derive(Debug, Clone, PartialEq)]
pub struct StartEvent {
    /// Trigger; `None` for a none start event.
    pub trigger: Option<EventDefinition>,
    /// `isInterrupting` (only meaningful in event sub-processes; default true).
    pub interrupting: bool,
    /// Variable that receives the starting user's id (`flowable:initiator` and alike).
    pub initiator: Option<String>,
    /// Start form (`flowable:formKey` and alike).
    pub form_key: Option<String>,
}

/// `<endEvent>` data.
#[derive(Debug, Clone, PartialEq)]
pub struct EndEvent {
    /// Result; `None` for a none end event.
    pub result: Option<EventDefinition>,
}

/// `<intermediateCatchEvent>` data.
#[derive(Debug, Clone, PartialEq)]
pub struct CatchEvent {
    /// What the event waits for (a catch event without one is a model error).
    pub trigger: Option<EventDefinition>,
}

/// `<intermediateThrowEvent>` data.
#[derive(Debug, Clone, PartialEq)]
pub struct ThrowEvent {
    /// What is thrown; `None` for a none (milestone) event that just passes through.
    pub result: Option<EventDefinition>,
}

/// `<boundaryEvent>` data.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryEvent {
    /// Id of the activity the event is attached to (`attachedToRef`).
    pub attached_to: String,
    /// `cancelActivity`: whether firing interrupts the activity (default true).
    pub cancel_activity: bool,
    /// What the event waits for.
    pub trigger: Option<EventDefinition>,
}
