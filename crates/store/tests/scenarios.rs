//! The engine's scenario behaviours, run against the memory store and the SQL store(s): the
//! same assertions must hold for every backend.

mod common;

use std::sync::Arc;

use common::{backends, model, remove_all, vars, Backend, T0};
use serde_json::json;
use woc_engine::{Command, InstanceStatus, ManualClock};

fn linear() -> String {
    model(
        r#"<process id="leave" name="Leave" isExecutable="true">
          <startEvent id="start"/>
          <userTask id="approve" name="Approve" flowable:assignee="${manager}"/>
          <userTask id="archive" name="Archive" flowable:assignee="clerk"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
          <sequenceFlow id="f2" sourceRef="approve" targetRef="archive"/>
          <sequenceFlow id="f3" sourceRef="archive" targetRef="end"/>
        </process>"#,
    )
}

fn parallel() -> String {
    model(
        r#"<process id="par" isExecutable="true">
          <startEvent id="start"/>
          <parallelGateway id="fork"/>
          <userTask id="a" flowable:assignee="u"/>
          <userTask id="b" flowable:assignee="u"/>
          <userTask id="c" flowable:assignee="u"/>
          <parallelGateway id="join"/>
          <userTask id="after" flowable:assignee="u"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
          <sequenceFlow id="fa" sourceRef="fork" targetRef="a"/>
          <sequenceFlow id="fb" sourceRef="fork" targetRef="b"/>
          <sequenceFlow id="fc" sourceRef="fork" targetRef="c"/>
          <sequenceFlow id="ja" sourceRef="a" targetRef="join"/>
          <sequenceFlow id="jb" sourceRef="b" targetRef="join"/>
          <sequenceFlow id="jc" sourceRef="c" targetRef="join"/>
          <sequenceFlow id="f2" sourceRef="join" targetRef="after"/>
          <sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
        </process>"#,
    )
}

fn exclusive() -> String {
    model(
        r#"<process id="amount" isExecutable="true">
          <startEvent id="start"/>
          <exclusiveGateway id="gw"/>
          <userTask id="director" flowable:assignee="dir"/>
          <userTask id="manager" flowable:assignee="mgr"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
          <sequenceFlow id="big" sourceRef="gw" targetRef="director"><conditionExpression>${amount > 1000}</conditionExpression></sequenceFlow>
          <sequenceFlow id="small" sourceRef="gw" targetRef="manager"><conditionExpression>${amount &lt;= 1000}</conditionExpression></sequenceFlow>
          <sequenceFlow id="f2" sourceRef="director" targetRef="end"/>
          <sequenceFlow id="f3" sourceRef="manager" targetRef="end"/>
        </process>"#,
    )
}

fn candidates() -> String {
    model(
        r#"<process id="hr" isExecutable="true">
          <startEvent id="start"/>
          <userTask id="review" flowable:candidateGroups="hr" flowable:candidateUsers="carol"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
          <sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
        </process>"#,
    )
}

fn multi_instance() -> String {
    model(
        r#"<process id="sign" isExecutable="true">
          <startEvent id="start"/>
          <userTask id="countersign" flowable:assignee="${signer}">
            <multiInstanceLoopCharacteristics isSequential="false" flowable:collection="signers" flowable:elementVariable="signer"/>
          </userTask>
          <userTask id="done" flowable:assignee="boss"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="countersign"/>
          <sequenceFlow id="f2" sourceRef="countersign" targetRef="done"/>
          <sequenceFlow id="f3" sourceRef="done" targetRef="end"/>
        </process>"#,
    )
}

fn payment() -> String {
    r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
         xmlns:flowable="http://flowable.org/bpmn" targetNamespace="t">
      <message id="m1" name="paid"/>
      <process id="pay" isExecutable="true">
        <startEvent id="start"/>
        <intermediateCatchEvent id="wait"><messageEventDefinition messageRef="m1"/></intermediateCatchEvent>
        <userTask id="ship" flowable:assignee="u"/>
        <endEvent id="end"/>
        <sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
        <sequenceFlow id="f2" sourceRef="wait" targetRef="ship"/>
        <sequenceFlow id="f3" sourceRef="ship" targetRef="end"/>
      </process>
    </definitions>"#
        .to_string()
}

/// Runs `scenario` on every backend with the models deployed.
async fn on_every_backend<F, Fut>(models: &[String], scenario: F)
where
    F: Fn(Backend) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let clock = Arc::new(ManualClock::new(T0));
    let (all, dbs) = backends(clock).await;
    let expected = if std::env::var("WOC_TEST_POSTGRES_URL").is_ok() {
        3
    } else {
        2
    };
    assert_eq!(
        all.len(),
        expected,
        "memory, SQLite and PostgreSQL when configured"
    );
    for backend in all {
        for xml in models {
            backend.deploy(xml).await;
        }
        scenario(backend).await;
    }
    remove_all(dbs).await;
}

#[tokio::test]
async fn start_todo_complete_end() {
    on_every_backend(&[linear()], |b| async move {
        let id = b.start("leave", json!({"manager": "boss"}), "alice").await;
        let approve = b.task_at(&id, "approve").await;
        assert_eq!(
            b.todo("boss", &[]).await,
            vec![approve.clone()],
            "{}",
            b.label()
        );
        assert!(b.todo("alice", &[]).await.is_empty());
        assert_eq!(b.started("alice").await, vec![id.clone()]);
        b.complete(&approve, "boss", json!({})).await;
        assert!(b.todo("boss", &[]).await.is_empty(), "{}", b.label());
        assert_eq!(b.finished("boss").await, vec![approve]);
        let archive = b.task_at(&id, "archive").await;
        assert_eq!(b.todo("clerk", &[]).await, vec![archive.clone()]);
        let done = b.complete(&archive, "clerk", json!({})).await;
        assert_eq!(done.status, InstanceStatus::Completed, "{}", b.label());
        assert!(b.todo("clerk", &[]).await.is_empty());
        let state = b.instance(&id).await;
        assert_eq!(state.status, InstanceStatus::Completed);
        assert!(state.ended_at.is_some());
        let kinds = b.history_kinds(&id).await;
        assert_eq!(kinds.first().map(String::as_str), Some("instanceStarted"));
        assert_eq!(kinds.last().map(String::as_str), Some("instanceEnded"));
        // A finished instance refuses further commands.
        assert!(b
            .run(
                Command::Cancel {
                    instance_id: id,
                    comment: None
                },
                "alice"
            )
            .await
            .is_err());
    })
    .await;
}

#[tokio::test]
async fn parallel_fork_and_join() {
    on_every_backend(&[parallel()], |b| async move {
        let id = b.start("par", json!({}), "alice").await;
        assert_eq!(
            b.open_nodes(&id).await,
            vec!["a", "b", "c"],
            "{}",
            b.label()
        );
        assert_eq!(b.todo("u", &[]).await.len(), 3);
        for node in ["a", "b"] {
            let task = b.task_at(&id, node).await;
            b.complete(&task, "u", json!({})).await;
            assert!(!b.open_nodes(&id).await.contains(&"after".to_string()));
        }
        let c = b.task_at(&id, "c").await;
        b.complete(&c, "u", json!({})).await;
        assert_eq!(b.open_nodes(&id).await, vec!["after"], "{}", b.label());
        let after = b.task_at(&id, "after").await;
        assert_eq!(
            b.complete(&after, "u", json!({})).await.status,
            InstanceStatus::Completed
        );
    })
    .await;
}

#[tokio::test]
async fn exclusive_gateway_takes_the_matching_path() {
    on_every_backend(&[exclusive()], |b| async move {
        let big = b.start("amount", json!({"amount": 5000}), "alice").await;
        let small = b.start("amount", json!({"amount": 10}), "alice").await;
        assert_eq!(b.open_nodes(&big).await, vec!["director"], "{}", b.label());
        assert_eq!(b.open_nodes(&small).await, vec!["manager"]);
        assert_eq!(b.todo("dir", &[]).await.len(), 1);
        assert_eq!(b.todo("mgr", &[]).await.len(), 1);
        let mut mine = b.started("alice").await;
        mine.sort();
        let mut expected = vec![big, small];
        expected.sort();
        assert_eq!(mine, expected);
    })
    .await;
}

#[tokio::test]
async fn return_to_an_earlier_task() {
    on_every_backend(&[linear()], |b| async move {
        let id = b.start("leave", json!({"manager": "boss"}), "alice").await;
        let approve = b.task_at(&id, "approve").await;
        b.complete(&approve, "boss", json!({})).await;
        let archive = b.task_at(&id, "archive").await;
        let back = Command::Return {
            task_id: archive.clone(),
            target_node: "approve".into(),
            comment: Some("redo".into()),
        };
        b.run(back, "clerk").await.expect("return");
        assert_eq!(b.open_nodes(&id).await, vec!["approve"], "{}", b.label());
        assert!(b.todo("clerk", &[]).await.is_empty());
        let again = b.task_at(&id, "approve").await;
        assert_ne!(again, approve);
        assert_eq!(b.todo("boss", &[]).await, vec![again]);
    })
    .await;
}

#[tokio::test]
async fn reject_and_cancel_end_the_instance() {
    on_every_backend(&[linear()], |b| async move {
        let rejected = b.start("leave", json!({"manager": "boss"}), "alice").await;
        let task = b.task_at(&rejected, "approve").await;
        let reject = Command::Reject {
            task_id: task,
            comment: Some("no".into()),
        };
        let outcome = b.run(reject, "boss").await.expect("reject");
        assert_eq!(outcome.status, InstanceStatus::Rejected, "{}", b.label());
        assert!(b.todo("boss", &[]).await.is_empty());

        let canceled = b.start("leave", json!({"manager": "boss"}), "alice").await;
        let cancel = Command::Cancel {
            instance_id: canceled.clone(),
            comment: None,
        };
        let outcome = b.run(cancel, "alice").await.expect("cancel");
        assert_eq!(outcome.status, InstanceStatus::Canceled);
        assert!(b.todo("boss", &[]).await.is_empty(), "{}", b.label());
        assert_eq!(b.instance(&canceled).await.status, InstanceStatus::Canceled);
    })
    .await;
}

#[tokio::test]
async fn claim_delegate_resolve_transfer() {
    on_every_backend(&[candidates()], |b| async move {
        let id = b.start("hr", json!({}), "alice").await;
        let task = b.task_at(&id, "review").await;
        assert_eq!(
            b.todo("xavier", &["hr"]).await,
            vec![task.clone()],
            "{}",
            b.label()
        );
        assert_eq!(b.todo("carol", &[]).await, vec![task.clone()]);
        assert!(b.todo("xavier", &["sales"]).await.is_empty());

        let claim = Command::Claim {
            task_id: task.clone(),
        };
        b.run(claim, "xavier").await.expect("claim");
        assert_eq!(b.todo("xavier", &["hr"]).await, vec![task.clone()]);
        assert!(b.todo("yvonne", &["hr"]).await.is_empty(), "{}", b.label());
        assert!(b.todo("carol", &[]).await.is_empty());

        let delegate = Command::Delegate {
            task_id: task.clone(),
            to: "dana".into(),
            comment: None,
        };
        b.run(delegate, "xavier").await.expect("delegate");
        assert_eq!(b.todo("dana", &[]).await, vec![task.clone()]);
        assert!(b.todo("xavier", &[]).await.is_empty(), "{}", b.label());

        let resolve = Command::Resolve {
            task_id: task.clone(),
            variables: vars(json!({"checked": true})),
            comment: None,
        };
        b.run(resolve, "dana").await.expect("resolve");
        assert_eq!(b.todo("xavier", &[]).await, vec![task.clone()]);
        assert!(b.todo("dana", &[]).await.is_empty());

        let transfer = Command::Transfer {
            task_id: task.clone(),
            to: "zoe".into(),
            comment: None,
        };
        b.run(transfer, "xavier").await.expect("transfer");
        assert_eq!(
            b.todo("zoe", &[]).await,
            vec![task.clone()],
            "{}",
            b.label()
        );
        assert!(b.todo("xavier", &["hr"]).await.is_empty());
        b.complete(&task, "zoe", json!({})).await;
        assert_eq!(b.finished("zoe").await, vec![task]);
    })
    .await;
}

#[tokio::test]
async fn multi_instance_countersign() {
    on_every_backend(&[multi_instance()], |b| async move {
        let id = b
            .start("sign", json!({"signers": ["s1", "s2", "s3"]}), "alice")
            .await;
        for signer in ["s1", "s2", "s3"] {
            let todo = b.todo(signer, &[]).await;
            assert_eq!(todo.len(), 1, "{}: {signer}", b.label());
            b.complete(&todo[0], signer, json!({})).await;
        }
        assert_eq!(b.open_nodes(&id).await, vec!["done"], "{}", b.label());
        assert_eq!(b.todo("boss", &[]).await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn carbon_copies_reach_their_recipients() {
    on_every_backend(&[linear()], |b| async move {
        let id = b.start("leave", json!({"manager": "boss"}), "alice").await;
        let approve = b.task_at(&id, "approve").await;
        let complete = Command::Complete {
            task_id: approve,
            variables: Default::default(),
            comment: None,
            next_assignees: vec![],
            copy_to: vec!["cc1".into(), "cc2".into()],
        };
        b.run(complete, "boss").await.expect("complete");
        assert_eq!(b.copies("cc1").await, vec![id.clone()], "{}", b.label());
        assert_eq!(b.copies("cc2").await, vec![id]);
        assert!(b.copies("boss").await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn messages_reach_the_waiting_instance() {
    on_every_backend(&[payment()], |b| async move {
        // Both instances get the business key `BK-pay` and start at the same instant.
        let first = b.start("pay", json!({}), "alice").await;
        let second = b.start("pay", json!({}), "alice").await;
        assert!(
            b.correlate("refunded", None).await.is_err(),
            "{}",
            b.label()
        );
        assert!(b.correlate("paid", Some("other")).await.is_err());
        let reached = b
            .correlate("paid", Some("BK-pay"))
            .await
            .expect("delivered");
        let other = if reached == first { second } else { first };
        assert_eq!(b.open_nodes(&reached).await, vec!["ship"], "{}", b.label());
        assert!(b.open_nodes(&other).await.is_empty());
        assert_eq!(b.correlate("paid", None).await, Ok(other.clone()));
        assert_eq!(b.open_nodes(&other).await, vec!["ship"]);
        let nobody = b.correlate("paid", None).await;
        assert!(nobody.is_err(), "{}: nobody waits", b.label());
    })
    .await;
}
