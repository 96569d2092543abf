//! Builds a `ProcessDefinition`: flow nodes and flows per scope, then the resolved graph.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::{activities, events};
use crate::error::ParseError;
use crate::extensions::{
    self, non_empty, parse_bool, split_list, vendor_attr, vendor_flag, vendor_text, BPMN_MODEL_NS,
};
use crate::model::{
    EventBasedGateway, FlowNode, Lane, NodeKind, ProcessDefinition, Scope, SequenceFlow,
    SubProcess, SubProcessKind,
};
use crate::xml_tree::Element;

/// Elements that become flow nodes; everything else in a process (data objects, annotations,
/// associations, ...) has no execution meaning and is skipped.
const FLOW_NODES: [&str; 26] = [
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
    "task",
    "userTask",
    "serviceTask",
    "sendTask",
    "businessRuleTask",
    "receiveTask",
    "manualTask",
    "scriptTask",
    "subProcess",
    "transaction",
    "adHocSubProcess",
    "callActivity",
    "exclusiveGateway",
    "inclusiveGateway",
    "parallelGateway",
    "eventBasedGateway",
    "complexGateway",
    // Parsed as unsupported so that validation can name them instead of missing them.
    "choreographyTask",
    "subChoreography",
    "callChoreography",
    "implicitThrowEvent",
];

/// Reads a `<process>` element.
pub(super) fn build_process(el: &Element) -> Result<ProcessDefinition, ParseError> {
    let id = required_id(el)?;
    let mut builder = Builder {
        process_id: id.clone(),
        nodes: Vec::new(),
        flows: Vec::new(),
        first_lines: HashMap::new(),
        lanes: Vec::new(),
        anonymous_flows: 0,
    };
    let root = builder.scope(el, None)?;
    let (nodes, node_index, flows, flow_index) = builder.resolve_graph();
    Ok(ProcessDefinition {
        id,
        name: non_empty(el.attr("name")),
        // Flowable and Activiti treat a missing isExecutable as true, and their files omit it.
        is_executable: el.attr("isExecutable").and_then(parse_bool).unwrap_or(true),
        line: el.line,
        documentation: documentation(el),
        version_tag: vendor_text(el, "versionTag"),
        candidate_starter_users: vendor_attr(el, "candidateStarterUsers")
            .map(split_list)
            .unwrap_or_default(),
        candidate_starter_groups: vendor_attr(el, "candidateStarterGroups")
            .map(split_list)
            .unwrap_or_default(),
        nodes,
        node_index,
        flows,
        flow_index,
        root,
        lanes: builder.lanes,
        extensions: extensions::collect(el),
    })
}

struct Builder {
    process_id: String,
    nodes: Vec<FlowNode>,
    flows: Vec<SequenceFlow>,
    first_lines: HashMap<String, u32>,
    lanes: Vec<Lane>,
    anonymous_flows: usize,
}

type Graph = (
    Vec<FlowNode>,
    FxHashMap<String, usize>,
    Vec<SequenceFlow>,
    FxHashMap<String, usize>,
);

impl Builder {
    /// Reads the direct contents of a process or sub-process element.
    fn scope(&mut self, container: &Element, owner: Option<&str>) -> Result<Scope, ParseError> {
        let mut scope = Scope {
            id: owner.map(str::to_string),
            ..Scope::default()
        };
        for child in &container.children {
            if child.ns.as_deref() != Some(BPMN_MODEL_NS) {
                continue;
            }
            match child.name.as_str() {
                "sequenceFlow" => {
                    let id = match non_empty(child.attr("id")) {
                        Some(id) => id,
                        None => self.anonymous_flow_id(),
                    };
                    let flow = sequence_flow(child, id, owner)?;
                    self.claim_id(&flow.id, child.line)?;
                    scope.flows.push(flow.id.clone());
                    self.flows.push(flow);
                }
                "laneSet" => self.lane_set(child, None),
                name => {
                    if let Some(entry) = self.flow_node(child, name, owner)? {
                        if entry.is_start {
                            scope.start_events.push(entry.id.clone());
                        }
                        if entry.is_event_sub_process {
                            scope.event_sub_processes.push(entry.id.clone());
                        }
                        scope.nodes.push(entry.id);
                    }
                }
            }
        }
        Ok(scope)
    }

    /// Reads one flow node (recursing into sub-processes); `None` for non-flow elements such
    /// as data objects, text annotations and associations, which execution ignores.
    fn flow_node(
        &mut self,
        el: &Element,
        name: &str,
        owner: Option<&str>,
    ) -> Result<Option<ScopeEntry>, ParseError> {
        if !FLOW_NODES.contains(&name) {
            return Ok(None);
        }
        let id = required_id(el)?;
        self.claim_id(&id, el.line)?;
        let kind = node_kind(el, &id)?;
        let node = FlowNode {
            name: non_empty(el.attr("name")),
            line: el.line,
            parent: owner.map(str::to_string),
            incoming: Vec::new(),
            outgoing: Vec::new(),
            default_flow: non_empty(el.attr("default")),
            boundary_events: Vec::new(),
            loop_characteristics: activities::loop_characteristics(el),
            async_before: vendor_flag(el, "async")
                .or_else(|| vendor_flag(el, "asyncBefore"))
                .unwrap_or(false),
            async_after: vendor_flag(el, "asyncAfter")
                .or_else(|| vendor_flag(el, "asyncLeave"))
                .unwrap_or(false),
            exclusive: vendor_flag(el, "exclusive").unwrap_or(true),
            is_for_compensation: el
                .attr("isForCompensation")
                .and_then(parse_bool)
                .unwrap_or(false),
            documentation: documentation(el),
            extensions: extensions::collect(el),
            kind,
            id: id.clone(),
        };
        let is_sub_process = node.kind.sub_process().is_some();
        let entry = ScopeEntry {
            id: id.clone(),
            is_start: matches!(node.kind, NodeKind::StartEvent(_)),
            is_event_sub_process: node.kind.is_event_sub_process(),
        };
        // Push before recursing so that `nodes()` lists parents before their children.
        let index = self.nodes.len();
        self.nodes.push(node);
        if is_sub_process {
            let inner = self.scope(el, Some(&id))?;
            if let Some(NodeKind::SubProcess(sub)) = self.nodes.get_mut(index).map(|n| &mut n.kind)
            {
                sub.scope = inner;
            }
        }
        Ok(Some(entry))
    }

    fn lane_set(&mut self, set: &Element, parent_lane: Option<&str>) {
        for lane in set.children_named(BPMN_MODEL_NS, "lane") {
            // A lane without id cannot be referenced and has no execution meaning.
            let Some(id) = non_empty(lane.attr("id")) else {
                continue;
            };
            self.lanes.push(Lane {
                id: id.clone(),
                name: non_empty(lane.attr("name")),
                flow_node_refs: lane
                    .children_named(BPMN_MODEL_NS, "flowNodeRef")
                    .filter_map(Element::trimmed_text)
                    .collect(),
                parent_lane: parent_lane.map(str::to_string),
                line: lane.line,
            });
            for child_set in lane.children_named(BPMN_MODEL_NS, "childLaneSet") {
                self.lane_set(child_set, Some(&id));
            }
        }
    }

    /// An id for a flow written without one; Flowable deploys such flows (its own tests have
    /// them). `@` cannot occur in an XML id, so the name never clashes with a real one.
    fn anonymous_flow_id(&mut self) -> String {
        self.anonymous_flows += 1;
        format!("sequenceFlow@{}", self.anonymous_flows)
    }

    fn claim_id(&mut self, id: &str, line: u32) -> Result<(), ParseError> {
        if let Some(&first_line) = self.first_lines.get(id) {
            return Err(ParseError::DuplicateId {
                line,
                id: id.to_string(),
                scope: format!("process '{}'", self.process_id),
                first_line,
            });
        }
        self.first_lines.insert(id.to_string(), line);
        Ok(())
    }

    /// Fills incoming/outgoing flows and attached boundary events from the flat lists.
    fn resolve_graph(&mut self) -> Graph {
        let mut nodes = std::mem::take(&mut self.nodes);
        let flows = std::mem::take(&mut self.flows);
        let node_index: FxHashMap<String, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        let flow_index: FxHashMap<String, usize> = flows
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        for flow in &flows {
            if let Some(source) = node_index.get(&flow.source).and_then(|&i| nodes.get_mut(i)) {
                source.outgoing.push(flow.id.clone());
            }
            if let Some(target) = node_index.get(&flow.target).and_then(|&i| nodes.get_mut(i)) {
                target.incoming.push(flow.id.clone());
            }
        }
        let attachments: Vec<(String, String)> = nodes
            .iter()
            .filter_map(|n| match &n.kind {
                NodeKind::BoundaryEvent(b) => Some((b.attached_to.clone(), n.id.clone())),
                _ => None,
            })
            .collect();
        for (activity, boundary) in attachments {
            if let Some(host) = node_index.get(&activity).and_then(|&i| nodes.get_mut(i)) {
                host.boundary_events.push(boundary);
            }
        }
        (nodes, node_index, flows, flow_index)
    }
}

/// What a scope records about a node it contains.
struct ScopeEntry {
    id: String,
    is_start: bool,
    is_event_sub_process: bool,
}

/// The kind-specific data of a flow node element.
fn node_kind(el: &Element, id: &str) -> Result<NodeKind, ParseError> {
    let sub_process = |kind| {
        NodeKind::SubProcess(SubProcess {
            kind,
            scope: Scope::default(),
        })
    };
    Ok(match el.name.as_str() {
        "startEvent" => NodeKind::StartEvent(events::start_event(el)),
        "endEvent" => NodeKind::EndEvent(events::end_event(el)),
        "intermediateCatchEvent" => NodeKind::IntermediateCatchEvent(events::catch_event(el)),
        "intermediateThrowEvent" => NodeKind::IntermediateThrowEvent(events::throw_event(el)),
        "boundaryEvent" => NodeKind::BoundaryEvent(events::boundary_event(el, id)?),
        "userTask" => NodeKind::UserTask(activities::user_task(el)),
        "serviceTask" => NodeKind::ServiceTask(activities::service_task(el)),
        "sendTask" => NodeKind::SendTask(activities::service_task(el)),
        "businessRuleTask" => NodeKind::BusinessRuleTask(activities::service_task(el)),
        "receiveTask" => NodeKind::ReceiveTask(activities::receive_task(el)),
        "manualTask" => NodeKind::ManualTask,
        "scriptTask" => NodeKind::ScriptTask(activities::script_task(el)),
        "subProcess" => {
            let triggered = el
                .attr("triggeredByEvent")
                .and_then(parse_bool)
                .unwrap_or(false);
            sub_process(if triggered {
                SubProcessKind::Event
            } else {
                SubProcessKind::Embedded
            })
        }
        "transaction" => sub_process(SubProcessKind::Transaction),
        "adHocSubProcess" => sub_process(SubProcessKind::AdHoc),
        "callActivity" => NodeKind::CallActivity(activities::call_activity(el, id)?),
        "exclusiveGateway" => NodeKind::ExclusiveGateway,
        "inclusiveGateway" => NodeKind::InclusiveGateway,
        "parallelGateway" => NodeKind::ParallelGateway,
        "eventBasedGateway" => NodeKind::EventBasedGateway(EventBasedGateway {
            instantiate: el.attr("instantiate").and_then(parse_bool).unwrap_or(false),
            parallel: el
                .attr("eventGatewayType")
                .is_some_and(|t| t.trim() == "Parallel"),
        }),
        "complexGateway" => NodeKind::ComplexGateway {
            activation_condition: el
                .child(BPMN_MODEL_NS, "activationCondition")
                .and_then(Element::trimmed_text),
        },
        "task" => NodeKind::Task,
        other => NodeKind::Unsupported {
            element: other.to_string(),
        },
    })
}

fn sequence_flow(
    el: &Element,
    id: String,
    owner: Option<&str>,
) -> Result<SequenceFlow, ParseError> {
    let endpoint = |attr: &str| {
        non_empty(el.attr(attr)).ok_or_else(|| ParseError::Invalid {
            line: el.line,
            element: "sequenceFlow".into(),
            id: id.clone(),
            message: format!("sequence flow has no {attr}"),
        })
    };
    Ok(SequenceFlow {
        source: endpoint("sourceRef")?,
        target: endpoint("targetRef")?,
        name: non_empty(el.attr("name")),
        condition: el
            .child(BPMN_MODEL_NS, "conditionExpression")
            .and_then(Element::trimmed_text),
        skip_expression: vendor_text(el, "skipExpression"),
        parent: owner.map(str::to_string),
        line: el.line,
        extensions: extensions::collect(el),
        id,
    })
}

/// The `id` attribute, which every process, flow node and flow must have.
pub(super) fn required_id(el: &Element) -> Result<String, ParseError> {
    non_empty(el.attr("id")).ok_or_else(|| ParseError::MissingId {
        line: el.line,
        element: el.name.clone(),
    })
}

/// Text of the `<documentation>` children, joined by blank lines.
pub(super) fn documentation(el: &Element) -> Option<String> {
    let parts: Vec<String> = el
        .children_named(BPMN_MODEL_NS, "documentation")
        .filter_map(Element::trimmed_text)
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
