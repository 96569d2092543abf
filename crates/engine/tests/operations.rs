//! Task and instance operations: each atomic, each recorded with who, when and comment type.

mod common;

use common::{vars, Harness};
use serde_json::json;
use woc_engine::{
    run_command, Command, CommentKind, Commit, EngineConfig, EngineError, EventKind,
    InstanceStatus, Store,
};

fn comments(h: &Harness, id: &str) -> Vec<(CommentKind, Option<String>)> {
    h.engine
        .store()
        .history(id)
        .expect("history")
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::CommentAdded { kind, .. } => Some((kind, e.actor)),
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
fn tasks_without_anyone_are_flagged_unassignable() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    assert!(h.task_at(&id, "task1").unassignable);
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
fn return_goes_back_to_a_visited_node_only() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    complete_as(&h, &id, "task1", "ann");
    let task2 = h.task_at(&id, "task2");
    let state = h.instance(&id);
    let definition = h
        .engine
        .store()
        .definition(&state.definition_id)
        .expect("definition");
    assert_eq!(
        woc_engine::return_targets(&definition, &state, &task2.id).expect("targets"),
        vec!["task1"]
    );
    let not_visited = h.run(
        Command::Return {
            task_id: task2.id.clone(),
            target_node: "end".into(),
            comment: None,
        },
        "bob",
    );
    assert!(not_visited.is_err());
    h.run(
        Command::Return {
            task_id: task2.id.clone(),
            target_node: "task1".into(),
            comment: Some("fix it".into()),
        },
        "bob",
    )
    .expect("return");
    assert_eq!(h.open_nodes(&id), vec!["task1"]);
    assert_eq!(
        comments(&h, &id),
        vec![(CommentKind::Returned, Some("bob".into()))]
    );
    // task2 was never completed, so task1 cannot return to it.
    let task1 = h.task_at(&id, "task1");
    assert!(h
        .run(
            Command::Return {
                task_id: task1.id,
                target_node: "task2".into(),
                comment: None,
            },
            "ann",
        )
        .is_err());
    h.check_invariants(&id);
}

#[test]
fn return_cancels_parallel_branches_before_the_fork() {
    let h = Harness::with_corpus("flowable/ParallelGatewayTest.testForkJoin.bpmn20.xml");
    let id = h.start("forkJoin", json!({}));
    // Nothing before the fork was a user task; return to a sibling is not on the path.
    let task = h.task_at(&id, "receivePayment");
    assert!(h
        .run(
            Command::Return {
                task_id: task.id,
                target_node: "shipOrder".into(),
                comment: None,
            },
            "u",
        )
        .is_err());
    h.complete_at(&id, "receivePayment", json!({}));
    h.complete_at(&id, "shipOrder", json!({}));
    let archive = h.task_at(&id, "archiveOrder");
    h.run(
        Command::Return {
            task_id: archive.id,
            target_node: "shipOrder".into(),
            comment: None,
        },
        "u",
    )
    .expect("return into a branch");
    assert_eq!(h.open_nodes(&id), vec!["shipOrder"]);
    h.check_invariants(&id);
}

#[test]
fn return_from_a_countersign_cancels_its_siblings() {
    let h = Harness::with_corpus("ruoyi/multi-instance-user-task.bpmn20.xml");
    let id = h.start("multiReturn", json!({"coll_userList": ["a", "b", "c"]}));
    complete_as(&h, &id, "multiReturn-first", "starter");
    let state = h.instance(&id);
    assert_eq!(state.tasks.len(), 3);
    let one = state.tasks.values().next().cloned().expect("task");
    h.run(
        Command::Return {
            task_id: one.id,
            target_node: "multiReturn-first".into(),
            comment: None,
        },
        "a",
    )
    .expect("return");
    assert_eq!(h.open_nodes(&id), vec!["multiReturn-first"]);
    h.check_invariants(&id);
}

#[test]
fn reject_ends_the_instance_as_rejected() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    let task = h.task_at(&id, "task1");
    h.run(
        Command::Reject {
            task_id: task.id,
            comment: Some("no".into()),
        },
        "ann",
    )
    .expect("reject");
    assert_eq!(h.instance(&id).status, InstanceStatus::Rejected);
    assert_eq!(
        comments(&h, &id),
        vec![(CommentKind::Rejected, Some("ann".into()))]
    );
    h.check_invariants(&id);
    let after = h.run(
        Command::Cancel {
            instance_id: id.clone(),
            comment: None,
        },
        "ann",
    );
    assert!(matches!(after, Err(EngineError::Ended { .. })));
}

#[test]
fn cancel_and_terminate() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    h.run(
        Command::Cancel {
            instance_id: id.clone(),
            comment: None,
        },
        "starter",
    )
    .expect("cancel");
    assert_eq!(h.instance(&id).status, InstanceStatus::Canceled);
    assert_eq!(
        comments(&h, &id),
        vec![(CommentKind::Canceled, Some("starter".into()))]
    );
    h.check_invariants(&id);
    let other = h.start("twoStepApprove", json!({}));
    h.run(
        Command::Terminate {
            instance_id: other.clone(),
            reason: None,
        },
        "admin",
    )
    .expect("terminate");
    assert_eq!(h.instance(&other).status, InstanceStatus::Terminated);
}

#[test]
fn withdraw_by_the_starter_while_the_next_task_is_untouched() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    complete_as(&h, &id, "task1", "starter");
    let withdraw = |actor: &str| {
        h.run(
            Command::Withdraw {
                instance_id: id.clone(),
                comment: None,
            },
            actor,
        )
    };
    assert!(withdraw("someone").is_err(), "only the starter");
    withdraw("starter").expect("withdraw");
    assert_eq!(h.open_nodes(&id), vec!["task1"]);
    complete_as(&h, &id, "task1", "starter");
    let task2 = h.task_at(&id, "task2");
    h.run(Command::Claim { task_id: task2.id }, "bob")
        .expect("claim");
    let err = withdraw("starter").expect_err("touched");
    assert!(err.to_string().contains("claimed"), "{err}");
    h.check_invariants(&id);
}

#[test]
fn withdraw_before_anyone_acted_cancels() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    h.run(
        Command::Withdraw {
            instance_id: id.clone(),
            comment: None,
        },
        "starter",
    )
    .expect("withdraw");
    assert_eq!(h.instance(&id).status, InstanceStatus::Canceled);
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

#[test]
fn jump_moves_to_any_node() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    h.run(
        Command::Jump {
            instance_id: id.clone(),
            target_node: "task2".into(),
            from_task: None,
            comment: None,
        },
        "admin",
    )
    .expect("jump");
    assert_eq!(h.open_nodes(&id), vec!["task2"]);
    h.check_invariants(&id);
}

#[test]
fn set_variables_is_audited() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    h.run(
        Command::SetVariables {
            instance_id: id.clone(),
            variables: vars(json!({"amount": 10})),
        },
        "admin",
    )
    .expect("set");
    let history = h.engine.store().history(&id).expect("history");
    assert!(history.iter().any(
        |e| matches!(&e.kind, EventKind::VariableSet { name, .. } if name == "amount")
            && e.actor.as_deref() == Some("admin")
    ));
    assert_eq!(h.instance(&id).variables["amount"], json!(10));
}

#[test]
fn suspended_instances_refuse_operations() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    h.run(
        Command::Suspend {
            instance_id: id.clone(),
        },
        "admin",
    )
    .expect("suspend");
    assert_eq!(h.instance(&id).status, InstanceStatus::Suspended);
    let task = h.task_at(&id, "task1");
    let err = h
        .try_complete(&task.id, json!({}), "ann")
        .expect_err("suspended");
    assert!(matches!(err, EngineError::Suspended(_)), "{err}");
    h.run(
        Command::Activate {
            instance_id: id.clone(),
        },
        "admin",
    )
    .expect("activate");
    h.try_complete(&task.id, json!({}), "ann")
        .expect("complete");
}

#[test]
fn a_failing_complete_leaves_no_trace() {
    let h = Harness::with_corpus("ruoyi/leave.bpmn");
    let id = h.start("leave", json!({"deptLeader": "boss"}));
    let before = h.instance(&id);
    let history = h.engine.store().history(&id).expect("history").len();
    let task = h.task_at(&id, "deptLeaderVerify");
    // deptLeaderApproved is missing: the gateway fails, so the whole command fails.
    let err = h
        .try_complete(&task.id, json!({}), "boss")
        .expect_err("unknown variable");
    assert!(matches!(err, EngineError::Expression { .. }), "{err}");
    assert_eq!(h.instance(&id), before);
    assert_eq!(
        h.engine.store().history(&id).expect("history").len(),
        history
    );
}

#[test]
fn two_completions_from_one_revision_conflict() {
    let h = two_step();
    let id = h.start("twoStepApprove", json!({}));
    let store = h.engine.store();
    let loaded = store.load(&id).expect("load");
    let definition = store.definition(&loaded.definition_id).expect("definition");
    let task_id = h.task_at(&id, "task1").id;
    let complete = || Command::Complete {
        task_id: task_id.clone(),
        variables: Default::default(),
        comment: None,
        next_assignees: vec![],
        copy_to: vec![],
    };
    let config = EngineConfig::default();
    let first = run_command(
        &definition,
        &config,
        loaded.clone(),
        complete(),
        Some("a"),
        common::T0,
    )
    .expect("runs");
    let second = run_command(
        &definition,
        &config,
        loaded.clone(),
        complete(),
        Some("b"),
        common::T0,
    )
    .expect("runs");
    let commit = |executed: woc_engine::Executed| {
        store.commit(Commit {
            instance: executed.instance,
            expected_revision: Some(loaded.revision),
            events: executed.outcome.events,
        })
    };
    assert!(commit(first).is_ok());
    assert!(matches!(commit(second), Err(EngineError::Conflict { .. })));
    assert_eq!(
        h.open_nodes(&id),
        vec!["task2"],
        "exactly one completion took effect"
    );
}
