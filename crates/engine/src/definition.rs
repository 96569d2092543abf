//! A deployed process definition: the parsed graph, its version, and its expressions parsed once.
//!
//! Deployment refuses what the engine does not execute, so a running instance never meets an
//! element it cannot handle.

use std::borrow::Cow;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use woc_bpmn::{
    EventDefinition, FlowNode, LoopCharacteristics, NodeKind, ProcessDefinition, SequenceFlow,
    TimerKind, ValidationError, VariableMapping,
};

use crate::error::EngineError;
use crate::expr::{self, ExprError, Expression};
use crate::instance::SubscriptionKind;
use crate::iso8601::{parse_date_time, Cycle, Duration};

/// A process definition ready to run.
#[derive(Debug)]
pub struct Definition {
    /// Deployed definition id (e.g. `leave:3`).
    pub id: String,
    /// Process key (the `<process id>`).
    pub key: String,
    /// Version within the key, from 1.
    pub version: u32,
    /// The graph (not to be changed once deployed: the shared names index its nodes and flows
    /// by position).
    pub process: ProcessDefinition,
    /// Modelled details this engine accepts but does not run (listeners, scripts, Camunda
    /// input/output mappings), one line each, so an importer can show them, not hide them.
    pub notices: Vec<String>,
    expressions: HashMap<String, Expression>,
    names: Names,
}

/// One shared allocation per node id, element name and flow id of the definition: events and
/// instance state point at these (`Arc<str>`) instead of copying the string into each of the
/// ~20 events of a lifecycle.
///
/// They are also the fastest keys: an id the engine got from here is found by where its bytes
/// are (address and length, hashed as two numbers) before its text is hashed and compared.
/// That address belongs to an `Arc` this struct holds, so no other string can have it while
/// the definition lives; any other string (a state read from JSON, a model string) takes the
/// ordinary lookup by text and gets the same answer.
#[derive(Debug, Default)]
struct Names {
    /// By node position in the process: (shared id, shared BPMN element name).
    nodes: Vec<(Arc<str>, Arc<str>)>,
    /// By flow position: shared flow id.
    flows: Vec<Arc<str>>,
    /// By node position: positions of its outgoing flows, in document order.
    outgoing: Vec<Box<[usize]>>,
    /// By flow position: its target's shared id.
    targets: Vec<Option<Arc<str>>>,
    node_places: HashMap<Place, usize>,
    flow_places: HashMap<Place, usize>,
}

/// Address and length of a string.
type Place = (usize, usize);

fn place(text: &str) -> Place {
    (text.as_ptr() as usize, text.len())
}

impl Names {
    fn of(process: &ProcessDefinition) -> Names {
        let mut elements: HashMap<&str, Arc<str>> = HashMap::default();
        let nodes: Vec<(Arc<str>, Arc<str>)> = process
            .nodes()
            .map(|n| {
                let name = n.kind.element_name();
                let element = elements.entry(name).or_insert_with(|| name.into()).clone();
                (Arc::from(n.id.as_str()), element)
            })
            .collect();
        let flows: Vec<Arc<str>> = process.flows().map(|f| Arc::from(f.id.as_str())).collect();
        let outgoing = process
            .nodes()
            .map(|n| {
                n.outgoing
                    .iter()
                    .filter_map(|id| process.flow_position(id))
                    .collect()
            })
            .collect();
        let targets = process
            .flows()
            .map(|f| Some(nodes.get(process.node_position(&f.target)?)?.0.clone()))
            .collect();
        Names {
            outgoing,
            targets,
            node_places: nodes
                .iter()
                .enumerate()
                .map(|(i, (id, _))| (place(id), i))
                .collect(),
            flow_places: flows
                .iter()
                .enumerate()
                .map(|(i, id)| (place(id), i))
                .collect(),
            nodes,
            flows,
        }
    }
}

/// A clone gets names of its own: the places must be of strings that the clone holds.
impl Clone for Definition {
    fn clone(&self) -> Self {
        let process = self.process.clone();
        Definition {
            names: Names::of(&process),
            id: self.id.clone(),
            key: self.key.clone(),
            version: self.version,
            notices: self.notices.clone(),
            process,
            expressions: self.expressions.clone(),
        }
    }
}

impl Definition {
    /// Checks `process` and prepares it to run as `key:version`.
    pub fn deploy(process: ProcessDefinition, version: u32) -> Result<Definition, EngineError> {
        let mut problems: Vec<String> = woc_bpmn::validate_with(&process, &expr::check)
            .iter()
            .map(ValidationError::to_string)
            .collect();
        problems.extend(unsupported(&process));
        problems.extend(expression_problems(&process));
        if !process.is_executable() {
            problems.push(format!(
                "process '{}' is not marked isExecutable",
                process.id()
            ));
        }
        if !problems.is_empty() {
            return Err(EngineError::Deployment { problems });
        }
        let mut expressions = HashMap::default();
        for (_, _, text, _) in model_expressions(&process) {
            if let Ok(parsed) = Expression::parse(&text) {
                expressions.insert(text, parsed);
            }
        }
        let key = process.id().to_string();
        Ok(Definition {
            names: Names::of(&process),
            id: format!("{key}:{version}"),
            key,
            version,
            notices: notices(&process),
            process,
            expressions,
        })
    }

    /// The parsed expression for `text` (parsed at deployment, and then borrowed rather than
    /// cloned per evaluation; parsed now if it was not).
    pub(crate) fn expression(&self, text: &str) -> Result<Cow<'_, Expression>, ExprError> {
        match self.expressions.get(text) {
            Some(e) => Ok(Cow::Borrowed(e)),
            None => Expression::parse(text).map(Cow::Owned),
        }
    }

    /// The process-level message and signal start events: (kind, message or signal name,
    /// start event id). A store keeps them to find what a message or signal starts.
    pub fn event_starts(&self) -> Vec<(SubscriptionKind, String, &str)> {
        self.process
            .start_events(None)
            .filter_map(|(node, start)| {
                let (kind, name) =
                    crate::behavior::subscription::of(start.trigger.as_ref()?, &node.id)?;
                (kind != SubscriptionKind::Conditional).then_some((kind, name, node.id.as_str()))
            })
            .collect()
    }

    /// Position of node `id` in the process: by place for an id handed out here, else by text.
    fn node_position(&self, id: &str) -> Option<usize> {
        match self.names.node_places.get(&place(id)) {
            Some(&position) => Some(position),
            None => self.process.node_position(id),
        }
    }

    /// Position of sequence flow `id` in the process, as `node_position`.
    fn flow_position(&self, id: &str) -> Option<usize> {
        match self.names.flow_places.get(&place(id)) {
            Some(&position) => Some(position),
            None => self.process.flow_position(id),
        }
    }

    /// The shared id of node `id` (a fresh one for an id the model does not have, e.g. from
    /// an instance migrated away from this definition).
    pub(crate) fn node_id(&self, id: &str) -> Arc<str> {
        match self.node_position(id).and_then(|p| self.names.nodes.get(p)) {
            Some((shared, _)) => shared.clone(),
            None => id.into(),
        }
    }

    /// The shared BPMN element name of node `id` (empty for an unknown node).
    pub(crate) fn element_name(&self, id: &str) -> Arc<str> {
        match self.node_position(id).and_then(|p| self.names.nodes.get(p)) {
            Some((_, element)) => element.clone(),
            None => "".into(),
        }
    }

    /// The shared id of sequence flow `id`.
    pub(crate) fn flow_id(&self, id: &str) -> Arc<str> {
        match self.flow_position(id).and_then(|p| self.names.flows.get(p)) {
            Some(shared) => shared.clone(),
            None => id.into(),
        }
    }

    /// Position of a node of this definition's process, from where it is in memory (no
    /// lookup: the nodes are one slice, and the answer is checked to be that very node).
    fn position_of(&self, node: &FlowNode) -> Option<usize> {
        let first = self.process.node_at(0)? as *const FlowNode as usize;
        let offset = (node as *const FlowNode as usize).checked_sub(first)?;
        let position = offset / std::mem::size_of::<FlowNode>();
        self.process
            .node_at(position)
            .filter(|n| std::ptr::eq(*n, node))
            .map(|_| position)
            .or_else(|| self.process.node_position(&node.id))
    }

    /// The flows leaving `node`, in document order, each with its shared id (no lookup by
    /// text).
    pub(crate) fn outgoing(
        &self,
        node: &FlowNode,
    ) -> impl Iterator<Item = (&Arc<str>, &SequenceFlow)> {
        self.position_of(node)
            .and_then(|p| self.names.outgoing.get(p))
            .map(|flows| &flows[..])
            .unwrap_or_default()
            .iter()
            .filter_map(|&p| Some((self.names.flows.get(p)?, self.process.flow_at(p)?)))
    }

    /// The shared id of the node sequence flow `id` leads to.
    pub(crate) fn target_of(&self, id: &str) -> Option<Arc<str>> {
        let position = self.flow_position(id)?;
        match self.names.targets.get(position) {
            Some(Some(target)) => Some(target.clone()),
            _ => Some(self.process.flow_at(position)?.target.as_str().into()),
        }
    }

    /// The node with this id, or a model error.
    pub(crate) fn node(&self, id: &str) -> Result<&FlowNode, EngineError> {
        self.node_position(id)
            .and_then(|p| self.process.node_at(p))
            .ok_or_else(|| EngineError::model(id, "no such node in the definition"))
    }
}

/// Elements that parse and validate but that this engine does not execute.
fn unsupported(process: &ProcessDefinition) -> Vec<String> {
    let mut problems = Vec::new();
    let refusal = |node: &FlowNode, what: &str| {
        format!(
            "line {}: '{}': {what} is not supported by the engine",
            node.line, node.id
        )
    };
    for node in process.nodes() {
        let trigger = match &node.kind {
            NodeKind::StartEvent(s) => s.trigger.as_ref(),
            NodeKind::IntermediateCatchEvent(c) => c.trigger.as_ref(),
            NodeKind::BoundaryEvent(b) => b.trigger.as_ref(),
            NodeKind::EndEvent(e) => e.result.as_ref(),
            NodeKind::IntermediateThrowEvent(t) => t.result.as_ref(),
            _ => None,
        };
        let in_event_sub_process = node
            .parent
            .as_deref()
            .and_then(|p| process.node(p))
            .is_some_and(|p| p.kind.is_event_sub_process());
        match trigger {
            // A conditional start would need the host to evaluate every definition on every
            // variable change of every instance (Camunda's `evaluateConditions` API).
            Some(EventDefinition::Conditional { .. })
                if matches!(node.kind, NodeKind::StartEvent(_)) && !in_event_sub_process =>
            {
                problems.push(refusal(node, "a conditional start event of a process"))
            }
            Some(EventDefinition::Error { .. })
                if matches!(node.kind, NodeKind::StartEvent(_)) && !in_event_sub_process =>
            {
                problems.push(refusal(
                    node,
                    "an error start event outside an event sub-process",
                ))
            }
            Some(EventDefinition::Timer(Some(timer))) => {
                let text = timer.expression.as_str();
                let literal = !text.contains("${") && !text.contains("#{");
                let valid = match timer.kind {
                    TimerKind::Duration => Duration::parse(text).map(|_| ()),
                    TimerKind::Date => parse_date_time(text).map(|_| ()),
                    TimerKind::Cycle => Cycle::parse(text).map(|_| ()),
                };
                if let (true, Err(e)) = (literal, valid) {
                    problems.push(format!("line {}: '{}': {e}", node.line, node.id));
                }
            }
            _ => {}
        }
        match &node.kind {
            NodeKind::SubProcess(_)
                if node.kind.is_event_sub_process()
                    && process.start_events(Some(&node.id)).count() != 1 =>
            {
                problems.push(refusal(
                    node,
                    "an event sub-process without exactly one start event",
                ))
            }
            NodeKind::EventBasedGateway(g) if g.instantiate || g.parallel => problems.push(
                refusal(node, "an instantiating or parallel event-based gateway"),
            ),
            NodeKind::EventBasedGateway(_) => {
                for flow in process.outgoing(&node.id) {
                    let waits = process.node(&flow.target).is_some_and(|t| match &t.kind {
                        NodeKind::ReceiveTask(_) => true,
                        NodeKind::IntermediateCatchEvent(c) => matches!(
                            c.trigger,
                            Some(
                                EventDefinition::Timer(_)
                                    | EventDefinition::Message { .. }
                                    | EventDefinition::Signal { .. }
                                    | EventDefinition::Conditional { .. }
                            )
                        ),
                        _ => false,
                    });
                    if !waits {
                        problems.push(refusal(node, "an event-based gateway leading to something other than a catch event or receive task"))
                    }
                }
            }
            _ => {}
        }
        if node.is_for_compensation {
            problems.push(refusal(node, "a compensation handler"));
        }
    }
    problems
}

/// Accepted but not executed: Java/script listeners, scripts and Camunda input/output mappings.
fn notices(process: &ProcessDefinition) -> Vec<String> {
    let mut notes = Vec::new();
    let mut note = |line: u32, id: &str, what: &str| {
        notes.push(format!(
            "line {line}: '{id}': {what} is not run by the engine"
        ))
    };
    for node in process.nodes() {
        for (element, what) in [
            ("executionListener", "an execution listener"),
            ("taskListener", "a task listener"),
            ("inputOutput", "an input/output mapping"),
        ] {
            if node.extensions.vendor_elements(element).next().is_some() {
                note(node.line, &node.id, what);
            }
        }
        if matches!(node.kind, NodeKind::ScriptTask(_)) {
            note(node.line, &node.id, "a script (the task passes through)");
        }
    }
    for flow in process.flows() {
        if flow
            .extensions
            .vendor_elements("executionListener")
            .next()
            .is_some()
        {
            note(flow.line, &flow.id, "an execution listener");
        }
    }
    notes
}

/// Every expression the engine evaluates, with its element, line and whether a syntax error
/// refuses the deployment (due dates only leave a warning at run time: see `user_task`).
fn model_expressions(process: &ProcessDefinition) -> Vec<(String, u32, String, bool)> {
    let mut all: Vec<(String, u32, String, bool)> = process
        .flows()
        .filter_map(|f| Some((f.id.clone(), f.line, f.condition.clone()?, true)))
        .collect();
    for node in process.nodes() {
        let mut add = |text: &Option<String>, required: bool| {
            if let Some(text) = text {
                all.push((node.id.clone(), node.line, text.clone(), required));
            }
        };
        if let Some(LoopCharacteristics::MultiInstance(mi)) = &node.loop_characteristics {
            add(&mi.completion_condition, true);
            add(&mi.loop_cardinality, true);
            add(&mi.collection, true);
        }
        add(
            &node
                .name
                .clone()
                .filter(|n| n.contains("${") || n.contains("#{")),
            true,
        );
        let event = match &node.kind {
            NodeKind::StartEvent(s) => s.trigger.as_ref(),
            NodeKind::IntermediateCatchEvent(c) => c.trigger.as_ref(),
            NodeKind::BoundaryEvent(b) => b.trigger.as_ref(),
            _ => None,
        };
        if let Some(EventDefinition::Conditional { condition, .. }) = event {
            add(condition, true);
        }
        match &node.kind {
            NodeKind::UserTask(t) => {
                add(&t.assignee, true);
                add(&t.priority, true);
                add(&t.skip_expression, true);
                add(&t.due_date, false);
                for text in t.candidate_users.iter().chain(&t.candidate_groups) {
                    add(&Some(text.clone()), true);
                }
            }
            NodeKind::ServiceTask(s) | NodeKind::SendTask(s) | NodeKind::BusinessRuleTask(s) => {
                add(&s.expression, true)
            }
            NodeKind::CallActivity(c) => {
                add(&c.called_element, true);
                add(&c.business_key, true);
                for mapping in &c.inputs {
                    if let VariableMapping::Expression { expression, .. } = mapping {
                        add(&Some(expression.clone()), true);
                    }
                }
            }
            _ => {}
        }
    }
    all
}

/// Syntax errors in expressions outside conditions (which `validate_with` checks).
fn expression_problems(process: &ProcessDefinition) -> Vec<String> {
    model_expressions(process)
        .into_iter()
        .filter(|(_, _, _, required)| *required)
        .filter_map(|(id, line, text, _)| {
            let error = Expression::parse(&text).err()?;
            let is_condition = process
                .flow(&id)
                .is_some_and(|f| f.condition.as_deref() == Some(text.as_str()));
            (!is_condition)
                .then(|| format!("line {line}: '{id}': expression `{text}` is invalid: {error}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn process(body: &str) -> ProcessDefinition {
        let xml = format!(
            r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p" isExecutable="true">{body}</process></definitions>"#
        );
        let defs = woc_bpmn::parse(&xml).expect("parses");
        defs.processes.into_iter().next().expect("one process")
    }

    #[test]
    fn deploys_a_plain_process() {
        let def = Definition::deploy(
            process(r#"<startEvent id="s"/><endEvent id="e"/><sequenceFlow id="f" sourceRef="s" targetRef="e"/>"#),
            2,
        )
        .expect("deploys");
        assert_eq!(def.id, "p:2");
    }

    #[test]
    fn lists_what_it_will_not_run() {
        let def = Definition::deploy(
            process(
                r#"<startEvent id="s"/><scriptTask id="js" scriptFormat="javascript"><script>x</script></scriptTask><endEvent id="e"/>
                <sequenceFlow id="f" sourceRef="s" targetRef="js"/><sequenceFlow id="g" sourceRef="js" targetRef="e"/>"#,
            ),
            1,
        )
        .expect("deploys");
        assert_eq!(def.notices.len(), 1);
        assert!(def.notices[0].contains("'js'"));
    }

    #[test]
    fn refuses_conditional_process_starts_and_bad_expressions() {
        let err = Definition::deploy(
            process(
                r#"<startEvent id="s"><conditionalEventDefinition><condition>${go}</condition></conditionalEventDefinition></startEvent><intermediateCatchEvent id="c"><signalEventDefinition signalRef="sig"/></intermediateCatchEvent><endEvent id="e"/>
                <sequenceFlow id="f" sourceRef="s" targetRef="c"><conditionExpression>${a ==}</conditionExpression></sequenceFlow><sequenceFlow id="g" sourceRef="c" targetRef="e"/>"#,
            ),
            1,
        )
        .expect_err("refused");
        let text = err.to_string();
        assert!(
            text.contains("conditional start event of a process is not supported"),
            "{text}"
        );
        assert!(text.contains("'f'"), "{text}");
    }

    #[test]
    fn refuses_broken_assignee_expressions() {
        let err = Definition::deploy(
            process(
                r#"<startEvent id="s"/><userTask id="t" xmlns:flowable="http://flowable.org/bpmn" flowable:assignee="${a +}"/><endEvent id="e"/>
                <sequenceFlow id="f" sourceRef="s" targetRef="t"/><sequenceFlow id="g" sourceRef="t" targetRef="e"/>"#,
            ),
            1,
        )
        .expect_err("refused");
        assert!(err.to_string().contains("'t': expression"), "{err}");
    }

    #[test]
    fn refuses_cron_timers() {
        let err = Definition::deploy(
            process(
                r#"<startEvent id="s"/><intermediateCatchEvent id="t"><timerEventDefinition><timeCycle>0 0 * * * ?</timeCycle></timerEventDefinition></intermediateCatchEvent><endEvent id="e"/>
                <sequenceFlow id="f" sourceRef="s" targetRef="t"/><sequenceFlow id="g" sourceRef="t" targetRef="e"/>"#,
            ),
            1,
        )
        .expect_err("refused");
        assert!(err.to_string().contains("cron"), "{err}");
    }

    #[test]
    fn refuses_an_event_sub_process_without_its_start_event() {
        let err = Definition::deploy(
            process(
                r#"<startEvent id="s"/><endEvent id="e"/><sequenceFlow id="f" sourceRef="s" targetRef="e"/>
                <subProcess id="esp" triggeredByEvent="true"><userTask id="t"/></subProcess>"#,
            ),
            1,
        )
        .expect_err("refused");
        assert!(err.to_string().contains("'esp'"), "{err}");
    }
}
