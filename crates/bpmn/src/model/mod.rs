//! The immutable BPMN model produced by `parse()`.

mod activity;
mod event;
mod node;
mod process;

pub use activity::{
    CallActivity, FieldValue, FormProperty, LoopCharacteristics, MultiInstance, ReceiveTask,
    ScriptTask, ServiceTask, StandardLoop, SubProcess, SubProcessKind, UserTask, VariableMapping,
};
pub use event::{BoundaryEvent, CatchEvent, EndEvent, EventDefinition, StartEvent, ThrowEvent};
pub use node::{EventBasedGateway, FlowNode, NodeKind};
pub use process::{Lane, ProcessDefinition, Scope, SequenceFlow};

use crate::di::Diagram;

/// A parsed `<definitions>` document.
#[derive(Debug, Clone, PartialEq)]
pub struct Definitions {
    /// `id` attribute.
    pub id: Option<String>,
    /// `name` attribute.
    pub name: Option<String>,
    /// `targetNamespace` attribute.
    pub target_namespace: Option<String>,
    /// `exporter` attribute (the modeling tool).
    pub exporter: Option<String>,
    /// `exporterVersion` attribute.
    pub exporter_version: Option<String>,
    /// Processes in document order, executable or not.
    pub processes: Vec<ProcessDefinition>,
    /// Top-level `<message>` elements.
    pub messages: Vec<Message>,
    /// Top-level `<signal>` elements.
    pub signals: Vec<Signal>,
    /// Top-level `<error>` elements.
    pub errors: Vec<BpmnError>,
    /// Collaborations (pools and message flows).
    pub collaborations: Vec<Collaboration>,
    /// Diagram interchange (layout) data.
    pub diagrams: Vec<Diagram>,
}

impl Definitions {
    /// The process with this id.
    pub fn process(&self, id: &str) -> Option<&ProcessDefinition> {
        self.processes.iter().find(|p| p.id() == id)
    }

    /// Processes marked `isExecutable="true"`, the ones an engine may deploy.
    pub fn executable_processes(&self) -> impl Iterator<Item = &ProcessDefinition> {
        self.processes.iter().filter(|p| p.is_executable())
    }

    /// Whether the document has anything to execute; descriptive models often do not.
    pub fn has_executable_process(&self) -> bool {
        self.executable_processes().next().is_some()
    }

    /// The message with this id.
    pub fn message(&self, id: &str) -> Option<&Message> {
        self.messages.iter().find(|m| m.id == id)
    }

    /// The signal with this id.
    pub fn signal(&self, id: &str) -> Option<&Signal> {
        self.signals.iter().find(|s| s.id == id)
    }

    /// The error with this id.
    pub fn error(&self, id: &str) -> Option<&BpmnError> {
        self.errors.iter().find(|e| e.id == id)
    }
}

/// A `<message>` declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Id referenced by `messageRef`.
    pub id: String,
    /// Name used for correlation.
    pub name: Option<String>,
    /// 1-based source line.
    pub line: u32,
}

/// A `<signal>` declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    /// Id referenced by `signalRef`.
    pub id: String,
    /// Name used for broadcasting.
    pub name: Option<String>,
    /// `flowable:scope` (`global` or `processInstance`), if given.
    pub scope: Option<String>,
    /// 1-based source line.
    pub line: u32,
}

/// An `<error>` declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct BpmnError {
    /// Id referenced by `errorRef`.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Code matched between throwing and catching error events.
    pub error_code: Option<String>,
    /// 1-based source line.
    pub line: u32,
}

/// A `<collaboration>`: pools and the message flows between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Collaboration {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Pools.
    pub participants: Vec<Participant>,
    /// Message flows between pools.
    pub message_flows: Vec<MessageFlow>,
    /// 1-based source line.
    pub line: u32,
}

/// A `<participant>` (pool).
#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    /// Id.
    pub id: String,
    /// Name shown on the pool.
    pub name: Option<String>,
    /// The process this pool shows, if any (black-box pools have none).
    pub process_ref: Option<String>,
    /// 1-based source line.
    pub line: u32,
}

/// A `<messageFlow>` between pools or their elements.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageFlow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// `sourceRef`.
    pub source: Option<String>,
    /// `targetRef`.
    pub target: Option<String>,
    /// `messageRef`.
    pub message_ref: Option<String>,
    /// 1-based source line.
    pub line: u32,
}
