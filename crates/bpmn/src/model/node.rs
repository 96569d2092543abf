//! Flow nodes: the events, activities and gateways that sequence flows connect.

use super::activity::{
    CallActivity, LoopCharacteristics, ReceiveTask, ScriptTask, ServiceTask, SubProcess, UserTask,
};
use super::event::{BoundaryEvent, CatchEvent, EndEvent, StartEvent, ThrowEvent};
use crate::extensions::Extensions;

/// One flow node with its resolved connections.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowNode {
    /// Id, unique within the process.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// 1-based line of the start tag.
    pub line: u32,
    /// Id of the enclosing sub-process; `None` at process level.
    pub parent: Option<String>,
    /// Ids of sequence flows ending here, in document order of the flows.
    pub incoming: Vec<String>,
    /// Ids of sequence flows leaving here, in document order of the flows.
    pub outgoing: Vec<String>,
    /// `default` flow id (gateways and activities with conditional flows).
    pub default_flow: Option<String>,
    /// Ids of boundary events attached to this activity, in document order.
    pub boundary_events: Vec<String>,
    /// What kind of node, with its kind-specific data.
    pub kind: NodeKind,
    /// Multi-instance or standard loop, for activities.
    pub loop_characteristics: Option<LoopCharacteristics>,
    /// Run in a new transaction before the node (`flowable:async`, `camunda:asyncBefore`).
    pub async_before: bool,
    /// Commit after the node (`flowable:asyncLeave`, `camunda:asyncAfter`).
    pub async_after: bool,
    /// Async jobs of one instance must not run concurrently (`exclusive`, default true).
    pub exclusive: bool,
    /// `isForCompensation`: only reached through compensation, never through flow.
    pub is_for_compensation: bool,
    /// `<documentation>` text.
    pub documentation: Option<String>,
    /// Raw vendor attributes and extension elements.
    pub extensions: Extensions,
}

/// Node kind with per-kind data.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `<startEvent>`.
    StartEvent(StartEvent),
    /// `<endEvent>`.
    EndEvent(EndEvent),
    /// `<intermediateCatchEvent>`.
    IntermediateCatchEvent(CatchEvent),
    /// `<intermediateThrowEvent>`.
    IntermediateThrowEvent(ThrowEvent),
    /// `<boundaryEvent>`.
    BoundaryEvent(BoundaryEvent),
    /// `<task>`: abstract task that just passes through.
    Task,
    /// `<userTask>`.
    UserTask(UserTask),
    /// `<serviceTask>`.
    ServiceTask(ServiceTask),
    /// `<sendTask>`.
    SendTask(ServiceTask),
    /// `<businessRuleTask>`.
    BusinessRuleTask(ServiceTask),
    /// `<receiveTask>`.
    ReceiveTask(ReceiveTask),
    /// `<manualTask>`.
    ManualTask,
    /// `<scriptTask>`.
    ScriptTask(ScriptTask),
    /// `<subProcess>`, `<transaction>`, `<adHocSubProcess>`.
    SubProcess(SubProcess),
    /// `<callActivity>`.
    CallActivity(CallActivity),
    /// `<exclusiveGateway>`.
    ExclusiveGateway,
    /// `<inclusiveGateway>`.
    InclusiveGateway,
    /// `<parallelGateway>`.
    ParallelGateway,
    /// `<eventBasedGateway>`.
    EventBasedGateway(EventBasedGateway),
    /// `<complexGateway>`: parsed; executing it is the engine's decision.
    ComplexGateway {
        /// `<activationCondition>` body.
        activation_condition: Option<String>,
    },
    /// A flow element the engine cannot execute (choreography activities and alike).
    Unsupported {
        /// Local name of the element.
        element: String,
    },
}

/// `<eventBasedGateway>` data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventBasedGateway {
    /// `instantiate`: the gateway starts the process.
    pub instantiate: bool,
    /// `eventGatewayType="Parallel"` instead of the default exclusive.
    pub parallel: bool,
}

impl NodeKind {
    /// The BPMN element name this kind was parsed from.
    pub fn element_name(&self) -> &str {
        match self {
            NodeKind::StartEvent(_) => "startEvent",
            NodeKind::EndEvent(_) => "endEvent",
            NodeKind::IntermediateCatchEvent(_) => "intermediateCatchEvent",
            NodeKind::IntermediateThrowEvent(_) => "intermediateThrowEvent",
            NodeKind::BoundaryEvent(_) => "boundaryEvent",
            NodeKind::Task => "task",
            NodeKind::UserTask(_) => "userTask",
            NodeKind::ServiceTask(_) => "serviceTask",
            NodeKind::SendTask(_) => "sendTask",
            NodeKind::BusinessRuleTask(_) => "businessRuleTask",
            NodeKind::ReceiveTask(_) => "receiveTask",
            NodeKind::ManualTask => "manualTask",
            NodeKind::ScriptTask(_) => "scriptTask",
            NodeKind::SubProcess(sub) => match sub.kind {
                super::SubProcessKind::Transaction => "transaction",
                super::SubProcessKind::AdHoc => "adHocSubProcess",
                super::SubProcessKind::Embedded | super::SubProcessKind::Event => "subProcess",
            },
            NodeKind::CallActivity(_) => "callActivity",
            NodeKind::ExclusiveGateway => "exclusiveGateway",
            NodeKind::InclusiveGateway => "inclusiveGateway",
            NodeKind::ParallelGateway => "parallelGateway",
            NodeKind::EventBasedGateway(_) => "eventBasedGateway",
            NodeKind::ComplexGateway { .. } => "complexGateway",
            NodeKind::Unsupported { element } => element,
        }
    }

    /// Whether this is an activity (can carry boundary events and loop characteristics).
    pub fn is_activity(&self) -> bool {
        matches!(
            self,
            NodeKind::Task
                | NodeKind::UserTask(_)
                | NodeKind::ServiceTask(_)
                | NodeKind::SendTask(_)
                | NodeKind::BusinessRuleTask(_)
                | NodeKind::ReceiveTask(_)
                | NodeKind::ManualTask
                | NodeKind::ScriptTask(_)
                | NodeKind::SubProcess(_)
                | NodeKind::CallActivity(_)
        )
    }

    /// Whether this is a gateway.
    pub fn is_gateway(&self) -> bool {
        matches!(
            self,
            NodeKind::ExclusiveGateway
                | NodeKind::InclusiveGateway
                | NodeKind::ParallelGateway
                | NodeKind::EventBasedGateway(_)
                | NodeKind::ComplexGateway { .. }
        )
    }

    /// The nested scope, for sub-processes.
    pub fn sub_process(&self) -> Option<&SubProcess> {
        match self {
            NodeKind::SubProcess(sub) => Some(sub),
            _ => None,
        }
    }

    /// Whether this is an event sub-process (`triggeredByEvent="true"`).
    pub fn is_event_sub_process(&self) -> bool {
        matches!(self, NodeKind::SubProcess(sub) if sub.kind == super::SubProcessKind::Event)
    }
}
