//! Signals, message starts, conditional events and event sub-processes on corpus models
//! (Flowable's and Camunda's own tests), over the memory store.

mod common;

use common::{vars, Harness};
use serde_json::json;
use woc_engine::{Command, InstanceStatus, Store};

fn instances_of(h: &Harness, key: &str) -> Vec<String> {
    let mut ids: Vec<String> = h
        .engine
        .store()
        .started_instances("hook")
        .expect("instances")
        .into_iter()
        .chain(
            h.engine
                .store()
                .started_instances("starter")
                .expect("instances"),
        )
        .filter(|i| i.process_key == key)
        .map(|i| i.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_thrown_signal_starts_every_signal_start_process_and_fires_boundaries() {
    let h = Harness::with_corpus("flowable/SignalEventTest.testSignalStartEvent.bpmn20.xml");
    let catcher = h.start("processWithSignalCatch", json!({}));
    assert_eq!(h.open_nodes(&catcher), vec!["theTask4"]);
    let thrower = h.start("processWithSignalThrow", json!({}));
    assert_eq!(h.instance(&thrower).status, InstanceStatus::Completed);
    assert_eq!(h.open_nodes(&catcher), vec!["theTask5"], "boundary fired");
    for key in [
        "processWithSignalStart1",
        "processWithSignalStart2",
        "processWithSignalStart3",
    ] {
        let started = instances_of(&h, key);
        assert_eq!(started.len(), 1, "{key}");
        h.check_invariants(&started[0]);
    }
    h.check_invariants(&catcher);
    // From outside: nobody waits now, the three start processes start again.
    let delivery = h
        .engine
        .signal("The Signal", vars(json!({})), Some("hook"))
        .expect("broadcast");
    assert!(delivery.delivered.is_empty());
    assert_eq!(delivery.started.len(), 3);
}

#[test]
fn a_signal_event_sub_process_interrupts_the_process() {
    let h = Harness::with_corpus(
        "flowable/SignalEventSubprocessTest.testInterruptingSimpleActivities.bpmn20.xml",
    );
    let id = h.start("testSimpleSignalEventSubProcess", json!({}));
    assert_eq!(h.open_nodes(&id), vec!["task"]);
    let delivery = h
        .engine
        .signal("eventSignal", vars(json!({})), Some("hook"))
        .expect("broadcast");
    assert_eq!(delivery.delivered, vec![id.clone()]);
    assert_eq!(h.open_nodes(&id), vec!["eventSubProcessTask1"]);
    h.complete_at(&id, "eventSubProcessTask1", json!({}));
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn an_event_gateway_takes_the_signal_branch() {
    let h = Harness::with_corpus(
        "flowable/EventBasedGatewayTest.testCatchSignalAndMessageAndTimer.bpmn20.xml",
    );
    let id = h.start("catchSignal", json!({}));
    assert_eq!(h.instance(&id).subscriptions.len(), 2, "signal and message");
    h.run(
        Command::Signal {
            instance_id: id.clone(),
            name: "alert".into(),
            variables: Default::default(),
        },
        "hook",
    )
    .expect("signal");
    assert_eq!(h.open_nodes(&id), vec!["task2"]);
    let state = h.instance(&id);
    assert!(state.subscriptions.is_empty() && state.jobs.is_empty());
    h.check_invariants(&id);
}

#[test]
fn a_message_starts_the_process_and_the_same_message_then_reaches_it() {
    let h = Harness::with_corpus(
        "camunda/MessageStartEventTest.testDeployStartAndIntermediateEventWithSameMessageInSameProcess.bpmn",
    );
    let started = h
        .engine
        .start_by_message("message", Some("K-1"), vars(json!({"n": 1})), Some("hook"))
        .expect("started by message");
    let id = started.instance_id;
    assert_eq!(h.instance(&id).business_key.as_deref(), Some("K-1"));
    assert!(
        h.try_start("testProcess", json!({}), "starter").is_err(),
        "no none start"
    );
    h.engine
        .correlate_message("message", Some("K-1"), vars(json!({})), Some("hook"))
        .expect("correlated");
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn an_event_sub_process_with_a_boundary_timer_deploys_and_waits() {
    let h = Harness::with_corpus(
        "flowable/EventSubProcessWithBoundaryEventsTest.testTimerBoundaryEvent.bpmn20.xml",
    );
    // The script (which would throw the error) does not run here, so the process completes.
    let id = h.start("eventSubProcessWithBoundary", json!({}));
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}
