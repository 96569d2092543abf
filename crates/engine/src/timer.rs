//! Timer jobs: due times from ISO 8601 durations, dates and cycles (or expressions yielding them).

use woc_bpmn::{Timer, TimerKind};

use crate::clock::Timestamp;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::expr::coerce_string;
use crate::instance::{ExecutionId, Job, JobKind};
use crate::iso8601::{parse_date_time, Cycle, Duration};
use crate::run::Run;

/// Schedules a timer job for `node` on `execution`; returns the job id.
pub(crate) fn schedule(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &str,
    timer: &Timer,
) -> Result<String, EngineError> {
    let text = if timer.expression.contains("${") || timer.expression.contains("#{") {
        coerce_string(&run.eval(execution, node, &timer.expression)?)
    } else {
        timer.expression.clone()
    };
    let bad = |e: crate::iso8601::Iso8601Error| EngineError::model(node, e.to_string());
    let (due, kind) = match timer.kind {
        TimerKind::Duration => (
            Duration::parse(&text).map_err(bad)?.after(run.now),
            single(),
        ),
        TimerKind::Date => (parse_date_time(&text).map_err(bad)?, single()),
        TimerKind::Cycle => {
            let cycle = Cycle::parse(&text).map_err(bad)?;
            (
                cycle.first_due(run.now),
                JobKind::Timer {
                    remaining: cycle.repetitions.map(|r| r.saturating_sub(1)),
                    repeating: true,
                    period: Some(text.clone()),
                },
            )
        }
    };
    Ok(create(run, execution, node, due, kind))
}

fn single() -> JobKind {
    JobKind::Timer {
        remaining: None,
        repeating: false,
        period: None,
    }
}

/// The next firing of a repeating timer that just fired, if it has any left.
pub(crate) fn reschedule(run: &mut Run<'_>, fired: &Job) -> Option<String> {
    let JobKind::Timer {
        remaining,
        repeating: true,
        period: Some(period),
    } = &fired.kind
    else {
        return None;
    };
    if *remaining == Some(0) {
        return None;
    }
    let cycle = Cycle::parse(period).ok()?;
    let due = cycle.period.after(fired.due.max(Timestamp(i64::MIN)));
    let kind = JobKind::Timer {
        remaining: remaining.map(|r| r.saturating_sub(1)),
        repeating: true,
        period: Some(period.clone()),
    };
    Some(create(run, fired.execution, &fired.node, due, kind))
}

/// Emits a new job and returns its id.
pub(crate) fn create(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &str,
    due: Timestamp,
    kind: JobKind,
) -> String {
    let id = format!("{}-{}", run.state.id, run.next_sequence());
    run.emit(EventKind::JobCreated {
        job: Job {
            id: id.clone(),
            instance_id: run.state.id.clone(),
            execution,
            node: node.to_string(),
            due,
            retries: run.config.job_retries,
            last_error: None,
            kind,
        },
    });
    id
}
