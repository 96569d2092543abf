//! Element behaviours, one module per element type: what a token does when it enters a node.

pub(crate) mod boundary;
pub(crate) mod call_activity;
pub(crate) mod catch_event;
pub(crate) mod conditional;
pub(crate) mod end_event;
pub(crate) mod error_event;
pub(crate) mod event_gateway;
pub(crate) mod event_sub_process;
pub(crate) mod exclusive_gateway;
pub(crate) mod inclusive_gateway;
pub(crate) mod multi_instance;
pub(crate) mod parallel_gateway;
pub(crate) mod service_task;
pub(crate) mod signal;
pub(crate) mod sub_process;
pub(crate) mod subscription;
pub(crate) mod user_task;

use std::sync::Arc;

use woc_bpmn::{FlowNode, LoopCharacteristics, NodeKind};

use crate::agenda::Operation;
use crate::error::EngineError;
use crate::instance::ExecutionId;
use crate::run::Run;

/// Runs the behaviour of `node` for a token that just entered it.
pub(crate) fn enter(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node_id: &str,
) -> Result<(), EngineError> {
    let node = run.node(node_id)?;
    let is_instance = run
        .state
        .executions
        .get(&execution)
        .is_some_and(|e| e.is_instance);
    if !is_instance {
        boundary::arm(run, execution, node)?;
        if let Some(LoopCharacteristics::MultiInstance(mi)) = &node.loop_characteristics {
            return multi_instance::start(run, execution, node, mi);
        }
    }
    let pass = |run: &mut Run<'_>| {
        run.agenda.push_back(Operation::Leave { execution });
        Ok(())
    };
    match &node.kind {
        // Script tasks pass through: this engine runs no scripts (documented in the crate docs).
        NodeKind::StartEvent(_)
        | NodeKind::BoundaryEvent(_)
        | NodeKind::Task
        | NodeKind::ManualTask
        | NodeKind::ScriptTask(_) => pass(run),
        NodeKind::IntermediateThrowEvent(throw) => match &throw.result {
            Some(definition @ woc_bpmn::EventDefinition::Signal { .. }) => {
                signal::throw(run, node, definition)?;
                pass(run)
            }
            Some(woc_bpmn::EventDefinition::Message { .. }) => {
                message_throw(run, node);
                pass(run)
            }
            _ => pass(run),
        },
        NodeKind::EndEvent(end) => end_event::execute(run, execution, node, end),
        NodeKind::IntermediateCatchEvent(catch) => {
            catch_event::execute(run, execution, node, catch)
        }
        NodeKind::ReceiveTask(receive) => {
            match receive
                .message_name
                .clone()
                .or_else(|| receive.message_ref.clone())
            {
                Some(name) => catch_event::wait_for_message(run, execution, node, &name),
                // Without a message it waits for an explicit trigger (Flowable's `trigger`).
                None => run.emit(crate::event::EventKind::WaitStarted {
                    execution,
                    wait: crate::instance::Wait::Trigger,
                }),
            }
            Ok(())
        }
        NodeKind::UserTask(task) => user_task::execute(run, execution, node, task),
        NodeKind::ServiceTask(service)
        | NodeKind::SendTask(service)
        | NodeKind::BusinessRuleTask(service) => {
            service_task::execute(run, execution, node, service)
        }
        NodeKind::SubProcess(_) => sub_process::execute(run, execution, node),
        NodeKind::CallActivity(call) => call_activity::execute(run, execution, node, call),
        NodeKind::ExclusiveGateway => exclusive_gateway::execute(run, execution, node),
        NodeKind::ParallelGateway => parallel_gateway::execute(run, execution, node),
        NodeKind::InclusiveGateway => inclusive_gateway::execute(run, execution, node),
        NodeKind::EventBasedGateway(_) => event_gateway::execute(run, execution, node),
        NodeKind::ComplexGateway { .. } | NodeKind::Unsupported { .. } => Err(EngineError::model(
            &node.id,
            format!(
                "<{}> is not supported by the engine",
                node.kind.element_name()
            ),
        )),
    }
}

/// A message throw (intermediate or end event) has no receiver this engine could know: as in
/// Flowable, where it behaves like a none event unless an implementation is plugged in, it
/// passes; the history says so, so the gap is visible.
pub(crate) fn message_throw(run: &mut Run<'_>, node: &FlowNode) {
    run.emit(crate::event::EventKind::Warning {
        element: node.id.clone(),
        message: "a message throw event sends nothing by itself; use a send or service task to deliver the message".into(),
    });
}

/// Flows an activity or event leaves by: every flow whose condition holds (no condition
/// holds), else the default flow. Gateways choose their own flows.
pub(crate) fn outgoing_flows(
    run: &Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
) -> Result<Vec<Arc<str>>, EngineError> {
    let mut taken = Vec::new();
    for (flow_id, flow) in run.def.outgoing(node) {
        if node.default_flow.as_deref() == Some(flow.id.as_str()) {
            continue;
        }
        let holds = match &flow.condition {
            None => true,
            Some(condition) => run.eval_bool(execution, &flow.id, condition)?,
        };
        if holds {
            taken.push(flow_id.clone());
        }
    }
    if taken.is_empty() {
        if let Some(default) = &node.default_flow {
            taken.push(run.def.flow_id(default));
        } else if !node.outgoing.is_empty() {
            return Err(EngineError::model(
                &node.id,
                "no outgoing sequence flow condition holds and there is no default flow",
            ));
        }
    }
    Ok(taken)
}

/// Conditions of a gateway's outgoing flows in document order, default flow excluded.
pub(crate) fn true_flows(
    run: &Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
    first_only: bool,
) -> Result<Vec<Arc<str>>, EngineError> {
    let mut taken = Vec::new();
    for (flow_id, flow) in run.def.outgoing(node) {
        if node.default_flow.as_deref() == Some(flow.id.as_str()) {
            continue;
        }
        let holds = match &flow.condition {
            None => true,
            Some(condition) => run.eval_bool(execution, &flow.id, condition)?,
        };
        if holds {
            taken.push(flow_id.clone());
            if first_only {
                break;
            }
        }
    }
    Ok(taken)
}
