//! Task operations: each atomic, each recorded with who, when and comment type.

mod common;

use common::{vars, Harness};
use serde_json::json;
use woc_engine::{Command, CommentKind, EventKind, InstanceStatus, Store};

fn comments(h: &Harness, id: &str) -> Vec<(CommentKind, Option<String>)> {
    h.engine
        .store()
        .history(id)
        .expect("history")
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::CommentAdded { kind, .. } => {
                Some((kind, e.actor.as_deref().map(String::from)))
            }
            _ => None,
        })
        .collect()
}

fn two_step() -> Harness {
    Harness::with_corpus("ruoyi/two-step-approve.bpmn20.xml")
}

fn complete_as(h: &Harness, id: &str, node: &str, actor: &str) {
    let task = h.task_at(id, node);
    h.try_complete(&task.id, json!({}), actor)
        .expect("complete");
}

#[test]
fn leave_request_approved_end_to_end() {
    let h = Harness::with_corpus("ruoyi/leave.bpmn");
    let start = h
        .try_start("leave", json!({"deptLeader": "boss", "days": 2}), "alice")
        .expect("start");
    let id = start.instance_id.clone();
    assert_eq!(start.new_tasks.len(), 1, "the API's TaskId");
    assert_eq!(h.instance(&id).variables["applyUserId"], json!("alice"));
    let leader = h.task_at(&id, "deptLeaderVerify");
    assert_eq!(leader.assignee.as_deref(), Some("boss"));
    let todo = h.engine.store().todo_tasks("boss", &[]).expect("todo");
    assert_eq!(todo.len(), 1);
    h.try_complete(&leader.id, json!({"deptLeaderApproved": true}), "boss")
        .expect("approve");
    let hr = h.task_at(&id, "hrVerify");
    assert!(hr.assignee.is_none());
    assert_eq!(
        h.engine
            .store()
            .todo_tasks("h1", &["hr".into()])
            .expect("todo")
            .len(),
        1
    );
    h.run(
        Command::Claim {
            task_id: hr.id.clone(),
        },
        "h1",
    )
    .expect("claim");
    assert!(h
        .engine
        .store()
        .todo_tasks("h2", &["hr".into()])
        .expect("todo")
        .is_empty());
    assert!(
        h.run(
            Command::Claim {
                task_id: hr.id.clone()
            },
            "h2"
        )
        .is_err(),
        "already claimed"
    );
    h.run(
        Command::Unclaim {
            task_id: hr.id.clone(),
        },
        "h1",
    )
    .expect("unclaim");
    h.run(
        Command::Claim {
            task_id: hr.id.clone(),
        },
        "h2",
    )
    .expect("claim");
    h.try_complete(&hr.id, json!({"hrApproved": true}), "h2")
        .expect("hr approves");
    assert_eq!(
        h.task_at(&id, "reportBack").assignee.as_deref(),
        Some("alice")
    );
    complete_as(&h, &id, "reportBack", "alice");
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    let finished = h.engine.store().completed_tasks("h2").expect("finished");
    assert_eq!(finished.len(), 1);
    assert_eq!(
        h.engine
            .store()
            .started_instances("alice")
            .expect("own")
            .len(),
        1
    );
    h.check_invariants(&id);
}

#[test]
fn leave_request_declined_by_the_leader_ends() {
    let h = Harness::with_corpus("ruoyi/leave.bpmn");
    let id = h.start("leave", json!({"deptLeader": "boss"}));
    h.complete_at(
        &id,
        "deptLeaderVerify",
        json!({"deptLeaderApproved": false}),
    );
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
}

#[test]
fn oa_leave_routes_by_days() {
    let h = Harness::with_corpus("ruoyi/oa-leave.bpmn");
    let short = h.start(
        "leave-update",
        json!({"day": 2, "pm": "p", "bm": "b", "hr": "h"}),
    );
    assert_eq!(h.open_nodes(&short), vec!["pmVerify"]);
    h.complete_at(&short, "pmVerify", json!({"approved": "true"}));
    h.complete_at(&short, "hrVerify", json!({"approved": "true"}));
    assert_eq!(h.instance(&short).status, InstanceStatus::Completed);
    let long = h.start(
        "leave-update",
        json!({"day": 5, "pm": "p", "bm": "b", "hr": "h"}),
    );
    assert_eq!(h.open_nodes(&long), vec!["bmVerify"]);
    h.complete_at(&long, "bmVerify", json!({"approved": "false"}));
    assert_eq!(h.instance(&long).status, InstanceStatus::Completed);
    h.check_invariants(&long);
}

#[test]
fn tasks_without_anyone_are_flagged_unassignable_until_assigned() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    let task = h.task_at(&id, "task1");
    assert!(task.unassignable);
    let nobody = h.run(
        Command::Assign {
            task_id: task.id.clone(),
            assignee: None,
            candidate_users: vec![],
        },
        "admin",
    );
    assert!(nobody.is_err());
    h.run(
        Command::Assign {
            task_id: task.id.clone(),
            assignee: None,
            candidate_users: vec!["ann".into(), "bob".into()],
        },
        "admin",
    )
    .expect("assign");
    let task = h.task_at(&id, "task1");
    assert!(!task.unassignable);
    assert_eq!(
        h.engine.store().todo_tasks("bob", &[]).expect("todo").len(),
        1
    );
    h.check_invariants(&id);
}

#[test]
fn next_assignees_and_carbon_copies() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    let task = h.task_at(&id, "task1");
    h.run(
        Command::Complete {
            task_id: task.id,
            variables: Default::default(),
            comment: Some("ok".into()),
            next_assignees: vec!["bob".into()],
            copy_to: vec!["carol".into()],
        },
        "ann",
    )
    .expect("complete");
    assert_eq!(h.task_at(&id, "task2").assignee.as_deref(), Some("bob"));
    let copies = h.engine.store().carbon_copies("carol").expect("copies");
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].sent_by.as_deref(), Some("ann"));
    assert_eq!(
        comments(&h, &id),
        vec![(CommentKind::Normal, Some("ann".into()))]
    );
}

#[test]
fn delegate_then_resolve_returns_to_the_owner() {
    let h = Harness::with_corpus("ruoyi/leave.bpmn");
    let id = h.start("leave", json!({"deptLeader": "boss"}));
    let task = h.task_at(&id, "deptLeaderVerify");
    h.run(
        Command::Delegate {
            task_id: task.id.clone(),
            to: "deputy".into(),
            comment: None,
        },
        "boss",
    )
    .expect("delegate");
    assert_eq!(
        h.task_at(&id, "deptLeaderVerify").assignee.as_deref(),
        Some("deputy")
    );
    let err = h
        .try_complete(&task.id, json!({}), "deputy")
        .expect_err("must resolve");
    assert!(err.to_string().contains("resolved"), "{err}");
    h.run(
        Command::Resolve {
            task_id: task.id.clone(),
            variables: vars(json!({"note": "checked"})),
            comment: None,
        },
        "deputy",
    )
    .expect("resolve");
    let back = h.task_at(&id, "deptLeaderVerify");
    assert_eq!(back.assignee.as_deref(), Some("boss"));
    h.try_complete(&back.id, json!({"deptLeaderApproved": false}), "boss")
        .expect("complete");
    assert_eq!(
        comments(&h, &id)[0],
        (CommentKind::Delegated, Some("boss".into()))
    );
    h.check_invariants(&id);
}

#[test]
fn transfer_hands_over_for_good() {
    let h = Harness::with_corpus("ruoyi/leave.bpmn");
    let id = h.start("leave", json!({"deptLeader": "boss"}));
    let task = h.task_at(&id, "deptLeaderVerify");
    h.run(
        Command::Transfer {
            task_id: task.id.clone(),
            to: "other".into(),
            comment: Some("on leave".into()),
        },
        "boss",
    )
    .expect("transfer");
    assert_eq!(
        h.task_at(&id, "deptLeaderVerify").assignee.as_deref(),
        Some("other")
    );
    assert_eq!(
        comments(&h, &id),
        vec![(CommentKind::Transferred, Some("boss".into()))]
    );
}

#[test]
fn delete_task_moves_on_and_is_recorded() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    let task = h.task_at(&id, "task1");
    h.run(
        Command::DeleteTask {
            task_id: task.id,
            reason: None,
        },
        "admin",
    )
    .expect("delete");
    assert_eq!(h.open_nodes(&id), vec!["task2"]);
    assert_eq!(
        comments(&h, &id),
        vec![(CommentKind::Deleted, Some("admin".into()))]
    );
    h.check_invariants(&id);
}

#[test]
fn add_and_remove_signers_on_a_countersign() {
    let h = Harness::with_corpus("ruoyi/multi-instance-user-task.bpmn20.xml");
    let id = h.start("multiRatio", json!({"coll_userList": ["a", "b"]}));
    let any = h
        .instance(&id)
        .tasks
        .values()
        .next()
        .cloned()
        .expect("task");
    h.run(
        Command::AddSigners {
            task_id: any.id.clone(),
            users: vec!["c".into()],
        },
        "admin",
    )
    .expect("add");
    let again = h.run(
        Command::AddSigners {
            task_id: any.id.clone(),
            users: vec!["c".into()],
        },
        "admin",
    );
    assert!(again.is_err(), "c already signs");
    let state = h.instance(&id);
    assert_eq!(state.tasks.len(), 3);
    assert!(state
        .tasks
        .values()
        .any(|t| t.assignee.as_deref() == Some("c")));
    let body = state
        .executions
        .values()
        .find(|e| e.multi_instance.is_some())
        .expect("body");
    assert_eq!(body.variables["nrOfInstances"], json!(3));
    h.run(
        Command::RemoveSigner {
            task_id: any.id.clone(),
            user: "c".into(),
        },
        "admin",
    )
    .expect("remove");
    assert_eq!(h.instance(&id).tasks.len(), 2);
    h.check_invariants(&id);
    for task in h.instance(&id).tasks.values() {
        h.try_complete(&task.id, json!({}), "x").expect("complete");
    }
    assert_eq!(
        h.instance(&id).status,
        InstanceStatus::Completed,
        "2/2 = 100%"
    );
}
