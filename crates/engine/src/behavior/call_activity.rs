//! Call activity: asks the host to start a child instance (an `Effect`) and waits for
//! `ChildCompleted`, then copies variables back through the out mappings.

use serde_json::{Map, Value};
use woc_bpmn::{CallActivity, FlowNode, VariableMapping};

use crate::agenda::Operation;
use crate::command::{Effect, Variables};
use crate::error::EngineError;
use crate::event::{ChildRequest, EventKind};
use crate::expr::{coerce_string, Expression};
use crate::instance::{ExecutionId, ParentLink, Wait};
use crate::run::Run;

/// Requests the child instance and waits.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
    call: &CallActivity,
) -> Result<(), EngineError> {
    let depth = run.state.parent.as_ref().map_or(0, |p| p.depth) + 1;
    if depth > run.config.max_call_depth {
        return Err(EngineError::CallDepth {
            limit: run.config.max_call_depth,
        });
    }
    let called = call
        .called_element
        .as_deref()
        .ok_or_else(|| EngineError::model(&node.id, "call activity has no calledElement"))?;
    let called_element = coerce_string(&run.eval(execution, &node.id, called)?);
    let visible = visible_variables(run, execution);
    let mut variables = Map::new();
    if call.inherit_variables {
        variables = visible.clone();
    }
    for mapping in &call.inputs {
        match mapping {
            VariableMapping::All { .. } => variables.extend(visible.clone()),
            VariableMapping::Variable { source, target } => {
                variables.insert(
                    target.clone(),
                    visible.get(source).cloned().unwrap_or(Value::Null),
                );
            }
            VariableMapping::Expression { expression, target } => {
                variables.insert(target.clone(), run.eval(execution, &node.id, expression)?);
            }
        }
    }
    let business_key = match &call.business_key {
        Some(text) => Some(coerce_string(&run.eval(execution, &node.id, text)?)),
        None if call.inherit_business_key => run.state.business_key.clone(),
        None => None,
    };
    run.emit(EventKind::ChildInstanceRequested(Box::new(ChildRequest {
        execution,
        node: node.id.clone(),
        called_element: called_element.clone(),
        business_key: business_key.clone(),
        variables: variables.clone(),
    })));
    run.emit(EventKind::WaitStarted {
        execution,
        wait: Wait::CallActivity,
    });
    run.effects.push(Effect::StartChild {
        parent: ParentLink {
            instance_id: run.state.id.clone(),
            execution,
            depth,
        },
        called_element,
        business_key,
        variables,
    });
    Ok(())
}

/// The child completed: apply out mappings and leave.
pub(crate) fn complete(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
    call: &CallActivity,
    child: Variables,
) -> Result<(), EngineError> {
    for mapping in &call.outputs {
        match mapping {
            VariableMapping::All { .. } => run.set_variables(Some(execution), child.clone()),
            VariableMapping::Variable { source, target } => {
                let value = child.get(source).cloned().unwrap_or(Value::Null);
                run.set_variable(Some(execution), target, value);
            }
            VariableMapping::Expression { expression, target } => {
                let value = Expression::parse(expression)
                    .and_then(|e| e.evaluate(&child))
                    .map_err(|source| EngineError::Expression {
                        element: node.id.clone(),
                        source,
                    })?;
                run.set_variable(Some(execution), target, value);
            }
        }
    }
    run.emit(EventKind::WaitEnded { execution });
    run.agenda.push_back(Operation::Leave { execution });
    Ok(())
}

/// Process variables overlaid with the execution's and its ancestors' local variables.
pub(crate) fn visible_variables(run: &Run<'_>, execution: ExecutionId) -> Map<String, Value> {
    let mut chain = Vec::new();
    let mut current = Some(execution);
    while let Some(id) = current {
        let Some(e) = run.state.executions.get(&id) else {
            break;
        };
        chain.push(id);
        current = e.parent;
    }
    let mut all: Map<String, Value> = run.state.variables.clone().into_iter().collect();
    for id in chain.into_iter().rev() {
        if let Some(e) = run.state.executions.get(&id) {
            all.extend(e.variables.clone());
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::command::{Command, Effect};
    use crate::instance::InstanceStatus;
    use crate::scenario::{seq, Scenario};

    #[test]
    fn in_and_out_mappings() {
        let body = [
            r#"<startEvent id="s"/>
               <callActivity id="call" calledElement="${child}" flowable:businessKey="order-${id}">
                 <extensionElements>
                   <flowable:in source="amount" target="total"/>
                   <flowable:in sourceExpression="${amount * 2}" target="doubled"/>
                   <flowable:out source="verdict" target="result"/>
                 </extensionElements>
               </callActivity><endEvent id="e"/>"#
                .to_string(),
            seq("f0", "s", "call"),
            seq("f1", "call", "e"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({"child": "review", "amount": 5, "id": 7}));
        let Some(Effect::StartChild {
            parent,
            called_element,
            business_key,
            variables,
        }) = s.effects.first().cloned()
        else {
            panic!("no child requested: {:?}", s.effects);
        };
        assert_eq!(called_element, "review");
        assert_eq!(business_key.as_deref(), Some("order-7"));
        assert_eq!(variables["total"], json!(5));
        assert_eq!(variables["doubled"], json!(10));
        s.run(
            Command::ChildCompleted {
                instance_id: "pi".into(),
                execution: parent.execution,
                variables: serde_json::from_value(json!({"verdict": "ok", "noise": 1}))
                    .expect("map"),
            },
            "system",
        )
        .expect("resumes");
        assert_eq!(s.status(), InstanceStatus::Completed);
        assert_eq!(s.state.variables["result"], json!("ok"));
        assert!(!s.state.variables.contains_key("noise"));
    }
}
