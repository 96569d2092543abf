//! A process: its flow nodes and sequence flows as a resolved graph with nested scopes.

use rustc_hash::FxHashMap;

use super::event::StartEvent;
use super::node::{FlowNode, NodeKind};
use crate::extensions::Extensions;

/// A `<sequenceFlow>`.
#[derive(Debug, Clone, PartialEq)]
pub struct SequenceFlow {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Id of the node the flow leaves (`sourceRef`).
    pub source: String,
    /// Id of the node the flow enters (`targetRef`).
    pub target: String,
    /// Body of `<conditionExpression>` (CDATA included), trimmed.
    pub condition: Option<String>,
    /// `flowable:skipExpression`.
    pub skip_expression: Option<String>,
    /// Id of the enclosing sub-process; `None` at process level.
    pub parent: Option<String>,
    /// 1-based line of the start tag.
    pub line: u32,
    /// Raw vendor attributes and extension elements (e.g. take listeners).
    pub extensions: Extensions,
}

/// The direct contents of a process or sub-process.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    /// Id of the sub-process owning the scope; `None` for the process itself.
    pub id: Option<String>,
    /// Ids of the flow nodes directly in this scope, in document order.
    pub nodes: Vec<String>,
    /// Ids of the sequence flows directly in this scope, in document order.
    pub flows: Vec<String>,
    /// Ids of the start events directly in this scope.
    pub start_events: Vec<String>,
    /// Ids of the event sub-processes directly in this scope.
    pub event_sub_processes: Vec<String>,
}

/// A `<lane>` (flattened: nested lanes name their parent).
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Ids of the nodes in the lane (`flowNodeRef`).
    pub flow_node_refs: Vec<String>,
    /// Id of the lane containing this one, for `childLaneSet` lanes.
    pub parent_lane: Option<String>,
    /// 1-based source line.
    pub line: u32,
}

/// A `<process>` with its graph resolved; read-only once parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessDefinition {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) is_executable: bool,
    pub(crate) line: u32,
    pub(crate) documentation: Option<String>,
    pub(crate) version_tag: Option<String>,
    pub(crate) candidate_starter_users: Vec<String>,
    pub(crate) candidate_starter_groups: Vec<String>,
    pub(crate) nodes: Vec<FlowNode>,
    pub(crate) node_index: FxHashMap<String, usize>,
    pub(crate) flows: Vec<SequenceFlow>,
    pub(crate) flow_index: FxHashMap<String, usize>,
    pub(crate) root: Scope,
    pub(crate) lanes: Vec<Lane>,
    pub(crate) extensions: Extensions,
}

impl ProcessDefinition {
    /// Process id, used as the process key.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Display name.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// `isExecutable`; descriptive models leave it false or absent.
    pub fn is_executable(&self) -> bool {
        self.is_executable
    }

    /// 1-based line of the `<process>` start tag.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// `<documentation>` text.
    pub fn documentation(&self) -> Option<&str> {
        self.documentation.as_deref()
    }

    /// `camunda:versionTag`/`flowable:versionTag`.
    pub fn version_tag(&self) -> Option<&str> {
        self.version_tag.as_deref()
    }

    /// Users allowed to start the process (`candidateStarterUsers`).
    pub fn candidate_starter_users(&self) -> &[String] {
        &self.candidate_starter_users
    }

    /// Groups allowed to start the process (`candidateStarterGroups`).
    pub fn candidate_starter_groups(&self) -> &[String] {
        &self.candidate_starter_groups
    }

    /// Raw vendor attributes and extension elements of the `<process>`.
    pub fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// Lanes of all lane sets, flattened.
    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    /// Where the node with this id is in [`ProcessDefinition::nodes`] (for [`Self::node_at`]).
    pub fn node_position(&self, id: &str) -> Option<usize> {
        self.node_index.get(id).copied()
    }

    /// The node at `position` in [`ProcessDefinition::nodes`].
    pub fn node_at(&self, position: usize) -> Option<&FlowNode> {
        self.nodes.get(position)
    }

    /// Where the sequence flow with this id is in [`ProcessDefinition::flows`].
    pub fn flow_position(&self, id: &str) -> Option<usize> {
        self.flow_index.get(id).copied()
    }

    /// The sequence flow at `position` in [`ProcessDefinition::flows`].
    pub fn flow_at(&self, position: usize) -> Option<&SequenceFlow> {
        self.flows.get(position)
    }

    /// The node with this id, at any depth.
    pub fn node(&self, id: &str) -> Option<&FlowNode> {
        self.node_index.get(id).and_then(|&i| self.nodes.get(i))
    }

    /// The sequence flow with this id, at any depth.
    pub fn flow(&self, id: &str) -> Option<&SequenceFlow> {
        self.flow_index.get(id).and_then(|&i| self.flows.get(i))
    }

    /// All nodes at any depth, parents before their children.
    pub fn nodes(&self) -> impl Iterator<Item = &FlowNode> {
        self.nodes.iter()
    }

    /// All sequence flows at any depth.
    pub fn flows(&self) -> impl Iterator<Item = &SequenceFlow> {
        self.flows.iter()
    }

    /// The process-level scope.
    pub fn root_scope(&self) -> &Scope {
        &self.root
    }

    /// The scope with this owner: `None` for the process, `Some(id)` for a sub-process.
    pub fn scope(&self, owner: Option<&str>) -> Option<&Scope> {
        match owner {
            None => Some(&self.root),
            Some(id) => self.node(id)?.kind.sub_process().map(|s| &s.scope),
        }
    }

    /// Every scope: the process first, then each sub-process in document order.
    pub fn scopes(&self) -> impl Iterator<Item = &Scope> {
        std::iter::once(&self.root).chain(
            self.nodes
                .iter()
                .filter_map(|n| n.kind.sub_process().map(|s| &s.scope)),
        )
    }

    /// Flows leaving `node_id`, in document order.
    pub fn outgoing(&self, node_id: &str) -> impl Iterator<Item = &SequenceFlow> {
        self.connected(node_id, |n| &n.outgoing)
    }

    /// Flows entering `node_id`, in document order.
    pub fn incoming(&self, node_id: &str) -> impl Iterator<Item = &SequenceFlow> {
        self.connected(node_id, |n| &n.incoming)
    }

    fn connected<'a>(
        &'a self,
        node_id: &str,
        pick: fn(&FlowNode) -> &Vec<String>,
    ) -> impl Iterator<Item = &'a SequenceFlow> {
        self.node(node_id)
            .map(|n| pick(n).as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|id| self.flow(id))
    }

    /// Boundary events attached to `activity_id`, in document order.
    pub fn boundary_events(&self, activity_id: &str) -> impl Iterator<Item = &FlowNode> {
        self.node(activity_id)
            .map(|n| n.boundary_events.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|id| self.node(id))
    }

    /// Nodes directly inside the scope of `owner` (`None`: the process).
    pub fn children(&self, owner: Option<&str>) -> impl Iterator<Item = &FlowNode> {
        self.scope(owner)
            .map(|s| s.nodes.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|id| self.node(id))
    }

    /// Start events directly inside the scope of `owner`, with their data.
    pub fn start_events(
        &self,
        owner: Option<&str>,
    ) -> impl Iterator<Item = (&FlowNode, &StartEvent)> {
        self.scope(owner)
            .map(|s| s.start_events.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|id| self.node(id))
            .filter_map(|n| match &n.kind {
                NodeKind::StartEvent(start) => Some((n, start)),
                _ => None,
            })
    }

    /// The none start event of a scope: where a plain start or an embedded sub-process begins.
    pub fn none_start_event(&self, owner: Option<&str>) -> Option<&FlowNode> {
        self.start_events(owner)
            .find(|(_, start)| start.trigger.is_none())
            .map(|(node, _)| node)
    }

    /// Event sub-processes directly inside the scope of `owner`.
    pub fn event_sub_processes(&self, owner: Option<&str>) -> impl Iterator<Item = &FlowNode> {
        self.scope(owner)
            .map(|s| s.event_sub_processes.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|id| self.node(id))
    }

    /// The lane containing `node_id`, if the process has lanes.
    pub fn lane_of(&self, node_id: &str) -> Option<&Lane> {
        // Nested lanes repeat their nodes in the parent lane; the innermost lane is the answer.
        self.lanes
            .iter()
            .rev()
            .find(|l| l.flow_node_refs.iter().any(|r| r == node_id))
    }
}
