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
pub(crate) fn handler(data: &ServiceTask) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::instance::{InstanceStatus, JobKind};
    use crate::run::{EngineConfig, ServiceTaskMode};
    use crate::scenario::{seq, Scenario};

    fn service(attrs: &str) -> String {
        [
            format!(r#"<startEvent id="s"/><serviceTask id="svc" {attrs}/><userTask id="after"/>"#),
            seq("f0", "s", "svc"),
            seq("f1", "svc", "after"),
        ]
        .concat()
    }

    #[test]
    fn expression_result_goes_to_the_result_variable() {
        let s = Scenario::start(
            &service(r#"flowable:expression="${amount * 2}" flowable:resultVariable="doubled""#),
            json!({"amount": 21}),
        );
        assert_eq!(s.state.variables["doubled"], json!(42));
        assert_eq!(s.open(), vec!["after"]);
    }

    #[test]
    fn class_becomes_a_job_for_the_host() {
        let s = Scenario::start(&service(r#"flowable:class="com.acme.Notify""#), json!({}));
        let job = s.state.jobs.values().next().cloned().expect("job");
        assert!(
            matches!(&job.kind, JobKind::Service { handler, .. } if handler == "class:com.acme.Notify")
        );
        assert!(s.open().is_empty());
    }

    #[test]
    fn no_op_mode_and_abstract_tasks_pass_through() {
        let config = EngineConfig {
            service_tasks: ServiceTaskMode::NoOp,
            ..EngineConfig::default()
        };
        let s = Scenario::try_start(&service(r#"flowable:type="mail""#), json!({}), config)
            .expect("starts");
        assert_eq!(s.open(), vec!["after"]);
        let s = Scenario::start(&service(""), json!({}));
        assert_eq!(s.open(), vec!["after"]);
        assert_eq!(s.status(), InstanceStatus::Running);
    }
}
