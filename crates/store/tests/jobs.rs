//! The job executor: exactly-once across executors, retries with backoff, incidents.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{databases, model, vars, T0};
use serde_json::json;
use woc_engine::{Command, DefinitionRef, Job, ManualClock, Timestamp};
use woc_store::{JobExecutor, ServiceFailure, ServiceFuture, ServiceJobs, SqlStore};

fn timer() -> String {
    model(
        r#"<process id="wait" isExecutable="true">
          <startEvent id="start"/>
          <intermediateCatchEvent id="tm"><timerEventDefinition><timeDuration>PT10M</timeDuration></timerEventDefinition></intermediateCatchEvent>
          <userTask id="after" flowable:assignee="u"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="tm"/>
          <sequenceFlow id="f2" sourceRef="tm" targetRef="after"/>
          <sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
        </process>"#,
    )
}

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

fn start(key: &str) -> Command {
    Command::Start {
        definition: DefinitionRef::Key(key.into()),
        business_key: None,
        variables: vars(json!({})),
        parent: None,
        start_event: None,
    }
}

const MINUTE: i64 = 60_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_executors_run_each_due_job_exactly_once() {
    for db in databases().await {
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.connect().await, clock.clone());
        store.deploy(&timer(), None).await.unwrap();
        let mut ids = Vec::new();
        for _ in 0..12 {
            ids.push(
                store
                    .execute(start("wait"), Some("a"))
                    .await
                    .unwrap()
                    .instance_id,
            );
        }
        // Not due yet: nothing runs.
        let early = JobExecutor::new(store.clone(), "early");
        assert_eq!(early.run_once(T0.plus_millis(MINUTE)).await.unwrap().ran, 0);

        let now = T0.plus_millis(10 * MINUTE);
        clock.set(now);
        let executors: Vec<_> = ["node-1", "node-2"]
            .into_iter()
            .map(|owner| {
                let executor = JobExecutor::new(store.clone(), owner).with_batch(4);
                tokio::spawn(async move {
                    let mut ran = 0;
                    loop {
                        let turn = executor.run_once(now).await.unwrap();
                        ran += turn.ran;
                        if turn == Default::default() {
                            return ran;
                        }
                    }
                })
            })
            .collect();
        let mut total = 0;
        for executor in executors {
            total += executor.await.unwrap();
        }
        assert_eq!(total, ids.len(), "{}: every timer fired once", db.label);
        for id in &ids {
            let state = store.instance(id).await.unwrap();
            assert_eq!(state.revision, 2, "{}: start + one timer firing", db.label);
            assert_eq!(state.tasks.len(), 1);
            assert!(state.jobs.is_empty());
            assert!(store.jobs_of(id).await.unwrap().is_empty());
        }
        assert_eq!(
            store
                .todo("u", &[], Default::default())
                .await
                .unwrap()
                .total,
            12
        );
        db.remove().await;
    }
}

/// A service that fails until `succeed_after` calls were made.
struct Flaky {
    calls: AtomicUsize,
    succeed_after: usize,
}

impl ServiceJobs for Flaky {
    fn run(&self, job: Job) -> ServiceFuture {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let succeed = call > self.succeed_after;
        Box::pin(async move {
            if succeed {
                Ok(vars(json!({"status": 200, "node": job.node})))
            } else {
                Err(ServiceFailure {
                    message: format!("HTTP 503 (call {call})"),
                    bpmn_error: None,
                })
            }
        })
    }
}

#[tokio::test]
async fn failures_back_off_then_become_an_incident() {
    for db in databases().await {
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        store.deploy(&service(), None).await.unwrap();
        let id = store
            .execute(start("call"), Some("a"))
            .await
            .unwrap()
            .instance_id;
        let flaky = Arc::new(Flaky {
            calls: AtomicUsize::new(0),
            succeed_after: usize::MAX,
        });
        let executor = JobExecutor::new(store.clone(), "x")
            .with_services(flaky.clone())
            .with_backoff(vec![Duration::from_secs(10), Duration::from_secs(60)]);
        // Without service handlers an executor leaves the job alone.
        let plain = JobExecutor::new(store.clone(), "plain");
        assert_eq!(plain.run_once(T0).await.unwrap().ran, 0);

        let turn = executor.run_once(T0).await.unwrap();
        assert_eq!(turn.retried, 1, "{}", db.label);
        let job = &store.jobs_of(&id).await.unwrap()[0];
        assert_eq!(
            (job.retries, job.due_at),
            (2, T0.0 + 10_000),
            "{}: 10 s backoff",
            db.label
        );
        assert_eq!(job.last_error.as_deref(), Some("HTTP 503 (call 1)"));
        assert_eq!(
            executor.run_once(Timestamp(T0.0 + 9_999)).await.unwrap(),
            Default::default()
        );

        let second = Timestamp(T0.0 + 10_000);
        assert_eq!(executor.run_once(second).await.unwrap().retried, 1);
        let job = &store.jobs_of(&id).await.unwrap()[0];
        assert_eq!(
            (job.retries, job.due_at),
            (1, second.0 + 60_000),
            "{}: 1 min",
            db.label
        );

        let third = Timestamp(second.0 + 60_000);
        assert_eq!(
            executor.run_once(third).await.unwrap().incidents,
            1,
            "{}",
            db.label
        );
        let incidents = store.incidents().await.unwrap();
        assert_eq!(incidents.len(), 1);
        assert!(incidents[0].incident && incidents[0].retries == 0);
        // An incident is never taken again.
        let later = Timestamp(third.0 + 3_600_000);
        assert_eq!(executor.run_once(later).await.unwrap(), Default::default());
        assert_eq!(flaky.calls.load(Ordering::SeqCst), 3);
        db.remove().await;
    }
}

#[tokio::test]
async fn a_service_job_that_recovers_moves_the_instance_on() {
    for db in databases().await {
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        store.deploy(&service(), None).await.unwrap();
        let id = store
            .execute(start("call"), Some("a"))
            .await
            .unwrap()
            .instance_id;
        let executor = JobExecutor::new(store.clone(), "x").with_services(Arc::new(Flaky {
            calls: AtomicUsize::new(0),
            succeed_after: 1,
        }));
        assert_eq!(executor.run_once(T0).await.unwrap().retried, 1);
        let retry = Timestamp(T0.0 + 10_000);
        assert_eq!(
            executor.run_once(retry).await.unwrap().ran,
            1,
            "{}",
            db.label
        );
        let state = store.instance(&id).await.unwrap();
        assert_eq!(state.variables.get("status"), Some(&json!(200)));
        assert_eq!(
            state.tasks.values().next().map(|t| t.node.as_str()),
            Some("after")
        );
        assert!(store.incidents().await.unwrap().is_empty());
        db.remove().await;
    }
}

#[tokio::test]
async fn an_expired_lock_lets_another_executor_take_the_job() {
    for db in databases().await {
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        store.deploy(&timer(), None).await.unwrap();
        let id = store
            .execute(start("wait"), Some("a"))
            .await
            .unwrap()
            .instance_id;
        let due = T0.plus_millis(10 * MINUTE);
        // An executor takes the job and dies before running it.
        let taken = store
            .acquire_due_jobs("crashed", due, 10, Duration::from_secs(60), false)
            .await
            .unwrap();
        assert_eq!(taken.len(), 1);
        let other = JobExecutor::new(store.clone(), "survivor");
        assert_eq!(
            other.run_once(due).await.unwrap().ran,
            0,
            "{}: still locked",
            db.label
        );
        assert_eq!(
            other
                .run_once(due.plus_millis(MINUTE + 1))
                .await
                .unwrap()
                .ran,
            1
        );
        assert_eq!(store.instance(&id).await.unwrap().tasks.len(), 1);
        db.remove().await;
    }
}
