//! Who may act on a task is decided against the task the command acts on, inside its
//! transaction: an approval sent by the old assignee while a transfer commits is refused,
//! never applied to a task that is no longer theirs.

mod support;

use std::time::Duration;

use sqlx::Connection;
use woc_engine::{Command, DefinitionRef, Variables};
use workorder::account::CurrentUser;
use workorder::server::service::actor::Actor;
use workorder::server::service::error::ServiceError;
use workorder::server::service::workflow::tasks;

const MODEL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <process id="repair" name="报修" isExecutable="true">
    <startEvent id="start"/>
    <userTask id="handle" name="处理" flowable:assignee="zhangsan"/>
    <endEvent id="end"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="handle"/>
    <sequenceFlow id="f2" sourceRef="handle" targetRef="end"/>
  </process>
</definitions>"#;

/// Approving `task_id` with no variables.
fn approval(task_id: &str) -> Command {
    Command::Complete {
        task_id: task_id.to_owned(),
        variables: Variables::default(),
        comment: None,
        next_assignees: Vec::new(),
        copy_to: Vec::new(),
    }
}

fn person(username: &str) -> Actor {
    Actor::user(CurrentUser {
        username: username.into(),
        nick_name: username.into(),
        is_admin: false,
    })
}

/// zhangsan transfers the task to lisi and, a moment later, approves it from another tab.
/// The transfer reaches the store first but waits for the database's write lock, held here;
/// the approval passes any check made before its transaction (the task is still zhangsan's
/// then) and queues behind it. Once the lock is released the transfer commits, and the
/// approval must then find the task lisi's and be refused, with nothing written.
#[tokio::test]
async fn sqlite_an_approval_after_a_transfer_committed_is_refused() {
    let db = support::TestDatabase::sqlite("task-authority");
    let state = support::prepared_state(&db.url).await;
    let store = state.workflow.clone();
    store.deploy(MODEL, None).await.unwrap();
    let started = store
        .execute(
            Command::Start {
                definition: DefinitionRef::Key("repair".into()),
                business_key: None,
                variables: Variables::default(),
                parent: None,
                start_event: None,
            },
            Some("zhangsan"),
        )
        .await
        .unwrap();
    let task_id = started.new_tasks[0].clone();

    // Another connection takes SQLite's one write lock, so commands queue behind it.
    let mut blocker = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
    sqlx::raw_sql("BEGIN IMMEDIATE")
        .execute(&mut blocker)
        .await
        .unwrap();

    let transfer = tokio::spawn({
        let (store, task_id) = (store.clone(), task_id.clone());
        async move {
            let zhangsan = person("zhangsan");
            let to = "lisi".to_owned();
            let transfer = Command::Transfer {
                task_id,
                to,
                comment: None,
            };
            tasks::act(&store, &zhangsan, transfer).await
        }
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    let approve = tokio::spawn({
        let (store, task_id) = (store.clone(), task_id.clone());
        async move {
            let zhangsan = person("zhangsan");
            tasks::act(&store, &zhangsan, approval(&task_id)).await
        }
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    sqlx::raw_sql("COMMIT").execute(&mut blocker).await.unwrap();

    let transfer = transfer.await.unwrap();
    let approve = approve.await.unwrap();
    // Whichever order the two took, both cannot have succeeded: that would be zhangsan
    // approving a task that was lisi's when the approval was written.
    match (&transfer, &approve) {
        (Ok(_), Err(ServiceError::Forbidden)) => {
            let task = store.open_task(&task_id).await.unwrap();
            assert_eq!(task.assignee.as_deref(), Some("lisi"));
        }
        (Err(ServiceError::NotFound | ServiceError::Conflict(_)), Ok(_)) => {}
        other => panic!("transfer and approval: {other:?}"),
    }
    // lisi, the assignee now, may still approve it.
    if transfer.is_ok() {
        tasks::act(&store, &person("lisi"), approval(&task_id))
            .await
            .unwrap();
    }
    state.db.close().await;
}
