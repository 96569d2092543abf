//! Follow-ups of committed commands survive the process that committed them: a call
//! activity's child start and a child's report to its parent are kept as pending effects in
//! the command's own transaction, and a job executor runs the ones whose lease expired,
//! exactly once, on SQLite and PostgreSQL.

mod common;

use std::sync::Arc;

use common::{databases, model, T0};
use woc_engine::{Command, DefinitionRef, ManualClock, Timestamp};
use woc_store::db::Db;
use woc_store::{with_pool, JobExecutor, Paging, SqlStore};

/// Longer than the committing process's lease on its effects (a minute).
const AFTER_LEASE: i64 = 61_000;

fn parent_and_child(called: &str) -> String {
    model(&format!(
        r#"<process id="parent" isExecutable="true">
          <startEvent id="start"/>
          <callActivity id="call" calledElement="{called}"/>
          <userTask id="after" flowable:assignee="p"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
          <sequenceFlow id="f2" sourceRef="call" targetRef="after"/>
          <sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
        </process>"#
    ))
}

fn child() -> String {
    model(
        r#"<process id="child" isExecutable="true">
          <startEvent id="cstart"/>
          <userTask id="inner" flowable:assignee="c"/>
          <endEvent id="cend"/>
          <sequenceFlow id="c1" sourceRef="cstart" targetRef="inner"/>
          <sequenceFlow id="c2" sourceRef="inner" targetRef="cend"/>
        </process>"#,
    )
}

fn start_parent() -> Command {
    Command::Start {
        definition: DefinitionRef::Key("parent".into()),
        business_key: None,
        variables: Default::default(),
        parent: None,
        start_event: None,
    }
}

fn complete(task_id: &str) -> Command {
    Command::Complete {
        task_id: task_id.into(),
        variables: Default::default(),
        comment: None,
        next_assignees: vec![],
        copy_to: vec![],
    }
}

async fn count(db: &Db, sql: &str) -> i64 {
    with_pool!(db, |pool| sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap())
}

async fn children(store: &SqlStore, parent: &str) -> i64 {
    count(
        store.db(),
        &format!("SELECT COUNT(*) FROM process_instances WHERE parent_instance_id = '{parent}'"),
    )
    .await
}

async fn open_nodes(store: &SqlStore, instance: &str) -> Vec<String> {
    let state = store.instance(instance).await.unwrap();
    state.tasks.values().map(|t| t.node.clone()).collect()
}

#[tokio::test]
async fn a_job_executor_finishes_what_a_stopped_process_committed() {
    for db in databases().await {
        let label = db.label;
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.connect().await, clock.clone());
        store
            .deploy(&parent_and_child("child"), None)
            .await
            .unwrap();
        store.deploy(&child(), None).await.unwrap();
        let executor = JobExecutor::new(store.clone(), "recovering");

        // The parent's start commits; the process stops before it starts the child.
        let parent = store
            .commit_and_stop(start_parent(), Some("ann"))
            .await
            .unwrap()
            .instance_id;
        assert_eq!(children(&store, &parent).await, 0, "{label}");
        assert_eq!(
            count(store.db(), "SELECT COUNT(*) FROM pending_effects").await,
            1,
            "{label}"
        );
        // Within the lease the committing process may still be at it: nobody takes it over.
        let turn = executor.run_once(T0).await.unwrap();
        assert_eq!(turn.recovered, 0, "{label}");
        assert_eq!(children(&store, &parent).await, 0, "{label}");

        // After it, an executor starts the child, once, however often it turns.
        let later = Timestamp(T0.0 + AFTER_LEASE);
        assert_eq!(
            executor.run_once(later).await.unwrap().recovered,
            1,
            "{label}"
        );
        assert_eq!(
            executor.run_once(later).await.unwrap().recovered,
            0,
            "{label}"
        );
        assert_eq!(children(&store, &parent).await, 1, "{label}");
        assert_eq!(
            count(store.db(), "SELECT COUNT(*) FROM pending_effects").await,
            0,
            "{label}"
        );

        // The child's last task completes; the process stops before telling the parent.
        let todo = store.todo("c", &[], Paging::default()).await.unwrap();
        assert_eq!(todo.total, 1, "{label}: the child's task");
        store
            .commit_and_stop(complete(&todo.rows[0].task_id), Some("c"))
            .await
            .unwrap();
        assert!(open_nodes(&store, &parent).await.is_empty(), "{label}");
        let latest = Timestamp(later.0 + AFTER_LEASE);
        assert_eq!(
            executor.run_once(latest).await.unwrap().recovered,
            1,
            "{label}"
        );
        assert_eq!(open_nodes(&store, &parent).await, vec!["after"], "{label}");

        // A process that does not stop leaves nothing pending.
        store.execute(start_parent(), Some("ann")).await.unwrap();
        assert_eq!(
            count(store.db(), "SELECT COUNT(*) FROM pending_effects").await,
            0,
            "{label}"
        );
        db.remove().await;
    }
}

#[tokio::test]
async fn two_executors_recovering_one_effect_start_one_child() {
    for db in databases().await {
        let label = db.label;
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        store
            .deploy(&parent_and_child("child"), None)
            .await
            .unwrap();
        store.deploy(&child(), None).await.unwrap();
        let mut parents = Vec::new();
        for _ in 0..4 {
            let started = store.commit_and_stop(start_parent(), Some("ann")).await;
            parents.push(started.unwrap().instance_id);
        }
        let later = Timestamp(T0.0 + AFTER_LEASE);
        let (a, b) = (
            JobExecutor::new(store.clone(), "a"),
            JobExecutor::new(store.clone(), "b"),
        );
        let (turn_a, turn_b) = tokio::join!(a.run_once(later), b.run_once(later));
        let recovered = turn_a.unwrap().recovered + turn_b.unwrap().recovered;
        assert_eq!(recovered, 4, "{label}");
        for parent in &parents {
            assert_eq!(children(&store, parent).await, 1, "{label}: {parent}");
        }
        db.remove().await;
    }
}

#[tokio::test]
async fn a_follow_up_that_fails_is_kept_and_done_once_it_can_be() {
    for db in databases().await {
        let label = db.label;
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        // The called process is not deployed yet: the parent commits, its child cannot start.
        store
            .deploy(&parent_and_child("child"), None)
            .await
            .unwrap();
        let refused = store.execute(start_parent(), Some("ann")).await;
        assert!(refused.is_err(), "{label}: {refused:?}");
        let parent: String = with_pool!(store.db(), |pool| sqlx::query_scalar(
            "SELECT instance_id FROM process_instances WHERE process_key = 'parent'"
        )
        .fetch_one(pool)
        .await
        .unwrap());
        let executor = JobExecutor::new(store.clone(), "recovering");
        let later = Timestamp(T0.0 + AFTER_LEASE);
        let turn = executor.run_once(later).await.unwrap();
        assert_eq!((turn.recovered, turn.retried), (0, 1), "{label}");
        let error: Option<String> = with_pool!(store.db(), |pool| sqlx::query_scalar(
            "SELECT last_error FROM pending_effects"
        )
        .fetch_one(pool)
        .await
        .unwrap());
        assert!(
            error.unwrap().contains("child"),
            "{label}: names the missing process"
        );

        // Deployed later, the next attempt (a lease after the failed one) starts the child.
        store.deploy(&child(), None).await.unwrap();
        let early = executor
            .run_once(Timestamp(later.0 + 30_000))
            .await
            .unwrap();
        assert_eq!(
            early.recovered, 0,
            "{label}: not before the next attempt is due"
        );
        let turn = executor
            .run_once(Timestamp(later.0 + 60_000))
            .await
            .unwrap();
        assert_eq!(turn.recovered, 1, "{label}");
        assert_eq!(children(&store, &parent).await, 1, "{label}");
        db.remove().await;
    }
}
