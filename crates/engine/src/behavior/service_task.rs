//! Service, send and business rule tasks. This crate does no IO, so:
//! - `expression` is evaluated here (its value stored in `resultVariable`);
//! - `class`, `delegateExpression`, built-in types (`http`, `mail`, `external`...) and decision
//!   references become a `Service` job the host runs and reports with `CompleteJob`/`FailJob`,
//!   or, with `ServiceTaskMode::NoOp`, pass through;
//! - a task without any implementation is abstract and passes through.

use std::collections::BTreeMap;

use serde_json::Value;
use woc_bpmn::{FieldValue, FlowNode, ServiceTask};

use crate::agenda::Operation;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, JobKind, Wait};
use crate::run::{Run, ServiceTaskMode};
use crate::timer;

/// Runs the expression, or hands the work to the host as a job.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
    data: &ServiceTask,
) -> Result<(), EngineError> {
    if let Some(expression) = &data.expression {
        let value = run.eval(execution, &node.id, expression)?;
        if let Some(name) = &data.result_variable {
            run.set_variable(Some(execution), name, value);
        }
        run.agenda.push_back(Operation::Leave { execution });
        return Ok(());
    }
    let Some(handler) = handler(data) else {
        run.agenda.push_back(Operation::Leave { execution });
        return Ok(());
    };
    if run.config.service_tasks == ServiceTaskMode::NoOp {
        run.agenda.push_back(Operation::Leave { execution });
        return Ok(());
    }
    let mut fields = BTreeMap::new();
    for (name, field) in &data.fields {
        let value = match field {
            FieldValue::String(s) => Value::String(s.clone()),
            FieldValue::Expression(e) => run.eval(execution, &node.id, e)?,
        };
        fields.insert(name.clone(), value);
    }
    let kind = JobKind::Service {
        handler,
        fields,
        result_variable: data.result_variable.clone(),
    };
    let job_id = timer::create(run, execution, &node.id, run.now, kind);
    run.emit(EventKind::WaitStarted {
        execution,
        wait: Wait::Job { job_id },
    });
    Ok(())
}

/// The host-side implementation key, if the task names one.
fn handler(data: &ServiceTask) -> Option<String> {
    if let Some(t) = &data.task_type {
        return Some(match &data.topic {
            Some(topic) => format!("{t}:{topic}"),
            None => t.clone(),
        });
    }
    if let Some(class) = &data.class {
        return Some(format!("class:{class}"));
    }
    if let Some(expression) = &data.delegate_expression {
        return Some(format!("delegateExpression:{expression}"));
    }
    if let Some(topic) = &data.topic {
        return Some(format!("external:{topic}"));
    }
    if let Some(decision) = &data.decision_ref {
        return Some(format!("decision:{decision}"));
    }
    data.implementation
        .as_ref()
        .filter(|i| !i.starts_with("##"))
        .map(|i| format!("implementation:{i}"))
}
