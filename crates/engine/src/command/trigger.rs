//! Things that happen to waiting tokens from outside: messages, signals, due timers, finished service
//! jobs and completed child instances.

use woc_bpmn::NodeKind;

use super::Variables;
use crate::agenda::{run_agenda, Operation};
use crate::behavior::{
    self, boundary, call_activity, error_event, event_gateway, event_sub_process,
};
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, Job, JobKind, SubscriptionKind, Wait};
use crate::run::Run;

/// Delivers a message to the first subscription waiting for it.
pub(crate) fn message(
    run: &mut Run<'_>,
    name: &str,
    variables: Variables,
) -> Result<(), EngineError> {
    let subscription = run
        .state
        .subscriptions
        .iter()
        .find(|s| s.kind == SubscriptionKind::Message && s.message == name)
        .cloned()
        .ok_or_else(|| EngineError::not_found("message subscription", name))?;
    run.emit(EventKind::SubscriptionRemoved {
        id: subscription.id,
    });
    run.set_variables(Some(subscription.execution), variables);
    resolve(run, subscription.execution, &subscription.node, None)?;
    run_agenda(run)
}

/// Delivers a signal to every subscription of the instance waiting for it; `NotFound` when
/// there is none (the broadcast only addresses instances that wait).
pub(crate) fn signal(
    run: &mut Run<'_>,
    name: &str,
    variables: Variables,
) -> Result<(), EngineError> {
    if behavior::signal::deliver(run, name, &variables)? == 0 {
        return Err(EngineError::not_found("signal subscription", name));
    }
    run_agenda(run)
}

/// Resumes the token waiting for a trigger at `node`.
pub(crate) fn trigger(
    run: &mut Run<'_>,
    node: &str,
    variables: Variables,
) -> Result<(), EngineError> {
    let execution = run
        .state
        .executions
        .values()
        .find(|e| e.node.as_deref() == Some(node) && e.wait == Some(Wait::Trigger))
        .map(|e| e.id)
        .ok_or_else(|| EngineError::not_found("waiting receive task", node))?;
    run.set_variables(Some(execution), variables);
    run.emit(EventKind::WaitEnded { execution });
    run.agenda.push_back(Operation::Leave { execution });
    run_agenda(run)
}

/// Fires a due timer job.
pub(crate) fn fire_timer(run: &mut Run<'_>, job_id: &str) -> Result<(), EngineError> {
    let job = job(run, job_id)?;
    if !matches!(job.kind, JobKind::Timer { .. }) {
        return Err(EngineError::invalid(
            "fire timer",
            format!("job '{job_id}' is not a timer"),
        ));
    }
    if job.due > run.now {
        return Err(EngineError::invalid(
            "fire timer",
            format!("timer '{job_id}' is not due until {}", job.due),
        ));
    }
    run.emit(EventKind::JobRemoved {
        job_id: job.id.clone(),
    });
    resolve(run, job.execution, &job.node, Some(&job))?;
    run_agenda(run)
}

/// A trigger for `node` reached `execution`: continue past the catch event, take the gateway
/// branch, fire the boundary event or start the event sub-process.
pub(crate) fn resolve(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &str,
    job: Option<&Job>,
) -> Result<(), EngineError> {
    let current = run
        .state
        .executions
        .get(&execution)
        .cloned()
        .ok_or_else(|| {
            EngineError::model(node, format!("execution {execution} no longer exists"))
        })?;
    if current.wait == Some(Wait::EventGateway) {
        return event_gateway::trigger(run, execution, node);
    }
    if current.node.as_deref() == Some(node) {
        run.drop_triggers(execution);
        run.emit(EventKind::WaitEnded { execution });
        run.agenda.push_back(Operation::Leave { execution });
        return Ok(());
    }
    if matches!(run.node(node)?.kind, NodeKind::BoundaryEvent(_)) {
        return boundary::fire(run, execution, node, job);
    }
    if matches!(run.node(node)?.kind, NodeKind::StartEvent(_)) {
        return event_sub_process::fire(run, execution, node, job);
    }
    Err(EngineError::model(
        node,
        "trigger does not match the waiting execution",
    ))
}

fn job(run: &Run<'_>, job_id: &str) -> Result<Job, EngineError> {
    run.state
        .jobs
        .get(job_id)
        .cloned()
        .ok_or_else(|| EngineError::not_found("job", job_id))
}

/// Runs an async continuation: the activity the token waits at now does its work.
pub(crate) fn run_job(run: &mut Run<'_>, job_id: &str) -> Result<(), EngineError> {
    let job = job(run, job_id)?;
    if !matches!(job.kind, JobKind::Async | JobKind::AsyncAfter) {
        return Err(EngineError::invalid(
            "run job",
            format!("job '{job_id}' is not an async continuation"),
        ));
    }
    run.emit(EventKind::JobRemoved {
        job_id: job.id.clone(),
    });
    run.emit(EventKind::WaitEnded {
        execution: job.execution,
    });
    if job.kind == JobKind::AsyncAfter {
        run.agenda.push_back(Operation::LeaveAfterJob {
            execution: job.execution,
        });
    } else {
        behavior::enter(run, job.execution, &job.node)?;
    }
    run_agenda(run)
}

/// The host finished a service job.
pub(crate) fn complete_job(
    run: &mut Run<'_>,
    job_id: &str,
    variables: Variables,
) -> Result<(), EngineError> {
    let job = job(run, job_id)?;
    if !matches!(job.kind, JobKind::Service { .. }) {
        return Err(EngineError::invalid(
            "complete job",
            format!("job '{job_id}' is not a service job"),
        ));
    }
    run.emit(EventKind::JobRemoved {
        job_id: job.id.clone(),
    });
    run.set_variables(Some(job.execution), variables);
    run.emit(EventKind::WaitEnded {
        execution: job.execution,
    });
    run.agenda.push_back(Operation::Leave {
        execution: job.execution,
    });
    run_agenda(run)
}

/// The host's service job failed: throw a BPMN error, or count down retries (0 = incident).
pub(crate) fn fail_job(
    run: &mut Run<'_>,
    job_id: &str,
    message: &str,
    bpmn_error: Option<String>,
) -> Result<(), EngineError> {
    let job = job(run, job_id)?;
    if let Some(code) = bpmn_error {
        run.emit(EventKind::JobRemoved {
            job_id: job.id.clone(),
        });
        error_event::throw(run, Some(job.execution), &code, &job.node)?;
        return run_agenda(run);
    }
    let retries = job.retries.saturating_sub(1);
    let due = if retries > 0 {
        run.now.plus_millis(run.config.retry_delay_ms)
    } else {
        job.due
    };
    run.emit(EventKind::JobFailed {
        job_id: job.id,
        retries,
        message: message.to_string(),
        due,
    });
    Ok(())
}

/// The child instance of a call activity completed.
pub(crate) fn child_completed(
    run: &mut Run<'_>,
    execution: ExecutionId,
    variables: Variables,
) -> Result<(), EngineError> {
    let waiting = run
        .state
        .executions
        .get(&execution)
        .is_some_and(|e| e.wait == Some(Wait::CallActivity));
    if !waiting {
        return Err(EngineError::invalid(
            "child completed",
            format!("execution {execution} is not waiting for a child instance"),
        ));
    }
    let node = run.node_of(execution)?;
    let NodeKind::CallActivity(call) = &node.kind else {
        return Err(EngineError::model(&node.id, "not a call activity"));
    };
    call_activity::complete(run, execution, node, call, variables)?;
    run_agenda(run)
}
