//! Incidents: listed with their process, retried by an administrator (recorded in history),
//! then run again by the job executor.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{databases, model, vars, T0};
use serde_json::json;
use woc_engine::{
    Clock, Command, DefinitionRef, EngineError, EventKind, Job, ManualClock, Timestamp,
};
use woc_store::{
    JobExecutor, Retried, ServiceFailure, ServiceFuture, ServiceJobs, SqlStore, StoreError,
};

fn service() -> String {
    model(
        r#"<process id="call" isExecutable="true">
          <startEvent id="start"/>
          <serviceTask id="http" flowable:type="http"/>
          <userTask id="after" flowable:assignee="u"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="http"/>
          <sequenceFlow id="f2" sourceRef="http" targetRef="after"/>
          <sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
        </process>"#,
    )
}

/// Fails until `healthy` is set.
struct Outage {
    calls: AtomicUsize,
    healthy: std::sync::atomic::AtomicBool,
}

impl ServiceJobs for Outage {
    fn run(&self, _job: Job) -> ServiceFuture {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let healthy = self.healthy.load(Ordering::SeqCst);
        Box::pin(async move {
            if healthy {
                Ok(vars(json!({"status": 200})))
            } else {
                Err(ServiceFailure {
                    message: "HTTP 503".into(),
                    bpmn_error: None,
                })
            }
        })
    }
}

#[tokio::test]
async fn an_administrator_retries_an_incident_and_the_executor_runs_it_again() {
    for db in databases().await {
        let label = db.label;
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.connect().await, clock.clone());
        let definition = store.deploy(&service(), None).await.unwrap().remove(0);
        let start = Command::Start {
            definition: DefinitionRef::Key("call".into()),
            business_key: None,
            variables: vars(json!({})),
            parent: None,
            start_event: None,
        };
        let id = store.execute(start, Some("a")).await.unwrap().instance_id;
        let job_id = store.jobs_of(&id).await.unwrap()[0].id.clone();
        let outage = Arc::new(Outage {
            calls: AtomicUsize::new(0),
            healthy: false.into(),
        });
        let executor = JobExecutor::new(store.clone(), "x")
            .with_services(outage.clone())
            .with_backoff(vec![Duration::from_secs(1)]);

        let early = store.retry_incident(&job_id, "admin").await.unwrap_err();
        assert!(
            matches!(
                early,
                StoreError::Engine(EngineError::InvalidOperation { .. })
            ),
            "{label}: not an incident yet: {early}"
        );
        let mut now = T0;
        for _ in 0..3 {
            executor.run_once(now).await.unwrap();
            now = Timestamp(now.0 + 1_000);
        }
        let incidents = store.incident_list().await.unwrap();
        assert_eq!(incidents.len(), 1, "{label}");
        let incident = &incidents[0];
        assert_eq!(incident.job_id, job_id);
        assert_eq!(incident.instance_id.as_deref(), Some(id.as_str()));
        assert_eq!(
            (incident.process_key.as_str(), incident.kind.as_str()),
            ("call", "service")
        );
        assert_eq!(incident.definition_id, definition.id);
        assert_eq!(incident.last_error.as_deref(), Some("HTTP 503"));
        let later = Timestamp(now.0 + 3_600_000);
        assert_eq!(executor.run_once(later).await.unwrap(), Default::default());

        clock.set(later);
        let retried = store.retry_incident(&job_id, "admin").await.unwrap();
        assert!(matches!(retried, Retried::Job(_)), "{label}");
        assert!(store.incident_list().await.unwrap().is_empty(), "{label}");
        let job = store.jobs_of(&id).await.unwrap().remove(0);
        assert_eq!(
            (job.retries, job.due_at, job.incident),
            (3, later.0, false),
            "{label}"
        );
        let history = store.history(&id).await.unwrap();
        let last = history.last().expect("events");
        assert!(
            matches!(last.kind, EventKind::JobRetried { .. }),
            "{label}: {last:?}"
        );
        assert_eq!((last.actor.as_deref(), last.at), (Some("admin"), later));

        outage.healthy.store(true, Ordering::SeqCst);
        assert_eq!(executor.run_once(later).await.unwrap().ran, 1, "{label}");
        let state = store.instance(&id).await.unwrap();
        assert_eq!(
            state.tasks.values().next().map(|t| t.node.as_str()),
            Some("after")
        );
        assert_eq!(outage.calls.load(Ordering::SeqCst), 4);

        let unknown = store.retry_incident("nope", "admin").await.unwrap_err();
        assert!(
            matches!(unknown, StoreError::NotFound { .. }),
            "{label}: {unknown}"
        );
        db.remove().await;
    }
}

#[tokio::test]
async fn a_timer_start_that_cannot_start_becomes_an_incident_and_is_retried() {
    for db in databases().await {
        let label = db.label;
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.connect().await, clock.clone());
        // `${ready}` is unknown until an administrator fixes the model's data: starting fails.
        let broken = model(
            r#"<process id="nightly" isExecutable="true">
              <startEvent id="tick"><timerEventDefinition><timeDuration>PT1M</timeDuration></timerEventDefinition></startEvent>
              <serviceTask id="check" flowable:expression="${ready}"/>
              <endEvent id="end"/>
              <sequenceFlow id="f1" sourceRef="tick" targetRef="check"/>
              <sequenceFlow id="f2" sourceRef="check" targetRef="end"/>
            </process>"#,
        );
        store.deploy(&broken, None).await.unwrap();
        let executor =
            JobExecutor::new(store.clone(), "x").with_backoff(vec![Duration::from_secs(1)]);
        let mut now = Timestamp(T0.0 + 60_000);
        let mut incidents = 0;
        for _ in 0..3 {
            incidents += executor.run_once(now).await.unwrap().incidents;
            now = Timestamp(now.0 + 1_000);
        }
        assert_eq!(incidents, 1, "{label}");
        let list = store.incident_list().await.unwrap();
        assert_eq!(list.len(), 1, "{label}");
        assert_eq!(
            (list[0].kind.as_str(), list[0].instance_id.as_deref()),
            ("timerStart", None)
        );
        assert!(
            list[0]
                .last_error
                .as_deref()
                .unwrap_or_default()
                .contains("ready"),
            "{label}: {:?}",
            list[0]
        );
        assert_eq!(
            executor
                .run_once(Timestamp(now.0 + 3_600_000))
                .await
                .unwrap(),
            Default::default()
        );

        clock.set(Timestamp(now.0 + 3_600_000));
        let retried = store
            .retry_incident(&list[0].job_id, "admin")
            .await
            .unwrap();
        assert_eq!(retried, Retried::StartTimer, "{label}");
        assert!(store.incident_list().await.unwrap().is_empty(), "{label}");
        let turn = executor.run_once(clock.now()).await.unwrap();
        assert_eq!(
            turn.retried, 1,
            "{label}: due again, fails again (the data is still missing)"
        );
        db.remove().await;
    }
}
