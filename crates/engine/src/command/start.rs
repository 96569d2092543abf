//! Starting an instance: root scope, variables, `initiator`, first token at the start event.

use serde_json::Value;
use woc_bpmn::{EventDefinition, NodeKind};

use super::Variables;
use crate::agenda::{run_agenda, Operation};
use crate::behavior::event_sub_process;
use crate::error::EngineError;
use crate::event::{EventKind, InstanceStart};
use crate::instance::{ParentLink, ROOT};
use crate::run::Run;

/// Starts the instance in `run` (whose state is blank) and runs it to its first wait states.
/// `start_event` names the start event whose trigger happened (timer, message or signal);
/// the none start event is used when absent.
pub(crate) fn start(
    run: &mut Run<'_>,
    business_key: Option<String>,
    variables: Variables,
    parent: Option<ParentLink>,
    start_event: Option<String>,
) -> Result<(), EngineError> {
    if let Some(link) = &parent {
        if link.depth > run.config.max_call_depth {
            return Err(EngineError::CallDepth {
                limit: run.config.max_call_depth,
            });
        }
    }
    let process = &run.def.process;
    let chosen = match &start_event {
        Some(id) => Some(
            process
                .start_events(None)
                .find(|(n, s)| {
                    &n.id == id
                        && matches!(
                            s.trigger,
                            None | Some(
                                EventDefinition::Timer(_)
                                    | EventDefinition::Message { .. }
                                    | EventDefinition::Signal { .. }
                            )
                        )
                })
                .map(|(n, _)| n)
                .ok_or_else(|| {
                    EngineError::invalid(
                        "start",
                        format!(
                            "'{id}' is not a none, timer, message or signal start event of the process"
                        ),
                    )
                })?,
        ),
        None => None,
    };
    let start = chosen
        .or_else(|| process.none_start_event(None))
        .or_else(|| {
            process
                .start_events(None)
                .find(|(_, s)| matches!(s.trigger, Some(EventDefinition::Timer(_))))
                .map(|(n, _)| n)
        })
        .ok_or_else(|| {
            EngineError::model(
                process.id(),
                "the process has no none or timer start event to start from",
            )
        })?;
    run.emit(EventKind::InstanceStarted(Box::new(InstanceStart {
        definition_id: run.def.id.clone(),
        process_key: run.def.key.clone(),
        business_key,
        started_by: run.actor.as_deref().map(str::to_string),
        parent,
    })));
    run.emit(EventKind::ExecutionCreated {
        execution: ROOT,
        parent: None,
        node: None,
        multi_instance: None,
        is_instance: false,
    });
    for (name, value) in variables {
        run.set_variable(None, &name, value);
    }
    if let NodeKind::StartEvent(data) = &start.kind {
        if let (Some(name), Some(actor)) = (&data.initiator, run.actor.clone()) {
            run.set_variable(None, name, Value::String(actor.to_string()));
        }
    }
    event_sub_process::arm(run, ROOT, None)?;
    let token = run.create_execution(ROOT, None, false);
    run.agenda.push_back(Operation::Enter {
        execution: token,
        node: run.def.node_id(&start.id),
        via: None,
    });
    run_agenda(run)
}
