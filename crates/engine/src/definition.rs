//! A deployed process definition: the parsed graph, its version, and its expressions parsed once.
//!
//! Deployment refuses what the engine does not execute, so a running instance never meets an
//! element it cannot handle.

use std::collections::HashMap;

use woc_bpmn::{
    EventDefinition, FlowNode, LoopCharacteristics, NodeKind, ProcessDefinition, TimerKind,
    ValidationError,
};

use crate::error::EngineError;
use crate::expr::{self, ExprError, Expression};
use crate::iso8601::{parse_date_time, Cycle, Duration};

/// A process definition ready to run.
#[derive(Debug, Clone)]
pub struct Definition {
    /// Deployed definition id (e.g. `leave:3`).
    pub id: String,
    /// Process key (the `<process id>`).
    pub key: String,
    /// Version within the key, from 1.
    pub version: u32,
    /// The graph.
    pub process: ProcessDefinition,
    /// Modelled details this engine accepts but does not run (listeners, async flags,
    /// scripts), one line each, so an importer can show them instead of hiding them.
    pub notices: Vec<String>,
    expressions: HashMap<String, Expression>,
}

impl Definition {
    /// Checks `process` and prepares it to run as `key:version`.
    pub fn deploy(process: ProcessDefinition, version: u32) -> Result<Definition, EngineError> {
        let mut problems: Vec<String> = woc_bpmn::validate_with(&process, &expr::check)
            .iter()
            .map(ValidationError::to_string)
            .collect();
        problems.extend(unsupported(&process));
        if !process.is_executable() {
            problems.push(format!(
                "process '{}' is not marked isExecutable",
                process.id()
            ));
        }
        if !problems.is_empty() {
            return Err(EngineError::Deployment { problems });
        }
        let mut expressions = HashMap::new();
        for text in expression_texts(&process) {
            if let Ok(parsed) = Expression::parse(&text) {
                expressions.insert(text, parsed);
            }
        }
        let key = process.id().to_string();
        Ok(Definition {
            id: format!("{key}:{version}"),
            key,
            version,
            notices: notices(&process),
            process,
            expressions,
        })
    }

    /// The parsed expression for `text` (parsed at deployment; parsed now if it was not).
    pub(crate) fn expression(&self, text: &str) -> Result<Expression, ExprError> {
        match self.expressions.get(text) {
            Some(e) => Ok(e.clone()),
            None => Expression::parse(text),
        }
    }

    /// The node with this id, or a model error.
    pub(crate) fn node(&self, id: &str) -> Result<&FlowNode, EngineError> {
        self.process
            .node(id)
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
        match trigger {
            Some(EventDefinition::Signal { .. }) => problems.push(refusal(node, "a signal event")),
            Some(EventDefinition::Conditional { .. }) => {
                problems.push(refusal(node, "a conditional event"))
            }
            Some(EventDefinition::Message { .. })
                if matches!(
                    node.kind,
                    NodeKind::StartEvent(_)
                        | NodeKind::EndEvent(_)
                        | NodeKind::IntermediateThrowEvent(_)
                ) =>
            {
                problems.push(refusal(node, "a message start, end or throw event"))
            }
            Some(EventDefinition::Error { .. }) if matches!(node.kind, NodeKind::StartEvent(_)) => {
                problems.push(refusal(node, "an error start event"))
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
            NodeKind::SubProcess(_) if node.kind.is_event_sub_process() => {
                problems.push(refusal(node, "an event sub-process"))
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
                            Some(EventDefinition::Timer(_) | EventDefinition::Message { .. })
                        ),
                        _ => false,
                    });
                    if !waits {
                        problems.push(refusal(node, "an event-based gateway leading to something other than a timer/message catch or receive task"))
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

/// Accepted but not executed: Java/script listeners, async boundaries (a command is already
/// one transaction here), scripts and Camunda input/output mappings.
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
        if node.async_before || node.async_after {
            note(
                node.line,
                &node.id,
                "an async continuation (it runs synchronously)",
            );
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

/// Every expression text in the model that the engine may evaluate.
fn expression_texts(process: &ProcessDefinition) -> Vec<String> {
    let mut texts: Vec<String> = process
        .flows()
        .filter_map(|f| f.condition.clone())
        .collect();
    for node in process.nodes() {
        if let Some(LoopCharacteristics::MultiInstance(mi)) = &node.loop_characteristics {
            texts.extend(mi.completion_condition.clone());
            texts.extend(mi.loop_cardinality.clone());
            texts.extend(mi.collection.clone());
        }
        match &node.kind {
            NodeKind::UserTask(t) => {
                texts.extend(t.assignee.clone());
                texts.extend(t.candidate_users.iter().cloned());
                texts.extend(t.candidate_groups.iter().cloned());
                texts.extend(t.due_date.clone());
                texts.extend(t.priority.clone());
            }
            NodeKind::ServiceTask(s) => texts.extend(s.expression.clone()),
            _ => {}
        }
    }
    texts
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
    fn refuses_signals_and_bad_expressions() {
        let err = Definition::deploy(
            process(
                r#"<signal id="sig"/><startEvent id="s"/><intermediateCatchEvent id="c"><signalEventDefinition signalRef="sig"/></intermediateCatchEvent><endEvent id="e"/>
                <sequenceFlow id="f" sourceRef="s" targetRef="c"><conditionExpression>${a ==}</conditionExpression></sequenceFlow><sequenceFlow id="g" sourceRef="c" targetRef="e"/>"#,
            ),
            1,
        )
        .expect_err("refused");
        let text = err.to_string();
        assert!(text.contains("signal event is not supported"), "{text}");
        assert!(text.contains("'f'"), "{text}");
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
}
