//! Activity, event and multi-instance scenarios on corpus models.

mod common;

use common::{Harness, T0};
use serde_json::json;
use woc_engine::{Command, EventKind, InstanceStatus, JobKind, Store};

fn job_of(h: &Harness, id: &str, handler_prefix: &str) -> String {
    h.instance(id)
        .jobs
        .values()
        .find(|j| matches!(&j.kind, JobKind::Service { handler, .. } if handler.starts_with(handler_prefix)))
        .map(|j| j.id.clone())
        .unwrap_or_else(|| panic!("no {handler_prefix} job: {:?}", h.instance(id).jobs))
}

#[test]
fn invoice_runs_through_the_approve_path() {
    let h = Harness::with_corpus("camunda/invoice.v2.bpmn");
    let id = h.start(
        "invoice",
        json!({"amount": 30, "invoiceCategory": "Misc", "creditor": "Acme"}),
    );
    // The business rule task is a decision the host evaluates.
    let decision = job_of(&h, &id, "decision:invoice-assign-approver");
    h.run(
        Command::CompleteJob {
            job_id: decision,
            variables: common::vars(json!({"approverGroups": ["sales"]})),
        },
        "system",
    )
    .expect("decision done");
    let approve = h.task_at(&id, "approveInvoice");
    assert_eq!(approve.candidate_groups, vec!["sales"]);
    assert_eq!(
        approve.due, None,
        "dateTime() due dates are skipped with a warning"
    );
    let history = h.engine.store().history(&id).expect("history");
    assert!(history
        .iter()
        .any(|e| matches!(e.kind, EventKind::Warning { .. })));
    h.complete_at(&id, "approveInvoice", json!({"approved": true}));
    assert_eq!(
        h.task_at(&id, "prepareBankTransfer").candidate_groups,
        vec!["accounting"]
    );
    h.complete_at(&id, "prepareBankTransfer", json!({}));
    // The archive task is camunda:async: the job executor continues it in its own command.
    assert!(h
        .instance(&id)
        .jobs
        .values()
        .all(|j| j.kind == JobKind::Async));
    let ran = h.engine.run_due_jobs(10).expect("job executor");
    assert!(ran.iter().all(|r| r.is_ok()));
    let archive = job_of(
        &h,
        &id,
        "class:org.camunda.bpm.example.invoice.service.ArchiveInvoiceService",
    );
    h.run(
        Command::CompleteJob {
            job_id: archive,
            variables: Default::default(),
        },
        "system",
    )
    .expect("archived");
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn terminate_end_in_sub_process_ends_only_the_sub_process() {
    let h = Harness::with_corpus("flowable/TerminateEndEventTest.testTerminateInSubProcess.bpmn");
    let id = h.start("terminateEndEventExample", json!({}));
    let state = h.instance(&id);
    assert_eq!(state.status, InstanceStatus::Running);
    assert_eq!(h.open_nodes(&id), vec!["preNormalEnd"]);
    assert!(
        state.trail.iter().any(|t| &*t.node == "SubProcess_1"),
        "sub-process completed"
    );
    h.check_invariants(&id);
    h.complete_at(&id, "preNormalEnd", json!({}));
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn interrupting_timer_boundary_fires_after_its_duration() {
    let h = Harness::with_corpus(
        "flowable/BoundaryTimerEventTest.testInterruptingTimerDuration.bpmn20.xml",
    );
    let id = h.start("escalationExample", json!({}));
    let task = h.task_at(&id, "firstLineSupport");
    assert_eq!(task.assignee.as_deref(), Some("kermit"));
    let job = h
        .instance(&id)
        .jobs
        .values()
        .next()
        .cloned()
        .expect("timer job");
    assert_eq!(job.due, T0.plus_millis(5 * 60_000));
    // Not due yet: nothing fires, and firing by hand is refused.
    assert!(h.engine.fire_due_timers(10).expect("query").is_empty());
    assert!(h
        .run(
            Command::FireTimer {
                job_id: job.id.clone()
            },
            "system"
        )
        .is_err());
    h.clock.advance(5 * 60_000);
    let fired = h.engine.fire_due_timers(10).expect("query");
    assert_eq!(fired.len(), 1);
    assert!(fired[0].is_ok());
    assert_eq!(h.open_nodes(&id), vec!["handleEscalation"]);
    assert_eq!(
        h.task_at(&id, "handleEscalation").candidate_groups,
        vec!["management"]
    );
    h.check_invariants(&id);
    h.complete_at(&id, "handleEscalation", json!({}));
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn completing_before_the_timer_cancels_it() {
    let h = Harness::with_corpus(
        "flowable/BoundaryTimerEventTest.testInterruptingTimerDuration.bpmn20.xml",
    );
    let id = h.start("escalationExample", json!({}));
    h.complete_at(&id, "firstLineSupport", json!({}));
    let state = h.instance(&id);
    assert_eq!(state.status, InstanceStatus::Completed);
    assert!(state.jobs.is_empty());
    h.check_invariants(&id);
}

fn mi_counter(h: &Harness, id: &str, name: &str) -> i64 {
    h.instance(id)
        .executions
        .values()
        .find(|e| e.multi_instance.is_some())
        .and_then(|e| e.variables.get(name).and_then(|v| v.as_i64()))
        .unwrap_or(-1)
}

#[test]
fn parallel_multi_instance_with_ratio_completion_condition() {
    let h = Harness::with_corpus(
        "flowable/MultiInstanceTest.testParallelUserTasksCompletionCondition.bpmn20.xml",
    );
    let id = h.start("miParallelUserTasksCompletionCondition", json!({}));
    let state = h.instance(&id);
    assert_eq!(state.tasks.len(), 5);
    let mut names: Vec<String> = state
        .tasks
        .values()
        .filter_map(|t| t.name.clone())
        .collect();
    names.sort();
    assert_eq!(names[0], "My Task 0");
    assert_eq!(mi_counter(&h, &id, "nrOfInstances"), 5);
    assert_eq!(mi_counter(&h, &id, "nrOfActiveInstances"), 5);
    for done in 1..=2 {
        let task = h
            .instance(&id)
            .tasks
            .values()
            .next()
            .cloned()
            .expect("task");
        h.try_complete(&task.id, json!({}), "u").expect("complete");
        assert_eq!(mi_counter(&h, &id, "nrOfCompletedInstances"), done);
        assert_eq!(mi_counter(&h, &id, "nrOfActiveInstances"), 5 - done);
    }
    // 3/5 >= 0.5: the remaining instances are cancelled.
    let task = h
        .instance(&id)
        .tasks
        .values()
        .next()
        .cloned()
        .expect("task");
    h.try_complete(&task.id, json!({}), "u").expect("complete");
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn sequential_multi_instance_with_loop_counter_assignees() {
    let h = Harness::with_corpus("flowable/MultiInstanceTest.sequentialUserTasks.bpmn20.xml");
    let id = h.start("miSequentialUserTasks", json!({"nrOfLoops": 3}));
    for i in 0..3 {
        let tasks: Vec<_> = h.instance(&id).tasks.values().cloned().collect();
        assert_eq!(tasks.len(), 1);
        assert_eq!(
            tasks[0].assignee.as_deref(),
            Some(format!("kermit_{i}").as_str())
        );
        assert_eq!(mi_counter(&h, &id, "nrOfActiveInstances"), 1);
        h.try_complete(&tasks[0].id, json!({}), "u")
            .expect("complete");
    }
    let state = h.instance(&id);
    assert_eq!(state.status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn sequential_multi_instance_boundary_timer_interrupts_all() {
    let h = Harness::with_corpus("flowable/MultiInstanceTest.sequentialUserTasks.bpmn20.xml");
    let id = h.start("miSequentialUserTasks", json!({"nrOfLoops": 3}));
    h.clock.advance(2 * 3_600_000);
    let fired = h.engine.fire_due_timers(10).expect("query");
    assert_eq!(fired.len(), 1);
    assert_eq!(h.open_nodes(&id), vec!["taskAfterTimer"]);
    h.check_invariants(&id);
}

#[test]
fn collection_multi_instance_sets_element_variable() {
    let h = Harness::with_corpus(
        "flowable/MultiInstanceTest.simpleMultiInstanceWithCollectionVariable.bpmn20.xml",
    );
    let id = h.start("simple_multi", json!({"elements": ["a", "b", "c"]}));
    let state = h.instance(&id);
    let mut elements: Vec<String> = state
        .tasks
        .values()
        .map(|t| {
            state.executions[&t.execution].variables["element"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    elements.sort();
    assert_eq!(elements, vec!["a", "b", "c"]);
    for task in state.tasks.values() {
        h.try_complete(&task.id, json!({}), "u").expect("complete");
    }
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn multi_instance_assignee_from_initiator() {
    let h = Harness::with_corpus(
        "flowable/MultiInstanceTest.testLoopCounterVariableForParallelMultiInstance.bpmn20.xml",
    );
    let outcome = h
        .try_start("loopCounterTest", json!({"myCollection": [1, 2]}), "alice")
        .expect("start");
    let state = h.instance(&outcome.instance_id);
    assert_eq!(state.variables["initiator"], json!("alice"));
    assert!(state
        .tasks
        .values()
        .all(|t| t.assignee.as_deref() == Some("alice")));
    assert_eq!(outcome.new_tasks.len(), 2);
}

#[test]
fn sequential_multi_instance_sub_process_completion_condition() {
    let h = Harness::with_corpus(
        "flowable/MultiInstanceTest.testSequentialSubProcessCompletionCondition.bpmn20.xml",
    );
    let id = h.start("miSequentialSubprocessCompletionCondition", json!({}));
    for round in 0..3 {
        assert_eq!(
            h.open_nodes(&id),
            vec!["subProcessTask1", "subProcessTask2"],
            "round {round}"
        );
        h.complete_at(&id, "subProcessTask1", json!({}));
        h.complete_at(&id, "subProcessTask2", json!({}));
        h.check_invariants(&id);
    }
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn zero_instances_pass_straight_through() {
    let h = Harness::with_corpus(
        "flowable/MultiInstanceTest.simpleMultiInstanceWithCollectionVariable.bpmn20.xml",
    );
    let id = h.start("simple_multi", json!({"elements": []}));
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn multi_instance_call_activity_waits_for_every_child() {
    let h = Harness::with_corpus(
        "flowable/CallActivityInOutMappingTest.mappingWithMultiInstance.bpmn20.xml",
    );
    let started = h
        .try_start(
            "mappingProcess",
            json!({"myRootVariable": ["x", "y", "z"]}),
            "u",
        )
        .expect("start");
    let mut calls = Vec::new();
    for effect in &started.effects {
        let woc_engine::Effect::StartChild {
            parent, variables, ..
        } = effect
        else {
            panic!("unexpected effect {effect:?}");
        };
        calls.push((parent.clone(), variables["myInMappedVariable"].clone()));
    }
    let mut passed: Vec<String> = calls
        .iter()
        .map(|(_, v)| v.as_str().unwrap_or("").to_string())
        .collect();
    passed.sort();
    assert_eq!(passed, vec!["x", "y", "z"]);
    for (i, (parent, value)) in calls.into_iter().enumerate() {
        assert!(
            h.open_nodes(&parent.instance_id).is_empty(),
            "still calling after {i}"
        );
        h.run(
            Command::ChildCompleted {
                instance_id: parent.instance_id.clone(),
                execution: parent.execution,
                variables: common::vars(json!({ "myInMappedVariable": value })),
            },
            "system",
        )
        .expect("child done");
    }
    assert_eq!(h.open_nodes(&started.instance_id), vec!["FormTask_3"]);
    h.check_invariants(&started.instance_id);
}
