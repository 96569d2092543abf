//! Maps the XML element tree of a `<definitions>` document to the model.

mod activities;
mod events;
mod process;

use crate::di;
use crate::error::ParseError;
use crate::extensions::{non_empty, vendor_text, BPMN_DI_NS, BPMN_MODEL_NS};
use crate::model::{
    BpmnError, Collaboration, Definitions, EventDefinition, Message, MessageFlow, NodeKind,
    Participant, ProcessDefinition, Signal,
};
use crate::xml_tree::{self, Element};

/// Parses a BPMN 2.0 XML document.
///
/// A document that parses may still have no executable process (descriptive models) or fail
/// deploy-time checks; see `Definitions::has_executable_process` and `validate`.
pub fn parse(xml: &str) -> Result<Definitions, ParseError> {
    let root = xml_tree::read(xml)?;
    if !root.is(BPMN_MODEL_NS, "definitions") {
        return Err(ParseError::NotBpmn {
            line: root.line,
            found: match &root.ns {
                Some(ns) => format!("{{{ns}}}{}", root.name),
                None => root.name.clone(),
            },
        });
    }
    let mut defs = Definitions {
        id: non_empty(root.attr("id")),
        name: non_empty(root.attr("name")),
        target_namespace: non_empty(root.attr("targetNamespace")),
        exporter: non_empty(root.attr("exporter")),
        exporter_version: non_empty(root.attr("exporterVersion")),
        processes: Vec::new(),
        messages: Vec::new(),
        signals: Vec::new(),
        errors: Vec::new(),
        collaborations: Vec::new(),
        diagrams: Vec::new(),
    };
    for child in &root.children {
        if child.is(BPMN_DI_NS, "BPMNDiagram") {
            defs.diagrams.push(di::parse_diagram(child));
            continue;
        }
        if child.ns.as_deref() != Some(BPMN_MODEL_NS) {
            continue;
        }
        // Declarations without an id cannot be referenced, so they are skipped.
        let id = non_empty(child.attr("id"));
        match (child.name.as_str(), id) {
            ("process", _) => {
                let process = process::build_process(child)?;
                // Process ids become deployment keys, so two in one file would be ambiguous.
                if let Some(first) = defs.processes.iter().find(|p| p.id() == process.id()) {
                    return Err(ParseError::DuplicateId {
                        line: process.line(),
                        id: process.id().to_string(),
                        scope: "the definitions".into(),
                        first_line: first.line(),
                    });
                }
                defs.processes.push(process);
            }
            ("message", Some(id)) => defs.messages.push(Message {
                id,
                name: non_empty(child.attr("name")),
                line: child.line,
            }),
            ("signal", Some(id)) => defs.signals.push(Signal {
                id,
                name: non_empty(child.attr("name")),
                scope: vendor_text(child, "scope"),
                line: child.line,
            }),
            ("error", Some(id)) => defs.errors.push(BpmnError {
                id,
                name: non_empty(child.attr("name")),
                error_code: non_empty(child.attr("errorCode")),
                line: child.line,
            }),
            ("collaboration", Some(id)) => defs.collaborations.push(collaboration(child, id)),
            _ => {}
        }
    }
    let resolver = References {
        messages: &defs.messages,
        signals: &defs.signals,
        errors: &defs.errors,
    };
    for process in &mut defs.processes {
        resolver.resolve(process);
    }
    Ok(defs)
}

fn collaboration(el: &Element, id: String) -> Collaboration {
    Collaboration {
        id,
        name: non_empty(el.attr("name")),
        participants: el
            .children_named(BPMN_MODEL_NS, "participant")
            .filter_map(|p| {
                Some(Participant {
                    id: non_empty(p.attr("id"))?,
                    name: non_empty(p.attr("name")),
                    process_ref: non_empty(p.attr("processRef")),
                    line: p.line,
                })
            })
            .collect(),
        message_flows: el
            .children_named(BPMN_MODEL_NS, "messageFlow")
            .filter_map(|f| {
                Some(MessageFlow {
                    id: non_empty(f.attr("id"))?,
                    name: non_empty(f.attr("name")),
                    source: non_empty(f.attr("sourceRef")),
                    target: non_empty(f.attr("targetRef")),
                    message_ref: non_empty(f.attr("messageRef")),
                    line: f.line,
                })
            })
            .collect(),
        line: el.line,
    }
}

/// Resolves message, signal and error references to the names and codes the engine matches on.
struct References<'a> {
    messages: &'a [Message],
    signals: &'a [Signal],
    errors: &'a [BpmnError],
}

impl References<'_> {
    fn resolve(&self, process: &mut ProcessDefinition) {
        for node in &mut process.nodes {
            let definition = match &mut node.kind {
                NodeKind::StartEvent(e) => e.trigger.as_mut(),
                NodeKind::EndEvent(e) => e.result.as_mut(),
                NodeKind::IntermediateCatchEvent(e) => e.trigger.as_mut(),
                NodeKind::IntermediateThrowEvent(e) => e.result.as_mut(),
                NodeKind::BoundaryEvent(e) => e.trigger.as_mut(),
                NodeKind::ReceiveTask(task) => {
                    task.message_name = self.message_name(task.message_ref.as_deref());
                    None
                }
                _ => None,
            };
            match definition {
                Some(EventDefinition::Message {
                    message_ref,
                    message_name,
                }) => *message_name = self.message_name(message_ref.as_deref()),
                Some(EventDefinition::Signal {
                    signal_ref,
                    signal_name,
                    instance_scope,
                }) => {
                    let declared = signal_ref
                        .as_deref()
                        .and_then(|r| lookup(self.signals, r, |s| &s.id));
                    *signal_name = signal_ref.as_deref().map(|r| {
                        declared
                            .and_then(|s| s.name.clone())
                            .unwrap_or_else(|| r.to_string())
                    });
                    *instance_scope = declared
                        .and_then(|s| s.scope.as_deref())
                        .is_some_and(|scope| scope.eq_ignore_ascii_case("processInstance"));
                }
                Some(EventDefinition::Error {
                    error_ref,
                    error_code,
                }) => {
                    *error_code = error_ref.as_deref().map(|r| {
                        lookup(self.errors, r, |e| &e.id)
                            .and_then(|e| e.error_code.clone())
                            .unwrap_or_else(|| r.to_string())
                    })
                }
                _ => {}
            }
        }
    }

    fn message_name(&self, reference: Option<&str>) -> Option<String> {
        reference.map(|r| {
            lookup(self.messages, r, |m| &m.id)
                .and_then(|m| m.name.clone())
                .unwrap_or_else(|| r.to_string())
        })
    }
}

/// Finds a declaration by id; references are QNames, so `tns:x` also matches id `x`.
fn lookup<'a, T>(items: &'a [T], reference: &str, id: fn(&T) -> &String) -> Option<&'a T> {
    let local = reference.rsplit(':').next().unwrap_or(reference);
    items
        .iter()
        .find(|i| id(i) == reference)
        .or_else(|| items.iter().find(|i| id(i) == local))
}

#[cfg(test)]
mod tests;
