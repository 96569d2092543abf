//! Incidents: a job whose retries ran out waits for an administrator, who retries it.

use crate::error::EngineError;
use crate::event::EventKind;
use crate::run::Run;

/// Gives an incident its configured retries back, due now, so the next executor turn runs it;
/// the history records who did it. A job that still has retries is not an incident and is left
/// alone (its own backoff decides when it runs).
pub(crate) fn retry(run: &mut Run<'_>, job_id: &str) -> Result<(), EngineError> {
    run.actor("retry job")?;
    let job = run
        .state
        .jobs
        .get(job_id)
        .ok_or_else(|| EngineError::not_found("job", job_id))?;
    if job.retries > 0 {
        return Err(EngineError::invalid(
            "retry job",
            format!(
                "job '{job_id}' is not an incident: {} retries left",
                job.retries
            ),
        ));
    }
    run.emit(EventKind::JobRetried {
        job_id: job_id.to_string(),
        retries: run.config.job_retries.max(1),
        due: run.now,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::command::Command;
    use crate::error::EngineError;
    use crate::event::EventKind;
    use crate::scenario::{seq, Scenario};

    #[test]
    fn an_incident_gets_its_retries_back_and_runs_again() {
        let body = [
            r#"<startEvent id="s"/><serviceTask id="svc" flowable:type="http"/><endEvent id="e"/>"#
                .to_string(),
            seq("f1", "s", "svc"),
            seq("f2", "svc", "e"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        let job_id = s.state.jobs.keys().next().cloned().expect("service job");
        let retry = Command::RetryJob {
            job_id: job_id.clone(),
        };
        let early = s.run(retry.clone(), "admin").unwrap_err();
        assert!(early.to_string().contains("not an incident"), "{early}");
        for _ in 0..3 {
            s.run(
                Command::FailJob {
                    job_id: job_id.clone(),
                    message: "down".into(),
                    bpmn_error: None,
                },
                "executor",
            )
            .expect("fails");
        }
        assert_eq!(s.state.jobs[&job_id].retries, 0, "an incident");
        s.now = s.now.plus_millis(3_600_000);

        s.run(retry, "admin").expect("retries");

        let job = &s.state.jobs[&job_id];
        assert_eq!((job.retries, job.due), (3, s.now));
        let last = s.events.last().expect("event");
        assert_eq!(last.actor.as_deref(), Some("admin"));
        assert!(matches!(
            last.kind,
            EventKind::JobRetried { retries: 3, .. }
        ));
        assert!(matches!(
            s.run(
                Command::RetryJob {
                    job_id: "nope".into()
                },
                "admin"
            ),
            Err(EngineError::NotFound { .. })
        ));
    }
}
