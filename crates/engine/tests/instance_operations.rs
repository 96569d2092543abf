//! Instance operations (return, withdraw, jump, reject, cancel, suspend, variables), atomicity
//! and optimistic locking.

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
            task_id: one.id.clone(),
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
