use std::sync::Arc;

use serde_json::json;

use crate::clock::{ManualClock, Timestamp};
use crate::command::{Command, DefinitionRef, NodeMapping};
use crate::engine::Engine;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{InstanceStatus, JobKind};
use crate::memory_store::MemoryStore;
use crate::scenario::{model, seq};
use crate::store::Store;

const HOUR: i64 = 3_600_000;

fn engine() -> (Engine<MemoryStore>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(Timestamp(1_000)));
    (Engine::new(MemoryStore::new(), clock.clone()), clock)
}

fn deploy(engine: &Engine<MemoryStore>, body: &str) -> String {
    engine.deploy(&model(body)).expect("deploys")[0].id.clone()
}

fn start(engine: &Engine<MemoryStore>, variables: serde_json::Value) -> String {
    engine
        .execute(
            Command::Start {
                definition: DefinitionRef::Key("p".into()),
                business_key: None,
                variables: variables.as_object().cloned().unwrap_or_default(),
                parent: None,
                start_event: None,
            },
            Some("starter"),
        )
        .expect("starts")
        .instance_id
}

fn complete(engine: &Engine<MemoryStore>, task_id: &str) {
    engine
        .execute(
            Command::Complete {
                task_id: task_id.into(),
                variables: Default::default(),
                comment: None,
                next_assignees: vec![],
                copy_to: vec![],
            },
            Some("someone"),
        )
        .unwrap_or_else(|e| panic!("complete {task_id}: {e}"));
}

fn mapping(pairs: &[(&str, &str)]) -> NodeMapping {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn open_nodes(engine: &Engine<MemoryStore>, id: &str) -> Vec<String> {
    let mut nodes: Vec<String> = engine
        .store()
        .load(id)
        .expect("loads")
        .tasks
        .values()
        .map(|t| t.node.clone())
        .collect();
    nodes.sort();
    nodes
}

fn refusal(result: Result<crate::command::Outcome, EngineError>) -> String {
    match result {
        Err(e @ EngineError::InvalidOperation { .. }) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn two_tasks(first: &str, extra: &str) -> String {
    [
        format!(r#"<startEvent id="s"/><userTask id="{first}" flowable:assignee="u"/><userTask id="b" flowable:assignee="u"/>{extra}<endEvent id="e"/>"#),
        seq("f1", "s", first),
        seq("f2", first, "b"),
        if extra.is_empty() { seq("f3", "b", "e") } else { seq("f3", "b", "c") + &seq("f4", "c", "e") },
    ]
    .concat()
}

#[test]
fn moves_an_open_task_to_the_mapped_node_and_continues_on_the_new_version() {
    let (engine, _) = engine();
    let v1 = deploy(&engine, &two_tasks("a", ""));
    let id = start(&engine, json!({}));
    let before = engine.store().load(&id).expect("loads");
    let task_id = before.tasks.keys().next().cloned().expect("task a");
    let v2 = deploy(
        &engine,
        &two_tasks("a2", r#"<userTask id="c" flowable:assignee="u"/>"#),
    );

    let outcome = engine
        .migrate(&id, &v2, &mapping(&[("a", "a2")]), Some("admin"))
        .expect("migrates");

    let after = engine.store().load(&id).expect("loads");
    assert_eq!(after.definition_id, v2);
    assert_eq!(after.tasks[&task_id].node, "a2", "same task, new node");
    assert_eq!(after.tasks[&task_id].assignee.as_deref(), Some("u"));
    let event = &outcome.events[0];
    assert_eq!(event.actor.as_deref(), Some("admin"));
    assert_eq!(event.at, Timestamp(1_000));
    let EventKind::InstanceMigrated {
        from_definition_id,
        to_definition_id,
        nodes,
    } = &event.kind
    else {
        panic!("expected InstanceMigrated, got {:?}", event.kind)
    };
    assert_eq!((from_definition_id, to_definition_id), (&v1, &v2));
    assert_eq!(nodes, &mapping(&[("a", "a2")]));
    let mut replayed = crate::apply::replay(&id, &engine.store().history(&id).expect("history"));
    replayed.revision = after.revision;
    assert_eq!(replayed, after, "the history rebuilds the migrated state");

    complete(&engine, &task_id);
    assert_eq!(open_nodes(&engine, &id), ["b"]);
    let b = engine
        .store()
        .load(&id)
        .expect("loads")
        .tasks
        .into_keys()
        .next()
        .expect("b");
    complete(&engine, &b);
    assert_eq!(
        open_nodes(&engine, &id),
        ["c"],
        "the new version's node c follows b"
    );
}

#[test]
fn refuses_naming_the_node_without_a_target_or_of_another_kind() {
    let (engine, _) = engine();
    deploy(&engine, &two_tasks("a", ""));
    let id = start(&engine, json!({}));
    let v2 = deploy(
        &engine,
        &[
            r#"<startEvent id="s"/><serviceTask id="svc" flowable:expression="${1}"/><userTask id="b"/><endEvent id="e"/>"#.to_string(),
            seq("f1", "s", "svc"),
            seq("f2", "svc", "b"),
            seq("f3", "b", "e"),
        ]
        .concat(),
    );

    let missing = refusal(engine.migrate(&id, &v2, &NodeMapping::new(), Some("admin")));
    assert!(missing.contains("active node 'a' is not in"), "{missing}");
    let absent = refusal(engine.migrate(&id, &v2, &mapping(&[("a", "zz")]), Some("admin")));
    assert!(absent.contains("sends active node 'a' to 'zz'"), "{absent}");
    let kind = refusal(engine.migrate(&id, &v2, &mapping(&[("a", "svc")]), Some("admin")));
    assert!(
        kind.contains("'a' cannot move to 'svc'") && kind.contains("userTask"),
        "{kind}"
    );
    let unknown = refusal(engine.migrate(&id, &v2, &mapping(&[("nope", "b")]), Some("admin")));
    assert!(unknown.contains("'nope'"), "{unknown}");
    assert!(
        refusal(engine.migrate(&id, &v2, &mapping(&[("a", "b")]), None)).contains("acting user"),
        "who migrated must be known"
    );
    let state = engine.store().load(&id).expect("loads");
    assert_ne!(
        state.definition_id, v2,
        "a refused migration changes nothing"
    );
    assert_eq!(open_nodes(&engine, &id), ["a"]);
}

#[test]
fn refuses_another_process_and_ended_instances() {
    let (engine, _) = engine();
    deploy(&engine, &two_tasks("a", ""));
    let id = start(&engine, json!({}));
    let other = engine
        .deploy(&model(&two_tasks("a", "")).replace(r#"process id="p""#, r#"process id="q""#))
        .expect("deploys q")[0]
        .id
        .clone();
    let wrong = refusal(engine.migrate(&id, &other, &NodeMapping::new(), Some("admin")));
    assert!(wrong.contains("is process 'q'"), "{wrong}");

    let v2 = deploy(&engine, &two_tasks("a", ""));
    engine
        .execute(
            Command::Cancel {
                instance_id: id.clone(),
                comment: None,
            },
            Some("starter"),
        )
        .expect("cancels");
    assert!(matches!(
        engine.migrate(&id, &v2, &NodeMapping::new(), Some("admin")),
        Err(EngineError::Ended {
            status: InstanceStatus::Canceled,
            ..
        })
    ));
}

/// A parallel multi-instance task beside a waiting timer: instances, counters and the
/// timer's due time survive; the renamed timer fires on the new version.
fn fork(sign: &str, wait: &str, sequential: bool, after_wait: &str) -> String {
    [
        format!(
            r#"<startEvent id="s"/><parallelGateway id="fork"/>
            <userTask id="{sign}" flowable:assignee="${{who}}"><multiInstanceLoopCharacteristics isSequential="{sequential}" flowable:collection="people" flowable:elementVariable="who"/></userTask>
            <intermediateCatchEvent id="{wait}"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
            <userTask id="{after_wait}" flowable:assignee="u"/>
            <parallelGateway id="join"/><endEvent id="e"/>"#
        ),
        seq("f0", "s", "fork"),
        seq("f1", "fork", sign),
        seq("f2", "fork", wait),
        seq("f3", sign, "join"),
        seq("f4", wait, after_wait),
        seq("f5", after_wait, "join"),
        seq("f6", "join", "e"),
    ]
    .concat()
}

#[test]
fn keeps_multi_instance_state_and_waiting_timers() {
    let (engine, clock) = engine();
    deploy(&engine, &fork("sign", "wait", false, "check"));
    let id = start(&engine, json!({"people": ["x", "y", "z"]}));
    let first = engine
        .store()
        .load(&id)
        .expect("loads")
        .tasks
        .into_values()
        .find(|t| t.assignee.as_deref() == Some("x"))
        .expect("x signs");
    complete(&engine, &first.id);
    let before = engine.store().load(&id).expect("loads");
    let timer = before.jobs.values().next().cloned().expect("timer");
    let v2 = deploy(&engine, &fork("sign", "wait2", false, "check2"));

    let sequential = deploy(&engine, &fork("sign", "wait2", true, "check2"));
    let shape = refusal(engine.migrate(
        &id,
        &sequential,
        &mapping(&[("wait", "wait2")]),
        Some("admin"),
    ));
    assert!(shape.contains("parallel multi-instance"), "{shape}");

    engine
        .migrate(&id, &v2, &mapping(&[("wait", "wait2")]), Some("admin"))
        .expect("migrates");
    let after = engine.store().load(&id).expect("loads");
    assert_eq!(after.jobs[&timer.id].node, "wait2");
    assert_eq!(
        after.jobs[&timer.id].due, timer.due,
        "the timer keeps its due time"
    );
    assert!(matches!(after.jobs[&timer.id].kind, JobKind::Timer { .. }));
    let body = after
        .executions
        .values()
        .find(|e| e.multi_instance.is_some())
        .expect("multi-instance body");
    assert_eq!(body.variables["nrOfCompletedInstances"], json!(1));
    assert_eq!(open_nodes(&engine, &id), ["sign", "sign"]);

    for task in after.tasks.values() {
        complete(&engine, &task.id);
    }
    assert!(open_nodes(&engine, &id).is_empty(), "all three signed");
    clock.advance(HOUR);
    let fired = engine.run_due_jobs(10).expect("runs");
    assert!(fired.iter().all(Result::is_ok), "{fired:?}");
    assert_eq!(
        open_nodes(&engine, &id),
        ["check2"],
        "the renamed timer led on in v2"
    );
    let check = engine
        .store()
        .load(&id)
        .expect("loads")
        .tasks
        .into_keys()
        .next()
        .expect("check2");
    complete(&engine, &check);
    assert_eq!(
        engine.store().load(&id).expect("loads").status,
        InstanceStatus::Completed
    );
}

/// Deploys `v1`, starts it, deploys `v2` and migrates with `pairs`.
fn migrated(
    v1: &str,
    v2: &str,
    pairs: &[(&str, &str)],
) -> (
    Engine<MemoryStore>,
    String,
    Result<crate::command::Outcome, EngineError>,
) {
    let (engine, _) = engine();
    deploy(&engine, v1);
    let id = start(&engine, json!({}));
    let target = deploy(&engine, v2);
    let result = engine.migrate(&id, &target, &mapping(pairs), Some("admin"));
    (engine, id, result)
}

fn with_boundary(attached_to: &str, boundary: &str) -> String {
    [
        format!(
            r#"<startEvent id="s"/><userTask id="t"/><userTask id="x"/><endEvent id="e"/>
            <boundaryEvent id="{boundary}" attachedToRef="{attached_to}"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>"#
        ),
        seq("f1", "s", "t"),
        seq("f2", "t", "x"),
        seq("f3", "x", "e"),
        seq("f4", boundary, "e"),
    ]
    .concat()
}

#[test]
fn boundary_events_follow_their_activity() {
    let v1 = with_boundary("t", "bt");
    let (engine, id, result) = migrated(&v1, &with_boundary("t", "bt2"), &[("bt", "bt2")]);
    result.expect("migrates");
    let state = engine.store().load(&id).expect("loads");
    let job = state.jobs.values().next().expect("boundary timer");
    assert_eq!(job.node, "bt2");

    let (_, _, result) = migrated(&v1, &with_boundary("t", "bt2"), &[]);
    assert!(refusal(result).contains("active node 'bt' is not in"));
    let (_, _, result) = migrated(&v1, &with_boundary("x", "bt2"), &[("bt", "bt2")]);
    let moved = refusal(result);
    assert!(
        moved.contains("attached to 't'") && moved.contains("'x'"),
        "{moved}"
    );
}

#[test]
fn scopes_messages_and_service_implementations_must_match() {
    let nested = [
        r#"<startEvent id="s"/><subProcess id="sub"><startEvent id="s2"/><userTask id="inner"/><endEvent id="e2"/>"#.to_string(),
        seq("g1", "s2", "inner"),
        seq("g2", "inner", "e2"),
        r#"</subProcess><endEvent id="e"/>"#.to_string(),
        seq("f1", "s", "sub"),
        seq("f2", "sub", "e"),
    ]
    .concat();
    let flat = [
        r#"<startEvent id="s"/><subProcess id="sub"><startEvent id="s2"/><endEvent id="e2"/>"#
            .to_string(),
        seq("g1", "s2", "e2"),
        r#"</subProcess><userTask id="inner"/><endEvent id="e"/>"#.to_string(),
        seq("f1", "s", "sub"),
        seq("f2", "sub", "inner"),
        seq("f3", "inner", "e"),
    ]
    .concat();
    let (_, _, result) = migrated(&nested, &nested, &[]);
    result.expect("the same shape migrates");
    let (_, _, result) = migrated(&nested, &flat, &[]);
    let scope = refusal(result);
    assert!(
        scope.contains("'inner'") && scope.contains("sub-process 'sub'"),
        "{scope}"
    );

    let receive = |message: &str| {
        [
            format!(r#"<startEvent id="s"/><receiveTask id="rcv" messageRef="{message}"/><endEvent id="e"/>"#),
            seq("f1", "s", "rcv"),
            seq("f2", "rcv", "e"),
        ]
        .concat()
    };
    let (_, _, result) = migrated(&receive("m1"), &receive("m1"), &[]);
    result.expect("same message");
    let (_, _, result) = migrated(&receive("m1"), &receive("other"), &[]);
    let message = refusal(result);
    assert!(
        message.contains("message 'go'") && message.contains("message 'other'"),
        "{message}"
    );

    let service = |kind: &str| {
        [
            format!(r#"<startEvent id="s"/><serviceTask id="svc" flowable:type="{kind}"/><endEvent id="e"/>"#),
            seq("f1", "s", "svc"),
            seq("f2", "svc", "e"),
        ]
        .concat()
    };
    let (_, _, result) = migrated(&service("http"), &service("http"), &[]);
    result.expect("same implementation");
    let (_, _, result) = migrated(&service("http"), &service("mail"), &[]);
    let implementation = refusal(result);
    assert!(
        implementation.contains("runs 'http'") && implementation.contains("'mail'"),
        "{implementation}"
    );
}
