//! Timer jobs: due times from ISO 8601 durations, dates and cycles (or expressions yielding them).

use woc_bpmn::{EventDefinition, Timer, TimerKind};

use crate::definition::Definition;

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
    // From the planned time, not from now, so a late firing does not shift the schedule.
    let due = cycle.period.after(fired.due);
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
    let id = crate::ids::owned_by(&run.state.id, run.next_sequence());
    run.emit(EventKind::JobCreated {
        job: Box::new(Job {
            id: id.clone(),
            instance_id: run.state.id.clone(),
            execution,
            node: node.to_string(),
            due,
            retries: run.config.job_retries,
            last_error: None,
            kind,
        }),
    });
    id
}

/// When a timer start event next starts an instance; the host schedules it and sends
/// `Command::Start` with `start_event` set to `node` when it is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTimer {
    /// The timer start event.
    pub node: String,
    /// When it is due.
    pub due: Timestamp,
    /// For cycles: the cycle text and firings left after this one (`None`: unbounded).
    pub cycle: Option<(String, Option<u32>)>,
}

impl StartTimer {
    /// The firing after this one, for cycles with repetitions left.
    pub fn next(&self) -> Option<StartTimer> {
        let (text, remaining) = self.cycle.as_ref()?;
        if *remaining == Some(0) {
            return None;
        }
        let cycle = Cycle::parse(text).ok()?;
        Some(StartTimer {
            node: self.node.clone(),
            due: cycle.period.after(self.due),
            cycle: Some((text.clone(), remaining.map(|r| r.saturating_sub(1)))),
        })
    }
}

impl Definition {
    /// The first firing of each timer start event, computed at `now` (deployment time).
    /// Timer start expressions cannot use variables, so `${...}` is refused.
    pub fn start_timers(&self, now: Timestamp) -> Result<Vec<StartTimer>, EngineError> {
        let mut timers = Vec::new();
        for (node, start) in self.process.start_events(None) {
            let Some(EventDefinition::Timer(Some(timer))) = &start.trigger else {
                continue;
            };
            let text = timer.expression.as_str();
            let bad = |e: crate::iso8601::Iso8601Error| EngineError::model(&node.id, e.to_string());
            if text.contains("${") || text.contains("#{") {
                return Err(EngineError::model(
                    &node.id,
                    "a timer start event cannot use an expression: no variables exist yet",
                ));
            }
            let (due, cycle) = match timer.kind {
                TimerKind::Duration => (Duration::parse(text).map_err(bad)?.after(now), None),
                TimerKind::Date => (parse_date_time(text).map_err(bad)?, None),
                TimerKind::Cycle => {
                    let c = Cycle::parse(text).map_err(bad)?;
                    let remaining = c.repetitions.map(|r| r.saturating_sub(1));
                    (c.first_due(now), Some((text.to_string(), remaining)))
                }
            };
            timers.push(StartTimer {
                node: node.id.clone(),
                due,
                cycle,
            });
        }
        Ok(timers)
    }
}
