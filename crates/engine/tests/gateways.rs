//! Gateway scenarios on corpus models.

mod common;

use common::Harness;
use serde_json::json;
use woc_engine::InstanceStatus;

#[test]
fn exclusive_gateway_chooses_by_input_with_default() {
    let h =
        Harness::with_corpus("flowable/ExclusiveGatewayTest.testDefaultSequenceFlow.bpmn20.xml");
    for (input, expected) in [(1, "theTask1"), (2, "theTask2"), (3, "theTask3")] {
        let id = h.start("exclusiveGwDefaultSequenceFlow", json!({ "input": input }));
        assert_eq!(
            h.open_nodes(&id),
            vec![expected.to_string()],
            "input {input}"
        );
        h.complete_at(&id, expected, json!({}));
        assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
        h.check_invariants(&id);
    }
}

#[test]
fn exclusive_gateway_unknown_variable_fails_the_start() {
    let h =
        Harness::with_corpus("flowable/ExclusiveGatewayTest.testDefaultSequenceFlow.bpmn20.xml");
    let err = h
        .try_start("exclusiveGwDefaultSequenceFlow", json!({}), "u")
        .expect_err("unknown input");
    assert!(err.to_string().contains("Unknown property"), "{err}");
}

#[test]
fn parallel_fork_join() {
    let h = Harness::with_corpus("flowable/ParallelGatewayTest.testForkJoin.bpmn20.xml");
    let id = h.start("forkJoin", json!({}));
    let first = h.open_nodes(&id);
    assert_eq!(first.len(), 2, "{first:?}");
    h.complete_at(&id, &first[0], json!({}));
    assert_eq!(h.open_nodes(&id).len(), 1);
    h.complete_at(&id, &first[1], json!({}));
    let after = h.open_nodes(&id);
    assert_eq!(after.len(), 1, "join passed once: {after:?}");
    h.check_invariants(&id);
}
