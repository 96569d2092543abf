//! Optimistic locking under real concurrency: separate connections, simultaneous commands.

mod common;

use std::sync::Arc;

use common::{databases, model, vars, T0};
use serde_json::json;
use woc_engine::{Command, DefinitionRef, InstanceStatus, ManualClock};
use woc_store::{SqlStore, StoreError};

fn four_branches() -> String {
    model(
        r#"<process id="four" isExecutable="true">
          <startEvent id="start"/>
          <parallelGateway id="fork"/>
          <userTask id="a" flowable:assignee="u"/>
          <userTask id="b" flowable:assignee="u"/>
          <userTask id="c" flowable:assignee="u"/>
          <userTask id="d" flowable:assignee="u"/>
          <parallelGateway id="join"/>
          <userTask id="after" flowable:assignee="u"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
          <sequenceFlow id="fa" sourceRef="fork" targetRef="a"/>
          <sequenceFlow id="fb" sourceRef="fork" targetRef="b"/>
          <sequenceFlow id="fc" sourceRef="fork" targetRef="c"/>
          <sequenceFlow id="fd" sourceRef="fork" targetRef="d"/>
          <sequenceFlow id="ja" sourceRef="a" targetRef="join"/>
          <sequenceFlow id="jb" sourceRef="b" targetRef="join"/>
          <sequenceFlow id="jc" sourceRef="c" targetRef="join"/>
          <sequenceFlow id="jd" sourceRef="d" targetRef="join"/>
          <sequenceFlow id="f2" sourceRef="join" targetRef="after"/>
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

fn complete(task_id: &str) -> Command {
    Command::Complete {
        task_id: task_id.into(),
        variables: Default::default(),
        comment: None,
        next_assignees: vec![],
        copy_to: vec![],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_completions_of_one_task_advance_the_instance_once() {
    for db in databases().await {
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        store.deploy(&four_branches(), None).await.unwrap();
        for round in 0..5 {
            let id = store
                .execute(start("four"), Some("alice"))
                .await
                .unwrap()
                .instance_id;
            let state = store.instance(&id).await.unwrap();
            let task = state
                .tasks
                .values()
                .find(|t| t.node == "a")
                .unwrap()
                .id
                .clone();
            let racers: Vec<_> = (0..2)
                .map(|_| {
                    let store = store.clone();
                    let task = task.clone();
                    tokio::spawn(async move { store.execute(complete(&task), Some("u")).await })
                })
                .collect();
            let mut ok = 0;
            for racer in racers {
                match racer.await.unwrap() {
                    Ok(_) => ok += 1,
                    Err(StoreError::Conflict(_)) | Err(StoreError::NotFound { .. }) => {}
                    Err(other) => panic!("{}: unexpected {other}", db.label),
                }
            }
            assert_eq!(
                ok, 1,
                "{} round {round}: exactly one completion wins",
                db.label
            );
            let after = store.instance(&id).await.unwrap();
            assert_eq!(
                after.revision, 2,
                "{}: one commit after the start",
                db.label
            );
            let completions = store
                .history(&id)
                .await
                .unwrap()
                .iter()
                .filter(|e| matches!(&e.kind, woc_engine::EventKind::TaskCompleted { task_id, .. } if *task_id == task))
                .count();
            assert_eq!(completions, 1, "{}", db.label);
        }
        db.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_branches_completed_at_once_join_exactly_once() {
    for db in databases().await {
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        store.deploy(&four_branches(), None).await.unwrap();
        for _ in 0..3 {
            let id = store
                .execute(start("four"), Some("alice"))
                .await
                .unwrap()
                .instance_id;
            let tasks: Vec<String> = store
                .instance(&id)
                .await
                .unwrap()
                .tasks
                .keys()
                .cloned()
                .collect();
            assert_eq!(tasks.len(), 4);
            let barrier = Arc::new(tokio::sync::Barrier::new(4));
            let workers: Vec<_> = tasks
                .into_iter()
                .map(|task| {
                    let store = store.clone();
                    let barrier = barrier.clone();
                    tokio::spawn(async move {
                        barrier.wait().await;
                        store.execute_retrying(complete(&task), Some("u"), 20).await
                    })
                })
                .collect();
            for worker in workers {
                worker
                    .await
                    .unwrap()
                    .unwrap_or_else(|e| panic!("{}: {e}", db.label));
            }
            let state = store.instance(&id).await.unwrap();
            let open: Vec<&str> = state.tasks.values().map(|t| t.node.as_str()).collect();
            assert_eq!(
                open,
                vec!["after"],
                "{}: the join fired exactly once",
                db.label
            );
            let todo = store.todo("u", &[], Default::default()).await.unwrap();
            assert_eq!(
                todo.rows
                    .iter()
                    .filter(|r| r.instance.instance_id == id)
                    .count(),
                1
            );
            let after = state.tasks.keys().next().unwrap().clone();
            let done = store.execute(complete(&after), Some("u")).await.unwrap();
            assert_eq!(done.status, InstanceStatus::Completed);
            let ended = store
                .history(&id)
                .await
                .unwrap()
                .iter()
                .filter(|e| matches!(e.kind, woc_engine::EventKind::InstanceEnded { .. }))
                .count();
            assert_eq!(ended, 1, "{}: the instance ended once", db.label);
        }
        db.remove().await;
    }
}
