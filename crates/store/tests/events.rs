//! Message starts, signal broadcasts and event sub-processes, on the memory store, SQLite and
//! PostgreSQL (when `WOC_TEST_POSTGRES_URL` is set): the subscription and event-start tables
//! must find the same receivers the engine's own state does.

mod common;

use std::sync::Arc;

use common::{backends, model, remove_all, vars, Backend, T0};
use serde_json::{json, Map, Value};
use woc_engine::{Command, InstanceStatus, ManualClock, SignalDelivery};
use woc_store::{JobExecutor, StoreError};

fn signals() -> String {
    model(
        r#"<signal id="s1" name="alarm"/>
      <process id="watch" isExecutable="true">
        <startEvent id="start"/>
        <intermediateCatchEvent id="listen"><signalEventDefinition signalRef="s1"/></intermediateCatchEvent>
        <userTask id="react" flowable:assignee="u"/>
        <sequenceFlow id="f1" sourceRef="start" targetRef="listen"/>
        <sequenceFlow id="f2" sourceRef="listen" targetRef="react"/>
      </process>
      <process id="siren" isExecutable="true">
        <startEvent id="go"><signalEventDefinition signalRef="s1"/></startEvent>
        <userTask id="respond" flowable:assignee="u"/>
        <sequenceFlow id="f1" sourceRef="go" targetRef="respond"/>
      </process>
      <process id="thrower" isExecutable="true">
        <startEvent id="start"/>
        <userTask id="decide" flowable:assignee="u"/>
        <intermediateThrowEvent id="raise"><signalEventDefinition signalRef="s1"/></intermediateThrowEvent>
        <endEvent id="end"/>
        <sequenceFlow id="f1" sourceRef="start" targetRef="decide"/>
        <sequenceFlow id="f2" sourceRef="decide" targetRef="raise"/>
        <sequenceFlow id="f3" sourceRef="raise" targetRef="end"/>
      </process>
      <process id="guarded" isExecutable="true">
        <startEvent id="start"/>
        <userTask id="work" flowable:assignee="u"/>
        <endEvent id="end"/>
        <sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
        <sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
        <subProcess id="abort" triggeredByEvent="true">
          <startEvent id="aborted"><signalEventDefinition signalRef="stop"/></startEvent>
          <userTask id="cleanup" flowable:assignee="u"/>
          <sequenceFlow id="a1" sourceRef="aborted" targetRef="cleanup"/>
        </subProcess>
      </process>"#,
    )
}

fn orders() -> String {
    model(
        r#"<message id="m1" name="new-order"/><message id="m2" name="paid"/>
      <process id="order" isExecutable="true">
        <startEvent id="received"><messageEventDefinition messageRef="m1"/></startEvent>
        <intermediateCatchEvent id="wait"><messageEventDefinition messageRef="m2"/></intermediateCatchEvent>
        <userTask id="ship" flowable:assignee="u"/>
        <sequenceFlow id="f1" sourceRef="received" targetRef="wait"/>
        <sequenceFlow id="f2" sourceRef="wait" targetRef="ship"/>
        <subProcess id="cancel" triggeredByEvent="true">
          <startEvent id="cancelled"><messageEventDefinition messageRef="m3"/></startEvent>
          <userTask id="refund" flowable:assignee="u"/>
          <sequenceFlow id="c1" sourceRef="cancelled" targetRef="refund"/>
        </subProcess>
      </process>"#,
    )
}

async fn signal(b: &Backend, name: &str, variables: Value) -> SignalDelivery {
    match b {
        Backend::Sql(store, _) => store
            .signal(name, vars(variables), Some("hook"))
            .await
            .expect("signal"),
        Backend::Memory(engine) => engine
            .signal(name, vars(variables), Some("hook"))
            .expect("signal"),
    }
}

/// Delivers a message as the REST endpoint does: (instance, started), or the error text.
async fn message(
    b: &Backend,
    name: &str,
    business_key: Option<&str>,
    instance_id: Option<&str>,
) -> Result<(String, bool), String> {
    match b {
        Backend::Sql(store, _) => store
            .deliver_message(name, business_key, instance_id, Map::new(), Some("hook"))
            .await
            .map(|d| (d.outcome.instance_id, d.started))
            .map_err(|e| match e {
                StoreError::NotFound { .. } => "not found".to_string(),
                other => other.to_string(),
            }),
        Backend::Memory(engine) => {
            if instance_id.is_some() {
                return Err("the memory engine correlates by name and key only".into());
            }
            match engine.correlate_message(name, business_key, Map::new(), Some("hook")) {
                Ok(outcome) => Ok((outcome.instance_id, false)),
                Err(woc_engine::EngineError::NotFound { .. }) => engine
                    .start_by_message(name, business_key, Map::new(), Some("hook"))
                    .map(|o| (o.instance_id, true))
                    .map_err(|_| "not found".to_string()),
                Err(other) => Err(other.to_string()),
            }
        }
    }
}

async fn on_every_backend<F, Fut>(models: &[String], scenario: F)
where
    F: Fn(Backend) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let (all, dbs) = backends(Arc::new(ManualClock::new(T0))).await;
    for backend in all {
        for xml in models {
            backend.deploy(xml).await;
        }
        scenario(backend).await;
    }
    remove_all(dbs).await;
}

#[tokio::test]
async fn a_signal_reaches_every_waiting_instance_and_starts_signal_start_processes() {
    on_every_backend(&[signals()], |b| async move {
        let label = b.label();
        let first = b.start("watch", json!({}), "alice").await;
        let second = b.start("watch", json!({}), "alice").await;
        let delivery = signal(&b, "alarm", json!({"level": 3})).await;
        let mut delivered = delivery.delivered.clone();
        delivered.sort();
        let mut expected = vec![first.clone(), second.clone()];
        expected.sort();
        assert_eq!(delivered, expected, "{label}");
        assert_eq!(delivery.started.len(), 1, "{label}: siren started");
        assert_eq!(b.open_nodes(&delivery.started[0]).await, vec!["respond"]);
        for id in [&first, &second] {
            assert_eq!(b.open_nodes(id).await, vec!["react"]);
            assert_eq!(b.instance(id).await.variables.get("level"), Some(&json!(3)));
        }
        let again = signal(&b, "alarm", json!({})).await;
        assert!(again.delivered.is_empty(), "{label}: nobody waits any more");
        assert_eq!(again.started.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_thrown_signal_reaches_other_instances_after_the_commit() {
    on_every_backend(&[signals()], |b| async move {
        let label = b.label();
        let watcher = b.start("watch", json!({}), "alice").await;
        let guarded = b.start("guarded", json!({}), "alice").await;
        let thrower = b.start("thrower", json!({}), "alice").await;
        let decide = b.task_at(&thrower, "decide").await;
        b.complete(&decide, "u", json!({})).await;
        assert_eq!(b.open_nodes(&watcher).await, vec!["react"], "{label}");
        assert!(b.open_nodes(&thrower).await.is_empty());
        // Follow-ups act for the user whose command threw the signal.
        assert_eq!(
            b.started("u").await.len(),
            1,
            "{label}: the throw started one siren"
        );
        assert_eq!(b.open_nodes(&guarded).await, vec!["work"], "other signal");
        let stop = signal(&b, "stop", json!({})).await;
        assert_eq!(stop.delivered, vec![guarded.clone()], "{label}");
        assert_eq!(b.open_nodes(&guarded).await, vec!["cleanup"]);
        let cleanup = b.task_at(&guarded, "cleanup").await;
        b.complete(&cleanup, "u", json!({})).await;
        assert_eq!(
            b.instance(&guarded).await.status,
            woc_engine::InstanceStatus::Completed
        );
    })
    .await;
}

#[tokio::test]
async fn a_message_starts_an_instance_then_reaches_it() {
    on_every_backend(&[orders()], |b| async move {
        let label = b.label();
        let (order, started) = message(&b, "new-order", Some("ORD-1"), None)
            .await
            .expect("started");
        assert!(started, "{label}");
        let state = b.instance(&order).await;
        assert_eq!(state.business_key.as_deref(), Some("ORD-1"));
        assert_eq!(
            state.subscriptions.len(),
            2,
            "paid, and the event sub-process"
        );
        assert_eq!(
            message(&b, "nothing", None, None).await,
            Err("not found".into()),
            "{label}"
        );
        assert_eq!(
            message(&b, "paid", Some("ORD-2"), None).await,
            Err("not found".into()),
            "{label}: another order's payment"
        );
        assert_eq!(
            message(&b, "paid", Some("ORD-1"), None).await,
            Ok((order.clone(), false))
        );
        assert_eq!(b.open_nodes(&order).await, vec!["ship"]);
        // The interrupting event sub-process cancels the shipping.
        assert_eq!(
            message(&b, "m3", None, None).await,
            Ok((order.clone(), false))
        );
        assert_eq!(b.open_nodes(&order).await, vec!["refund"], "{label}");
        if let Backend::Sql(..) = &b {
            assert_eq!(
                message(&b, "new-order", None, Some(&order)).await,
                Err("not found".into()),
                "a message for one instance never starts another"
            );
        }
    })
    .await;
}

fn reminders() -> String {
    model(
        r#"<process id="remind" isExecutable="true">
        <startEvent id="start"/>
        <userTask id="work" flowable:assignee="u"/>
        <boundaryEvent id="urgent" attachedToRef="work"><conditionalEventDefinition><condition>${priority &gt; 5}</condition></conditionalEventDefinition></boundaryEvent>
        <userTask id="escalated" flowable:assignee="boss"/>
        <endEvent id="end"/>
        <sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
        <sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
        <sequenceFlow id="f3" sourceRef="urgent" targetRef="escalated"/>
        <subProcess id="nag" triggeredByEvent="true">
          <startEvent id="every" isInterrupting="false"><timerEventDefinition><timeCycle>R2/PT1H</timeCycle></timerEventDefinition></startEvent>
          <userTask id="reminder" flowable:assignee="u"/>
          <sequenceFlow id="n1" sourceRef="every" targetRef="reminder"/>
        </subProcess>
      </process>"#,
    )
}

#[tokio::test]
async fn a_timer_event_sub_process_runs_from_the_job_executor_and_conditions_follow_variables() {
    for db in common::databases().await {
        let clock = Arc::new(ManualClock::new(T0));
        let store = woc_store::SqlStore::new(db.connect().await, clock.clone());
        store.deploy(&reminders(), None).await.expect("deploy");
        let start = Command::Start {
            definition: woc_engine::DefinitionRef::Key("remind".into()),
            business_key: None,
            variables: vars(json!({"priority": 1})),
            parent: None,
            start_event: None,
        };
        let id = store
            .execute(start, Some("a"))
            .await
            .expect("start")
            .instance_id;
        let executor = JobExecutor::new(store.clone(), "node-1");
        let hour = 3_600_000;
        for n in 1..=3 {
            executor
                .run_once(T0.plus_millis(n * hour))
                .await
                .expect("turn");
        }
        let open = |state: &woc_engine::ProcessInstance| {
            let mut nodes: Vec<String> = state.tasks.values().map(|t| t.node.clone()).collect();
            nodes.sort();
            nodes
        };
        let state = store.instance(&id).await.expect("instance");
        assert_eq!(
            open(&state),
            vec!["reminder", "reminder", "work"],
            "{}",
            db.label
        );
        assert!(state.jobs.is_empty(), "R2: two firings only");
        // A variable change from outside moves the token past the conditional boundary.
        store
            .execute(
                Command::SetVariables {
                    instance_id: id.clone(),
                    variables: vars(json!({"priority": 9})),
                },
                Some("admin"),
            )
            .await
            .expect("set");
        let state = store.instance(&id).await.expect("instance");
        assert_eq!(open(&state), vec!["escalated", "reminder", "reminder"]);
        for task in state.tasks.keys() {
            store
                .execute(
                    Command::Complete {
                        task_id: task.clone(),
                        variables: Default::default(),
                        comment: None,
                        next_assignees: vec![],
                        copy_to: vec![],
                    },
                    Some("admin"),
                )
                .await
                .expect("complete");
        }
        let state = store.instance(&id).await.expect("instance");
        assert_eq!(state.status, InstanceStatus::Completed, "{}", db.label);
        db.remove().await;
    }
}
